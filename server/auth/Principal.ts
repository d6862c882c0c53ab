import type { Role } from '../../shared/facilitation/roles.ts';

/** Who sent a request, as the server knows it from their session token. */
export interface Principal {
  workshopId: string;
  participantId: string;
  role: Role;
  displayName: string;
  administration: string;
  linkId: string;
  /** Names the session (never sent to clients). */
  tokenHash: string;
}
