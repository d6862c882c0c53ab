import * as Y from 'yjs';

/** The two CPU-heavy steps of a compaction, pure, so they can run in the compaction worker. */

/** One update holding everything of `parts` (Y.mergeUpdates). */
export function mergeBatch(parts: Uint8Array[]): Uint8Array {
  return Y.mergeUpdates(parts);
}

/** The update applied to a document with garbage collection and encoded again: deleted content dropped. */
export function dropDeleted(update: Uint8Array | undefined): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    if (update) Y.applyUpdate(doc, update);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
