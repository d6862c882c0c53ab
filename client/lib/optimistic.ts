import type { Note, NoteColour } from '../../shared/board/types.ts';

/**
 * Optimistic changes shown beside the read-only document until it catches up. Each item is
 * dropped once its ack arrived AND the document (or the person's private notes) reflects it,
 * on error, or a few seconds after its ack when a later change by someone else hid it.
 */
export type NoteChange = Partial<Pick<Note, 'text' | 'colour' | 'row' | 'column' | 'groupId'>>;

export interface PendingAdd {
  tempId: string;
  boardId: string;
  row: string;
  column: string;
  text: string;
  colour: NoteColour;
  authorName: string | null;
  authorAdministration: string | null;
  /** Written while writing is private: shown among the person's hidden notes. */
  private: boolean;
  createdAt: number;
  /** Set by a successful ack. */
  noteId: string | null;
  /** Queued: not sent yet, or a send got no answer (offline, timeout); it is sent again with the same command id. */
  waiting?: boolean;
}

export interface PendingChange {
  noteId: string;
  /** Distinguishes successive changes of one note: only its own ack settles each. */
  seq: number;
  changes: NoteChange;
  /** The note's updatedAt when the change was made. */
  baseUpdatedAt: number;
  ackedAt: number | null;
  /** The queued edit's command id (edits made through the outbox). */
  commandId?: string;
  /** Queued: not sent yet, or a send got no answer. */
  waiting?: boolean;
}

export interface PendingDelete {
  noteId: string;
  ackedAt: number | null;
}

export interface Pending {
  adds: PendingAdd[];
  changes: PendingChange[];
  deletes: PendingDelete[];
}

export const NO_PENDING: Pending = { adds: [], changes: [], deletes: [] };

/** How long an acknowledged change may wait for the document before it is dropped anyway. */
export const SETTLE_GRACE_MS = 5000;

/** A note as the board shows it: the document's (or a hidden one), with optimistic changes applied. */
export interface ViewNote {
  /** Stable key for lists: the note id, or the temporary id while an add is pending. */
  key: string;
  note: Note;
  pending: boolean;
  /** Queued and not acknowledged: shown as waiting to be sent (offline, or no answer yet). */
  waiting: boolean;
  /** Hidden from everyone else until the facilitator reveals. */
  private: boolean;
}

function reflected(change: PendingChange, note: Note | undefined): boolean {
  if (!note) return true;
  if (note.updatedAt > change.baseUpdatedAt) return true;
  return (Object.keys(change.changes) as (keyof NoteChange)[]).every((k) => change.changes[k] === note[k]);
}

/** Drops the pending items that are settled; returns the same object when nothing changed. */
export function settle(pending: Pending, known: ReadonlyMap<string, Note>, now: number): Pending {
  const expired = (ackedAt: number | null) => ackedAt !== null && now - ackedAt >= SETTLE_GRACE_MS;
  const adds = pending.adds.filter((a) => a.noteId === null || !known.has(a.noteId));
  const changes = pending.changes.filter((c) => !(c.ackedAt !== null && (reflected(c, known.get(c.noteId)) || expired(c.ackedAt))));
  // A merged note leaves the board as a card by going under its top (it stays in the document).
  const gone = (noteId: string) => !known.has(noteId) || known.get(noteId)!.mergedInto !== null;
  const deletes = pending.deletes.filter((d) => !(d.ackedAt !== null && (gone(d.noteId) || expired(d.ackedAt))));
  if (adds.length === pending.adds.length && changes.length === pending.changes.length && deletes.length === pending.deletes.length) {
    return pending;
  }
  return { adds, changes, deletes };
}

/** The notes with pending changes applied and pending deletions left out. */
export function applyPending(notes: readonly Note[], pending: Pending): Note[] {
  if (pending.changes.length === 0 && pending.deletes.length === 0) return notes as Note[];
  const deleted = new Set(pending.deletes.map((d) => d.noteId));
  const out: Note[] = [];
  for (const note of notes) {
    if (deleted.has(note.id)) continue;
    let next = note;
    for (const c of pending.changes) if (c.noteId === note.id) next = { ...next, ...c.changes };
    out.push(next);
  }
  return out;
}

/** Pending additions not yet in `present`, as notes (id: the server's id once acked, else the temporary one). */
export function pendingAddNotes(pending: Pending, present: ReadonlySet<string>, hidden: boolean): Note[] {
  return pending.adds
    .filter((a) => a.private === hidden && !(a.noteId !== null && present.has(a.noteId)))
    .map((a) => ({
      id: a.noteId ?? a.tempId,
      boardId: a.boardId,
      row: a.row,
      column: a.column,
      text: a.text,
      colour: a.colour,
      authorName: a.authorName,
      authorAdministration: a.authorAdministration,
      groupId: null,
      mergedFrom: [],
      mergedInto: null,
      createdAt: a.createdAt,
      updatedAt: a.createdAt,
    }));
}

/** Ids (temporary or real) that carry a change not yet confirmed. */
export function pendingIds(pending: Pending): Set<string> {
  const ids = new Set<string>();
  for (const a of pending.adds) ids.add(a.noteId ?? a.tempId);
  for (const c of pending.changes) ids.add(c.noteId);
  return ids;
}

export type CellKey = string;

export function cellKey(boardId: string, row: string, column: string): CellKey {
  return `${boardId}\u0000${row}\u0000${column}`;
}

/** Ids (temporary or real) whose queued command is waiting to be sent. */
export function waitingIds(pending: Pending): Set<string> {
  const ids = new Set<string>();
  for (const a of pending.adds) if (a.waiting) ids.add(a.noteId ?? a.tempId);
  for (const c of pending.changes) if (c.waiting && c.ackedAt === null) ids.add(c.noteId);
  return ids;
}

/** Public and hidden notes per cell, oldest first; stacked notes stay with their stack's top. */
export function notesByCell(
  notes: readonly Note[],
  hidden: readonly Note[],
  pendingSet: ReadonlySet<string>,
  waitingSet: ReadonlySet<string> = new Set(),
): Map<CellKey, ViewNote[]> {
  const cells = new Map<CellKey, ViewNote[]>();
  const seen = new Set<string>();
  const push = (note: Note, isPrivate: boolean): void => {
    if (seen.has(note.id)) return;
    seen.add(note.id);
    const key = cellKey(note.boardId, note.row, note.column);
    const view: ViewNote = { key: note.id, note, pending: pendingSet.has(note.id), waiting: waitingSet.has(note.id), private: isPrivate };
    const list = cells.get(key);
    if (list) list.push(view);
    else cells.set(key, [view]);
  };
  const ids = new Set(notes.map((n) => n.id));
  // A stacked note is shown inside its top's card, not as a card of its own.
  for (const note of notes) if (note.mergedInto === null || !ids.has(note.mergedInto)) push(note, false);
  for (const note of hidden) push(note, true);
  for (const list of cells.values()) list.sort((a, b) => a.note.createdAt - b.note.createdAt || a.note.id.localeCompare(b.note.id));
  return cells;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A random URL-safe string for temporary ids (64 symbols: no modulo bias). */
export function randomId(length = 16): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % 64];
  return id;
}
