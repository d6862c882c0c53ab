import type { Durability } from './DocumentStore.ts';
import type { PrivateNote } from '../../shared/protocol/workshopTypes.ts';

/** Notes written while writing is private: on the server only, until reveal. */
export interface PrivateNoteStore {
  put(workshopId: string, note: PrivateNote): Promise<void>;
  get(workshopId: string, noteId: string): Promise<PrivateNote | null>;
  delete(workshopId: string, noteId: string): Promise<void>;
  listAll(workshopId: string): Promise<PrivateNote[]>;
  /** Forgets every hidden note of the workshop (the workshop is being deleted). */
  deleteWorkshop(workshopId: string): Promise<void>;
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
  /**
   * Moves every vote of `fromParticipantId` to `intoParticipantId` (one person's duplicate session),
   * keeping the survivor within the budget and the per-note maximum: votes that do not fit are
   * dropped. Atomic, also across nodes.
   */
  mergeVoter(
    workshopId: string,
    boardId: string,
    fromParticipantId: string,
    intoParticipantId: string,
    limits: { budget: number; maxPerNote: number },
  ): Promise<{ moved: number; dropped: number }>;
  /** Drops every vote on a deleted note (their budget is given back). */
  dropNote(workshopId: string, boardId: string, noteId: string): Promise<void>;
  /** Every vote on one board, by participant then note (for migrations and audits). */
  exportBoard(workshopId: string, boardId: string): Promise<VoteRecord[]>;
  /** Replaces every vote on one board with `votes` (one record per participant and note; budgets spent follow from them); no limit is checked. */
  importBoard(workshopId: string, boardId: string, votes: VoteRecord[]): Promise<void>;
  /** Forgets every vote on every board of the workshop (the workshop is being deleted). */
  deleteWorkshop(workshopId: string): Promise<void>;
}

/**
 * Counters with limits, atomic (also across nodes): notes per participant per board, join-code tries
 * per address. A counter with `windowMs` expires that long after its first increment. A counter that
 * belongs to one workshop is named `<kind>:<workshopId>:…`, so deleting the workshop finds it.
 */
export interface QuotaStore {
  /** Adds one unless that would pass `limit`; returns whether it did. */
  tryIncrement(key: string, limit: number, windowMs?: number, durability?: Durability): Promise<boolean>;
  decrement(key: string): Promise<void>;
  get(key: string): Promise<number>;
  /**
   * Adds one to every counter of a fixed window unless one of them is at its limit; then none is
   * counted. Returns the index of the counter that refused, or -1 when all were counted.
   */
  tryIncrementAll(counters: readonly QuotaCounter[], windowMs: number): Promise<number>;
  /**
   * Leases: sets of members (open connections) that expire `ttlMs` after their last renewal, so a
   * crashed node's connections stop counting. Adds `member` to every set unless one is full; returns
   * the index of the set that refused, or -1.
   */
  acquireLease(sets: readonly QuotaCounter[], member: string, ttlMs: number): Promise<number>;
  /** Extends `member`'s lease in every set (taking it again where it was lost, e.g. while the store was away). */
  renewLease(sets: readonly string[], member: string, ttlMs: number): Promise<void>;
  releaseLease(sets: readonly string[], member: string): Promise<void>;
  /** Forgets every counter named `<kind>:<workshopId>:…` (the workshop is being deleted). */
  deleteWorkshop(workshopId: string): Promise<void>;
  /** Live leases in a set (open connections of a session or an address, every node). */
  leaseCount(set: string): Promise<number>;
}

/** Whether a counter's name says it belongs to the workshop (`<kind>:<workshopId>:…`). */
export function isWorkshopCounter(name: string, workshopId: string): boolean {
  return name.split(':')[1] === workshopId;
}

/** A counter (or lease set) and the most it may hold. */
export interface QuotaCounter {
  key: string;
  limit: number;
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
  /** Forgets every merge record of a workshop (the workshop is being deleted). */
  deleteWorkshop(workshopId: string): Promise<void>;
}
