import { isErrorCode, type ErrorCode } from '../../shared/protocol/errors.ts';
import type { CreateBoardPayload } from '../../shared/protocol/schemas.ts';

/** A REST failure: a named server error, or NETWORK when no answer arrived. */
export type ApiError = ErrorCode | 'NETWORK';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface BoardSummary {
  id: string;
  title: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parseBoard(body: unknown): BoardSummary | null {
  if (!isRecord(body) || typeof body.id !== 'string' || typeof body.title !== 'string') return null;
  return { id: body.id, title: body.title };
}

async function requestBoard(path: string, init: RequestInit): Promise<ApiResult<BoardSummary>> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    return { ok: false, error: 'NETWORK' };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.ok) {
    const board = parseBoard(body);
    return board ? { ok: true, value: board } : { ok: false, error: 'INTERNAL' };
  }
  if (isRecord(body) && isErrorCode(body.error)) return { ok: false, error: body.error };
  if (response.status === 404) return { ok: false, error: 'BOARD_NOT_FOUND' };
  if (response.status === 429) return { ok: false, error: 'RATE_LIMITED' };
  return { ok: false, error: response.status >= 500 ? 'INTERNAL' : 'INVALID_PAYLOAD' };
}

export function createBoard(title: string): Promise<ApiResult<BoardSummary>> {
  const payload: CreateBoardPayload = { title };
  return requestBoard('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

export function getBoard(id: string): Promise<ApiResult<BoardSummary>> {
  return requestBoard(`/api/boards/${encodeURIComponent(id)}`, { method: 'GET' });
}
