import { FACTORS, isFactorKey } from '../factors.ts';
import type { SnapshotBoard, SnapshotGroup, SnapshotNote } from './workshopSnapshot.ts';

/** A note on top of its stack, with every note merged into it (oldest first). */
export interface StackedNote {
  note: SnapshotNote;
  stack: SnapshotNote[];
}

/** A cell's notes: named groups first (most votes first), then the notes in no group. */
export interface OrderedCell {
  groups: { group: SnapshotGroup; notes: StackedNote[] }[];
  ungrouped: StackedNote[];
  count: number;
}

const byVotes = (a: StackedNote, b: StackedNote) =>
  b.note.votes - a.note.votes || a.note.createdAt - b.note.createdAt || a.note.id.localeCompare(b.note.id);

/** Rows in report order: factor rows by their number in the declaration, other rows as placed. */
export function orderedRows(board: SnapshotBoard): SnapshotBoard['rows'] {
  const number = (key: string) => (isFactorKey(key) ? (FACTORS.find((f) => f.key === key)?.number ?? 0) : 0);
  return board.rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => number(a.row.key) - number(b.row.key) || a.index - b.index)
    .map((e) => e.row);
}

/**
 * Every note of a board by cell, top-voted first, each merged note under the note on top of its
 * stack. A note whose stack top is gone (older documents) stands on its own, so no text is lost.
 */
export function orderBoardNotes(board: SnapshotBoard): Map<string, OrderedCell> {
  const byId = new Map(board.notes.map((n) => [n.id, n]));
  const stacks = new Map<string, SnapshotNote[]>();
  const tops: SnapshotNote[] = [];
  for (const note of board.notes) {
    const top = note.mergedInto !== null ? byId.get(note.mergedInto) : undefined;
    if (top && top.mergedInto === null && top.id !== note.id) {
      const list = stacks.get(top.id) ?? [];
      list.push(note);
      stacks.set(top.id, list);
    } else {
      tops.push(note);
    }
  }
  const groupsById = new Map(board.groups.map((g) => [g.id, g]));
  const cells = new Map<string, OrderedCell>();
  for (const note of tops) {
    const key = cellKey(note.row, note.column);
    let cell = cells.get(key);
    if (!cell) {
      cell = { groups: [], ungrouped: [], count: 0 };
      cells.set(key, cell);
    }
    const entry: StackedNote = { note, stack: stacks.get(note.id) ?? [] };
    cell.count += 1 + entry.stack.length;
    const group = note.groupId !== null ? groupsById.get(note.groupId) : undefined;
    if (!group) {
      cell.ungrouped.push(entry);
      continue;
    }
    let bucket = cell.groups.find((g) => g.group.id === group.id);
    if (!bucket) {
      bucket = { group, notes: [] };
      cell.groups.push(bucket);
    }
    bucket.notes.push(entry);
  }
  const votesOf = (list: StackedNote[]) => list.reduce((sum, e) => sum + e.note.votes, 0);
  for (const cell of cells.values()) {
    cell.ungrouped.sort(byVotes);
    for (const bucket of cell.groups) bucket.notes.sort(byVotes);
    cell.groups.sort((a, b) => votesOf(b.notes) - votesOf(a.notes) || a.group.name.localeCompare(b.group.name) || a.group.id.localeCompare(b.group.id));
  }
  return cells;
}

export const cellKey = (row: string, column: string) => `${row}\u0000${column}`;

/** The notes of a cell in reading order (groups, then ungrouped; each top note before its stack). */
export function flattenCell(cell: OrderedCell | undefined): { entry: StackedNote; group: SnapshotGroup | null }[] {
  if (!cell) return [];
  return [
    ...cell.groups.flatMap((g) => g.notes.map((entry) => ({ entry, group: g.group }))),
    ...cell.ungrouped.map((entry) => ({ entry, group: null })),
  ];
}
