import { Router, type Request, type Response } from 'express';
import type { Role } from '../../shared/facilitation/roles.ts';
import {
  createWorkshopSchema,
  deleteWorkshopSchema,
  idSchema,
  joinByCodeSchema,
  mintLinkSchema,
  openSessionSchema,
  parsePayload,
  type CommandResult,
  type ErrorCode,
} from '../../shared/protocol/index.ts';
import { authenticateToken, bearerToken } from '../auth/authenticate.ts';
import { hashSecret, normaliseJoinCode } from '../auth/secrets.ts';
import type { Services } from '../Services.ts';
import { createWorkshop } from '../workshops/createWorkshop.ts';
import { linkInfo, mintLink, revokeLink, rotateLink } from '../workshops/manageLinks.ts';
import { openSessionForLink } from '../workshops/openSession.ts';

/** Wrong join codes one address may try per window before it must wait. */
export const JOIN_CODE_TRIES = 10;
export const JOIN_CODE_WINDOW_MS = 10 * 60 * 1000;

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_PAYLOAD: 400,
  TEXT_EMPTY: 400,
  TEXT_TOO_LONG: 400,
  UNAUTHENTICATED: 401,
  LINK_REVOKED: 401,
  FORBIDDEN_ROLE: 403,
  CONFIRMATION_MISMATCH: 400,
  WORKSHOP_NOT_FOUND: 404,
  LINK_NOT_FOUND: 404,
  WRONG_JOIN_CODE: 404,
  TOO_MANY_ATTEMPTS: 429,
  STORE_UNAVAILABLE: 503,
};

function send<T extends object>(res: Response, result: CommandResult<T>, okStatus = 200): void {
  if (result.ok) {
    const { ok: _ok, ...body } = result;
    res.status(okStatus).json(body);
  } else {
    res.status(STATUS[result.error] ?? 400).json({ error: result.error, detail: result.detail });
  }
}

export interface WorkshopsRoutesOptions {
  services: Services;
  /** Ends every open connection of sessions made through a link. */
  closeLinkConnections: (linkId: string) => void;
  /** Deletes everything stored for a workshop, on every node (WorkshopDeletion). */
  deleteWorkshop: (workshopId: string) => Promise<void>;
}

