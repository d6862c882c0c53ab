import { SvelteSet } from 'svelte/reactivity';
import type { Note, NoteColour } from '../../shared/board/types.ts';
import type { ErrorCode } from '../../shared/protocol/index.ts';
import type { PrivateNote } from '../../shared/protocol/workshopTypes.ts';
import {
  applyPending,
  cellKey,
  NO_PENDING,
  notesByCell,
  pendingAddNotes,
  pendingIds,
  randomId,
  settle,
  SETTLE_GRACE_MS,
  type NoteChange,
  type Pending,
  type ViewNote,
} from './optimistic.ts';
import type { WorkshopConnection } from './workshopConnection.ts';
import type { Outcome } from './workshopView.ts';

type Ack = { ok: true } | { ok: false; error: ErrorCode };

export interface OptimisticNotesOptions {
  participantId: string;
  connection: Pick<WorkshopConnection, 'command'>;
  /** The public notes as the document has them now. */
  docNotes: () => Note[];
  /** Reports a failure to the person and returns it as a value. */
  failed: (error: ErrorCode) => { ok: false; error: ErrorCode };
}

/** How a new note is shown before the server has answered. */
export interface NoteDraft {
  author: { name: string; administration: string } | null;
  private: boolean;
  createdAt: number;
}

const EMPTY_CELL: readonly ViewNote[] = [];

/**
 * Note commands shown at once: each change is kept beside the document (and beside this person's
 * hidden notes) until the ack and the document agree, then dropped.
 */
export class OptimisticNotes {
  #serverPrivate = $state.raw<PrivateNote[]>([]);
  #pending = $state.raw<Pending>(NO_PENDING);
  readonly #own = new SvelteSet<string>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #seq = 0;
  readonly #options: OptimisticNotesOptions;

  constructor(options: OptimisticNotesOptions) {
    this.#options = options;
  }

