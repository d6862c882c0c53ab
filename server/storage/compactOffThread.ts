import { Worker } from 'node:worker_threads';
import type { CompactJob, CompactReply, PackedParts } from './compactWorker.ts';
import { dropDeleted, mergeBatch } from './foldUpdates.ts';

type Job = { resolve: (result: Uint8Array) => void; reject: (error: Error) => void };

/**
 * Folding a long log is tens to hundreds of milliseconds of pure CPU per batch (Y.mergeUpdates); on
 * the main thread every board of the node waits for it (a 55-85 ms stall in the middle of a
 * 500-person board's deliveries was measured). One worker thread, started on first use and kept,
 * does the folding; the store's reads, writes and lock renewals stay on the main thread. If the
 * worker cannot run, the main thread folds.
 */
export class CompactWorker {
  #worker: Worker | null = null;
  #next = 1;
  readonly #pending = new Map<number, Job>();

  run(step: CompactJob['step'], parts: Uint8Array[]): Promise<Uint8Array> {
    const worker = this.#start();
    const id = this.#next++;
    const packed = pack(parts);
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const job: CompactJob = { id, step, packed };
      worker.postMessage(job, [packed.bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await this.#worker?.terminate();
    this.#worker = null;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    // Built (`npm start` runs dist/server/main.js), the worker is dist/server/compactWorker.js; from source, tsx loads it.
    const built = import.meta.url.endsWith('.js');
    const worker = new Worker(new URL(built ? './compactWorker.js' : './compactWorkerEntry.mjs', import.meta.url));
    // An idle worker must not keep the process alive at shutdown.
    worker.unref();
    worker.on('message', (reply: CompactReply) => {
      const job = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (!job) return;
      if (!reply.ok) return job.reject(new Error(reply.message));
      job.resolve(reply.result);
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = null;
      for (const job of this.#pending.values()) job.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`compaction worker exited with ${code}`)));
    this.#worker = worker;
    return worker;
  }
}

const shared = new CompactWorker();

function pack(parts: Uint8Array[]): PackedParts {
  const lengths = parts.map((part) => part.byteLength);
  const bytes = new Uint8Array(lengths.reduce((sum, length) => sum + length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { bytes, lengths };
}

/** Y.mergeUpdates of one batch, in the compaction worker (on this thread if the worker fails). */
export async function mergeOffThread(parts: Uint8Array[]): Promise<Uint8Array> {
  try {
    return await shared.run('merge', parts);
  } catch {
    return mergeBatch(parts);
  }
}

/** The folded update with deleted content dropped, in the compaction worker (on this thread if it fails). */
export async function dropDeletedOffThread(update: Uint8Array | undefined): Promise<Uint8Array> {
  try {
    return await shared.run('dropDeleted', update ? [update] : []);
  } catch {
    return dropDeleted(update);
  }
}
