import type { ErrorCode } from '../../shared/protocol/index.ts';
import * as api from './api.ts';
import { downloadExport } from './exportDownload.ts';
import { i18n } from './i18n.svelte.ts';
import type { Outcome } from './workshopView.ts';

type Failure = { ok: false; error: ErrorCode };

/** Deleting a workshop, and the export offered first, over REST with this person's session token. */
export class WorkshopErasure {
  readonly #workshopId: string;
  readonly #token: string;
  readonly #failed: (error: ErrorCode) => Failure;

  constructor(workshopId: string, token: string, failed: (error: ErrorCode) => Failure) {
    this.#workshopId = workshopId;
    this.#token = token;
    this.#failed = failed;
  }

  async delete(confirmTitle: string): Promise<Outcome> {
    const result = await api.deleteWorkshop(this.#workshopId, this.#token, confirmTitle);
    return result.ok ? { ok: true } : this.#failed(restError(result.error));
  }

  /** Fetches the whole workshop's export in the person's language and hands it to the browser as a download. */
  async download(format: 'json' | 'docx'): Promise<Outcome> {
    const result = await downloadExport(this.#workshopId, this.#token, { format, lang: i18n.current, board: 'all' });
    if (!result.ok) return { ok: false, error: restError(result.error) };
    const url = URL.createObjectURL(result.file);
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = result.fileName;
    anchor.hidden = true;
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    // Revoked later, not at once: some browsers read the blob after the click has returned.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return { ok: true };
  }
}

function restError(error: api.ApiError): ErrorCode {
  return error === 'NETWORK' ? 'TIMEOUT' : error;
}
