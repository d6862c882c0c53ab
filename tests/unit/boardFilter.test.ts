import { describe, expect, it } from 'vitest';
import { authorsOf, EMPTY_FILTER, foldForSearch, isFiltering, noteMatches, sortByVotes } from '../../client/lib/boardFilter.ts';
import type { ViewNote } from '../../client/lib/optimistic.ts';
import type { Note, NoteColour } from '../../shared/board/types.ts';

function note(id: string, text: string, authorName: string | null = 'Ana', colour: NoteColour = 'green'): Note {
  return { id, boardId: 'b', row: 'hrm', column: 'gaps', text, colour, authorName, authorAdministration: null, groupId: null, mergedFrom: [], mergedInto: null, createdAt: 0, updatedAt: 0 };
}
const view = (n: Note): ViewNote => ({ key: n.id, note: n, pending: false, waiting: false, private: false });

describe('filtering the board', () => {
  it('an empty filter keeps every note and says it is not filtering', () => {
    expect(isFiltering(EMPTY_FILTER)).toBe(false);
    expect(isFiltering({ ...EMPTY_FILTER, text: '   ' })).toBe(false);
    expect(noteMatches(note('1', 'anything'), EMPTY_FILTER)).toBe(true);
  });

  it('search ignores case and accents, needs every word, and looks at the author too', () => {
    expect(foldForSearch('Gestión ÉTICA')).toBe('gestion etica');
    const n = note('1', 'No hay rotación en la frontera', 'Bruno');
    expect(noteMatches(n, { ...EMPTY_FILTER, text: 'ROTACION frontera' })).toBe(true);
    expect(noteMatches(n, { ...EMPTY_FILTER, text: 'rotacion puerto' })).toBe(false);
    expect(noteMatches(n, { ...EMPTY_FILTER, text: 'bruno' })).toBe(true);
    expect(noteMatches(note('2', 'القيادة ملتزمة بالنزاهة'), { ...EMPTY_FILTER, text: 'بالنزاهة' })).toBe(true);
  });

  it('author and colour narrow exactly, and a stack stays visible when a note under it matches', () => {
    const top = note('1', 'Brokers pay for speed', 'Ana', 'orange');
    const under = [note('2', 'Los agentes pagan', 'Bruno')];
    expect(noteMatches(top, { ...EMPTY_FILTER, author: 'Bruno' })).toBe(false);
    expect(noteMatches(top, { ...EMPTY_FILTER, author: 'Bruno' }, under)).toBe(true);
    expect(noteMatches(top, { ...EMPTY_FILTER, text: 'agentes' }, under)).toBe(true);
    expect(noteMatches(top, { ...EMPTY_FILTER, colour: 'orange' })).toBe(true);
    expect(noteMatches(top, { ...EMPTY_FILTER, colour: 'green' })).toBe(false);
    expect(noteMatches(note('3', 'x', null), { ...EMPTY_FILTER, author: 'Ana' })).toBe(false);
  });

  it('sorts by votes, most first, keeping the board order between equal counts', () => {
    const notes = ['a', 'b', 'c', 'd'].map((id) => view(note(id, id)));
    expect(sortByVotes(notes, { b: 2, c: 5, d: 2 }).map((v) => v.key)).toEqual(['c', 'b', 'd', 'a']);
    expect(notes.map((v) => v.key)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lists each named author once, sorted, and none on anonymous notes', () => {
    expect(authorsOf([note('1', 'x', 'Bruno'), note('2', 'y', 'Ana'), note('3', 'z', 'Bruno'), note('4', 'w', null)])).toEqual(['Ana', 'Bruno']);
  });
});
