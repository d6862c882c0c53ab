import type { FactorKey } from '../../shared/factors.ts';
import type { BoardColumn, Note, NoteColour } from '../../shared/board/types.ts';

/**
 * Optimistic changes shown beside the read-only document until it catches up.
 * Each item is dropped once its ack arrived AND the document reflects it (or on error).
 */
export interface PendingAdd {
  tempId: string;
  factor: FactorKey;
  column: BoardColumn;
  text: string;
  colour: NoteColour;
  authorName: string;
  authorAdministration: string;
  createdAt: number;
  /** Set by a successful ack. */
  noteId: string | null;
}

export interface PendingEdit {
  noteId: string;
  /** Distinguishes successive edits of one note: only the latest ack settles it. */
  seq: number;
  text?: string;
  colour?: NoteColour;
  /** The document's updatedAt when the edit was made. */
  baseUpdatedAt: number;
  acked: boolean;
}

export interface PendingDelete {
  noteId: string;
  acked: boolean;
}

export interface Pending {
  adds: PendingAdd[];
  edits: PendingEdit[];
  deletes: PendingDelete[];
}

export const NO_PENDING: Pending = { adds: [], edits: [], deletes: [] };

/** A note as the board shows it: the document's, with optimistic changes applied. */
export interface ViewNote {
  /** Stable key for the list: the note id, or the temporary id while an add is pending. */
  key: string;
  id: string;
  factor: FactorKey;
  column: BoardColumn;
  text: string;
  colour: NoteColour;
  authorName: string;
  authorAdministration: string;
  pending: boolean;
  /** This person may edit and delete it. */
  editable: boolean;
}

export type CellKey = `${FactorKey}/${BoardColumn}`;

export function cellKey(factor: FactorKey, column: BoardColumn): CellKey {
  return `${factor}/${column}`;
}

function editReflected(edit: PendingEdit, note: Note | undefined): boolean {
  if (!note) return true;
  if (note.updatedAt > edit.baseUpdatedAt) return true;
  return (edit.text === undefined || edit.text === note.text) && (edit.colour === undefined || edit.colour === note.colour);
}

/** Drops the pending items the document now reflects; returns the same object when nothing changed. */
export function settle(pending: Pending, notes: readonly Note[]): Pending {
  const byId = new Map(notes.map((n) => [n.id, n]));
  const adds = pending.adds.filter((a) => a.noteId === null || !byId.has(a.noteId));
  const edits = pending.edits.filter((e) => !(e.acked && editReflected(e, byId.get(e.noteId))));
  const deletes = pending.deletes.filter((d) => !(d.acked && !byId.has(d.noteId)));
  if (adds.length === pending.adds.length && edits.length === pending.edits.length && deletes.length === pending.deletes.length) {
    return pending;
  }
  return { adds, edits, deletes };
}

/** Groups the visible notes by cell, oldest first, pending additions last. */
export function buildView(notes: readonly Note[], pending: Pending, own: ReadonlySet<string>): Map<CellKey, ViewNote[]> {
  const cells = new Map<CellKey, ViewNote[]>();
  const push = (note: ViewNote): void => {
    const key = cellKey(note.factor, note.column);
    const list = cells.get(key);
    if (list) list.push(note);
    else cells.set(key, [note]);
  };
  const deleted = new Set(pending.deletes.map((d) => d.noteId));
  const edits = new Map(pending.edits.map((e) => [e.noteId, e]));
  const present = new Set<string>();
  for (const note of notes) {
    present.add(note.id);
    if (deleted.has(note.id)) continue;
    const edit = edits.get(note.id);
    push({
      key: note.id,
      id: note.id,
      factor: note.factor,
      column: note.column,
      text: edit?.text ?? note.text,
      colour: edit?.colour ?? note.colour,
      authorName: note.authorName,
      authorAdministration: note.authorAdministration,
      pending: edit !== undefined,
      editable: own.has(note.id),
    });
  }
  for (const add of pending.adds) {
    if (add.noteId !== null && present.has(add.noteId)) continue;
    push({
      key: add.tempId,
      id: add.noteId ?? add.tempId,
      factor: add.factor,
      column: add.column,
      text: add.text,
      colour: add.colour,
      authorName: add.authorName,
      authorAdministration: add.authorAdministration,
      pending: true,
      editable: false,
    });
  }
  return cells;
}
