import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { reconcileWithStore } from '../../server/documents/reconcileWithStore.ts';
import type { DocumentStore, StoredDocument } from '../../server/storage/DocumentStore.ts';

/** A document store in memory: a list of updates per document and an append sequence. */
function memoryStore(initial: Uint8Array[] = []) {
  const log = [...initial];
  let sequence = initial.length;
  const appended: Uint8Array[] = [];
  const store: Pick<DocumentStore, 'read' | 'append'> = {
    async read(): Promise<StoredDocument | null> {
      return log.length === 0 ? null : { state: Y.mergeUpdates(log), sequence };
    },
    async append(_docId, update) {
      log.push(update);
      appended.push(update);
      return ++sequence;
    },
  };
  return { store: store as DocumentStore, appended, stored: () => Y.mergeUpdates(log) };
}

function nodeWithNotes(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getMap('notes').set(`n${i}`, `note ${i}`);
  return { doc, updates };
}

const notesIn = (state: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const keys = [...doc.getMap('notes').keys()].sort();
  const pending = doc.store.pendingStructs !== null;
  doc.destroy();
  return { keys, pending };
};

describe("comparing a node's document with the store", () => {
  it('appends nothing when the store holds everything the node holds', async () => {
    const { doc, updates } = nodeWithNotes(3);
    const { store, appended } = memoryStore(updates);
    const outcome = await reconcileWithStore('d', doc, store, (u) => Y.applyUpdate(doc, u));
    expect(appended).toEqual([]);
    expect(outcome).toMatchObject({ storeMissing: false, lackingClock: 0, lackingDeletions: false, repairedBytes: 0, storePending: false });
  });

  it("puts back the node's whole state when the store lost updates in the middle, so later ones integrate again", async () => {
    const { doc, updates } = nodeWithNotes(5);
    const { store, appended, stored } = memoryStore([updates[0]!, updates[3]!, updates[4]!]);
    expect(notesIn(stored())).toEqual({ keys: ['n0'], pending: true });
    const outcome = await reconcileWithStore('d', doc, store, (u) => Y.applyUpdate(doc, u));
    expect(appended).toHaveLength(1);
    expect(outcome.lackingClock).toBeGreaterThan(0);
    expect(notesIn(stored())).toEqual({ keys: ['n0', 'n1', 'n2', 'n3', 'n4'], pending: false });
  });

  it('puts back a deletion the store lost, though no struct is missing', async () => {
    const { doc, updates } = nodeWithNotes(2);
    const { store, appended, stored } = memoryStore(updates);
    doc.getMap('notes').delete('n0');
    const outcome = await reconcileWithStore('d', doc, store, (u) => Y.applyUpdate(doc, u));
    expect(outcome.lackingDeletions).toBe(true);
    expect(appended).toHaveLength(1);
    expect(notesIn(stored()).keys).toEqual(['n1']);
  });

  it('recreates a document the store lost entirely', async () => {
    const { doc } = nodeWithNotes(2);
    const { store, stored } = memoryStore();
    const outcome = await reconcileWithStore('d', doc, store, (u) => Y.applyUpdate(doc, u));
    expect(outcome.storeMissing).toBe(true);
    expect(notesIn(stored()).keys).toEqual(['n0', 'n1']);
  });

  it('takes what the store has and the node lacks, without appending', async () => {
    const { updates } = nodeWithNotes(3);
    const behind = new Y.Doc();
    Y.applyUpdate(behind, updates[0]!);
    const { store, appended } = memoryStore(updates);
    await reconcileWithStore('d', behind, store, (u) => Y.applyUpdate(behind, u));
    expect([...behind.getMap('notes').keys()].sort()).toEqual(['n0', 'n1', 'n2']);
    expect(appended).toEqual([]);
  });
});
