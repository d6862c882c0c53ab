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
  waitingIds,
  type NoteChange,
  type Pending,
  type ViewNote,
} from './optimistic.ts';
import type { WorkshopConnection } from './workshopConnection.ts';
import { editDraftKey, newNoteDraftKey, type NoteDrafts } from './noteDrafts.svelte.ts';
import type { NoteOutbox, OutboxAdd, OutboxEdit, OutboxEntry } from './noteOutbox.ts';
import type { Outcome } from './workshopView.ts';

type Ack = { ok: true } | { ok: false; error: ErrorCode };

export interface OptimisticNotesOptions {
  participantId: string;
  connection: Pick<WorkshopConnection, 'command'>;
  /** The public notes as the document has them now. */
  docNotes: () => Note[];
  /** Reports a failure to the person and returns it as a value. */
  failed: (error: ErrorCode) => { ok: false; error: ErrorCode };
  /** Where note commands wait for the server (IndexedDB). */
  outbox: NoteOutbox;
  /** Where a refused note's text goes back to. */
  drafts: NoteDrafts;
  /** The workshop is joined on the Socket.IO connection now. */
  isJoined: () => boolean;
}

/** Answers that say nothing about whether the command ran: the command stays queued and is sent again with its id. */
const UNANSWERED: ReadonlySet<ErrorCode> = new Set(['TIMEOUT', 'STORE_UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL', 'TOO_MANY_CONNECTIONS']);
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** 22 URL-safe characters: 132 random bits, inside the server's 16-64 bound. */
const COMMAND_ID_LENGTH = 22;
const tempIdOf = (commandId: string) => `pending-${commandId}`;

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
  /** The outbox's commands in sending order (the IndexedDB copy survives reloads). */
  #queue: OutboxEntry[] = [];
  #flushing = false;
  #flushAgain = false;
  #destroyed = false;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #retryDelay = RETRY_MIN_MS;

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
  #waitingIds = $derived(waitingIds(this.#pending));
  #waitingCount = $derived(this.#pending.adds.filter((a) => a.waiting && a.noteId === null).length + this.#pending.changes.filter((c) => c.waiting && c.ackedAt === null).length);
  #cells = $derived(notesByCell(this.notes, this.privateNotes, this.#pendingIds, this.#waitingIds));

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

  /**
   * Adds a note: shown at once, queued in the outbox (IndexedDB) with a fresh command id, and sent
   * when the workshop is joined. It is never dropped for want of an answer: a timeout or an outage
   * leaves it waiting, and it is sent again with the same id (the server applies it once). Only a
   * refusal (locked, phase, limit…) takes it out of the queue, and then its text goes back to the
   * cell's draft.
   */
  async add(boardId: string, row: string, column: string, text: string, colour: NoteColour, draft: NoteDraft): Promise<Outcome> {
    const entry: OutboxAdd = {
      kind: 'add',
      commandId: randomId(COMMAND_ID_LENGTH),
      scope: this.#options.outbox.scope,
      queuedAt: Date.now(),
      boardId,
      row,
      column,
      text: text.trim(),
      colour,
      authorName: draft.author?.name ?? null,
      authorAdministration: draft.author?.administration ?? null,
      private: draft.private,
      createdAt: draft.createdAt,
    };
    // Shown once it is stored: a note on the board marked waiting survives a reload.
    await this.#options.outbox.put(entry);
    this.#showAdd(entry, !this.#options.isJoined());
    this.#queue.push(entry);
    void this.#flush();
    return { ok: true };
  }

  /** Changes a note's text or colour through the outbox, like an add (a refused edit's text goes back to the note's draft). */
  async edit(noteId: string, changes: { text?: string; colour?: NoteColour }): Promise<Outcome> {
    const entry: OutboxEdit = { kind: 'edit', commandId: randomId(COMMAND_ID_LENGTH), scope: this.#options.outbox.scope, queuedAt: Date.now(), noteId };
    if (changes.text !== undefined) entry.text = changes.text.trim();
    if (changes.colour !== undefined) entry.colour = changes.colour;
    await this.#options.outbox.put(entry);
    this.#showEdit(entry, !this.#options.isJoined());
    this.#queue.push(entry);
    void this.#flush();
    return { ok: true };
  }

  /** Shows what the outbox still holds (after a reload) as waiting, and sends it once joined. */
  async loadOutbox(): Promise<void> {
    const entries = await this.#options.outbox.list();
    const known = new Set(this.#queue.map((e) => e.commandId));
    for (const entry of entries) {
      if (known.has(entry.commandId)) continue;
      if (entry.kind === 'add') this.#showAdd(entry, true);
      else this.#showEdit(entry, true);
      this.#queue.push(entry);
    }
    this.#queue.sort((a, b) => a.queuedAt - b.queuedAt);
    void this.#flush();
  }

  /** The connection went away or came back: queued commands show as waiting, and are sent on join. */
  connectionChanged(joined: boolean): void {
    if (!joined) {
      this.#markWaiting(new Set(this.#queue.map((e) => e.commandId)));
      return;
    }
    this.#retryDelay = RETRY_MIN_MS;
    void this.#flush();
  }

  /** Commands waiting for the server (queued and not acknowledged). */
  get waitingCount(): number {
    return this.#waitingCount;
  }

  #showAdd(entry: OutboxAdd, waiting: boolean): void {
    const { commandId: _c, scope: _s, queuedAt: _q, kind: _k, ...fields } = entry;
    this.#update((p) => ({ ...p, adds: [...p.adds, { ...fields, tempId: tempIdOf(entry.commandId), noteId: null, waiting }] }));
  }

  #showEdit(entry: OutboxEdit, waiting: boolean): void {
    const seq = ++this.#seq;
    const change: NoteChange = {};
    if (entry.text !== undefined) change.text = entry.text;
    if (entry.colour !== undefined) change.colour = entry.colour;
    const base = this.#options.docNotes().find((n) => n.id === entry.noteId) ?? this.#serverPrivate.find((n) => n.id === entry.noteId);
    this.#update((p) => ({
      ...p,
      changes: [...p.changes, { noteId: entry.noteId, seq, changes: change, baseUpdatedAt: base?.updatedAt ?? 0, ackedAt: null, commandId: entry.commandId, waiting }],
    }));
  }

  /** Sends the queue oldest first, one at a time; stops at the first command that got no answer and tries again later. */
  async #flush(): Promise<void> {
    if (this.#flushing) {
      this.#flushAgain = true;
      return;
    }
    this.#flushing = true;
    try {
      do {
        this.#flushAgain = false;
        while (this.#queue.length > 0) {
          if (this.#destroyed) return;
          if (!this.#options.isJoined()) {
            this.#markWaiting(new Set(this.#queue.map((e) => e.commandId)));
            return;
          }
          const entry = this.#queue[0]!;
          const sent = await this.#send(entry);
          if (!sent) {
            this.#markWaiting(new Set(this.#queue.map((e) => e.commandId)));
            this.#retryLater();
            return;
          }
          this.#queue = this.#queue.filter((e) => e.commandId !== entry.commandId);
        }
      } while (this.#flushAgain);
    } finally {
      this.#flushing = false;
    }
  }

  /** One send: true when the server answered (applied or refused), false when it did not (kept, sent again later). */
  #send(entry: OutboxEntry): Promise<boolean> {
    return entry.kind === 'add' ? this.#sendAdd(entry) : this.#sendEdit(entry);
  }

  async #sendAdd(entry: OutboxAdd): Promise<boolean> {
    const { boardId, row, column, text, colour, commandId } = entry;
    const result = await this.#options.connection.command('note.add', { boardId, row, column, text, colour, commandId });
    if (!result.ok && UNANSWERED.has(result.error)) return false;
    this.#retryDelay = RETRY_MIN_MS;
    await this.#options.outbox.remove(commandId);
    const tempId = tempIdOf(commandId);
    if (result.ok) {
      this.#own.add(result.noteId);
      this.#update((p) => ({
        ...p,
        adds: p.adds.map((a) => (a.tempId === tempId ? { ...a, noteId: result.noteId, private: result.private, waiting: false } : a)),
      }));
      this.settle();
      return true;
    }
    this.#update((p) => ({ ...p, adds: p.adds.filter((a) => a.tempId !== tempId) }));
    this.#options.drafts.restore(newNoteDraftKey(boardId, row, column), text, colour);
    this.#options.failed(result.error);
    return true;
  }

  async #sendEdit(entry: OutboxEdit): Promise<boolean> {
    const { noteId, commandId } = entry;
    const result = await this.#options.connection.command('note.edit', {
      noteId,
      ...(entry.text !== undefined ? { text: entry.text } : {}),
      ...(entry.colour !== undefined ? { colour: entry.colour } : {}),
      commandId,
    });
    if (!result.ok && UNANSWERED.has(result.error)) return false;
    this.#retryDelay = RETRY_MIN_MS;
    await this.#options.outbox.remove(commandId);
    if (result.ok) {
      this.#update((p) => ({ ...p, changes: p.changes.map((c) => (c.commandId === commandId ? { ...c, ackedAt: Date.now(), waiting: false } : c)) }));
      this.#settleSoon();
      return true;
    }
    const current = this.#options.docNotes().find((n) => n.id === noteId) ?? this.#serverPrivate.find((n) => n.id === noteId);
    this.#update((p) => ({ ...p, changes: p.changes.filter((c) => c.commandId !== commandId) }));
    if (current && result.error !== 'NOTE_NOT_FOUND') this.#options.drafts.restore(editDraftKey(noteId), entry.text ?? current.text, entry.colour ?? current.colour);
    this.#options.failed(result.error);
    return true;
  }

  #markWaiting(commandIds: ReadonlySet<string>): void {
    const tempIds = new Set([...commandIds].map(tempIdOf));
    if (!this.#pending.adds.some((a) => tempIds.has(a.tempId) && !a.waiting) && !this.#pending.changes.some((c) => c.commandId && commandIds.has(c.commandId) && !c.waiting)) return;
    this.#update((p) => ({
      ...p,
      adds: p.adds.map((a) => (tempIds.has(a.tempId) && a.noteId === null ? { ...a, waiting: true } : a)),
      changes: p.changes.map((c) => (c.commandId && commandIds.has(c.commandId) && c.ackedAt === null ? { ...c, waiting: true } : c)),
    }));
  }

  /** Tries again after a growing pause (1 s doubling to 30 s); joining again tries at once. */
  #retryLater(): void {
    if (this.#retryTimer || this.#destroyed) return;
    const delay = this.#retryDelay;
    this.#retryDelay = Math.min(this.#retryDelay * 2, RETRY_MAX_MS);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#flush();
    }, delay);
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
    this.#destroyed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
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
