import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  INITIAL_SESSION,
  parseStoredNote,
  readMeta,
  readNote,
  readNotes,
  readSession,
  readVoteCounts,
  removeNote,
  roots,
  writeMeta,
  writeNote,
  writeSession,
  writeVoteCounts,
} from '../../shared/board/boardDocument.ts';
import type { Note } from '../../shared/board/types.ts';

const note = (overrides: Partial<Note> = {}): Note => ({
  id: 'note000000000001',
  boardId: 'board00000000001',
  row: 'hrm',
  column: 'gaps',
  text: 'Promotions are not merit-based',
  colour: 'yellow',
  authorName: 'Ana',
  authorAdministration: 'SENAE',
  groupId: null,
  mergedFrom: [],
  mergedInto: null,
  createdAt: 1000,
  updatedAt: 1000,
  ...overrides,
});

describe('workshop document readers and writers', () => {
  it('writes and reads back the meta with the schema version', () => {
    const doc = new Y.Doc();
    expect(readMeta(doc)).toBeNull();
    writeMeta(doc, { title: 'Session 1', description: '', dates: 'Jan 2023', languages: ['es'], anonymous: true, createdAt: 5 });
    expect(readMeta(doc)).toEqual({ title: 'Session 1', description: '', dates: 'Jan 2023', languages: ['es'], anonymous: true, createdAt: 5, schemaVersion: 3 });
  });

  it('writes, reads, lists in creation order, filters by board and removes notes with their published votes', () => {
    const doc = new Y.Doc();
    writeNote(doc, note({ id: 'note000000000002', createdAt: 2000 }));
    writeNote(doc, note());
    writeNote(doc, note({ id: 'note000000000003', boardId: 'board00000000002' }));
    writeVoteCounts(doc, { note000000000001: 2 });
    expect(readNotes(doc, 'board00000000001').map((n) => n.id)).toEqual(['note000000000001', 'note000000000002']);
    expect(readNote(doc, 'note000000000001')).toEqual(note());
    expect(removeNote(doc, 'note000000000001')).toBe(true);
    expect(removeNote(doc, 'note000000000001')).toBe(false);
    expect(readVoteCounts(doc)).toEqual({});
    expect(readNotes(doc)).toHaveLength(2);
  });

  it('reads the initial session from an empty document and writes fields one key at a time', () => {
    const doc = new Y.Doc();
    expect(readSession(doc)).toEqual(INITIAL_SESSION);
    writeSession(doc, { phase: 'vote', locked: true });
    expect(readSession(doc)).toEqual({ ...INITIAL_SESSION, phase: 'vote', locked: true });
    roots.session(doc).set('phase', 'bogus');
    expect(readSession(doc).phase).toBe('write');
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
    roots.notes(doc).set('bad', { id: 'bad', row: 'hrm' });
    roots.notes(doc).set('worse', 'text');
    expect(readNotes(doc)).toEqual([]);
    expect(parseStoredNote({ ...note(), colour: 'black' })).toBeNull();
    expect(parseStoredNote(null)).toBeNull();
  });
});
