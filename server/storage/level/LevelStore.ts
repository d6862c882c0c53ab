import { ClassicLevel } from 'classic-level';
import type { DocumentStore, NoteOwnershipStore } from '../DocumentStore.ts';
import type { MergeRecordStore, PrivateNoteStore, QuotaStore, VoteStore } from '../FacilitationStore.ts';
import type { WorkshopStore } from '../WorkshopStore.ts';
import type { CommandReceiptStore } from '../CommandReceiptStore.ts';
import { LevelCommandReceiptStore } from './LevelCommandReceiptStore.ts';
import { LevelMergeRecordStore } from './LevelMergeRecordStore.ts';
import { LevelDocumentStore } from './LevelDocumentStore.ts';
import { LevelOwnershipStore } from './LevelOwnershipStore.ts';
import { LevelPrivateNoteStore } from './LevelPrivateNoteStore.ts';
import { LevelQuotaStore } from './LevelQuotaStore.ts';
import { LevelVoteStore } from './LevelVoteStore.ts';
import { LevelWorkshopStore } from './LevelWorkshopStore.ts';
import { LevelHealth } from './LevelHealth.ts';
import type { Db } from './levelDb.ts';

/**
 * The embedded store: one LevelDB (classic-level) in DATA_DIR, each kind of record under its own key
 * prefix, values as JSON (documents as raw Yjs updates). Every write is synchronous (fsync) before it
 * resolves, so an acknowledged change is on disk; LevelDB's write-ahead log checksums each record, so
 * a torn last write is skipped on open instead of failing it. One process owns the directory
 * (LevelDB locks it), so the in-process locks below are enough for atomic votes and quotas.
 */
export class LevelStore {
  readonly documents: DocumentStore;
  readonly ownership: NoteOwnershipStore;
  readonly workshops: WorkshopStore;
  readonly privateNotes: PrivateNoteStore;
  readonly votes: VoteStore;
  /** What each merge changed, so it can be undone. */
  readonly merges: MergeRecordStore;
  /** Counters without a window are stored; windowed ones (rate limits) live in memory. */
  readonly quotas: QuotaStore;
  readonly receipts: CommandReceiptStore;
  readonly #db: Db;
  readonly #health: LevelHealth;

  private constructor(db: Db, onHealthEvent?: (event: { healthy: boolean; error?: unknown }) => void) {
    this.#db = db;
    this.#health = new LevelHealth(db, onHealthEvent);
    this.documents = new LevelDocumentStore(db);
    this.ownership = new LevelOwnershipStore(db);
    this.workshops = new LevelWorkshopStore(db);
    this.privateNotes = new LevelPrivateNoteStore(db);
    this.votes = new LevelVoteStore(db);
    this.merges = new LevelMergeRecordStore(db);
    this.quotas = new LevelQuotaStore(db);
    this.receipts = new LevelCommandReceiptStore(db);
  }

  /** `onHealthEvent` hears of every write failure and every verification (for logs). */
  static async open(location: string, onHealthEvent?: (event: { healthy: boolean; error?: unknown }) => void): Promise<LevelStore> {
    const db: Db = new ClassicLevel<string, Uint8Array>(location, { keyEncoding: 'utf8', valueEncoding: 'view' });
    await db.open();
    return new LevelStore(db, onHealthEvent);
  }

  /** Open, and no write failed since it was last verified (see LevelHealth). */
  isHealthy(): boolean {
    return this.#health.isHealthy();
  }

  /** Calls `listener` when a write fails (false) and once the store is verified again (true). */
  onHealthChange(listener: (healthy: boolean) => void): () => void {
    return this.#health.onHealthChange(listener);
  }

  async close(): Promise<void> {
    this.#health.stop();
    if (this.#db.status === 'open' || this.#db.status === 'opening') await this.#db.close();
  }
}
