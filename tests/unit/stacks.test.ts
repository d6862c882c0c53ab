import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeNote } from '../../shared/board/boardDocument.ts';
import { mergedIdsFor, readStacks, stackOf, stacksOf, topNotes } from '../../shared/board/stacks.ts';
import type { Note } from '../../shared/board/types.ts';
import { rankNotes, rankNotesByRow } from '../../shared/facilitation/rankNotes.ts';

let clock = 1_000;
function note(id: string, changes: Partial<Note> = {}): Note {
  clock += 1;
  return {
    id,
    boardId: 'b1',
    row: 'hrm',
    column: 'gaps',
    text: `text of ${id}`,
    colour: 'yellow',
    authorName: null,
    authorAdministration: null,
    groupId: null,
    mergedFrom: [],
    mergedInto: null,
    createdAt: clock,
    updatedAt: clock,
    ...changes,
  };
}

describe('stacks of merged notes', () => {
  it('a stack lists its notes in merge order, then any other note naming the top', () => {
    const top = note('top', { mergedFrom: ['b', 'a'] });
    const a = note('a', { mergedInto: 'top' });
    const b = note('b', { mergedInto: 'top' });
    const stray = note('stray', { mergedInto: 'top' });
    const loose = note('loose');
    const notes = [top, a, b, stray, loose];
    expect(stackOf(top, notes)).toEqual({ top, members: [b, a, stray], missing: 0 });
    expect(topNotes(notes).map((n) => n.id)).toEqual(['top', 'loose']);
    expect(stacksOf(notes).map((s) => [s.top.id, s.members.length])).toEqual([['top', 3], ['loose', 0]]);
  });

  it('ids of merged notes that no longer exist (documents before schema 3) are counted as missing, not shown', () => {
    const top = note('top', { mergedFrom: ['gone1', 'kept', 'gone2'] });
    const kept = note('kept', { mergedInto: 'top' });
    expect(stackOf(top, [top, kept])).toEqual({ top, members: [kept], missing: 2 });
  });

  it('a note whose top is gone is shown on its own rather than lost', () => {
    const orphan = note('orphan', { mergedInto: 'deleted' });
    expect(topNotes([orphan])).toEqual([orphan]);
  });

  it('merging a stack’s top takes its whole stack along, flattened, with missing ids kept', () => {
    const source = note('s', { mergedFrom: ['old', 'm1'] });
    const m1 = note('m1', { mergedInto: 's' });
    const m2 = note('m2', { mergedInto: 's' });
    const other = note('o');
    expect(mergedIdsFor([source, other], [source, m1, m2, other])).toEqual(['s', 'old', 'm1', 'm2', 'o']);
  });

  it('readStacks reads one board’s stacks from a document', () => {
    const doc = new Y.Doc();
    writeNote(doc, note('top', { mergedFrom: ['a'] }));
    writeNote(doc, note('a', { mergedInto: 'top' }));
    writeNote(doc, note('elsewhere', { boardId: 'b2' }));
    expect(readStacks(doc, 'b1').map((s) => [s.top.id, s.members.map((m) => m.id)])).toEqual([['top', ['a']]]);
    doc.destroy();
  });

  it('rankings count a stack once, by its top, and never list a stacked note', () => {
    const top = note('top', { mergedFrom: ['a'] });
    const a = note('a', { mergedInto: 'top' });
    const b = note('b', { row: 'transparency' });
    const ranked = rankNotes([top, a, b], { top: 3, b: 1 });
    expect(ranked.map((r) => [r.note.id, r.votes])).toEqual([['top', 3], ['b', 1]]);
    expect([...rankNotesByRow([top, a, b], {}).entries()].map(([row, list]) => [row, list.map((r) => r.note.id)])).toEqual([
      ['hrm', ['top']],
      ['transparency', ['b']],
    ]);
  });
});
