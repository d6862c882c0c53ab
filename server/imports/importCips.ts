import { readSession } from '../../shared/board/boardDocument.ts';
import { readCips, writeCips } from '../../shared/cips/cipsDocument.ts';
import type { CipsError } from '../../shared/cips/types.ts';
import type { ErrorCode } from '../../shared/protocol/index.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import type { Services } from '../Services.ts';
import { parseCipsCsv } from './parseCipsCsv.ts';

export type CipsImportResult =
  | { ok: true; surveyId: string; rows: number; factors: number; replaced: boolean }
  | { ok: false; error: ErrorCode; errors?: CipsError[]; moreErrors?: number };

/**
 * Puts a CIPS file's scores into the workshop document root `cips`, all at once or not at all.
 * A workshop that already holds scores keeps them unless `replace` is set (the UI asks first).
 */
export async function importCips(services: Services, workshopId: string, file: Uint8Array, replace: boolean): Promise<CipsImportResult> {
  const parsed = parseCipsCsv(file);
  if (!parsed.ok) return { ok: false, error: 'CIPS_INVALID', errors: parsed.errors, moreErrors: parsed.moreErrors };
  const entry = await services.registry.acquire(workshopId);
  if (!entry) return { ok: false, error: 'WORKSHOP_NOT_FOUND' };
  try {
    let refused: ErrorCode | null = null;
    let replaced = false;
    await entry.runExclusive(() => services.registry.apply(entry, commandOrigin('cips.import'), (doc) => {
      // Checked inside the transaction, in the workshop's command queue: two imports cannot both see "none yet".
      if (readSession(doc).phase === 'closed') refused = 'FROZEN';
      else if (readCips(doc) && !replace) refused = 'CIPS_ALREADY_IMPORTED';
      if (refused) return;
      replaced = readCips(doc) !== null;
      writeCips(doc, { ...parsed.scores, importedAt: services.now() });
    }));
    if (refused) return { ok: false, error: refused };
    services.log.info({ workshopId, rows: parsed.rows, replaced }, 'CIPS scores imported');
    return { ok: true, surveyId: parsed.scores.surveyId, rows: parsed.rows, factors: Object.keys(parsed.scores.factors).length, replaced };
  } catch (err) {
    services.log.warn({ err, workshopId }, 'CIPS import not made durable');
    return { ok: false, error: 'STORE_UNAVAILABLE' };
  } finally {
    services.registry.release(entry);
  }
}
