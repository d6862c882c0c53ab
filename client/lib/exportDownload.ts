import type { Language } from '../../shared/i18n/languages.ts';
import { isErrorCode, type ErrorCode } from '../../shared/protocol/errors.ts';
import type { ExportFormat } from '../../shared/protocol/exportSchemas.ts';

export interface ExportRequest {
  format: ExportFormat;
  lang: Language;
  /** A board id, or 'all'. */
  board: string;
  /** A breakout group's id: that group's board instead of the plenary's. */
  group?: string;
}

export type ExportDownload = { ok: true; file: Blob; fileName: string } | { ok: false; error: ErrorCode | 'NETWORK' };

/** The file name the server chose (Content-Disposition), else a plain one. */
function fileNameOf(disposition: string | null, format: ExportFormat): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition ?? '');
  return plain?.[1] ?? `workshop.${format}`;
}

/** GET /api/workshops/:id/export with this person's session token; the file as a Blob. */
export async function downloadExport(workshopId: string, token: string, request: ExportRequest): Promise<ExportDownload> {
  const query = new URLSearchParams({ format: request.format, lang: request.lang, board: request.board });
  if (request.group) query.set('group', request.group);
  let response: Response;
  try {
    response = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/export?${query.toString()}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.ok) return { ok: true, file: await response.blob(), fileName: fileNameOf(response.headers.get('content-disposition'), request.format) };
  } catch {
    return { ok: false, error: 'NETWORK' };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : null;
  return { ok: false, error: isErrorCode(error) ? error : response.status >= 500 ? 'INTERNAL' : 'INVALID_PAYLOAD' };
}
