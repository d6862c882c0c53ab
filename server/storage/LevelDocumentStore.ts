import { ClassicLevel } from 'classic-level';
import * as Y from 'yjs';
import type { DocumentStore, NoteOwnershipStore } from './DocumentStore.ts';

type Db = ClassicLevel<string, Uint8Array>;

const SEP = '\u0000';
const docPrefix = (docId: string) => `d${SEP}${docId}${SEP}`;
const snapshotKey = (docId: string) => `${docPrefix(docId)}s`;
const logPrefix = (docId: string) => `${docPrefix(docId)}u${SEP}`;
const logKey = (docId: string, seq: number) => `${logPrefix(docId)}${seq.toString(16).padStart(12, '0')}`;
const ownerPrefix = (boardId: string) => `o${SEP}${boardId}${SEP}`;
const HIGH = '\uffff';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The embedded store: LevelDB (classic-level) in DATA_DIR. Every write is synchronous (fsync)
 * before it resolves, so an acknowledged update is on disk; LevelDB's write-ahead log checksums
 * each record, so a torn last write is skipped on open instead of failing it.
 */
export class LevelStore {
  readonly documents: DocumentStore;
  readonly ownership: NoteOwnershipStore;
  readonly #db: Db;

  private constructor(db: Db) {
    this.#db = db;
    this.documents = new LevelDocumentStore(db);
    this.ownership = new LevelOwnershipStore(db);
  }

  static async open(location: string): Promise<LevelStore> {
    const db: Db = new ClassicLevel<string, Uint8Array>(location, { keyEncoding: 'utf8', valueEncoding: 'view' });
    await db.open();
    return new LevelStore(db);
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}

class LevelDocumentStore implements DocumentStore {
  readonly #db: Db;
  /** Next log sequence number per document, found once from the last stored key. */
  readonly #nextSeq = new Map<string, Promise<{ value: number }>>();

  constructor(db: Db) {
    this.#db = db;
  }

  async load(docId: string): Promise<Uint8Array | null> {
    // One iterator reads snapshot and log from one implicit LevelDB snapshot, so a compaction
    // running meanwhile cannot make an entry vanish between two reads.
    const parts = (await this.#readAll(docId)).map(([, value]) => value);
    if (parts.length === 0) return null;
    return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
  }

  async #readAll(docId: string): Promise<Array<[string, Uint8Array]>> {
    const entries: Array<[string, Uint8Array]> = [];
    for await (const entry of this.#db.iterator({ gte: docPrefix(docId), lt: docPrefix(docId) + HIGH })) {
      entries.push(entry);
    }
    return entries;
  }

  async append(docId: string, update: Uint8Array): Promise<void> {
    const counter = await this.#counter(docId);
    const seq = counter.value++;
    await this.#db.put(logKey(docId, seq), update, { sync: true });
  }

  async compact(docId: string): Promise<void> {
    const entries = await this.#readAll(docId);
    // Only the log entries read here are deleted: an append that lands meanwhile gets a later key and stays.
    const logKeys = entries.map(([key]) => key).filter((key) => key !== snapshotKey(docId));
    if (logKeys.length === 0) return;
    const merged = Y.encodeStateAsUpdate(mergedDoc(entries.map(([, value]) => value)));
    await this.#db.batch(
      [{ type: 'put', key: snapshotKey(docId), value: merged }, ...logKeys.map((key) => ({ type: 'del' as const, key }))],
      { sync: true },
    );
  }

  async logLength(docId: string): Promise<number> {
    let count = 0;
    for await (const _ of this.#db.keys({ gte: logPrefix(docId), lt: logPrefix(docId) + HIGH })) count++;
    return count;
  }

  async delete(docId: string): Promise<void> {
    const keys: string[] = [];
    for await (const key of this.#db.keys({ gte: docPrefix(docId), lt: docPrefix(docId) + HIGH })) keys.push(key);
    await this.#db.batch(
      keys.map((key) => ({ type: 'del' as const, key })),
      { sync: true },
    );
    this.#nextSeq.delete(docId);
  }

  async list(): Promise<string[]> {
    const ids = new Set<string>();
    for await (const key of this.#db.keys({ gte: `d${SEP}`, lt: `d${SEP}${HIGH}` })) {
      const id = key.split(SEP)[1];
      if (id) ids.add(id);
    }
    return [...ids];
  }

  #counter(docId: string): Promise<{ value: number }> {
    let counter = this.#nextSeq.get(docId);
    if (!counter) {
      counter = (async () => {
        for await (const key of this.#db.keys({ gte: logPrefix(docId), lt: logPrefix(docId) + HIGH, reverse: true, limit: 1 })) {
          return { value: parseInt(key.slice(logPrefix(docId).length), 16) + 1 };
        }
        return { value: 0 };
      })();
      this.#nextSeq.set(docId, counter);
    }
    return counter;
  }
}

function mergedDoc(parts: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  for (const part of parts) Y.applyUpdate(doc, part);
  return doc;
}

class LevelOwnershipStore implements NoteOwnershipStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async setOwner(boardId: string, noteId: string, participantId: string): Promise<void> {
    await this.#db.put(ownerPrefix(boardId) + noteId, encoder.encode(participantId), { sync: true });
  }

  async getOwner(boardId: string, noteId: string): Promise<string | null> {
    const value = await this.#db.get(ownerPrefix(boardId) + noteId);
    return value ? decoder.decode(value) : null;
  }

  async deleteOwner(boardId: string, noteId: string): Promise<void> {
    await this.#db.del(ownerPrefix(boardId) + noteId, { sync: true });
  }

  async notesOwnedBy(boardId: string, participantId: string): Promise<string[]> {
    const prefix = ownerPrefix(boardId);
    const owned: string[] = [];
    for await (const [key, value] of this.#db.iterator({ gte: prefix, lt: prefix + HIGH })) {
      if (decoder.decode(value) === participantId) owned.push(key.slice(prefix.length));
    }
    return owned;
  }
}
