import { compactUpdates, mergeMany } from '../compactUpdates.ts';
import type { DocumentStore, StoredDocument } from '../DocumentStore.ts';
import { KeyedMutex } from './KeyedMutex.ts';
import { type Db, SEP, SYNC, range } from './levelDb.ts';

// d\0<docId>\0s            the snapshot
// d\0<docId>\0u\0<seq hex>  one appended update, in append order
const docPrefix = (docId: string) => `d${SEP}${docId}${SEP}`;
const snapshotKey = (docId: string) => `${docPrefix(docId)}s`;
const logPrefix = (docId: string) => `${docPrefix(docId)}u${SEP}`;
const logKey = (docId: string, seq: number) => `${logPrefix(docId)}${seq.toString(16).padStart(12, '0')}`;

/**
 * Documents as a snapshot plus a log of updates, one key each. Appends are concurrent; compaction
 * and deletion of one document are serialised (two compactions at once could each write a snapshot
 * missing what the other folded and deleted).
 */
export class LevelDocumentStore implements DocumentStore {
  readonly #db: Db;
  /** Next log sequence number per document, found once from the last stored key. */
  readonly #nextSeq = new Map<string, Promise<{ value: number }>>();
  readonly #exclusive = new KeyedMutex();

  constructor(db: Db) {
    this.#db = db;
  }

  async load(docId: string): Promise<Uint8Array | null> {
    // One iterator reads snapshot and log from one implicit LevelDB snapshot, so a compaction
    // running meanwhile cannot make an entry vanish between two reads.
    return mergeMany((await this.#readAll(docId)).map(([, value]) => value));
  }

  /** No sequence: one process owns the folder, so it cannot go back in time under a running node. */
  async read(docId: string): Promise<StoredDocument | null> {
    const state = await this.load(docId);
    return state ? { state, sequence: null } : null;
  }

  async append(docId: string, update: Uint8Array): Promise<null> {
    const counter = await this.#counter(docId);
    const seq = counter.value++;
    await this.#db.put(logKey(docId, seq), update, SYNC);
    return null;
  }

  compact(docId: string): Promise<void> {
    return this.#exclusive.run(docId, async () => {
      const entries = await this.#readAll(docId);
      // Only the log entries read here are deleted: an append that lands meanwhile gets a later key and stays.
      const logKeys = entries.map(([k]) => k).filter((k) => k !== snapshotKey(docId));
      if (logKeys.length === 0) return;
      const merged = await compactUpdates(entries.map(([, value]) => value));
      await this.#db.batch(
        [{ type: 'put', key: snapshotKey(docId), value: merged }, ...logKeys.map((k) => ({ type: 'del' as const, key: k }))],
        SYNC,
      );
    });
  }

  async logLength(docId: string): Promise<number> {
    let count = 0;
    for await (const _ of this.#db.keys(range(logPrefix(docId)))) count++;
    return count;
  }

  delete(docId: string): Promise<void> {
    return this.#exclusive.run(docId, async () => {
      const keys: string[] = [];
      for await (const k of this.#db.keys(range(docPrefix(docId)))) keys.push(k);
      await this.#db.batch(
        keys.map((k) => ({ type: 'del' as const, key: k })),
        SYNC,
      );
      this.#nextSeq.delete(docId);
    });
  }

  async list(): Promise<string[]> {
    const ids = new Set<string>();
    for await (const k of this.#db.keys(range(`d${SEP}`))) {
      const id = k.split(SEP)[1];
      if (id) ids.add(id);
    }
    return [...ids];
  }

  async #readAll(docId: string): Promise<Array<[string, Uint8Array]>> {
    const entries: Array<[string, Uint8Array]> = [];
    for await (const entry of this.#db.iterator(range(docPrefix(docId)))) entries.push(entry);
    return entries;
  }

  #counter(docId: string): Promise<{ value: number }> {
    let counter = this.#nextSeq.get(docId);
    if (!counter) {
      counter = (async () => {
        for await (const k of this.#db.keys({ ...range(logPrefix(docId)), reverse: true, limit: 1 })) {
          return { value: parseInt(k.slice(logPrefix(docId).length), 16) + 1 };
        }
        return { value: 0 };
      })();
      this.#nextSeq.set(docId, counter);
    }
    return counter;
  }
}
