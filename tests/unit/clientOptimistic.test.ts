import { describe, expect, it } from 'vitest';
import type { Note } from '../../shared/board/types.ts';
import { axesFromLabels, keyFromLabel } from '../../client/lib/axisKeys.ts';
import { bestOffset, measureClockOffset } from '../../client/lib/clockSync.ts';
import { applyPending, NO_PENDING, notesByCell, pendingAddNotes, settle, SETTLE_GRACE_MS, type Pending } from '../../client/lib/optimistic.ts';

const note = (id: string, overrides: Partial<Note> = {}): Note => ({
  id,
  boardId: 'board00000000001',
  row: 'hrm',
  column: 'gaps',
  text: `text ${id}`,
  colour: 'yellow',
  authorName: 'Ana',
  authorAdministration: 'SENAE',
  groupId: null,
  mergedFrom: [],
  mergedInto: null,
  createdAt: 1,
  updatedAt: 1,
  ...overrides,
});

describe('optimistic state beside the read-only document', () => {
  const add = { tempId: 'tmp1', boardId: 'board00000000001', row: 'hrm', column: 'gaps', text: 'draft', colour: 'yellow' as const, authorName: 'Ana', authorAdministration: 'SENAE', private: false, createdAt: 5 };

  it('shows a pending add until the document holds the acknowledged note, then drops it', () => {
    const pending: Pending = { ...NO_PENDING, adds: [{ ...add, noteId: null }] };
    expect(pendingAddNotes(pending, new Set(), false).map((n) => n.id)).toEqual(['tmp1']);
    const acked: Pending = { ...NO_PENDING, adds: [{ ...add, noteId: 'real00000000001' }] };
    expect(settle(acked, new Map(), 10)).toBe(acked);
    expect(settle(acked, new Map([['real00000000001', note('real00000000001')]]), 10).adds).toEqual([]);
  });

  it('applies pending edits and deletions over the document, and settles them when reflected or after the grace period', () => {
    const doc = [note('a'), note('b')];
    const pending: Pending = {
      adds: [],
      changes: [{ noteId: 'a', seq: 1, changes: { text: 'edited' }, baseUpdatedAt: 1, ackedAt: 100 }],
      deletes: [{ noteId: 'b', ackedAt: null }],
    };
    expect(applyPending(doc, pending).map((n) => [n.id, n.text])).toEqual([['a', 'edited']]);
    const known = new Map(doc.map((n) => [n.id, n]));
    expect(settle(pending, known, 101).changes).toHaveLength(1);
    expect(settle(pending, known, 100 + SETTLE_GRACE_MS).changes).toHaveLength(0);
    expect(settle(pending, new Map([['a', note('a', { text: 'edited' })]]), 101).changes).toHaveLength(0);
    expect(settle(pending, known, 101).deletes).toHaveLength(1);
  });
});

describe('merged notes on the board', () => {
  it('a merged note’s pending removal settles once the document shows it under its top, so an undo shows it again at once', () => {
    const pending: Pending = { ...NO_PENDING, deletes: [{ noteId: 'b', ackedAt: 100 }] };
    expect(settle(pending, new Map([['b', note('b')]]), 101).deletes).toHaveLength(1);
    expect(settle(pending, new Map([['b', note('b', { mergedInto: 'a' })]]), 101).deletes).toHaveLength(0);
  });

  it('cells list a stack’s top only; a note whose top is gone is listed on its own', () => {
    const cells = notesByCell([note('a', { mergedFrom: ['b'] }), note('b', { mergedInto: 'a' }), note('c', { mergedInto: 'gone' })], [], new Set());
    expect([...cells.values()].flat().map((v) => v.note.id)).toEqual(['a', 'c']);
  });
});

describe('clock offset and axis keys', () => {
  it('keeps the offset of the shortest round trip', async () => {
    expect(bestOffset([{ offset: 10, roundTrip: 50 }, { offset: 30, roundTrip: 5 }])).toBe(30);
    expect(bestOffset([])).toBeNull();
    let t = 0;
    const server = [1_000, 2_000];
    const offset = await measureClockOffset(async () => {
      t += 10;
      return server.shift() ?? null;
    }, 5, () => t);
    expect(offset).toBe(1_000 - 5);
  });

  it('derives unique protocol keys from labels in any language', () => {
    expect(keyFromLabel('Gestión de riesgos')).toBe('gestion_de_riesgos');
    expect(axesFromLabels(['Risks', 'risks', ' ', 'مخاطر'], 'row')).toEqual([
      { key: 'risks', label: 'Risks' },
      { key: 'risks_2', label: 'risks' },
      { key: 'row_3', label: 'مخاطر' },
    ]);
  });
});
