import express, { Router, type ErrorRequestHandler } from 'express';
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
export function workshopImportRoutes(services: Services): Router {
  const router = Router();
  const rawFile = express.raw({ type: () => true, limit: IMPORT_MAX_BYTES, inflate: false });

  router.post('/workshops/import', rawFile, async (req, res) => {
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
