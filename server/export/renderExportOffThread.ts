import { Worker } from 'node:worker_threads';
import type { WorkshopSnapshot } from '../../shared/export/workshopSnapshot.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { ExportFormat } from '../../shared/protocol/index.ts';
import type { ExportFile } from './renderExport.ts';

type Reply = { id: number; ok: true; file: ExportFile & { body: Uint8Array } } | { id: number; ok: false; message: string };
type Job = { resolve: (file: ExportFile) => void; reject: (error: Error) => void };

/**
 * Rendering a big workshop is seconds of pure CPU (the Word library alone builds an object per
 * paragraph and run); on the main thread it would stall every other workshop of the node. One
 * worker thread, started on first use and kept, renders every format; only reading the document
 * into a snapshot stays on the main thread. If the worker cannot run, the main thread renders.
 */
export class ExportWorker {
  #worker: Worker | null = null;
  #next = 1;
  readonly #pending = new Map<number, Job>();

  render(snapshot: WorkshopSnapshot, format: ExportFormat, lang: Language): Promise<ExportFile> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise<ExportFile>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, snapshot, format, lang });
    });
  }

  async close(): Promise<void> {
    await this.#worker?.terminate();
    this.#worker = null;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    // Built (`npm start` runs dist/server/main.js), the worker is dist/server/exportWorker.js; from source, tsx loads it.
    const built = import.meta.url.endsWith('.js');
    const worker = new Worker(new URL(built ? './exportWorker.js' : './exportWorkerEntry.mjs', import.meta.url));
    // An idle worker must not keep the process alive at shutdown.
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const job = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (!job) return;
      if (!reply.ok) return job.reject(new Error(reply.message));
      const body = reply.file.body;
      job.resolve({ ...reply.file, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) });
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = null;
      for (const job of this.#pending.values()) job.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`export worker exited with ${code}`)));
    this.#worker = worker;
    return worker;
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
