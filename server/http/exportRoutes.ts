import { createHash } from 'node:crypto';
import { Router, type Response } from 'express';
import { readSession } from '../../shared/board/boardDocument.ts';
import type { Role } from '../../shared/facilitation/roles.ts';
import { isLanguage, type Language } from '../../shared/i18n/languages.ts';
import { exportQuerySchema, idSchema, parsePayload, type ErrorCode } from '../../shared/protocol/index.ts';
import { bearerToken } from '../auth/authenticate.ts';
import type { SessionGate } from '../auth/SessionGate.ts';
import { HTTP_STATUS } from './callerRole.ts';
import { readBreakoutGroup } from '../../shared/breakouts/breakoutDocument.ts';
import { buildWorkshopSnapshot } from '../export/buildWorkshopSnapshot.ts';
import { renderExportOffThread } from '../export/renderExportOffThread.ts';
import type { Services } from '../Services.ts';


function refuse(res: Response, error: ErrorCode, detail?: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.status(HTTP_STATUS[error] ?? 400).json({ error, detail });
}

/** May this role download exports, given the session's setting for observers? */
export function mayExport(role: Role, observersMayExport: boolean): boolean {
  return role === 'facilitator' || role === 'rapporteur' || (role === 'observer' && observersMayExport);
}

/** A file name any system accepts: ASCII letters, digits and dashes from the title, the breakout group if one, then the date. */
export function exportFileName(title: string, at: number, extension: string, groupId?: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'workshop'}${groupId ? `-${groupId}` : ''}-${new Date(at).toISOString().slice(0, 10)}.${extension}`;
}

/**
 * GET /workshops/:id/export?format=docx|md|csv|json|html&lang=…&board=<id|all>&group=<groupId>, with
 * the caller's session token as Bearer (`group`: that breakout group's board, with its provenance). Facilitators and rapporteurs may, observers unless a facilitator turned
 * it off, participants never (FORBIDDEN_ROLE).
 */
export function exportRoutes({ services, sessions }: { services: Services; sessions: SessionGate }): Router {
  const router = Router();
  const { workshops } = services.stores;

  router.get('/workshops/:id/export', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return refuse(res, 'WORKSHOP_NOT_FOUND');
    const token = bearerToken(req.header('authorization'));
    if (!token) return refuse(res, 'UNAUTHENTICATED');
    const auth = await sessions.authenticate(token);
    if (!auth.ok) return refuse(res, auth.error);
    if (auth.principal.workshopId !== id.data) return refuse(res, 'UNAUTHENTICATED');
    const query = parsePayload(exportQuerySchema, { ...req.query });
    if (!query.ok) return refuse(res, query.error, query.detail);
    const workshop = await workshops.getWorkshop(id.data);
    if (!workshop) return refuse(res, 'WORKSHOP_NOT_FOUND');

    const entry = await services.registry.acquire(workshop.id);
    if (!entry) return refuse(res, 'WORKSHOP_NOT_FOUND');
    try {
      const session = readSession(entry.doc);
      if (!mayExport(auth.principal.role, session.observersMayExport)) return refuse(res, 'FORBIDDEN_ROLE');
      // One breakout group's board: its own document, opened for this export only.
      const group = query.value.group === undefined ? undefined : readBreakoutGroup(entry.doc, query.value.group);
      if (group === null) return refuse(res, 'BREAKOUT_GROUP_NOT_FOUND');
      const groupEntry = group ? await services.registry.acquire(group.docId) : null;
      if (group && !groupEntry) return refuse(res, 'BREAKOUT_GROUP_NOT_FOUND');
      try {
        const doc = groupEntry?.doc ?? entry.doc;
        const boardId = query.value.board === 'all' ? undefined : query.value.board;
        if (boardId !== undefined && !doc.getMap('boards').has(boardId)) return refuse(res, 'BOARD_NOT_FOUND');
        const lang: Language = query.value.lang ?? (workshop.languages.find(isLanguage) ?? 'en');
        const snapshot = await buildWorkshopSnapshot({
          workshop,
          doc,
          sessions: await workshops.listSessions(workshop.id),
          votes: services.stores.votes,
          now: services.now(),
          boardId,
          ...(group ? { breakoutGroup: group } : {}),
        });
        const file = await renderExportOffThread(snapshot, query.value.format, lang);
        const name = exportFileName(snapshot.meta.title, snapshot.exportedAt, file.extension, group?.id);
        res.setHeader('Content-Type', file.contentType);
        res.setHeader('Content-Disposition', `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`);
        res.setHeader('Cache-Control', 'no-store');
        if (file.stylesheet !== null) {
          // The printable page is a document, not the app: its one inline stylesheet and nothing else.
          const hash = createHash('sha256').update(file.stylesheet).digest('base64');
          res.setHeader('Content-Security-Policy', `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
        }
        services.log.info({ workshopId: workshop.id, format: query.value.format, lang, bytes: file.body.length, role: auth.principal.role, group: group?.id }, 'export');
        res.status(200).send(file.body);
      } finally {
        if (groupEntry) services.registry.release(groupEntry);
      }
    } finally {
      services.registry.release(entry);
    }
  });

  return router;
}
