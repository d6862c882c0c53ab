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
import { bearerToken } from '../auth/authenticate.ts';
import { callerRole as callerRoleIn } from './callerRole.ts';
import type { SessionGate } from '../auth/SessionGate.ts';
import type { LimitsConfig } from '../config.ts';
import { hashSecret, normaliseJoinCode } from '../auth/secrets.ts';
import type { Services } from '../Services.ts';
import { createWorkshop } from '../workshops/createWorkshop.ts';
import { linkInfo, mintLink, revokeLink, rotateLink } from '../workshops/manageLinks.ts';
import { openSessionForLink } from '../workshops/openSession.ts';
import type { LinkRecord, WorkshopRecord } from '../storage/WorkshopStore.ts';
import { mergeSessionSchema, mintDeviceLinkSchema, redeemDeviceLinkSchema, sessionIdSchema } from '../../shared/protocol/sessionTypes.ts';
import { mintDeviceLink, redeemDeviceLink } from '../workshops/deviceLinks.ts';
import { endSession, listSessionsForFacilitator } from '../workshops/manageSessions.ts';
import { mergeSessions } from '../workshops/mergeSessions.ts';

const HOUR_MS = 60 * 60 * 1000;

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_PAYLOAD: 400,
  TEXT_EMPTY: 400,
  TEXT_TOO_LONG: 400,
  UNAUTHENTICATED: 401,
  LINK_REVOKED: 401,
  SESSION_EXPIRED: 401,
  SESSION_ENDED: 401,
  SESSION_NOT_FOUND: 404,
  DEVICE_LINK_EXPIRED: 410,
  DEVICE_LINK_USED: 410,
  FORBIDDEN_ROLE: 403,
  CONFIRMATION_MISMATCH: 400,
  WORKSHOP_NOT_FOUND: 404,
  LINK_NOT_FOUND: 404,
  WRONG_JOIN_CODE: 404,
  TOO_MANY_ATTEMPTS: 429,
  RATE_LIMITED: 429,
  TOO_MANY_SESSIONS: 429,
  STORE_UNAVAILABLE: 503,
};

/** A 429 that says when to come back. */
function refuseForNow(res: Response, error: ErrorCode, windowMs: number): void {
  res.setHeader('Retry-After', String(Math.ceil(windowMs / 1000)));
  send(res, { ok: false, error });
}

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
  /** Ends every open connection of one session, on every node, telling it why. */
  closeSession: (tokenHash: string, reason: ErrorCode) => void;
  /** Drops one session's connections (every node) so they rejoin and learn what the session now owns. */
  refreshSession: (tokenHash: string) => void;
  limits: LimitsConfig;
  /** Checks session tokens with the idle policy and records their use. */
  sessions: SessionGate;
  /** Deletes everything stored for a workshop, on every node (WorkshopDeletion). */
  deleteWorkshop: (workshopId: string) => Promise<void>;
}

