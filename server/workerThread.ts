import { Worker } from 'node:worker_threads';

/** What a worker answers to job `id`: its result, or why it failed. */
export type WorkerReply<R> = { id: number; ok: true; result: R } | { id: number; ok: false; message: string };

type Pending<R> = { resolve: (result: R) => void; reject: (error: Error) => void };

/**
 * One worker thread, started on first use and kept, answering jobs by id; used for pure CPU work
 * that would stall every board of the node on the main thread (export rendering, log compaction).
 * A worker that fails or exits rejects what it had pending and is started again on the next job.
 */
export class WorkerThread<J extends object, R> {
  readonly #url: URL;
  #worker: Worker | null = null;
  #next = 1;
  readonly #pending = new Map<number, Pending<R>>();

  /** `url`: the worker's module (built JavaScript, or a .mjs entry that loads TypeScript through tsx). */
  constructor(url: URL) {
    this.#url = url;
  }

  run(job: J, transfer: ArrayBuffer[] = []): Promise<R> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ ...job, id }, transfer);
    });
  }

  async close(): Promise<void> {
    await this.#worker?.terminate();
    this.#worker = null;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#url);
    // An idle worker must not keep the process alive at shutdown.
    worker.unref();
    worker.on('message', (reply: WorkerReply<R>) => {
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
    worker.on('exit', (code) => fail(new Error(`worker ${this.#url.pathname.split('/').pop()} exited with ${code}`)));
    this.#worker = worker;
    return worker;
  }
}

/** A worker module beside the caller: `<name>.js` when built (dist/server), else `<entry>` (tsx loads the TypeScript). */
export function workerUrl(callerUrl: string, builtName: string, sourceEntry: string): URL {
  return new URL(callerUrl.endsWith('.js') ? `./${builtName}` : sourceEntry, callerUrl);
}
