import { parentPort } from 'node:worker_threads';
import type { WorkerReply } from '../workerThread.ts';
import { dropDeleted, mergeBatch } from './foldUpdates.ts';

/** Parts travel as one transferred buffer and their lengths (cloning each part would copy whatever pooled buffer it sits in). */
export interface PackedParts {
  bytes: Uint8Array;
  lengths: number[];
}
export type CompactJob = { id: number; step: 'merge' | 'dropDeleted'; packed: PackedParts };

/** Folds compaction batches off the main thread (see compactOffThread.ts). */
const port = parentPort;
if (port) {
  port.on('message', (job: CompactJob) => {
    try {
      const parts = unpack(job.packed);
      const result = job.step === 'merge' ? mergeBatch(parts) : dropDeleted(parts[0]);
      const reply: WorkerReply<Uint8Array> = { id: job.id, ok: true, result };
      port.postMessage(reply, [result.buffer as ArrayBuffer]);
    } catch (error) {
      const reply: WorkerReply<Uint8Array> = { id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) };
      port.postMessage(reply);
    }
  });
}

function unpack({ bytes, lengths }: PackedParts): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const length of lengths) {
    parts.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  return parts;
}
