import * as Y from 'yjs';
import { isFactorKey } from '../factors.ts';
import {
  BOARD_COLUMNS,
  NOTE_COLOURS,
  BOARD_SCHEMA_VERSION,
  type BoardColumn,
  type BoardMeta,
  type Note,
  type NoteColour,
} from './types.ts';

/**
 * Typed readers and writers over a board's Y.Doc. The server is the only writer;
 * clients use the readers on their read-only replica.
 *
 * Layout: `meta` (Y.Map: title, createdAt, schemaVersion), `notes` (Y.Map<id, Note>).
 */
export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}

export function notesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('notes');
}

export function readMeta(doc: Y.Doc): BoardMeta | null {
  const meta = metaMap(doc);
  const title = meta.get('title');
  const createdAt = meta.get('createdAt');
  const schemaVersion = meta.get('schemaVersion');
  if (typeof title !== 'string' || typeof createdAt !== 'number') return null;
  return { title, createdAt, schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1 };
}

export function writeMeta(doc: Y.Doc, meta: Pick<BoardMeta, 'title' | 'createdAt'>): void {
  const map = metaMap(doc);
  map.set('title', meta.title);
  map.set('createdAt', meta.createdAt);
  map.set('schemaVersion', BOARD_SCHEMA_VERSION);
}

function isColumn(value: unknown): value is BoardColumn {
  return typeof value === 'string' && (BOARD_COLUMNS as readonly string[]).includes(value);
}

function isColour(value: unknown): value is NoteColour {
  return typeof value === 'string' && (NOTE_COLOURS as readonly string[]).includes(value);
}

/** Reads one stored value as a Note, or null when it does not have the note shape. */
export function parseStoredNote(value: unknown): Note | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (
    typeof v.id !== 'string' ||
    !isFactorKey(v.factor) ||
    !isColumn(v.column) ||
    typeof v.text !== 'string' ||
    !isColour(v.colour) ||
    typeof v.authorName !== 'string' ||
    typeof v.authorAdministration !== 'string' ||
    typeof v.createdAt !== 'number' ||
    typeof v.updatedAt !== 'number'
  ) {
    return null;
  }
  return {
    id: v.id,
    factor: v.factor,
    column: v.column,
    text: v.text,
    colour: v.colour,
    authorName: v.authorName,
    authorAdministration: v.authorAdministration,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

export function readNote(doc: Y.Doc, id: string): Note | null {
  return parseStoredNote(notesMap(doc).get(id));
}

/** All notes, oldest first (ties broken by id so every replica orders them alike). */
export function readNotes(doc: Y.Doc): Note[] {
  const notes: Note[] = [];
  notesMap(doc).forEach((value) => {
    const note = parseStoredNote(value);
    if (note) notes.push(note);
  });
  return notes.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function writeNote(doc: Y.Doc, note: Note): void {
  notesMap(doc).set(note.id, { ...note });
}

export function removeNote(doc: Y.Doc, id: string): boolean {
  const map = notesMap(doc);
  if (!map.has(id)) return false;
  map.delete(id);
  return true;
}
