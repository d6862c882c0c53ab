import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';

const HOUR_MS = 60 * 60 * 1000;
import { IMPORT_MAX_BYTES } from '../../shared/protocol/workshopImportSchema.ts';
import { importWorkshop } from '../imports/importWorkshop.ts';
import { parseWorkshopImport } from '../imports/parseWorkshopImport.ts';
import type { Services } from '../Services.ts';
import { sendResult } from './callerRole.ts';

/**
 * `POST /api/workshops/import`: creates a new workshop from an exported JSON file (or a template),
 * as `POST /api/workshops` creates an empty one: no sign-in, the answer holds the new links.
 * Reads its own body (larger than the 16 kB JSON limit), so it is mounted before the JSON parser.
 */
export function workshopImportRoutes(services: Services, workshopsPerAddressPerHour: number): Router {
  const router = Router();
  const rawFile = express.raw({ type: () => true, limit: IMPORT_MAX_BYTES, inflate: false });
  // Counted with POST /api/workshops, before the body is read: an import creates a workshop too.
  const creationLimit: RequestHandler = async (req, res, next) => {
    if (await services.stores.quotas.tryIncrement(`create:${req.ip ?? 'unknown'}`, workshopsPerAddressPerHour, HOUR_MS)) return next();
    res.setHeader('Retry-After', String(HOUR_MS / 1000));
    res.status(429).json({ error: 'RATE_LIMITED' });
  };

  router.post('/workshops/import', creationLimit, rawFile, async (req, res) => {
    const body: unknown = req.body;
    const parsed = parseWorkshopImport(body instanceof Uint8Array ? body : new Uint8Array());
    if (!parsed.ok) {
      res.status(400).json({ error: 'IMPORT_INVALID', errors: parsed.errors, moreErrors: parsed.moreErrors });
      return;
    }
    try {
      sendResult(res, await importWorkshop(services, parsed.workshop), 201);
    } catch (err) {
      services.log.warn({ err }, 'workshop import not stored');
      sendResult(res, { ok: false, error: 'STORE_UNAVAILABLE' });
    }
  });

  const tooLarge: ErrorRequestHandler = (err: { type?: string }, _req, res, next) => {
    if (err.type !== 'entity.too.large') return next(err);
    res.status(413).json({ error: 'IMPORT_INVALID', errors: [{ path: '', code: 'FILE_TOO_LARGE' }], moreErrors: 0 });
  };
  router.use('/workshops/import', tooLarge);
  return router;
}
