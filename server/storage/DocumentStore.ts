/**
 * Durable storage of board documents as Yjs updates. Implementations: LevelDocumentStore
 * (embedded, DATA_DIR); a Redis one arrives with REDIS_URL support.
 */
export interface DocumentStore {
  /** The merged state (snapshot plus every appended update), or null for an unknown document. */
  load(docId: string): Promise<Uint8Array | null>;
  /** Appends one update; resolves only once it is durable. */
  append(docId: string, update: Uint8Array): Promise<void>;
  /** Folds the log into one snapshot without losing an update appended meanwhile. */
  compact(docId: string): Promise<void>;
  /** Number of log entries not yet folded into the snapshot. */
  logLength(docId: string): Promise<number>;
  delete(docId: string): Promise<void>;
  list(): Promise<string[]>;
}

/** Who wrote which note. Known to the server alone: never part of a document clients read. */
export interface NoteOwnershipStore {
  setOwner(boardId: string, noteId: string, participantId: string): Promise<void>;
  getOwner(boardId: string, noteId: string): Promise<string | null>;
  deleteOwner(boardId: string, noteId: string): Promise<void>;
  notesOwnedBy(boardId: string, participantId: string): Promise<string[]>;
  /** Every [noteId, participantId] of the workshop, by note id (for migrations and audits). */
  listOwners(workshopId: string): Promise<Array<[noteId: string, participantId: string]>>;
  /** Forgets who wrote every note of the workshop (the workshop is being deleted). */
  deleteWorkshop(workshopId: string): Promise<void>;
}