/** Workshops, sessions, join codes and role links. */
export function workshopsRoutes({ services, closeLinkConnections, deleteWorkshop }: WorkshopsRoutesOptions): Router {
  const router = Router();
  const { workshops } = services.stores;

  /** The caller's role in the workshop of the URL, from a session token or a role link's secret. */
  async function callerRole(req: Request, workshopId: string): Promise<CommandResult<{ role: Role }>> {
    const token = bearerToken(req.header('authorization'));
    if (!token) return { ok: false, error: 'UNAUTHENTICATED' };
    const session = await authenticateToken(workshops, token);
    if (session.ok) {
      return session.principal.workshopId === workshopId ? { ok: true, role: session.principal.role } : { ok: false, error: 'UNAUTHENTICATED' };
    }
    const link = await workshops.findLinkBySecretHash(hashSecret(token));
    if (!link || link.workshopId !== workshopId) return { ok: false, error: session.error };
    if (link.revokedAt !== null) return { ok: false, error: 'LINK_REVOKED' };
    return { ok: true, role: link.role };
  }

  async function asFacilitator(req: Request, res: Response): Promise<string | null> {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) {
      send(res, { ok: false, error: 'WORKSHOP_NOT_FOUND' });
      return null;
    }
    const caller = await callerRole(req, id.data);
    if (!caller.ok) {
      send(res, caller);
      return null;
    }
    if (caller.role !== 'facilitator') {
      send(res, { ok: false, error: 'FORBIDDEN_ROLE' });
      return null;
    }
    return id.data;
  }

  router.post('/workshops', async (req, res) => {
    const parsed = parsePayload(createWorkshopSchema, req.body);
    if (!parsed.ok) return send(res, parsed);
    send(res, await createWorkshop(services, parsed.value), 201);
  });

  router.get('/workshops/:id', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    const workshop = id.success ? await workshops.getWorkshop(id.data) : null;
    if (!workshop) return send(res, { ok: false, error: 'WORKSHOP_NOT_FOUND' });
    const caller = await callerRole(req, workshop.id);
    if (!caller.ok) return send(res, caller);
    send(res, {
      ok: true,
      id: workshop.id,
      title: workshop.title,
      description: workshop.description,
      dates: workshop.dates,
      languages: workshop.languages,
      anonymous: workshop.anonymous,
      template: workshop.template,
      role: caller.role,
      joinCode: caller.role === 'facilitator' ? workshop.joinCode : undefined,
    });
  });

  router.post('/workshops/:id/sessions', async (req, res) => {
    const parsed = parsePayload(openSessionSchema, req.body);
    if (!parsed.ok) return send(res, parsed);
    const id = idSchema.safeParse(req.params.id);
    const workshop = id.success ? await workshops.getWorkshop(id.data) : null;
    if (!workshop) return send(res, { ok: false, error: 'WORKSHOP_NOT_FOUND' });
    const link = await workshops.findLinkBySecretHash(hashSecret(parsed.value.secret));
    if (!link || link.workshopId !== workshop.id) return send(res, { ok: false, error: 'UNAUTHENTICATED' });
    send(res, await openSessionForLink(services, workshop, link, parsed.value), 201);
  });

  router.post('/join', async (req, res) => {
    const address = req.ip ?? 'unknown';
    const triesKey = `joincode:${address}`;
    if ((await services.stores.quotas.get(triesKey)) >= JOIN_CODE_TRIES) {
      return send(res, { ok: false, error: 'TOO_MANY_ATTEMPTS' });
    }
    const parsed = parsePayload(joinByCodeSchema, req.body);
    if (!parsed.ok) return send(res, parsed);
    const workshopId = await workshops.workshopIdForJoinCode(normaliseJoinCode(parsed.value.code));
    const workshop = workshopId ? await workshops.getWorkshop(workshopId) : null;
    const link = workshop
      ? (await workshops.listLinks(workshop.id)).find((l) => l.role === 'participant' && l.revokedAt === null)
      : undefined;
    if (!workshop || !link) {
      await services.stores.quotas.tryIncrement(triesKey, JOIN_CODE_TRIES, JOIN_CODE_WINDOW_MS);
      return send(res, { ok: false, error: 'WRONG_JOIN_CODE' });
    }
    send(res, await openSessionForLink(services, workshop, link, parsed.value), 201);
  });

  router.get('/workshops/:id/links', async (req, res) => {
    const workshopId = await asFacilitator(req, res);
    if (!workshopId) return;
    const links = await workshops.listLinks(workshopId);
    send(res, { ok: true, links: links.map(linkInfo) });
  });

  router.post('/workshops/:id/links', async (req, res) => {
    const workshopId = await asFacilitator(req, res);
    if (!workshopId) return;
    const parsed = parsePayload(mintLinkSchema, req.body ?? {});
    if (!parsed.ok) return send(res, parsed);
    send(res, await mintLink(services, workshopId, parsed.value.role, parsed.value.label), 201);
  });

  router.post('/workshops/:id/links/:linkId/revoke', async (req, res) => {
    const workshopId = await asFacilitator(req, res);
    if (!workshopId) return;
    send(res, await revokeLink(services, workshopId, String(req.params.linkId), closeLinkConnections));
  });

  router.post('/workshops/:id/links/:linkId/rotate', async (req, res) => {
    const workshopId = await asFacilitator(req, res);
    if (!workshopId) return;
    send(res, await rotateLink(services, workshopId, String(req.params.linkId)));
  });

  router.delete('/workshops/:id', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    const workshop = id.success ? await workshops.getWorkshop(id.data) : null;
    if (!workshop) return send(res, { ok: false, error: 'WORKSHOP_NOT_FOUND' });
    const workshopId = await asFacilitator(req, res);
    if (!workshopId) return;
    const parsed = parsePayload(deleteWorkshopSchema, req.body ?? {});
    if (!parsed.ok) return send(res, parsed);
    if (parsed.value.confirmTitle.trim() !== workshop.title.trim()) return send(res, { ok: false, error: 'CONFIRMATION_MISMATCH' });
    try {
      await deleteWorkshop(workshopId);
    } catch (err) {
      // Safe to repeat: the facilitator may try again once the store answers.
      services.log.warn({ err, workshopId }, 'workshop deletion failed');
      return send(res, { ok: false, error: 'STORE_UNAVAILABLE' });
    }
    send(res, { ok: true, deleted: workshopId });
  });

  return router;
}
