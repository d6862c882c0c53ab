import type { CommandResult } from '../../shared/protocol/index.ts';
import type { DeviceLink } from '../../shared/protocol/sessionTypes.ts';
import type { Principal } from '../auth/Principal.ts';
import type { SessionGate } from '../auth/SessionGate.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Services } from '../Services.ts';
import type { OpenedSession } from './openSession.ts';

/** How long a personal link opens a session: long enough to scan a code, short enough that a photographed code is soon worthless. */
export const DEVICE_LINK_TTL_MS = 10 * 60_000;
/** Personal links one session may ask for per hour. */
export const DEVICE_LINKS_PER_SESSION_PER_HOUR = 20;
const HOUR_MS = 60 * 60_000;

/** The address of a personal link: like a role link, the secret rides in the fragment (`#d=`), never sent to a server by a browser. */
export function deviceLinkUrl(publicUrl: string, workshopId: string, secret: string): string {
  return `${publicUrl.replace(/\/$/, '')}/w/${workshopId}#d=${secret}`;
}

/** A personal link for the caller's own person (never anyone else's: the session asking is the one copied). */
export async function mintDeviceLink(services: Services, caller: Principal): Promise<CommandResult<DeviceLink>> {
  const { quotas, workshops } = services.stores;
  if (!(await quotas.tryIncrement(`devicelinks:${caller.workshopId}:${caller.tokenHash}`, DEVICE_LINKS_PER_SESSION_PER_HOUR, HOUR_MS))) {
    return { ok: false, error: 'RATE_LIMITED' };
  }
  const secret = newSecret();
  const createdAt = services.now();
  const expiresAt = createdAt + DEVICE_LINK_TTL_MS;
  await workshops.putDeviceLink({ secretHash: hashSecret(secret), workshopId: caller.workshopId, tokenHash: caller.tokenHash, createdAt, expiresAt });
  return { ok: true, url: deviceLinkUrl(services.publicUrl, caller.workshopId, secret), expiresAt };
}

/**
 * Opens a second session for the person who asked for the link: same participant id (so the same
 * notes, votes, quota and presence entry), role, link, name and administration. The link is claimed
 * once, atomically across nodes; an expired, used or unknown link, or one whose session has ended,
 * opens nothing.
 */
export async function redeemDeviceLink(
  services: Services,
  sessions: SessionGate,
  workshopId: string,
  secret: string,
): Promise<CommandResult<OpenedSession>> {
  const { quotas, workshops } = services.stores;
  const secretHash = hashSecret(secret);
  const link = await workshops.getDeviceLink(workshopId, secretHash);
  if (!link) return { ok: false, error: 'UNAUTHENTICATED' };
  if (services.now() > link.expiresAt) return { ok: false, error: 'DEVICE_LINK_EXPIRED' };
  if (!(await quotas.tryIncrement(`devicelink:${workshopId}:${secretHash}`, 1, DEVICE_LINK_TTL_MS * 2))) return { ok: false, error: 'DEVICE_LINK_USED' };
  const refusal = await sessions.refusal(link.tokenHash);
  if (refusal) return { ok: false, error: refusal };
  const source = await workshops.findSessionByTokenHash(link.tokenHash);
  if (!source || source.workshopId !== workshopId) return { ok: false, error: 'UNAUTHENTICATED' };
  const roleLink = await workshops.getLink(workshopId, source.linkId);
  if (!roleLink) return { ok: false, error: 'UNAUTHENTICATED' };
  if (roleLink.revokedAt !== null) return { ok: false, error: 'LINK_REVOKED' };
  const token = newSecret();
  await workshops.putSession({
    tokenHash: hashSecret(token),
    workshopId,
    participantId: source.participantId,
    linkId: source.linkId,
    role: source.role,
    displayName: source.displayName,
    administration: source.administration,
    createdAt: services.now(),
  });
  services.log.info({ workshopId, role: source.role }, 'session opened on another device');
  return {
    ok: true,
    workshopId,
    token,
    role: source.role,
    participantId: source.participantId,
    displayName: source.displayName,
    administration: source.administration,
  };
}
