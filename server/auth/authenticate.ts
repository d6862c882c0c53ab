import type { ErrorCode } from '../../shared/protocol/index.ts';
import { secretSchema } from '../../shared/protocol/schemas.ts';
import type { LinkRecord, WorkshopStore } from '../storage/WorkshopStore.ts';
import type { Principal } from './Principal.ts';
import { hashSecret } from './secrets.ts';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; error: ErrorCode };

/** When a session unused for `idleMs` counts as expired. */
export interface IdlePolicy {
  idleMs: number;
  now: number;
}

/**
 * The one seam between a connection and a person: a personal session token (minted when someone
 * opens a role link or joins with the code) names the workshop, role and participant. A session
 * made through a revoked link is refused with LINK_REVOKED, one a facilitator ended with
 * SESSION_ENDED, one unused for longer than the idle policy with SESSION_EXPIRED.
 */
export async function authenticateToken(
  workshops: WorkshopStore,
  token: unknown,
  idle?: IdlePolicy,
  getLink: (workshopId: string, linkId: string) => Promise<LinkRecord | null> = (w, l) => workshops.getLink(w, l),
): Promise<AuthResult> {
  const tokenHash = tokenHashOf(token);
  return tokenHash === null ? { ok: false, error: 'UNAUTHENTICATED' } : authenticateTokenHash(workshops, tokenHash, idle, getLink);
}

/** The hash a well-formed token is stored under, or null for anything that is not a token. */
export function tokenHashOf(token: unknown): string | null {
  const parsed = secretSchema.safeParse(token);
  return parsed.success ? hashSecret(parsed.data) : null;
}

/** {@link authenticateToken} for a token already hashed; a success also says when the store last saw the session used. */
export async function authenticateTokenHash(
  workshops: WorkshopStore,
  tokenHash: string,
  idle?: IdlePolicy,
  getLink: (workshopId: string, linkId: string) => Promise<LinkRecord | null> = (w, l) => workshops.getLink(w, l),
): Promise<{ ok: true; principal: Principal; lastUseAt: number } | { ok: false; error: ErrorCode }> {
  const session = await workshops.findSessionByTokenHash(tokenHash);
  if (!session) return { ok: false, error: 'UNAUTHENTICATED' };
  if (session.endedAt) return { ok: false, error: 'SESSION_ENDED' };
  if (idle && idle.now - (session.lastSeenAt ?? session.createdAt) > idle.idleMs) return { ok: false, error: 'SESSION_EXPIRED' };
  const link = await getLink(session.workshopId, session.linkId);
  if (!link) return { ok: false, error: 'UNAUTHENTICATED' };
  if (link.revokedAt !== null) return { ok: false, error: 'LINK_REVOKED' };
  return {
    ok: true,
    lastUseAt: session.lastSeenAt ?? session.createdAt,
    principal: {
      workshopId: session.workshopId,
      participantId: session.participantId,
      role: session.role,
      displayName: session.displayName,
      administration: session.administration,
      linkId: session.linkId,
      tokenHash: session.tokenHash,
    },
  };
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
