import { CIPS_ERROR_CODES, type CipsError } from '../../shared/cips/types.ts';
import { isErrorCode, type ErrorCode } from '../../shared/protocol/errors.ts';

export type CipsUploadOutcome =
  | { ok: true; surveyId: string; rows: number; factors: number; replaced: boolean }
  | { ok: false; error: ErrorCode | 'NETWORK'; errors: CipsError[]; moreErrors: number };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readErrors(v: unknown): CipsError[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (e): e is CipsError => isObj(e) && typeof e.line === 'number' && (CIPS_ERROR_CODES as readonly unknown[]).includes(e.code),
  );
}

/**
 * Sends a CIPS file as it is (bytes, not text: the server checks the encoding) to
 * `POST /api/workshops/:id/cips`, with the facilitator's session token.
 */
export async function uploadCips(workshopId: string, token: string, file: Blob, replace: boolean): Promise<CipsUploadOutcome> {
  let response: Response;
  let body: unknown = null;
  try {
    response = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/cips${replace ? '?replace=1' : ''}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: file,
    });
    body = await response.json();
  } catch {
    return { ok: false, error: 'NETWORK', errors: [], moreErrors: 0 };
  }
  if (response.ok && isObj(body) && typeof body.surveyId === 'string') {
    return {
      ok: true,
      surveyId: body.surveyId,
      rows: typeof body.rows === 'number' ? body.rows : 0,
      factors: typeof body.factors === 'number' ? body.factors : 0,
      replaced: body.replaced === true,
    };
  }
  const error = isObj(body) && isErrorCode(body.error) ? body.error : 'INTERNAL';
  return {
    ok: false,
    error,
    errors: isObj(body) ? readErrors(body.errors) : [],
    moreErrors: isObj(body) && typeof body.moreErrors === 'number' ? body.moreErrors : 0,
  };
}
