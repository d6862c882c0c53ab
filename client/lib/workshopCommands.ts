import type {
  AddActionPayload,
  AddBoardPayload,
  ConfigureVotingPayload,
  EditActionPayload,
  ErrorCode,
  SetPhasePayload,
  SetSpotlightPayload,
  StartTimerPayload,
} from '../../shared/protocol/index.ts';
import type { WorkshopConnection } from './workshopConnection.ts';
import type { Outcome } from './workshopView.ts';

type Ack = { ok: true } | { ok: false; error: ErrorCode };

/**
 * The commands that keep no optimistic state: groups and facilitation. The ack is the whole answer
 * and the document brings the change.
 */
export abstract class WorkshopCommands {
  protected abstract readonly connection: Pick<WorkshopConnection, 'command'>;
  /** Reports a failure to the person and returns it as a value. */
  protected abstract failed(error: ErrorCode): { ok: false; error: ErrorCode };

  /** Takes a stacked note out of its stack, or unstacks every note of a stack given its top. */
  unmergeNote(noteId: string): Promise<Outcome> {
    return this.#ack(this.connection.command('note.unmerge', { noteId }));
  }

  /** Makes an action item of a note (its text, on its row), linked back to it. */
  actionFromNote(noteId: string): Promise<Outcome> {
    return this.#ack(this.connection.command('action.fromNote', { noteId }));
  }

  createGroup(boardId: string, row: string, column: string, name: string, noteIds: string[]): Promise<Outcome> {
    return this.#ack(this.connection.command('group.create', { boardId, row, column, name: name.trim(), noteIds }));
  }

  renameGroup(groupId: string, name: string): Promise<Outcome> {
    return this.#ack(this.connection.command('group.rename', { groupId, name: name.trim() }));
  }

  deleteGroup(groupId: string): Promise<Outcome> {
    return this.#ack(this.connection.command('group.delete', { groupId }));
  }

  setPhase(payload: SetPhasePayload): Promise<Outcome> {
    return this.#ack(this.connection.command('phase.set', payload));
  }

  configureVoting(payload: ConfigureVotingPayload): Promise<Outcome> {
    return this.#ack(this.connection.command('voting.configure', payload));
  }

  setNoteLimit(notesPerParticipant: number): Promise<Outcome> {
    return this.#ack(this.connection.command('notes.setLimit', { notesPerParticipant }));
  }

  startTimer(payload: StartTimerPayload): Promise<Outcome> {
    return this.#ack(this.connection.command('timer.start', payload));
  }

  pauseTimer(): Promise<Outcome> {
    return this.#ack(this.connection.command('timer.pause', {}));
  }

  resumeTimer(): Promise<Outcome> {
    return this.#ack(this.connection.command('timer.resume', {}));
  }

  addTimerMinute(): Promise<Outcome> {
    return this.#ack(this.connection.command('timer.addMinute', {}));
  }

  stopTimer(): Promise<Outcome> {
    return this.#ack(this.connection.command('timer.stop', {}));
  }

  setLock(locked: boolean): Promise<Outcome> {
    return this.#ack(this.connection.command('lock.set', { locked }));
  }

  setSpotlight(spotlight: SetSpotlightPayload['spotlight']): Promise<Outcome> {
    return this.#ack(this.connection.command('spotlight.set', { spotlight }));
  }

  addAction(payload: AddActionPayload): Promise<Outcome> {
    return this.#ack(this.connection.command('action.add', payload));
  }

  editAction(payload: EditActionPayload): Promise<Outcome> {
    return this.#ack(this.connection.command('action.edit', payload));
  }

  deleteAction(actionId: string): Promise<Outcome> {
    return this.#ack(this.connection.command('action.delete', { actionId }));
  }

  setSummary(boardId: string, text: string): Promise<Outcome> {
    return this.#ack(this.connection.command('summary.set', { boardId, text }));
  }

  addBoard(payload: AddBoardPayload): Promise<Outcome> {
    return this.#ack(this.connection.command('board.add', payload));
  }

  setCurrentBoard(boardId: string): Promise<Outcome> {
    return this.#ack(this.connection.command('board.setCurrent', { boardId }));
  }

  freeze(): Promise<Outcome> {
    return this.#ack(this.connection.command('workshop.freeze', {}));
  }

  reopen(): Promise<Outcome> {
    return this.#ack(this.connection.command('workshop.reopen', {}));
  }

  allowObserversToExport(allowed: boolean): Promise<Outcome> {
    return this.#ack(this.connection.command('export.allowObservers', { allowed }));
  }

  async #ack(pending: Promise<Ack>): Promise<Outcome> {
    const result = await pending;
    return result.ok ? { ok: true } : this.failed(result.error);
  }
}
