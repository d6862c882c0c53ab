import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { parseStoredNote, readMeta, readNote, readNotes, removeNote, notesMap, writeMeta, writeNote } from '../../shared/board/boardDocument.ts';
import type { Note } from '../../shared/board/types.ts';

const note = (overrides: Partial<Note> = {}): Note => ({
  id: 'note000000000001',
  factor: 'hrm',
  column: 'gaps',
  text: 'Promotions are not merit-based',
  colour: 'yellow',
  authorName: 'Ana',
  authorAdministration: 'SENAE',
  createdAt: 1000,
  updatedAt: 1000,
  ...overrides,
});

describe('board document readers and writers', () => {
  it('writes and reads back the board meta with the schema version', () => {
    const doc = new Y.Doc();
    expect(readMeta(doc)).toBeNull();
    writeMeta(doc, { title: 'Session 1', createdAt: 5 });
    expect(readMeta(doc)).toEqual({ title: 'Session 1', createdAt: 5, schemaVersion: 1 });
  });

  it('writes, reads, lists in creation order and removes notes', () => {
    const doc = new Y.Doc();
    writeNote(doc, note({ id: 'note000000000002', createdAt: 2000 }));
    writeNote(doc, note());
    expect(readNotes(doc).map((n) => n.id)).toEqual(['note000000000001', 'note000000000002']);
    expect(readNote(doc, 'note000000000001')).toEqual(note());
    expect(removeNote(doc, 'note000000000001')).toBe(true);
    expect(removeNote(doc, 'note000000000001')).toBe(false);
    expect(readNotes(doc)).toHaveLength(1);
  });

  it('replicates through Yjs updates', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    writeNote(a, note());
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readNote(b, note().id)).toEqual(note());
  });

  it('skips stored values that do not have the note shape', () => {
    const doc = new Y.Doc();
    notesMap(doc).set('bad', { id: 'bad', factor: 'bribery' });
    notesMap(doc).set('worse', 'text');
    expect(readNotes(doc)).toEqual([]);
    expect(parseStoredNote({ ...note(), column: 'middle' })).toBeNull();
    expect(parseStoredNote(null)).toBeNull();
  });
});
