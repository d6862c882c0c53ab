import type { WorkshopSnapshot } from '../../shared/export/workshopSnapshot.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { ExportFormat } from '../../shared/protocol/index.ts';
import type { ExportFile } from './renderExport.ts';
import { WorkerThread, workerUrl } from '../workerThread.ts';

type Job = { snapshot: WorkshopSnapshot; format: ExportFormat; lang: Language };

/**
 * Rendering a big workshop is seconds of pure CPU (the Word library alone builds an object per
 * paragraph and run); on the main thread it would stall every other workshop of the node. One
 * worker thread, started on first use and kept, renders every format; only reading the document
 * into a snapshot stays on the main thread. If the worker cannot run, the main thread renders.
 */
export class ExportWorker {
  readonly #thread = new WorkerThread<Job, ExportFile & { body: Uint8Array }>(workerUrl(import.meta.url, 'exportWorker.js', './exportWorkerEntry.mjs'));

  async render(snapshot: WorkshopSnapshot, format: ExportFormat, lang: Language): Promise<ExportFile> {
    const file = await this.#thread.run({ snapshot, format, lang });
    return { ...file, body: Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength) };
  }

  close(): Promise<void> {
    return this.#thread.close();
  }
}

const shared = new ExportWorker();

export async function renderExportOffThread(snapshot: WorkshopSnapshot, format: ExportFormat, lang: Language): Promise<ExportFile> {
  try {
    return await shared.render(snapshot, format, lang);
  } catch {
    // Imported here, not at start: the renderers (the Word library above all) are only needed when the worker cannot run.
    const { renderExport } = await import('./renderExport.ts');
    return renderExport(snapshot, format, lang);
  }
}
