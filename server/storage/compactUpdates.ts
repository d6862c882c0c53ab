import * as Y from 'yjs';
import { dropDeletedOffThread, mergeOffThread } from './compactOffThread.ts';

/** Updates merged at once: Y.mergeUpdates slows down far more than linearly with the number of parts. */
const MERGE_BATCH = 256;

export interface CompactOptions {
  /** Called between batches (a compaction renews its lock here); a rejection stops the compaction. */
  between?: () => Promise<void>;
}

/**
 * Folds Yjs updates into one: merged batch by batch with Y.mergeUpdates in the compaction worker (so a
 * node keeps answering while a long log is folded), then applied once to a
 * document with garbage collection, so the result drops deleted content (mergeUpdates alone keeps
 * it). Applying each part in turn instead is quadratic when some depend on parts missing from the
 * log: every apply retries every pending struct (202 s for 7,492 entries once).
 * Structs that still lack a dependency stay in the result (encodeStateAsUpdate keeps pending ones).
 */
export async function compactUpdates(parts: Uint8Array[], options: CompactOptions = {}): Promise<Uint8Array> {
  let level = parts;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += MERGE_BATCH) {
      const batch = level.slice(i, i + MERGE_BATCH);
      // Folded in the compaction worker: the main thread keeps serving every board meanwhile.
      next.push(batch.length === 1 ? batch[0]! : await mergeOffThread(batch));
      await options.between?.();
    }
    level = next;
  }
  return dropDeletedOffThread(level[0]);
}

/** Merges many updates batch by batch (much faster than one Y.mergeUpdates over thousands of parts). */
export function mergeMany(parts: Uint8Array[]): Uint8Array | null {
  let level = parts;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += MERGE_BATCH) {
      const batch = level.slice(i, i + MERGE_BATCH);
      next.push(batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch));
    }
    level = next;
  }
  return level[0] ?? null;
}