/** Workshops, sessions, join codes and role links. */
export function workshopsRoutes({ services, closeLinkConnections, closeSession, refreshSession, limits, sessions, deleteWorkshop }: WorkshopsRoutesOptions): Router {
  const router = Router();
  const { workshops, quotas } = services.stores;
  const address = (req: Request) => req.ip ?? 'unknown';

  /** Opens a session through a link unless this address already opened too many through it this hour. */
  async function openLimitedSession(req: Request, res: Response, workshop: WorkshopRecord, link: LinkRecord, person: { displayName: string; administration: string }) {
    const key = `sessions:${link.id}:${address(req)}`;
    if (!(await quotas.tryIncrement(key, limits.sessionsPerLinkPerAddressPerHour, HOUR_MS))) {
      return refuseForNow(res, 'TOO_MANY_SESSIONS', HOUR_MS);
    }
    const opened = await openSessionForLink(services, workshop, link, person);
    if (!opened.ok) await quotas.decrement(key);
    send(res, opened, 201);
  }

  const callerRole = (req: Request, workshopId: string) => callerRoleIn(workshops, (token) => sessions.authenticate(token), req, workshopId);

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
    if (!(await quotas.tryIncrement(`create:${address(req)}`, limits.workshopsPerAddressPerHour, HOUR_MS))) {
      return refuseForNow(res, 'RATE_LIMITED', HOUR_MS);
    }
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
    await openLimitedSession(req, res, workshop, link, parsed.value);
  });

  router.post('/join', async (req, res) => {
    // Every try is counted before the code is looked up, in one atomic step: a burst cannot slip
    // past the limit. A successful join gives its try back, so a room behind one address can join.
    const triesKey = `joincode:${address(req)}`;
    if (!(await quotas.tryIncrement(triesKey, limits.joinCodeTries, limits.joinCodeWindowMs))) {
      return refuseForNow(res, 'TOO_MANY_ATTEMPTS', limits.joinCodeWindowMs);
    }
    const parsed = parsePayload(joinByCodeSchema, req.body);
    if (!parsed.ok) return send(res, parsed);
    const workshopId = await workshops.workshopIdForJoinCode(normaliseJoinCode(parsed.value.code));
    const workshop = workshopId ? await workshops.getWorkshop(workshopId) : null;
    const link = workshop
      ? (await workshops.listLinks(workshop.id)).find((l) => l.role === 'participant' && l.revokedAt === null)
      : undefined;
    if (!workshop || !link) return send(res, { ok: false, error: 'WRONG_JOIN_CODE' });
    await quotas.decrement(triesKey);
    await openLimitedSession(req, res, workshop, link, parsed.value);
  });

  // A personal link for the caller's own person, to open their session on another device. Only a
  // session may ask (a role link's secret is not a person), and only for itself: the body is empty.
  router.post('/workshops/:id/device-links', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return send(res, { ok: false, error: 'WORKSHOP_NOT_FOUND' });
    const token = bearerToken(req.header('authorization'));
    const caller = token ? await sessions.authenticate(token) : ({ ok: false, error: 'UNAUTHENTICATED' } as const);
    if (!caller.ok) return send(res, caller);
    if (caller.principal.workshopId !== id.data) return send(res, { ok: false, error: 'UNAUTHENTICATED' });
    const parsed = parsePayload(mintDeviceLinkSchema, req.body ?? {});
    if (!parsed.ok) return send(res, parsed);
    const minted = await mintDeviceLink(services, caller.principal);
    if (!minted.ok && minted.error === 'RATE_LIMITED') return refuseForNow(res, 'RATE_LIMITED', HOUR_MS);
    send(res, minted, 201);
  });

  router.post('/workshops/:id/device-sessions', async (req, res) => {
    const parsed = parsePayload(redeemDeviceLinkSchema, req.body);
    if (!parsed.ok) return send(res, parsed);
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return send(res, { ok: false, error: 'WORKSHOP_NOT_FOUND' });
    send(res, await redeemDeviceLink(services, sessions, id.data, parsed.value.secret), 201);
  });

  router.get('/workshops/:id/sessions', async (req, res) => {
    const workshopId = await asFacilitator(req, res);
    if (!workshopId) return;
    const token = bearerToken(req.header('authorization'));
    send(res, await listSessionsForFacilitator(services, workshopId, token ? hashSecret(token) : null));
  });

  router.post('/workshops/:id/sessions/:sessionId/end', async (req, res) => {
    const workshopId = await asFacilitator(req, res);
    if (!workshopId) return;
    const sessionId = sessionIdSchema.safeParse(req.params.sessionId);
    if (!sessionId.success) return send(res, { ok: false, error: 'SESSION_NOT_FOUND' });
    send(res, await endSession(services, workshopId, sessionId.data, closeSession));
  });

  router.post('/workshops/:id/sessions/:sessionId/merge', async (req, res) => {
    const workshopId = await asFacilitator(req, res);
    if (!workshopId) return;
    const sessionId = sessionIdSchema.safeParse(req.params.sessionId);
    if (!sessionId.success) return send(res, { ok: false, error: 'SESSION_NOT_FOUND' });
    const parsed = parsePayload(mergeSessionSchema, req.body ?? {});
    if (!parsed.ok) return send(res, parsed);
    send(res, await mergeSessions(services, workshopId, sessionId.data, parsed.value.into, { closeSession, refreshSession }));
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