  notes = $derived.by((): Note[] => {
    const docNotes = this.#options.docNotes();
    const shown = applyPending(docNotes, this.#pending);
    const present = new Set(docNotes.map((n) => n.id));
    const adds = pendingAddNotes(this.#pending, present, false);
    return adds.length > 0 ? [...shown, ...adds] : shown;
  });

  privateNotes = $derived.by((): PrivateNote[] => {
    // At reveal the notes reach the document before the private list is emptied: the document wins.
    const onBoard = new Set(this.#options.docNotes().map((n) => n.id));
    const hidden = this.#serverPrivate.filter((n) => !onBoard.has(n.id));
    const shown = applyPending(hidden, this.#pending) as PrivateNote[];
    const present = new Set([...hidden.map((n) => n.id), ...onBoard]);
    const adds = pendingAddNotes(this.#pending, present, true).map((n) => ({ ...n, ownerId: this.#options.participantId }));
    return adds.length > 0 ? [...shown, ...adds] : shown;
  });

  #pendingIds = $derived(pendingIds(this.#pending));
  #cells = $derived(notesByCell(this.notes, this.privateNotes, this.#pendingIds));

  /** What the server said on join: the notes this person wrote and their hidden ones. */
  joined(ownNoteIds: readonly string[], privateNotes: PrivateNote[]): void {
    for (const id of ownNoteIds) this.#own.add(id);
    this.setPrivate(privateNotes);
  }

  setPrivate(notes: PrivateNote[]): void {
    this.#serverPrivate = notes;
    this.settle();
  }

  /** The notes of one cell, public and this person's hidden ones, oldest first. */
  cellNotes(boardId: string, row: string, column: string): readonly ViewNote[] {
    return this.#cells.get(cellKey(boardId, row, column)) ?? EMPTY_CELL;
  }

  isPending(noteId: string): boolean {
    return this.#pendingIds.has(noteId);
  }

  isOwn(noteId: string): boolean {
    return this.#own.has(noteId) || this.#serverPrivate.some((n) => n.id === noteId);
  }

  /** The note was added here and the server has not confirmed it yet. */
  isUnconfirmed(noteId: string): boolean {
    return this.isPending(noteId) && !this.#options.docNotes().some((n) => n.id === noteId) && !this.#serverPrivate.some((n) => n.id === noteId);
  }

  async add(boardId: string, row: string, column: string, text: string, colour: NoteColour, draft: NoteDraft): Promise<Outcome> {
    const tempId = `pending-${randomId(12)}`;
    const trimmed = text.trim();
    this.#update((p) => ({
      ...p,
      adds: [
        ...p.adds,
        {
          tempId,
          boardId,
          row,
          column,
          text: trimmed,
          colour,
          authorName: draft.author?.name ?? null,
          authorAdministration: draft.author?.administration ?? null,
          private: draft.private,
          createdAt: draft.createdAt,
          noteId: null,
        },
      ],
    }));
    const result = await this.#options.connection.command('note.add', { boardId, row, column, text: trimmed, colour });
    if (result.ok) {
      this.#own.add(result.noteId);
      this.#update((p) => ({
        ...p,
        adds: p.adds.map((a) => (a.tempId === tempId ? { ...a, noteId: result.noteId, private: result.private } : a)),
      }));
      this.settle();
      return { ok: true };
    }
    this.#update((p) => ({ ...p, adds: p.adds.filter((a) => a.tempId !== tempId) }));
    return this.#options.failed(result.error);
  }

  edit(noteId: string, changes: { text?: string; colour?: NoteColour }): Promise<Outcome> {
    const change: NoteChange = {};
    if (changes.text !== undefined) change.text = changes.text.trim();
    if (changes.colour !== undefined) change.colour = changes.colour;
    return this.#change(noteId, change, () => this.#options.connection.command('note.edit', { noteId, ...change }));
  }

  move(noteId: string, row: string, column: string): Promise<Outcome> {
    return this.#change(noteId, { row, column, groupId: null }, () => this.#options.connection.command('note.move', { noteId, row, column }));
  }

  setGroup(noteId: string, groupId: string | null): Promise<Outcome> {
    return this.#change(noteId, { groupId }, () => this.#options.connection.command('note.setGroup', { noteId, groupId }));
  }

  delete(noteId: string): Promise<Outcome> {
    return this.#delete([noteId], () => this.#options.connection.command('note.delete', { noteId }));
  }

  merge(targetId: string, sourceIds: string[]): Promise<Outcome> {
    const sources = sourceIds.filter((id) => id !== targetId);
    return this.#delete(sources, () => this.#options.connection.command('note.merge', { targetId, sourceIds: sources }));
  }

  /** Drops the pending changes that the document (or the hidden list) now shows. */
  settle(): void {
    const known = new Map<string, Note>();
    for (const n of this.#options.docNotes()) known.set(n.id, n);
    for (const n of this.#serverPrivate) known.set(n.id, n);
    const next = settle(this.#pending, known, Date.now());
    if (next !== this.#pending) this.#pending = next;
  }

  destroy(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  async #change(noteId: string, changes: NoteChange, send: () => Promise<Ack>): Promise<Outcome> {
    const seq = ++this.#seq;
    const base = this.#options.docNotes().find((n) => n.id === noteId) ?? this.#serverPrivate.find((n) => n.id === noteId);
    this.#update((p) => ({ ...p, changes: [...p.changes, { noteId, seq, changes, baseUpdatedAt: base?.updatedAt ?? 0, ackedAt: null }] }));
    const result = await send();
    if (result.ok) {
      this.#update((p) => ({ ...p, changes: p.changes.map((c) => (c.seq === seq ? { ...c, ackedAt: Date.now() } : c)) }));
      this.#settleSoon();
      return { ok: true };
    }
    this.#update((p) => ({ ...p, changes: p.changes.filter((c) => c.seq !== seq) }));
    return this.#options.failed(result.error);
  }

  async #delete(noteIds: string[], send: () => Promise<Ack>): Promise<Outcome> {
    const ids = new Set(noteIds);
    this.#update((p) => ({ ...p, deletes: [...p.deletes.filter((d) => !ids.has(d.noteId)), ...noteIds.map((noteId) => ({ noteId, ackedAt: null }))] }));
    const result = await send();
    if (result.ok || (result.error === 'NOTE_NOT_FOUND' && noteIds.length === 1)) {
      const at = Date.now();
      this.#update((p) => ({ ...p, deletes: p.deletes.map((d) => (ids.has(d.noteId) ? { ...d, ackedAt: at } : d)) }));
      this.#settleSoon();
      return { ok: true };
    }
    this.#update((p) => ({ ...p, deletes: p.deletes.filter((d) => !ids.has(d.noteId)) }));
    return this.#options.failed(result.error);
  }

  #update(change: (pending: Pending) => Pending): void {
    this.#pending = change(this.#pending);
  }

  /** Settles now, and again once the grace period has passed (in case the document never shows it). */
  #settleSoon(): void {
    this.settle();
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.settle();
    }, SETTLE_GRACE_MS + 50);
    this.#timers.add(timer);
  }
}
