import { SvelteSet } from 'svelte/reactivity';
import type { FactorKey } from '../../shared/factors.ts';
import type { BoardColumn, Note, NoteColour } from '../../shared/board/types.ts';
import type { ErrorCode } from '../../shared/protocol/errors.ts';
import type { PresencePerson } from '../../shared/protocol/events.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { Identity } from './identity.ts';
import { randomId } from './identity.ts';
import { BoardConnection } from './boardConnection.ts';
import { BoardReplica, yjsServerUrl, type ChannelState } from './boardReplica.ts';
import { buildView, cellKey, NO_PENDING, settle, type Pending, type ViewNote } from './optimistic.ts';

export type ConnectionStatus = ChannelState;

export interface BoardSessionOptions {
  boardId: string;
  identity: Identity;
  language: Language;
  /** Told about every failure the person should see (already translated by the caller). */
  onError: (code: ErrorCode) => void;
}

/** What a command reports back to the component that issued it. */
export type CommandOutcome = { ok: true } | { ok: false; error: ErrorCode };

const EMPTY: readonly ViewNote[] = [];

/**
 * One person's live view of one board. Components read its state and call its methods; it owns
 * the Socket.IO connection (commands, presence) and the read-only Y.Doc replica (notes), and keeps
 * optimistic changes beside the document until the server's ack and the document agree.
 */
export class BoardSession {
  readonly boardId: string;
  readonly identity: Identity;

  /** Board title: from the join ack, then from the document. */
  title = $state('');
  /** The document's notes (read-only replica), oldest first. */
  notes = $state.raw<Note[]>([]);
  /** The document has been synced at least once. */
  loaded = $state(false);
  presenceCount = $state(0);
  people = $state.raw<PresencePerson[]>([]);
  /** Notes this person may edit or delete. */
  readonly ownNoteIds = new SvelteSet<string>();
  /** A refusal that ends the session (board not found, out-of-date page, refused identity). */
  fatal = $state<ErrorCode | null>(null);

  #pending = $state.raw<Pending>(NO_PENDING);
  #socketState = $state<ChannelState>('connecting');
  #docState = $state<ChannelState>('connecting');
  #editSeq = 0;
  readonly #onError: (code: ErrorCode) => void;
  readonly #connection: BoardConnection;
  readonly #replica: BoardReplica;

  /** connecting | connected | offline, across both channels. */
  status: ConnectionStatus = $derived.by(() => {
    if (this.fatal) return 'offline';
    const states = [this.#socketState, this.#docState];
    if (states.includes('offline')) return 'offline';
    if (states.includes('connecting')) return 'connecting';
    return 'connected';
  });

  #cells = $derived(buildView(this.notes, this.#pending, this.ownNoteIds));

  constructor(options: BoardSessionOptions) {
    this.boardId = options.boardId;
    this.identity = options.identity;
    this.#onError = options.onError;
    this.#connection = new BoardConnection(options.boardId, options.identity, options.language, {
      state: (state) => (this.#socketState = state),
      joined: ({ title, ownNoteIds }) => {
        if (!this.title) this.title = title;
        for (const id of ownNoteIds) this.ownNoteIds.add(id);
      },
      presence: ({ count, people }) => {
        this.presenceCount = count;
        this.people = people;
      },
      fatal: (code) => this.#fail(code),
      error: (code) => this.#onError(code),
    });
    this.#replica = new BoardReplica(options.boardId, yjsServerUrl(window.location), {
      notes: (notes) => {
        this.notes = notes;
        this.loaded = true;
        this.#settle();
      },
      title: (title) => (this.title = title),
      state: (state) => (this.#docState = state),
      fatal: (code) => this.#fail(code),
    });
  }

  start(): void {
    this.#connection.start();
    this.#replica.start();
  }

  setLanguage(language: Language): void {
    this.#connection.setLanguage(language);
  }

  destroy(): void {
    this.#connection.destroy();
    this.#replica.destroy();
  }

  notesIn(factor: FactorKey, column: BoardColumn): readonly ViewNote[] {
    return this.#cells.get(cellKey(factor, column)) ?? EMPTY;
  }

  get noteCount(): number {
    let count = 0;
    for (const list of this.#cells.values()) count += list.length;
    return count;
  }

  async addNote(factor: FactorKey, column: BoardColumn, text: string, colour: NoteColour): Promise<CommandOutcome> {
    const tempId = `pending-${randomId(12)}`;
    const trimmed = text.trim();
    this.#update((p) => ({
      ...p,
      adds: [
        ...p.adds,
        {
          tempId,
          factor,
          column,
          text: trimmed,
          colour,
          authorName: this.identity.displayName,
          authorAdministration: this.identity.administration,
          createdAt: Date.now(),
          noteId: null,
        },
      ],
    }));
    const result = await this.#connection.addNote({ boardId: this.boardId, factor, column, text: trimmed, colour });
    if (result.ok) {
      this.ownNoteIds.add(result.noteId);
      this.#update((p) => ({ ...p, adds: p.adds.map((a) => (a.tempId === tempId ? { ...a, noteId: result.noteId } : a)) }));
      this.#settle();
      return { ok: true };
    }
    this.#update((p) => ({ ...p, adds: p.adds.filter((a) => a.tempId !== tempId) }));
    return this.#failed(result.error);
  }

  async editNote(noteId: string, change: { text?: string; colour?: NoteColour }): Promise<CommandOutcome> {
    const seq = ++this.#editSeq;
    const text = change.text?.trim();
    const base = this.notes.find((n) => n.id === noteId);
    this.#update((p) => ({
      ...p,
      edits: [
        ...p.edits.filter((e) => e.noteId !== noteId),
        { noteId, seq, text, colour: change.colour, baseUpdatedAt: base?.updatedAt ?? 0, acked: false },
      ],
    }));
    const result = await this.#connection.editNote({ boardId: this.boardId, noteId, text, colour: change.colour });
    if (result.ok) {
      this.#update((p) => ({ ...p, edits: p.edits.map((e) => (e.seq === seq ? { ...e, acked: true } : e)) }));
      this.#settle();
      return { ok: true };
    }
    this.#update((p) => ({ ...p, edits: p.edits.filter((e) => e.seq !== seq) }));
    return this.#failed(result.error);
  }

  async deleteNote(noteId: string): Promise<CommandOutcome> {
    this.#update((p) => ({ ...p, deletes: [...p.deletes.filter((d) => d.noteId !== noteId), { noteId, acked: false }] }));
    const result = await this.#connection.deleteNote({ boardId: this.boardId, noteId });
    if (result.ok || result.error === 'NOTE_NOT_FOUND') {
      this.#update((p) => ({ ...p, deletes: p.deletes.map((d) => (d.noteId === noteId ? { ...d, acked: true } : d)) }));
      this.#settle();
      return { ok: true };
    }
    this.#update((p) => ({ ...p, deletes: p.deletes.filter((d) => d.noteId !== noteId) }));
    return this.#failed(result.error);
  }

  #update(change: (pending: Pending) => Pending): void {
    this.#pending = change(this.#pending);
  }

  #settle(): void {
    const next = settle(this.#pending, this.notes);
    if (next !== this.#pending) this.#pending = next;
  }

  #failed(error: ErrorCode): CommandOutcome {
    this.#onError(error);
    return { ok: false, error };
  }

  #fail(code: ErrorCode): void {
    if (this.fatal) return;
    this.fatal = code;
    this.destroy();
  }
}
