import { topNotes } from '../board/stacks.ts';
import type { Note } from '../board/types.ts';

export interface RankedNote {
  note: Note;
  votes: number;
}

/** Notes with their votes, most votes first (then oldest first), optionally per row. Stacked notes rank as their stack's top. */
export function rankNotes(notes: Note[], counts: Record<string, number>): RankedNote[] {
  return topNotes(notes)
    .map((note) => ({ note, votes: counts[note.id] ?? 0 }))
    .sort((a, b) => b.votes - a.votes || a.note.createdAt - b.note.createdAt || a.note.id.localeCompare(b.note.id));
}

export function rankNotesByRow(notes: Note[], counts: Record<string, number>): Map<string, RankedNote[]> {
  const byRow = new Map<string, Note[]>();
  for (const note of topNotes(notes)) byRow.set(note.row, [...(byRow.get(note.row) ?? []), note]);
  return new Map([...byRow].map(([row, list]) => [row, rankNotes(list, counts)]));
}
