import * as Y from 'yjs';

/**
 * Folds Yjs updates into one by applying them to a document with garbage collection, so the
 * result drops deleted content (Y.mergeUpdates alone would keep it).
 */
export function compactUpdates(parts: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    for (const part of parts) Y.applyUpdate(doc, part);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
