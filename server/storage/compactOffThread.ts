import { WorkerThread, workerUrl } from '../workerThread.ts';
import type { CompactJob, PackedParts } from './compactWorker.ts';
import { dropDeleted, mergeBatch } from './foldUpdates.ts';

/**
 * Folding a long log is tens to hundreds of milliseconds of pure CPU per batch (Y.mergeUpdates); on
 * the main thread every board of the node waits for it (a 55-85 ms stall in the middle of a
 * 500-person board's deliveries was measured). One worker thread, started on first use and kept,
 * does the folding; the store's reads, writes and lock renewals stay on the main thread. If the
 * worker cannot run, the main thread folds.
 */
export class CompactWorker {
  readonly #thread = new WorkerThread<Omit<CompactJob, 'id'>, Uint8Array>(workerUrl(import.meta.url, 'compactWorker.js', './compactWorkerEntry.mjs'));

  run(step: CompactJob['step'], parts: Uint8Array[]): Promise<Uint8Array> {
    const packed = pack(parts);
    return this.#thread.run({ step, packed }, [packed.bytes.buffer as ArrayBuffer]);
  }

  close(): Promise<void> {
    return this.#thread.close();
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
