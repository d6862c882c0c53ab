import { randomBytes } from 'node:crypto';
import type { DocumentStore, StoredDocument } from '../DocumentStore.ts';
import { compactUpdates, mergeMany } from '../compactUpdates.ts';
import { type RedisConnection, toBuffer } from './redisClient.ts';
import type { RedisKeys } from './redisKeys.ts';
import { decodeDocumentReply } from './redisScripts.ts';

/** What one `compact()` call did, for metrics and tests. */
export interface CompactionEvent {
  docId: string;
  /** compacted: snapshot written; empty: nothing to fold; busy: another compaction holds the lock;
   *  lost-lock: the lock expired (or the document was deleted) before writing, so nothing was written. */
  outcome: 'compacted' | 'empty' | 'busy' | 'lost-lock';
  /** Size of the snapshot written (0 when none was). */
  bytes?: number;
  /** Log entries folded into the snapshot. */
  folded: number;
  durationMs: number;
}

export interface CompactionSettings {
  /**
   * How long a compaction's lock lives without renewal before another node may take over (default
   * 30 000 ms). A running compaction renews it between merge batches, so only a stalled one loses it.
   */
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
    return (await this.read(docId))?.state ?? null;
  }

  async read(docId: string): Promise<StoredDocument | null> {
    const { snapshot, entries, sequence } = await this.#read(docId);
    const state = mergeMany(snapshot ? [snapshot, ...entries] : entries);
    return state ? { state, sequence } : null;
  }

  /**
   * Resolves once Redis has the update (as durable as Redis's own `appendonly`/`appendfsync` make it),
   * with the document's sequence after it (one INCR per append, in the same transaction).
   */
  async append(docId: string, update: Uint8Array): Promise<number> {
    const replies = await this.#redis.run((client) =>
      client.multi().rPush(this.#keys.log(docId), toBuffer(update)).incr(this.#keys.sequence(docId)).sAdd(this.#keys.documents(), docId).execTyped(),
    );
    return Number(replies[1]);
  }

  /** Returns at once when another compaction of this document holds the lock (on any node). */
  async compact(docId: string): Promise<void> {
    const started = performance.now();
    const report = (outcome: CompactionEvent['outcome'], folded = 0) =>
      this.#settings.onCompaction?.({ docId, outcome, folded, durationMs: performance.now() - started });
    const lock = this.#keys.compactionLock(docId);
    const token = randomBytes(16).toString('hex');
    const lockMs = this.#settings.lockMs ?? 30_000;
    const expiration = { type: 'PX', value: lockMs } as const;
    const acquired = await this.#redis.run((client) => client.set(lock, token, { condition: 'NX', expiration }));
    if (acquired === null) return report('busy');
    let committed = false;
    try {
      const { snapshot, entries } = await this.#read(docId);
      if (entries.length === 0) return report('empty');
      let renewedAt = performance.now();
      const renew = async () => {
        if (performance.now() - renewedAt < lockMs / 3) return;
        renewedAt = performance.now();
        const held = await this.#redis.run((client) => client.renewIfEquals(lock, token, lockMs));
        if (held !== 1) throw new Error('compaction lock lost while merging');
      };
      const merged = await compactUpdates(snapshot ? [snapshot, ...entries] : entries, { between: renew });
      await this.#settings.whileCompacting?.(docId);
      const [snapshotKey, logKey] = [this.#keys.snapshot(docId), this.#keys.log(docId)];
      const written = await this.#redis.run((client) =>
        client.commitCompaction(lock, snapshotKey, logKey, token, toBuffer(merged), entries.length),
      );
      committed = written === 1;
      this.#settings.onCompaction?.({
        docId,
        outcome: committed ? 'compacted' : 'lost-lock',
        folded: committed ? entries.length : 0,
        bytes: committed ? merged.byteLength : 0,
        durationMs: performance.now() - started,
      });
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
        .del([this.#keys.snapshot(docId), this.#keys.log(docId), this.#keys.sequence(docId), this.#keys.compactionLock(docId)])
        .sRem(this.#keys.documents(), docId)
        .execTyped(),
    );
  }

  async list(): Promise<string[]> {
    return (await this.#redis.run((client) => client.sMembers(this.#keys.documents()))).sort();
  }

  /** Snapshot and log in one script, so a compaction cannot move entries between the two reads. */
  async #read(docId: string): Promise<{ snapshot: Uint8Array | null; entries: Uint8Array[]; sequence: number }> {
    const reply = await this.#redis.run((_, binary) =>
      binary.readDocument(this.#keys.snapshot(docId), this.#keys.log(docId), this.#keys.sequence(docId)),
    );
    return decodeDocumentReply(reply);
  }
}
