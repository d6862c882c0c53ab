import type { CastVoteOutcome, VoteMove, VoteRecord, VoteStore } from '../FacilitationStore.ts';
import { voterThenNote } from '../recordOrder.ts';
import { KeyedMutex } from './KeyedMutex.ts';
import { MemberIndex } from './MemberIndex.ts';
import { type Db, SEP, SYNC, decodeJson, deletePrefix, encodeJson, key, range } from './levelDb.ts';

// v\0<workshopId>\0<boardId>\0<participantId>\0<noteId> → this participant's votes on the note (JSON number)
const boardPrefix = (workshopId: string, boardId: string) => key('v', workshopId, boardId, '');
const voteKey = (workshopId: string, boardId: string, participantId: string, noteId: string) =>
  key('v', workshopId, boardId, participantId, noteId);

type VoteWrite = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

/** Every change to one board's votes runs under that board's lock, so budgets hold within this process. */
export class LevelVoteStore implements VoteStore {
  readonly #db: Db;
  readonly #boards = new KeyedMutex();
  /** Who has votes on each board (`workshopId\0boardId`): a joining person without any reads nothing. */
  readonly #voters = new MemberIndex();

  constructor(db: Db) {
    this.#db = db;
  }

  cast(
    workshopId: string,
    boardId: string,
    participantId: string,
    noteId: string,
    limits: { budget: number; maxPerNote: number },
  ): Promise<CastVoteOutcome> {
    return this.#boards.run(key(workshopId, boardId), async () => {
      const mine = await this.votesOf(workshopId, boardId, participantId);
      const spent = Object.values(mine).reduce((sum, n) => sum + n, 0);
      if (spent >= limits.budget) return 'VOTE_BUDGET_EXCEEDED';
      const onNote = mine[noteId] ?? 0;
      if (onNote >= limits.maxPerNote) return 'VOTE_NOTE_MAX_REACHED';
      // Noted even when the write fails: it may have landed all the same (the index may only over-count).
      await this.#db.put(voteKey(workshopId, boardId, participantId, noteId), encodeJson(onNote + 1), SYNC).finally(() => this.#voters.wrote(key(workshopId, boardId), [participantId]));
      return 'ok';
    });
  }

  retract(workshopId: string, boardId: string, participantId: string, noteId: string): Promise<boolean> {
    return this.#boards.run(key(workshopId, boardId), async () => {
      const k = voteKey(workshopId, boardId, participantId, noteId);
      const stored = await this.#db.get(k);
      const count = stored === undefined ? 0 : decodeJson<number>(stored);
      if (count <= 0) return false;
      if (count === 1) await this.#db.del(k, SYNC);
      else await this.#db.put(k, encodeJson(count - 1), SYNC);
      return true;
    });
  }

  async votesOf(workshopId: string, boardId: string, participantId: string): Promise<Record<string, number>> {
    if (!(await this.#voters.mayHave(key(workshopId, boardId), participantId, () => this.#boardVoters(workshopId, boardId)))) return {};
    const prefix = key('v', workshopId, boardId, participantId, '');
    const votes: Record<string, number> = {};
    for await (const [k, value] of this.#db.iterator(range(prefix))) votes[k.slice(prefix.length)] = decodeJson<number>(value);
    return votes;
  }

  async totals(workshopId: string, boardId: string): Promise<Record<string, number>> {
    const totals: Record<string, number> = {};
    for (const vote of await this.#boardVotes(workshopId, boardId)) totals[vote.noteId] = (totals[vote.noteId] ?? 0) + vote.count;
    return totals;
  }

  moveVotes(workshopId: string, boardId: string, fromNoteId: string, toNoteId: string, maxPerNote: number): Promise<VoteMove[]> {
    if (fromNoteId === toNoteId) return Promise.resolve([]);
    return this.#boards.run(key(workshopId, boardId), async () => {
      const votes = await this.#boardVotes(workshopId, boardId);
      const writes: VoteWrite[] = [];
      const moves: VoteMove[] = [];
      for (const from of votes.filter((vote) => vote.noteId === fromNoteId)) {
        const onTarget = votes.find((vote) => vote.noteId === toNoteId && vote.participantId === from.participantId)?.count ?? 0;
        const kept = Math.min(maxPerNote, onTarget + from.count);
        writes.push({ type: 'del', key: voteKey(workshopId, boardId, from.participantId, fromNoteId) });
        writes.push({ type: 'put', key: voteKey(workshopId, boardId, from.participantId, toNoteId), value: encodeJson(kept) });
        moves.push({ participantId: from.participantId, moved: kept - onTarget, refunded: from.count - (kept - onTarget) });
      }
      await this.#batch(workshopId, boardId, writes);
      return moves;
    });
  }

  restoreVotes(
    workshopId: string,
    boardId: string,
    fromNoteId: string,
    toNoteId: string,
    moves: readonly VoteMove[],
    limits: { budget: number; maxPerNote: number },
  ): Promise<VoteMove[]> {
    return this.#boards.run(key(workshopId, boardId), async () => {
      const writes: VoteWrite[] = [];
      const restored: VoteMove[] = [];
      const put = (participantId: string, noteId: string, count: number) => {
        const k = voteKey(workshopId, boardId, participantId, noteId);
        writes.push(count > 0 ? { type: 'put', key: k, value: encodeJson(count) } : { type: 'del', key: k });
      };
      for (const move of moves) {
        const mine = await this.votesOf(workshopId, boardId, move.participantId);
        const onFrom = mine[fromNoteId] ?? 0;
        const onTo = mine[toNoteId] ?? 0;
        const spent = Object.values(mine).reduce((sum, n) => sum + n, 0);
        const take = Math.max(0, Math.min(move.moved, onFrom, limits.maxPerNote - onTo));
        const recast = Math.max(0, Math.min(move.refunded, limits.budget - spent, limits.maxPerNote - onTo - take));
        if (take + recast > 0) {
          put(move.participantId, fromNoteId, onFrom - take);
          put(move.participantId, toNoteId, onTo + take + recast);
        }
        restored.push({ participantId: move.participantId, moved: take, refunded: recast });
      }
      await this.#batch(workshopId, boardId, writes);
      return restored;
    });
  }

  mergeVoter(
    workshopId: string,
    boardId: string,
    fromParticipantId: string,
    intoParticipantId: string,
    limits: { budget: number; maxPerNote: number },
  ): Promise<{ moved: number; dropped: number }> {
    if (fromParticipantId === intoParticipantId) return Promise.resolve({ moved: 0, dropped: 0 });
    return this.#boards.run(key(workshopId, boardId), async () => {
      const from = await this.votesOf(workshopId, boardId, fromParticipantId);
      const into = await this.votesOf(workshopId, boardId, intoParticipantId);
      let spent = Object.values(into).reduce((sum, n) => sum + n, 0);
      let moved = 0;
      let dropped = 0;
      const writes: VoteWrite[] = [];
      for (const noteId of Object.keys(from).sort()) {
        const count = from[noteId] ?? 0;
        const onNote = into[noteId] ?? 0;
        const fits = Math.max(0, Math.min(count, limits.maxPerNote - onNote, limits.budget - spent));
        writes.push({ type: 'del', key: voteKey(workshopId, boardId, fromParticipantId, noteId) });
        if (fits > 0) writes.push({ type: 'put', key: voteKey(workshopId, boardId, intoParticipantId, noteId), value: encodeJson(onNote + fits) });
        spent += fits;
        moved += fits;
        dropped += count - fits;
      }
      await this.#batch(workshopId, boardId, writes);
      return { moved, dropped };
    });
  }

  dropNote(workshopId: string, boardId: string, noteId: string): Promise<void> {
    return this.#boards.run(key(workshopId, boardId), async () => {
      const votes = await this.#boardVotes(workshopId, boardId);
      const writes: VoteWrite[] = votes
        .filter((vote) => vote.noteId === noteId)
        .map((vote) => ({ type: 'del', key: voteKey(workshopId, boardId, vote.participantId, noteId) }));
      await this.#batch(workshopId, boardId, writes);
    });
  }

  async exportBoard(workshopId: string, boardId: string): Promise<VoteRecord[]> {
    return (await this.#boardVotes(workshopId, boardId)).sort(voterThenNote);
  }

  importBoard(workshopId: string, boardId: string, votes: VoteRecord[]): Promise<void> {
    return this.#boards.run(key(workshopId, boardId), async () => {
      const writes: VoteWrite[] = [];
      for await (const k of this.#db.keys(range(boardPrefix(workshopId, boardId)))) writes.push({ type: 'del', key: k });
      for (const vote of votes.filter((v) => v.count > 0)) {
        writes.push({ type: 'put', key: voteKey(workshopId, boardId, vote.participantId, vote.noteId), value: encodeJson(vote.count) });
      }
      await this.#batch(workshopId, boardId, writes);
    });
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    await deletePrefix(this.#db, key('v', workshopId, ''));
    this.#voters.forget(key(workshopId, ''));
  }

  /** Writes one board's changes at once and notes who may now have votes there. */
  async #batch(workshopId: string, boardId: string, writes: VoteWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const prefix = boardPrefix(workshopId, boardId);
    const voters = writes.filter((w) => w.type === 'put').map((w) => w.key.slice(prefix.length).split(SEP)[0]!);
    await this.#db.batch(writes, SYNC).finally(() => this.#voters.wrote(key(workshopId, boardId), voters));
  }

  async #boardVoters(workshopId: string, boardId: string): Promise<string[]> {
    const prefix = boardPrefix(workshopId, boardId);
    const voters: string[] = [];
    for await (const k of this.#db.keys(range(prefix))) voters.push(k.slice(prefix.length).split(SEP)[0]!);
    return voters;
  }

  async #boardVotes(workshopId: string, boardId: string): Promise<VoteRecord[]> {
    const prefix = boardPrefix(workshopId, boardId);
    const votes: VoteRecord[] = [];
    for await (const [k, value] of this.#db.iterator(range(prefix))) {
      const [participantId = '', noteId = ''] = k.slice(prefix.length).split(SEP);
      votes.push({ participantId, noteId, count: decodeJson<number>(value) });
    }
    return votes;
  }
}
