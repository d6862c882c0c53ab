import type { Note } from '../../shared/board/types.ts';
import type { ErrorCode } from '../../shared/protocol/index.ts';
import { readCounts } from './ackResult.ts';
import type { WorkshopConnection } from './workshopConnection.ts';
import type { Outcome } from './workshopView.ts';

export interface ParticipationOptions {
  connection: Pick<WorkshopConnection, 'command'>;
  /** The public notes as the document has them now. */
  docNotes: () => Note[];
  /** Reports a failure to the person and returns it as a value. */
  failed: (error: ErrorCode) => { ok: false; error: ErrorCode };
}

/**
 * This person's own votes and "I'm done", changed at once and put back when the server refuses.
 * Nobody else sees them, so they travel over the socket, not in the document.
 */
export class Participation {
  /** boardId → noteId → votes. */
  myVotes = $state.raw<Record<string, Record<string, number>>>({});
  done = $state(false);
  readonly #options: ParticipationOptions;

  constructor(options: ParticipationOptions) {
    this.#options = options;
  }

  /** Votes this person has left on a board. */
  votesRemaining(boardId: string, votesPerParticipant: number): number {
    const used = Object.values(this.myVotes[boardId] ?? {}).reduce((a, b) => a + b, 0);
    return Math.max(0, votesPerParticipant - used);
  }

  votesOn(note: Note): number {
    return this.myVotes[note.boardId]?.[note.id] ?? 0;
  }

  async vote(noteId: string, delta: 1 | -1): Promise<Outcome> {
    const note = this.#options.docNotes().find((n) => n.id === noteId);
    if (!note) return this.#options.failed('NOTE_NOT_FOUND');
    const adjust = (by: number) => {
      const board = { ...(this.myVotes[note.boardId] ?? {}) };
      const next = Math.max(0, (board[noteId] ?? 0) + by);
      if (next > 0) board[noteId] = next;
      else delete board[noteId];
      this.myVotes = { ...this.myVotes, [note.boardId]: board };
    };
    adjust(delta);
    const { connection } = this.#options;
    const result = delta > 0 ? await connection.command('vote.cast', { noteId }) : await connection.command('vote.retract', { noteId });
    if (result.ok) {
      this.myVotes = { ...this.myVotes, [note.boardId]: readCounts(result.myVotes) };
      return { ok: true };
    }
    adjust(-delta);
    return this.#options.failed(result.error);
  }

  async setDone(done: boolean): Promise<Outcome> {
    const before = this.done;
    this.done = done;
    const result = await this.#options.connection.command('done.set', { done });
    if (result.ok) return { ok: true };
    this.done = before;
    return this.#options.failed(result.error);
  }
}
