import { createHash } from 'node:crypto';
import type { CommandResult, ErrorCode } from '../../shared/protocol/index.ts';
import type { SessionInfo } from '../../shared/protocol/sessionTypes.ts';
import type { Services } from '../Services.ts';
import type { SessionRecord } from '../storage/WorkshopStore.ts';

const TEN_MINUTES_MS = 10 * 60_000;

/** The opaque id facilitators see for a session: derived from the token hash, never reversible to it. */
export function sessionIdOf(tokenHash: string): string {
  return createHash('sha256').update(`session-id\0${tokenHash}`).digest('base64url').slice(0, 16);
}

/** Sessions of the workshop that are still open, oldest first. */
export async function openSessionsOf(services: Services, workshopId: string): Promise<SessionRecord[]> {
  const sessions = await services.stores.workshops.listSessions(workshopId);
  return sessions.filter((s) => !s.endedAt).sort((a, b) => a.createdAt - b.createdAt || a.tokenHash.localeCompare(b.tokenHash));
}

export async function findOpenSession(services: Services, workshopId: string, sessionId: string): Promise<SessionRecord | null> {
  return (await openSessionsOf(services, workshopId)).find((s) => sessionIdOf(s.tokenHash) === sessionId) ?? null;
}

/** Every open session as the facilitator may see it. */
export async function listSessionsForFacilitator(services: Services, workshopId: string, callerTokenHash: string | null): Promise<CommandResult<{ sessions: SessionInfo[] }>> {
  const workshop = await services.stores.workshops.getWorkshop(workshopId);
  if (!workshop) return { ok: false, error: 'WORKSHOP_NOT_FOUND' };
  const numbers = new Map<string, number>();
  /** participantId → the person's number and how many of their sessions were listed. */
  const people = new Map<string, { number: number; devices: number }>();
  const sessions: SessionInfo[] = [];
  for (const s of await openSessionsOf(services, workshopId)) {
    let person = people.get(s.participantId);
    if (person) {
      person.devices++;
    } else {
      person = { number: (numbers.get(s.role) ?? 0) + 1, devices: 1 };
      numbers.set(s.role, person.number);
      people.set(s.participantId, person);
    }
    const number = person.number;
    const hidden = workshop.anonymous && s.role === 'participant';
    const time = (t: number) => (hidden ? t - (t % TEN_MINUTES_MS) : t);
    sessions.push({
      id: sessionIdOf(s.tokenHash),
      role: s.role,
      number,
      displayName: hidden ? null : s.displayName,
      administration: hidden ? null : s.administration,
      createdAt: time(s.createdAt),
      lastSeenAt: time(s.lastSeenAt ?? s.createdAt),
      connections: await services.stores.quotas.leaseCount(`conn:s:${s.tokenHash}`),
      isYou: s.tokenHash === callerTokenHash,
      device: person.devices,
    });
  }
  return { ok: true, sessions };
}

/** Ends a session: its token is refused from now on (SESSION_ENDED) and its connections close. */
export async function endSession(
  services: Services,
  workshopId: string,
  sessionId: string,
  closeSession: (tokenHash: string, reason: ErrorCode) => void,
): Promise<CommandResult<{ id: string }>> {
  const session = await findOpenSession(services, workshopId, sessionId);
  if (!session) return { ok: false, error: 'SESSION_NOT_FOUND' };
  await services.stores.workshops.putSession({ ...session, endedAt: services.now() });
  closeSession(session.tokenHash, 'SESSION_ENDED');
  services.log.info({ workshopId, role: session.role }, 'session ended by a facilitator');
  return { ok: true, id: sessionId };
}
