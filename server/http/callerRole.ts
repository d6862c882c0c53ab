import type { Request, Response } from 'express';
import type { Role } from '../../shared/facilitation/roles.ts';
import { idSchema, type CommandResult, type ErrorCode } from '../../shared/protocol/index.ts';
import { bearerToken, type AuthResult } from '../auth/authenticate.ts';
import { hashSecret } from '../auth/secrets.ts';
import type { WorkshopStore } from '../storage/WorkshopStore.ts';

/** HTTP status of each error code a REST route answers with. */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_PAYLOAD: 400,
  CIPS_INVALID: 400,
  IMPORT_INVALID: 400,
  UNAUTHENTICATED: 401,
  LINK_REVOKED: 401,
  SESSION_EXPIRED: 401,
  SESSION_ENDED: 401,
  FORBIDDEN_ROLE: 403,
  WORKSHOP_NOT_FOUND: 404,
  BOARD_NOT_FOUND: 404,
  BREAKOUT_GROUP_NOT_FOUND: 404,
  FROZEN: 409,
  CIPS_ALREADY_IMPORTED: 409,
  STORE_UNAVAILABLE: 503,
};

export function sendResult<T extends object>(res: Response, result: CommandResult<T>, okStatus = 200): void {
  if (result.ok) {
    const { ok: _ok, ...body } = result;
    res.status(okStatus).json(body);
  } else {
    res.status(HTTP_STATUS[result.error] ?? 400).json({ error: result.error, detail: result.detail });
  }
}

/** Checks a session token with the idle policy and records its use (SessionGate.authenticate). */
export type Authenticate = (token: string) => Promise<AuthResult>;

/** The caller's role in a workshop, from a session token or a role link's secret. */
export async function callerRole(workshops: WorkshopStore, authenticate: Authenticate, req: Request, workshopId: string): Promise<CommandResult<{ role: Role }>> {
  const token = bearerToken(req.header('authorization'));
  if (!token) return { ok: false, error: 'UNAUTHENTICATED' };
  const session = await authenticate(token);
  if (session.ok) {
    return session.principal.workshopId === workshopId ? { ok: true, role: session.principal.role } : { ok: false, error: 'UNAUTHENTICATED' };
  }
  const link = await workshops.findLinkBySecretHash(hashSecret(token));
  if (!link || link.workshopId !== workshopId) return { ok: false, error: session.error };
  if (link.revokedAt !== null) return { ok: false, error: 'LINK_REVOKED' };
  return { ok: true, role: link.role };
}

/** The workshop id of the URL when the caller is one of its facilitators; otherwise answers and returns null. */
export async function requireFacilitator(workshops: WorkshopStore, authenticate: Authenticate, req: Request, res: Response): Promise<string | null> {
  const id = idSchema.safeParse(req.params.id);
  if (!id.success || !(await workshops.getWorkshop(id.data))) {
    sendResult(res, { ok: false, error: 'WORKSHOP_NOT_FOUND' });
    return null;
  }
  const caller = await callerRole(workshops, authenticate, req, id.data);
  if (!caller.ok) {
    sendResult(res, caller);
    return null;
  }
  if (caller.role !== 'facilitator') {
    sendResult(res, { ok: false, error: 'FORBIDDEN_ROLE' });
    return null;
  }
  return id.data;
}
