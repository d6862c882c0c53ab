import { Worker } from 'node:worker_threads';
import type { ReportModel } from '../../shared/export/reportModel.ts';
import { renderDocx } from './renderDocx.ts';

type Reply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string };

/**
 * Word files of big workshops take seconds of pure CPU (the docx library builds an object per
 * paragraph and run), which on the main thread would stall every other workshop of the node. One
 * worker thread, started on first use and kept, renders them; if it cannot start, the main thread
 * renders as before.
 */
class DocxWorker {
  #worker: Worker | null = null;
  #next = 1;
  readonly #pending = new Map<number, { resolve: (bytes: Buffer) => void; reject: (error: Error) => void }>();

  render(report: ReportModel): Promise<Buffer> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise<Buffer>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, report });
    });
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./docxWorkerEntry.mjs', import.meta.url));
    // An idle worker must not keep the process alive at shutdown.
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const job = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (!job) return;
      if (reply.ok) job.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
      else job.reject(new Error(reply.message));
    });
    const fail = (error: Error) => {
      this.#worker = null;
      for (const job of this.#pending.values()) job.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`docx worker exited with ${code}`)));
    this.#worker = worker;
    return worker;
  }
}

const shared = new DocxWorker();

export async function renderDocxOffThread(report: ReportModel): Promise<Buffer> {
  try {
    return await shared.render(report);
  } catch {
    return renderDocx(report);
  }
}
