import type { CastVoteOutcome, VoteMove, VoteRecord, VoteStore } from '../FacilitationStore.ts';
import { voterThenNote } from '../recordOrder.ts';
import type { RedisConnection } from './redisClient.ts';
import type { RedisKeys } from './redisKeys.ts';
import { globLiteral, scanKeys } from './scanKeys.ts';

const SEP = '\u0000';

/** One hash per board; every change is one Lua script (see redisScripts.ts), so budgets hold across nodes. */
export class RedisVoteStore implements VoteStore {
  readonly #redis: RedisConnection;
  readonly #keys: RedisKeys;

  constructor(redis: RedisConnection, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  cast(
    workshopId: string,
    boardId: string,
    participantId: string,
    noteId: string,
    limits: { budget: number; maxPerNote: number },
  ): Promise<CastVoteOutcome> {
    const board = this.#keys.votes(workshopId, boardId);
    return this.#redis.run((client) => client.castVote(board, participantId, noteId, limits.budget, limits.maxPerNote));
  }

  async retract(workshopId: string, boardId: string, participantId: string, noteId: string): Promise<boolean> {
    const board = this.#keys.votes(workshopId, boardId);
    return (await this.#redis.run((client) => client.retractVote(board, participantId, noteId))) === 1;
  }

  async votesOf(workshopId: string, boardId: string, participantId: string): Promise<Record<string, number>> {
    return this.#fields(workshopId, boardId, `n${SEP}${participantId}${SEP}`);
  }

  async totals(workshopId: string, boardId: string): Promise<Record<string, number>> {
    return this.#fields(workshopId, boardId, `t${SEP}`);
  }

  async moveVotes(workshopId: string, boardId: string, fromNoteId: string, toNoteId: string, maxPerNote: number): Promise<VoteMove[]> {
    if (fromNoteId === toNoteId) return [];
    const board = this.#keys.votes(workshopId, boardId);
    return this.#redis.run((client) => client.moveVotes(board, fromNoteId, toNoteId, maxPerNote));
  }

  async restoreVotes(
    workshopId: string,
    boardId: string,
    fromNoteId: string,
    toNoteId: string,
    moves: readonly VoteMove[],
    limits: { budget: number; maxPerNote: number },
  ): Promise<VoteMove[]> {
    if (moves.length === 0 || fromNoteId === toNoteId) return [];
    const board = this.#keys.votes(workshopId, boardId);
    return this.#redis.run((client) => client.restoreVotes(board, fromNoteId, toNoteId, limits, moves));
  }

  async mergeVoter(
    workshopId: string,
    boardId: string,
    fromParticipantId: string,
    intoParticipantId: string,
    limits: { budget: number; maxPerNote: number },
  ): Promise<{ moved: number; dropped: number }> {
    if (fromParticipantId === intoParticipantId) return { moved: 0, dropped: 0 };
    const board = this.#keys.votes(workshopId, boardId);
    return this.#redis.run((client) => client.mergeVoter(board, fromParticipantId, intoParticipantId, limits.budget, limits.maxPerNote));
  }

  async dropNote(workshopId: string, boardId: string, noteId: string): Promise<void> {
    const board = this.#keys.votes(workshopId, boardId);
    await this.#redis.run((client) => client.dropNoteVotes(board, noteId));
  }

  async exportBoard(workshopId: string, boardId: string): Promise<VoteRecord[]> {
    const votes: VoteRecord[] = [];
    for (const [rest, count] of Object.entries(await this.#fields(workshopId, boardId, `n${SEP}`))) {
      const [participantId = '', noteId = ''] = rest.split(SEP);
      votes.push({ participantId, noteId, count });
    }
    return votes.sort(voterThenNote);
  }

  /** One MULTI: the board's hash is replaced with the votes, each voter's spent budget and each note's total. */
  async importBoard(workshopId: string, boardId: string, votes: VoteRecord[]): Promise<void> {
    const fields: Record<string, string> = {};
    const add = (field: string, count: number) => (fields[field] = String(Number(fields[field] ?? 0) + count));
    for (const vote of votes.filter((v) => v.count > 0)) {
      add(`n${SEP}${vote.participantId}${SEP}${vote.noteId}`, vote.count);
      add(`s${SEP}${vote.participantId}`, vote.count);
      add(`t${SEP}${vote.noteId}`, vote.count);
    }
    const board = this.#keys.votes(workshopId, boardId);
    await this.#redis.run((client) => {
      const multi = client.multi().del(board);
      if (Object.keys(fields).length > 0) multi.hSet(board, fields);
      return multi.execTyped();
    });
  }

  /** The board's fields that start with `prefix`, keyed by the rest of the field name. */
  async #fields(workshopId: string, boardId: string, prefix: string): Promise<Record<string, number>> {
    const all = await this.#redis.run((client) => client.hGetAll(this.#keys.votes(workshopId, boardId)));
    const found: Record<string, number> = {};
    for (const [field, value] of Object.entries(all)) {
      if (field.startsWith(prefix)) found[field.slice(prefix.length)] = Number(value);
    }
    return found;
  }

  /** Every board's hash of the workshop, found by SCAN (board ids are not indexed). */
  async deleteWorkshop(workshopId: string): Promise<void> {
    const boards = await scanKeys(this.#redis, `${globLiteral(this.#keys.votes(workshopId, ''))}*`);
    if (boards.length > 0) await this.#redis.run((client) => client.del(boards));
  }
}
