import type { DocumentStore, NoteOwnershipStore } from '../DocumentStore.ts';
import type { MergeRecordStore, PrivateNoteStore, QuotaStore, VoteStore } from '../FacilitationStore.ts';
import type { WorkshopStore } from '../WorkshopStore.ts';
import type { CommandReceiptStore } from '../CommandReceiptStore.ts';
import { RedisCommandReceiptStore } from './RedisCommandReceiptStore.ts';
import { RedisMergeRecordStore } from './RedisMergeRecordStore.ts';
import { type CompactionSettings, RedisDocumentStore } from './RedisDocumentStore.ts';
import { RedisOwnershipStore } from './RedisOwnershipStore.ts';
import { RedisPrivateNoteStore } from './RedisPrivateNoteStore.ts';
import { RedisQuotaStore } from './RedisQuotaStore.ts';
import { RedisVoteStore } from './RedisVoteStore.ts';
import { RedisWorkshopStore } from './RedisWorkshopStore.ts';
import { type RedisClientSettings, RedisConnection } from './redisClient.ts';
import { redisKeys } from './redisKeys.ts';

export interface RedisStoreOptions extends RedisClientSettings {
  /** Prepended to every key (default `ib:`); lets several deployments or tests share one Redis. */
  keyPrefix?: string;
  /** Document compaction: lock time and observers. */
  compaction?: CompactionSettings;
}

/**
 * Every store on one Redis connection (standalone Redis, optionally with replicas). Durability is
 * Redis's own: run it with `appendonly yes` (and `appendfsync always` if an acknowledged update must
 * survive a power cut; `everysec` may lose the last second). While Redis is unreachable every
 * operation rejects, at once or after the command timeout; the client reconnects on its own.
 */
export class RedisStore {
  readonly documents: DocumentStore;
  readonly ownership: NoteOwnershipStore;
  readonly workshops: WorkshopStore;
  readonly privateNotes: PrivateNoteStore;
  readonly votes: VoteStore;
  /** What each merge changed, so it can be undone. */
  readonly merges: MergeRecordStore;
  readonly quotas: QuotaStore;
  readonly receipts: CommandReceiptStore;
  /** The connection the stores share, for further Redis-backed stores (prefer `context.run`, which adds the deadline). */
  readonly context: RedisConnection;
  readonly keyPrefix: string;

  private constructor(connection: RedisConnection, options: RedisStoreOptions) {
    this.context = connection;
    this.keyPrefix = options.keyPrefix ?? 'ib:';
    const keys = redisKeys(this.keyPrefix);
    this.documents = new RedisDocumentStore(connection, keys, options.compaction);
    this.ownership = new RedisOwnershipStore(connection, keys);
    this.workshops = new RedisWorkshopStore(connection, keys);
    this.privateNotes = new RedisPrivateNoteStore(connection, keys);
    this.votes = new RedisVoteStore(connection, keys);
    this.merges = new RedisMergeRecordStore(connection, keys);
    this.quotas = new RedisQuotaStore(connection, keys);
    this.receipts = new RedisCommandReceiptStore(connection, keys);
  }

  /**
   * Connects to `url`: `redis://[[user]:password@]host[:port][/db]`, or `rediss://…` for TLS
   * (percent-encode special characters in the password). Rejects when no connection is made
   * within `connectTimeoutMs`.
   */
  static async connect(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
    return new RedisStore(await RedisConnection.open(url, options), options);
  }

  /** Whether the connection is up right now (false while the client reconnects). */
  isHealthy(): boolean {
    return this.context.isHealthy();
  }

  /** Calls `listener` each time the connection goes down or comes back; returns the unsubscribe. */
  onHealthChange(listener: (healthy: boolean) => void): () => void {
    return this.context.onHealthChange(listener);
  }

  /** Resolves once the connection is up (or down) as asked, at once when it already is. */
  whenHealthy(healthy = true): Promise<void> {
    if (this.isHealthy() === healthy) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.onHealthChange((now) => {
        if (now !== healthy) return;
        stop();
        resolve();
      });
    });
  }

  /** Waits (within the command timeout) for replies to commands already sent, then closes. */
  close(): Promise<void> {
    return this.context.close();
  }
}
