import * as Y from 'yjs';
import type { DocumentStore } from '../storage/DocumentStore.ts';

/** What comparing a node's document with the store's found, and what was done about it. */
export interface Reconciliation {
  /** The store had no trace of the document (a Redis that kept nothing, or restored from before it). */
  storeMissing: boolean;
  /** Clock units (characters and items) the store lacked, summed over writers; 0 when it lacked none. */
  lackingClock: number;
  /** The store lacked deletions this node holds (and no struct). */
  lackingDeletions: boolean;
  /** Bytes of this node's whole state appended to fill the hole (0: nothing appended). */
  repairedBytes: number;
  /** After the repair, the stored state still holds structs that no one here can integrate. */
  storePending: boolean;
  /** This node's document holds structs waiting for missing dependencies. */
  nodePending: boolean;
  /** The document's sequence after the repair (null: the store keeps none). */
  sequence: number | null;
}

export const hasPending = (doc: Y.Doc): boolean => doc.store.pendingStructs !== null || doc.store.pendingDs !== null;

/**
 * Compares a node's document with what the store holds, both ways: what the store has and the node
 * lacks is handed to `pull` (applied like another node's update); what the node has and the store
 * lacks (structs past the store's state vector, or deletions) is put back by appending the node's
 * whole state (Yjs updates are idempotent, so a full state is always safe to append, whatever the
 * store still has). Run whenever the store may have gone back in time: after a reconnection, and when
 * an append's sequence is not above the last one seen.
 */
export async function reconcileWithStore(
  docId: string,
  doc: Y.Doc,
  store: DocumentStore,
  pull: (update: Uint8Array) => void,
): Promise<Reconciliation> {
  const stored = await store.read(docId);
  const storeDoc = new Y.Doc();
  try {
    if (stored) {
      pull(Y.diffUpdate(stored.state, Y.encodeStateVector(doc)));
      Y.applyUpdate(storeDoc, stored.state);
    }
    const storeVector = Y.encodeStateVector(storeDoc);
    const before = Y.decodeStateVector(storeVector);
    let lackingClock = 0;
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) lackingClock += Math.max(0, clock - (before.get(client) ?? 0));
    let changed = false;
    const onUpdate = () => (changed = true);
    storeDoc.on('update', onUpdate);
    // The diff carries every struct past the store's vector and the node's whole delete set.
    Y.applyUpdate(storeDoc, Y.diffUpdate(Y.encodeStateAsUpdate(doc), storeVector));
    storeDoc.off('update', onUpdate);
    const outcome: Reconciliation = {
      storeMissing: stored === null,
      lackingClock,
      lackingDeletions: changed && lackingClock === 0,
      repairedBytes: 0,
      storePending: hasPending(storeDoc),
      nodePending: hasPending(doc),
      sequence: stored?.sequence ?? null,
    };
    if (changed || stored === null) {
      const whole = Y.encodeStateAsUpdate(doc);
      outcome.sequence = await store.append(docId, whole);
      outcome.repairedBytes = whole.byteLength;
    }
    return outcome;
  } finally {
    storeDoc.destroy();
  }
}
