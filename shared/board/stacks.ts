import type * as Y from 'yjs';
import { readNotes } from './boardDocument.ts';
import type { Note } from './types.ts';

/**
 * A stack: the note on top (the one shown on the board, holding the votes) and the notes merged
 * under it, in merge order. `missing` counts ids in `mergedFrom` whose notes no longer exist
 * (documents older than schema 3 deleted merged notes: their text was not kept).
 */
export interface NoteStack {
  top: Note;
  members: Note[];
  missing: number;
}

/** Notes shown as cards: every note not sitting under another (a note whose top is gone counts as loose). */
export function topNotes(notes: readonly Note[]): Note[] {
  const ids = new Set(notes.map((n) => n.id));
  return notes.filter((n) => n.mergedInto === null || !ids.has(n.mergedInto));
}

/** Whether the note sits under another note of the list (so it is shown inside that note's stack). */
export function isStacked(note: Note, byId: ReadonlyMap<string, Note>): boolean {
  return note.mergedInto !== null && byId.has(note.mergedInto);
}

/** The stack of one top note: its members in `mergedFrom` order, then any others naming it (oldest first). */
export function stackOf(top: Note, notes: readonly Note[]): NoteStack {
  const under = notes.filter((n) => n.mergedInto === top.id && n.id !== top.id);
  const byId = new Map(under.map((n) => [n.id, n]));
  const members: Note[] = [];
  let missing = 0;
  for (const id of top.mergedFrom) {
    const member = byId.get(id);
    if (member) {
      members.push(member);
      byId.delete(id);
    } else if (!notes.some((n) => n.id === id)) {
      missing++;
    }
  }
  members.push(...[...byId.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)));
  return { top, members, missing };
}

/** Notes by the id of the note they sit under (for looking up many stacks at once). */
export function notesUnder(notes: readonly Note[]): Map<string, Note[]> {
  const under = new Map<string, Note[]>();
  for (const note of notes) {
    if (note.mergedInto === null) continue;
    const list = under.get(note.mergedInto);
    if (list) list.push(note);
    else under.set(note.mergedInto, [note]);
  }
  return under;
}

/** Every top note of a board with its stack (a loose note is a stack of one). */
export function readStacks(doc: Y.Doc, boardId: string): NoteStack[] {
  return stacksOf(readNotes(doc, boardId));
}

export function stacksOf(notes: readonly Note[]): NoteStack[] {
  return topNotes(notes).map((top) => stackOf(top, notes));
}

/**
 * Ids to put under a new top when merging `sources`, in order: each source, then what its own
 * stack held (flattened), including ids of older documents whose notes are gone.
 */
export function mergedIdsFor(sources: readonly Note[], notes: readonly Note[]): string[] {
  const ids: string[] = [];
  for (const source of sources) {
    ids.push(source.id, ...source.mergedFrom);
    for (const member of stackOf(source, notes).members) ids.push(member.id);
  }
  return [...new Set(ids)];
}
