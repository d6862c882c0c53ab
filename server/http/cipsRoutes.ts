import express, { Router, type ErrorRequestHandler } from 'express';
import { CIPS_MAX_BYTES } from '../../shared/cips/types.ts';
import type { Services } from '../Services.ts';
import { requireFacilitator, sendResult, type Authenticate } from './callerRole.ts';

/**
 * `POST /api/workshops/:id/cips`: a facilitator uploads CIPS survey results (the raw CSV file as the
 * body). `?replace=1` replaces scores imported before. Mounted before the JSON body parser.
 */
export function cipsRoutes(services: Services, authenticate: Authenticate): Router {
  const router = Router();
  const rawFile = express.raw({ type: () => true, limit: CIPS_MAX_BYTES, inflate: false });

  router.post('/workshops/:id/cips', async (req, res, next) => {
    // Who may import is settled before the body is read: 10 MB from a participant is never buffered.
    const workshopId = await requireFacilitator(services.stores.workshops, authenticate, req, res);
    if (!workshopId) return;
    rawFile(req, res, (err?: unknown) => {
      if (err) return next(err);
      const body: unknown = req.body;
      const file = body instanceof Uint8Array ? body : new Uint8Array();
      const replace = req.query.replace === '1' || req.query.replace === 'true';
      // The CSV parser is loaded at the first import, not at start.
      import('../imports/importCips.ts').then(({ importCips }) => importCips(services, workshopId, file, replace)).then((result) => {
        if (result.ok) return sendResult(res, result);
        const status = result.error === 'CIPS_INVALID' && result.errors?.[0]?.code === 'FILE_TOO_LARGE' ? 413 : undefined;
        if (status) return void res.status(status).json({ error: result.error, errors: result.errors, moreErrors: result.moreErrors });
        if (result.errors) return void res.status(400).json({ error: result.error, errors: result.errors, moreErrors: result.moreErrors });
        sendResult(res, result);
      }, next);
    });
  });

  const tooLarge: ErrorRequestHandler = (err: { type?: string }, _req, res, next) => {
    if (err.type !== 'entity.too.large') return next(err);
    res.status(413).json({ error: 'CIPS_INVALID', errors: [{ line: 0, code: 'FILE_TOO_LARGE' }], moreErrors: 0 });
  };
  router.use('/workshops/:id/cips', tooLarge);
  return router;
}
