import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import { readNotes, roots, writeNote } from '../../shared/board/boardDocument.ts';
import type { Note } from '../../shared/board/types.ts';
import type { BreakoutGroup } from '../../shared/breakouts/types.ts';

/**
 * The plenary id of a group's note: derived from the group's document and the note's id, so rolling
 * the same note up twice (again, or on two nodes at once) writes the same key with the same value.
 */
export function rolledUpNoteId(groupDocId: string, noteId: string): string {
  return createHash('sha256').update(`rollup\0${groupDocId}\0${noteId}`).digest('base64url').slice(0, 22);
}

/**
 * Writes every note of a group's board into the plenary board, in its factor and column, labelled with
 * its group, ungrouped (for the plenary's Group phase), stacks kept (ids mapped), its group votes kept
 * on the label. Notes already there are left as they are. Returns how many it added.
 */
export function rollUpGroup(plenary: Y.Doc, groupDoc: Y.Doc, group: BreakoutGroup, votes: Record<string, number>): number {
  const notes = roots.notes(plenary);
  const map = (id: string) => rolledUpNoteId(group.docId, id);
  let added = 0;
  for (const note of readNotes(groupDoc)) {
    const id = map(note.id);
    if (notes.has(id)) continue;
    const rolled: Note = {
      ...note,
      id,
      groupId: null,
      mergedFrom: note.mergedFrom.map(map),
      mergedInto: note.mergedInto === null ? null : map(note.mergedInto),
      breakout: { round: group.round, groupId: group.id, groupName: group.name, noteId: note.id, votes: votes[note.id] ?? 0 },
    };
    writeNote(plenary, rolled);
    added++;
  }
  return added;
}
