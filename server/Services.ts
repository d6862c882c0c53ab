import type { DocumentRegistry } from './documents/DocumentRegistry.ts';
import type { Logger } from './logger.ts';
import type { DocumentStore, NoteOwnershipStore } from './storage/DocumentStore.ts';
import type { MergeRecordStore, PrivateNoteStore, QuotaStore, VoteStore } from './storage/FacilitationStore.ts';
import type { WorkshopStore } from './storage/WorkshopStore.ts';
import type { CommandReceiptStore } from './storage/CommandReceiptStore.ts';

/** Every store the server uses, chosen once in the composition root. */
export interface Stores {
  documents: DocumentStore;
  ownership: NoteOwnershipStore;
  workshops: WorkshopStore;
  privateNotes: PrivateNoteStore;
  votes: VoteStore;
  merges: MergeRecordStore;
  quotas: QuotaStore;
  /** First results of idempotent commands (a retried note.add creates nothing). */
  receipts: CommandReceiptStore;
}

/** What use cases share: stores, the loaded documents, clock, ids, log. */
export interface Services {
  stores: Stores;
  registry: DocumentRegistry;
  log: Logger;
  now: () => number;
  newId: () => string;
  publicUrl: string;
}
