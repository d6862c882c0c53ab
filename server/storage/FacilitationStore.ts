import type { PrivateNote } from '../../shared/protocol/workshopTypes.ts';

/** Notes written while writing is private: on the server only, until reveal. */
export interface PrivateNoteStore {
  put(workshopId: string, note: PrivateNote): Promise<void>;
  get(workshopId: string, noteId: string): Promise<PrivateNote | null>;
  delete(workshopId: string, noteId: string): Promise<void>;
  listAll(workshopId: string): Promise<PrivateNote[]>;
}

/** One participant's votes on one note. */
export interface VoteRecord {
  participantId: string;
  noteId: string;
  count: number;
}

/** One voter's votes moved by a merge: `moved` landed on the kept note, `refunded` went back to the budget. */
export interface VoteMove {
  participantId: string;
  moved: number;
  refunded: number;
}

export type CastVoteOutcome = 'ok' | 'VOTE_BUDGET_EXCEEDED' | 'VOTE_NOTE_MAX_REACHED';

/**
 * Who voted for what: server-only. `cast` is atomic (also across nodes) so that a budget holds
 * when one participant votes from several tabs or nodes at once.
 */
export interface VoteStore {
  cast(
    workshopId: string,
    boardId: string,
    participantId: string,
    noteId: string,
    limits: { budget: number; maxPerNote: number },
  ): Promise<CastVoteOutcome>;
  /** Removes one of this participant's votes on the note; false when there was none. */
  retract(workshopId: string, boardId: string, participantId: string, noteId: string): Promise<boolean>;
  /** noteId → this participant's votes on one board. */
  votesOf(workshopId: string, boardId: string, participantId: string): Promise<Record<string, number>>;
  /** noteId → total votes on one board. */
  totals(workshopId: string, boardId: string): Promise<Record<string, number>>;
  /**
   * Moves every vote on `fromNoteId` to `toNoteId` (merging duplicates), still within each person's
   * per-note maximum (the excess goes back to their budget). Returns what moved, per voter.
   */
  moveVotes(workshopId: string, boardId: string, fromNoteId: string, toNoteId: string, maxPerNote: number): Promise<VoteMove[]>;
  /**
   * Undoes `moveVotes` as far as the rules allow, atomically: per voter, up to `moved` votes come back
   * from `fromNoteId` (no more than the voter still has there), and up to `refunded` are cast again on
   * `toNoteId` only within the voter's remaining budget; both within the per-note maximum. Returns what
   * came back (`moved`: taken from the top, `refunded`: cast again).
   */
  restoreVotes(
    workshopId: string,
    boardId: string,
    fromNoteId: string,
    toNoteId: string,
    moves: readonly VoteMove[],
    limits: { budget: number; maxPerNote: number },
  ): Promise<VoteMove[]>;
  /** Drops every vote on a deleted note (their budget is given back). */
  dropNote(workshopId: string, boardId: string, noteId: string): Promise<void>;
  /** Every vote on one board, by participant then note (for migrations and audits). */
  exportBoard(workshopId: string, boardId: string): Promise<VoteRecord[]>;
  /** Replaces every vote on one board with `votes` (one record per participant and note; budgets spent follow from them); no limit is checked. */
  importBoard(workshopId: string, boardId: string, votes: VoteRecord[]): Promise<void>;
}

/**
 * Counters with limits, atomic (also across nodes): notes per participant per board, join-code tries
 * per address. A counter with `windowMs` expires that long after its first increment.
 */
export interface QuotaStore {
  /** Adds one unless that would pass `limit`; returns whether it did. */
  tryIncrement(key: string, limit: number, windowMs?: number): Promise<boolean>;
  decrement(key: string): Promise<void>;
  get(key: string): Promise<number>;
}

/**
 * What one merge changed, kept on the server (it names voters) so the merge can be undone: where the
 * note sat before it went under `targetId`, and the votes that moved with it.
 */
export interface MergeRecord {
  noteId: string;
  targetId: string;
  boardId: string;
  row: string;
  column: string;
  groupId: string | null;
  votes: VoteMove[];
  mergedAt: number;
}

/** Merge records per workshop, keyed by the merged note's id. */
export interface MergeRecordStore {
  put(workshopId: string, record: MergeRecord): Promise<void>;
  get(workshopId: string, noteId: string): Promise<MergeRecord | null>;
  delete(workshopId: string, noteId: string): Promise<void>;
}
