import type { CommandResult } from '../../shared/protocol/index.ts';
import type { Role } from '../../shared/facilitation/roles.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Services } from '../Services.ts';
import type { LinkRecord, WorkshopRecord } from '../storage/WorkshopStore.ts';

export interface OpenedSession {
  workshopId: string;
  token: string;
  role: Role;
  participantId: string;
  displayName: string;
  administration: string;
}

/**
 * Mints a personal session for someone who came through `link`. On anonymous workshops
 * participants may stay nameless; everyone else needs a display name.
 */
export async function openSessionForLink(
  services: Services,
  workshop: WorkshopRecord,
  link: LinkRecord,
  person: { displayName: string; administration: string },
): Promise<CommandResult<OpenedSession>> {
  if (link.revokedAt !== null) return { ok: false, error: 'LINK_REVOKED' };
  const anonymousParticipant = workshop.anonymous && link.role === 'participant';
  if (!anonymousParticipant && person.displayName === '') {
    return { ok: false, error: 'TEXT_EMPTY', detail: 'displayName: a name is needed' };
  }
  const token = newSecret();
  const participantId = services.newId();
  await services.stores.workshops.putSession({
    tokenHash: hashSecret(token),
    workshopId: workshop.id,
    participantId,
    linkId: link.id,
    role: link.role,
    displayName: person.displayName,
    administration: person.administration,
    createdAt: services.now(),
  });
  return {
    ok: true,
    workshopId: workshop.id,
    token,
    role: link.role,
    participantId,
    displayName: person.displayName,
    administration: person.administration,
  };
}
