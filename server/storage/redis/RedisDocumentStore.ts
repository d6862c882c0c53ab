import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import type { DocumentStore } from '../DocumentStore.ts';
import { compactUpdates } from '../compactUpdates.ts';
import { type RedisConnection, toBuffer } from './redisClient.ts';
import type { RedisKeys } from './redisKeys.ts';
import { decodeDocumentReply } from './redisScripts.ts';

/** What one `compact()` call did, for metrics and tests. */
export interface CompactionEvent {
  docId: string;
  /** compacted: snapshot written; empty: nothing to fold; busy: another compaction holds the lock;
   *  lost-lock: the lock expired (or the document was deleted) before writing, so nothing was written. */
  outcome: 'compacted' | 'empty' | 'busy' | 'lost-lock';
  /** Log entries folded into the snapshot. */
  folded: number;
  durationMs: number;
}

export interface CompactionSettings {
  /** How long a compaction may hold its lock before another node may take over (default 30 000 ms). */
  lockMs?: number;
  onCompaction?: (event: CompactionEvent) => void;
  /** Awaited while a compaction holds its lock, after reading and before writing (tests hold it open). */
  whileCompacting?: (docId: string) => Promise<void>;
}

/**
 * A document is a snapshot key plus a list of updates (RPUSH, binary). Compaction reads the
 * snapshot and the first N entries, merges them with Yjs, then in one script writes the snapshot and
 * trims exactly those N entries: an update pushed meanwhile sits after them and stays. A lock key
 * (SET NX PX, released only by its token) lets one compaction per document run at a time across nodes.
 */
export class RedisDocumentStore implements DocumentStore {
  readonly #redis: RedisConnection;
  readonly #keys: RedisKeys;
  readonly #settings: CompactionSettings;

  constructor(redis: RedisConnection, keys: RedisKeys, settings: CompactionSettings = {}) {
    this.#redis = redis;
    this.#keys = keys;
    this.#settings = settings;
  }

  async load(docId: string): Promise<Uint8Array | null> {
    const { snapshot, entries } = await this.#read(docId);
    const parts = snapshot ? [snapshot, ...entries] : entries;
    if (parts.length === 0) return null;
    return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
  }

  /** Resolves once Redis has the update (as durable as Redis's own `appendonly`/`appendfsync` make it). */
  async append(docId: string, update: Uint8Array): Promise<void> {
    await this.#redis.run((client) => client.multi().rPush(this.#keys.log(docId), toBuffer(update)).sAdd(this.#keys.documents(), docId).execTyped());
  }

  /** Returns at once when another compaction of this document holds the lock (on any node). */
  async compact(docId: string): Promise<void> {
    const started = performance.now();
    const report = (outcome: CompactionEvent['outcome'], folded = 0) =>
      this.#settings.onCompaction?.({ docId, outcome, folded, durationMs: performance.now() - started });
    const lock = this.#keys.compactionLock(docId);
    const token = randomBytes(16).toString('hex');
    const expiration = { type: 'PX', value: this.#settings.lockMs ?? 30_000 } as const;
    const acquired = await this.#redis.run((client) => client.set(lock, token, { condition: 'NX', expiration }));
    if (acquired === null) return report('busy');
    let committed = false;
    try {
      const { snapshot, entries } = await this.#read(docId);
      if (entries.length === 0) return report('empty');
      const merged = compactUpdates(snapshot ? [snapshot, ...entries] : entries);
      await this.#settings.whileCompacting?.(docId);
      const [snapshotKey, logKey] = [this.#keys.snapshot(docId), this.#keys.log(docId)];
      const written = await this.#redis.run((client) =>
        client.commitCompaction(lock, snapshotKey, logKey, token, toBuffer(merged), entries.length),
      );
      committed = written === 1;
      report(committed ? 'compacted' : 'lost-lock', committed ? entries.length : 0);
    } finally {
      // If this fails too, the lock's expiry frees it.
      if (!committed) await this.#redis.run((client) => client.deleteIfEquals(lock, token)).catch(() => undefined);
    }
  }

  async logLength(docId: string): Promise<number> {
    return this.#redis.run((client) => client.lLen(this.#keys.log(docId)));
  }

  /** Also drops a running compaction's lock, so that compaction writes nothing back. */
  async delete(docId: string): Promise<void> {
    await this.#redis.run((client) =>
      client
        .multi()
        .del([this.#keys.snapshot(docId), this.#keys.log(docId), this.#keys.compactionLock(docId)])
        .sRem(this.#keys.documents(), docId)
        .execTyped(),
    );
  }

  async list(): Promise<string[]> {
    return (await this.#redis.run((client) => client.sMembers(this.#keys.documents()))).sort();
  }

  /** Snapshot and log in one script, so a compaction cannot move entries between the two reads. */
  async #read(docId: string): Promise<{ snapshot: Uint8Array | null; entries: Uint8Array[] }> {
    const reply = await this.#redis.run((_, binary) => binary.readDocument(this.#keys.snapshot(docId), this.#keys.log(docId)));
    return decodeDocumentReply(reply);
  }
}
