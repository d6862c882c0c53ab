/**
 * Durable storage of board documents as Yjs updates. Implementations: LevelDocumentStore
 * (embedded, DATA_DIR); a Redis one arrives with REDIS_URL support.
 */
export interface DocumentStore {
  /** The merged state (snapshot plus every appended update), or null for an unknown document. */
  load(docId: string): Promise<Uint8Array | null>;
  /** The merged state with the document's append sequence, read together; null for an unknown document. */
  read(docId: string): Promise<StoredDocument | null>;
  /**
   * Appends one update; resolves only once it is durable, with the document's append sequence after
   * it (null when the store keeps none). A sequence not above one seen before means the store went
   * back in time (a Redis restored from an older file, or a failover to a lagging replica).
   */
  append(docId: string, update: Uint8Array): Promise<number | null>;
  /** Folds the log into one snapshot without losing an update appended meanwhile. */
  compact(docId: string): Promise<void>;
  /** Number of log entries not yet folded into the snapshot. */
  logLength(docId: string): Promise<number>;
  delete(docId: string): Promise<void>;
  list(): Promise<string[]>;
}

export interface StoredDocument {
  state: Uint8Array;
  /** Appends ever made to the document (Redis); null when the store keeps no sequence (embedded). */
  sequence: number | null;
}

/**
 * When a write must be on disk: `now` (before it resolves), or `withNextWrite` when the caller makes a
 * durable write right after it (the note's append) and this one may ride on it: the embedded store's
 * log is sequential, so its next synced write makes this one durable too. One sync instead of three
 * per note. Stores whose every write is durable the same way (Redis) treat both alike.
 */
export type Durability = 'now' | 'withNextWrite';

/** Who wrote which note. Known to the server alone: never part of a document clients read. */
export interface NoteOwnershipStore {
  setOwner(boardId: string, noteId: string, participantId: string, durability?: Durability): Promise<void>;
  getOwner(boardId: string, noteId: string): Promise<string | null>;
  deleteOwner(boardId: string, noteId: string): Promise<void>;
  notesOwnedBy(boardId: string, participantId: string): Promise<string[]>;
  /** Every [noteId, participantId] of the workshop, by note id (for migrations and audits). */
  listOwners(workshopId: string): Promise<Array<[noteId: string, participantId: string]>>;
  /** Forgets who wrote every note of the workshop (the workshop is being deleted). */
  deleteWorkshop(workshopId: string): Promise<void>;
}
