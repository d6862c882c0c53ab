import { SvelteMap } from 'svelte/reactivity';
import { NOTE_COLOURS, type NoteColour } from '../../shared/board/types.ts';
import { readStored, removeStored, writeStored } from './storage.ts';

/** Text being written: a new note in one cell, or a change to one note. */
export interface NoteDraft {
  text: string;
  colour: NoteColour;
  updatedAt: number;
  /** For an edit: the note's cell, so the text can become a new note there if the note goes away. */
  cell?: DraftCell;
}

export interface DraftCell {
  boardId: string;
  row: string;
  column: string;
}

/** A new note's draft is one per cell; an edit's draft is one per note. */
export const newNoteDraftKey = (boardId: string, row: string, column: string): string => `new\u0000${boardId}\u0000${row}\u0000${column}`;
export const editDraftKey = (noteId: string): string => `edit\u0000${noteId}`;

export type DraftTarget = { kind: 'new'; boardId: string; row: string; column: string } | { kind: 'edit'; noteId: string };

/** What a draft key is for (null for a key this version does not know). */
export function draftTarget(key: string): DraftTarget | null {
  const parts = key.split('\u0000');
  if (parts[0] === 'new' && parts.length === 4) return { kind: 'new', boardId: parts[1]!, row: parts[2]!, column: parts[3]! };
  if (parts[0] === 'edit' && parts.length === 2) return { kind: 'edit', noteId: parts[1]! };
  return null;
}

/** Drafts kept at most this long after their last keystroke. */
const DRAFT_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

function isDraft(value: unknown): value is NoteDraft {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return typeof d.text === 'string' && typeof d.updatedAt === 'number' && (NOTE_COLOURS as readonly unknown[]).includes(d.colour);
}

/**
 * Everything typed and not yet saved, per workshop and person, kept in localStorage on every
 * keystroke: it survives phase changes, locks, freezes, reconnects and reloads, and the editor that
 * holds it is shown again from it. A draft goes only when its note is saved (handed to the outbox)
 * or the person discards it.
 */
export class NoteDrafts {
  readonly #storageKey: string;
  readonly #drafts = new SvelteMap<string, NoteDraft>();

  constructor(workshopId: string, participantId: string) {
    this.#storageKey = `ib.drafts.v1.${workshopId}.${participantId}`;
    const now = Date.now();
    try {
      const stored = JSON.parse(readStored(this.#storageKey) ?? '{}') as Record<string, unknown>;
      for (const [key, value] of Object.entries(stored)) {
        if (!isDraft(value) || now - value.updatedAt >= DRAFT_MAX_AGE_MS || value.text.trim() === '') continue;
        const { cell, ...draft } = value;
        const cellOk = cell && typeof cell.boardId === 'string' && typeof cell.row === 'string' && typeof cell.column === 'string';
        this.#drafts.set(key, cellOk ? { ...draft, cell: { boardId: cell.boardId, row: cell.row, column: cell.column } } : draft);
      }
    } catch {
      // A draft list that cannot be read is dropped rather than breaking the board.
    }
  }

  has(key: string): boolean {
    return this.#drafts.has(key);
  }

  get(key: string): NoteDraft | null {
    return this.#drafts.get(key) ?? null;
  }

  get size(): number {
    return this.#drafts.size;
  }

  /** Every draft, oldest keystroke first. */
  entries(): Array<[string, NoteDraft]> {
    return [...this.#drafts.entries()].sort((a, b) => a[1].updatedAt - b[1].updatedAt);
  }

  /** Keeps the text (an empty text forgets the draft: nothing to lose). */
  set(key: string, text: string, colour: NoteColour, cell?: DraftCell): void {
    if (text.trim() === '') this.remove(key);
    else {
      this.#drafts.set(key, { text, colour, updatedAt: Date.now(), ...(cell ? { cell: { boardId: cell.boardId, row: cell.row, column: cell.column } } : {}) });
      this.#persist();
    }
  }

  /** Gives a refused note back to its cell's draft, after any text already there. */
  restore(key: string, text: string, colour: NoteColour): void {
    const existing = this.#drafts.get(key);
    const merged = existing && existing.text.trim() !== '' && existing.text.trim() !== text.trim() ? `${existing.text.trimEnd()}\n\n${text}` : text;
    this.set(key, merged, existing?.colour ?? colour);
  }

  /** Turns a change to a note that is gone into a new note's draft in the note's cell. */
  moveToNewNote(key: string): void {
    const draft = this.#drafts.get(key);
    if (!draft?.cell) return;
    this.restore(newNoteDraftKey(draft.cell.boardId, draft.cell.row, draft.cell.column), draft.text, draft.colour);
    this.remove(key);
  }

  remove(key: string): void {
    if (!this.#drafts.delete(key)) return;
    this.#persist();
  }

  #persist(): void {
    if (this.#drafts.size === 0) removeStored(this.#storageKey);
    else writeStored(this.#storageKey, JSON.stringify(Object.fromEntries(this.#drafts)));
  }
}
