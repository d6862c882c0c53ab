import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readNotes, writeNote } from '../../shared/board/boardDocument.ts';
import type { Note } from '../../shared/board/types.ts';
import type { BreakoutGroup } from '../../shared/breakouts/types.ts';
import { rolledUpNoteId, rollUpGroup } from '../../server/breakouts/rollUpGroup.ts';

const group = (index: number): BreakoutGroup => ({
  id: `r1g${index}`,
  round: 1,
  index,
  name: `${index}`,
  factors: ['transparency', 'automation'],
  docId: `workshop123_r1g${index}`,
  leadKey: null,
});

function note(id: string, text: string, extra: Partial<Note> = {}): Note {
  return {
    id,
    boardId: 'board0001',
    row: 'transparency',
    column: 'gaps',
    text,
    colour: 'yellow',
    authorName: 'Carla',
    authorAdministration: 'SENAE',
    groupId: 'cluster01',
    mergedFrom: [],
    mergedInto: null,
    createdAt: 1000,
    updatedAt: 1000,
    ...extra,
  };
}

function groupDoc(prefix: string, count: number): Y.Doc {
  const doc = new Y.Doc();
  for (let i = 0; i < count; i++) writeNote(doc, note(`${prefix}note${String(i).padStart(4, '0')}`, `${prefix} text ${i}`, { createdAt: 1000 + i }));
  return doc;
}

describe('rolling breakout notes into the plenary', () => {
  it('every note once, in its cell, labelled with its group and its votes, ungrouped, stacks kept', () => {
    const doc = new Y.Doc();
    writeNote(doc, note('topnote01', 'Top of a stack', { mergedFrom: ['undernote1'] }));
    writeNote(doc, note('undernote1', 'Under it', { mergedInto: 'topnote01', row: 'automation', column: 'strengths' }));
    const plenary = new Y.Doc();
    expect(rollUpGroup(plenary, doc, group(1), { topnote01: 4 })).toBe(2);
    const notes = readNotes(plenary);
    const top = notes.find((n) => n.text === 'Top of a stack')!;
    const under = notes.find((n) => n.text === 'Under it')!;
    expect(top).toMatchObject({ id: rolledUpNoteId('workshop123_r1g1', 'topnote01'), groupId: null, row: 'transparency', column: 'gaps', authorName: 'Carla' });
    expect(top.breakout).toEqual({ round: 1, groupId: 'r1g1', groupName: '1', noteId: 'topnote01', votes: 4 });
    expect(top.mergedFrom).toEqual([under.id]);
    expect(under).toMatchObject({ mergedInto: top.id, row: 'automation', column: 'strengths' });
    expect(under.breakout?.votes).toBe(0);
  });

  it('a second roll-up adds nothing, and two nodes rolling up at once converge on each note once', () => {
    const groups = [groupDoc('a', 150), groupDoc('b', 150)];
    const nodeA = new Y.Doc();
    const nodeB = new Y.Doc();
    let added = 0;
    groups.forEach((g, i) => (added += rollUpGroup(nodeA, g, group(i + 1), {})));
    groups.forEach((g, i) => rollUpGroup(nodeB, g, group(i + 1), {}));
    expect(added).toBe(300);
    groups.forEach((g, i) => expect(rollUpGroup(nodeA, g, group(i + 1), {})).toBe(0));
    Y.applyUpdate(nodeA, Y.encodeStateAsUpdate(nodeB));
    Y.applyUpdate(nodeB, Y.encodeStateAsUpdate(nodeA));
    for (const doc of [nodeA, nodeB]) {
      const notes = readNotes(doc);
      expect(notes).toHaveLength(300);
      expect(new Set(notes.map((n) => `${n.breakout?.groupId}/${n.breakout?.noteId}`)).size).toBe(300);
    }
  });

  it('the same note id in two groups gives two plenary notes', () => {
    expect(rolledUpNoteId('w_r1g1', 'samenote1')).not.toBe(rolledUpNoteId('w_r1g2', 'samenote1'));
  });
});
