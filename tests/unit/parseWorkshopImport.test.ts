import { describe, expect, it } from 'vitest';
import { IMPORT_MAX_BYTES } from '../../shared/protocol/workshopImportSchema.ts';
import { parseWorkshopImport, type ImportParseResult } from '../../server/imports/parseWorkshopImport.ts';
import { richWorkshop } from '../fixtures/richWorkshop.ts';

// Test data bent out of shape on purpose, so loosely typed.
type Mutable = Record<string, any>;

const errorsOf = (result: ImportParseResult) => {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors.map((e) => `${e.path} ${e.code}`);
};
const bent = (change: (w: Mutable) => void) => {
  const workshop = richWorkshop() as unknown as Mutable;
  change(workshop);
  return parseWorkshopImport(JSON.stringify(workshop));
};

describe('parseWorkshopImport', () => {
  it('accepts an exported workshop, as text and as UTF-8 bytes with a BOM', () => {
    const json = JSON.stringify(richWorkshop());
    const text = parseWorkshopImport(json);
    expect(text.ok).toBe(true);
    const bytes = parseWorkshopImport(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(json)]));
    expect(bytes).toEqual(text);
    if (!text.ok) return;
    // Built-in boards keep the template's rows in the official order.
    expect(text.workshop.boards[0]!.rows.map((r) => r.key)[0]).toBe('leadership_commitment');
  });

  it('accepts a template written by hand with no notes, filling the defaults', () => {
    const result = parseWorkshopImport(
      JSON.stringify({
        format: 'integrity-board-workshop',
        formatVersion: 1,
        meta: { title: 'Plantilla SENAE', languages: ['es'] },
        boards: [
          { id: 'culture', title: 'Cultura', template: 'culture' },
          { id: 'arusha', title: 'Factores', template: 'arusha', actions: [{ id: 'a', row: 'hrm', text: 'Rotación' }] },
          { id: 'own', title: 'Propio', template: 'custom', rows: [{ key: 'r1', label: 'Fila' }], columns: [{ key: 'c1', label: 'Columna' }] },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.workshop.status).toEqual({ phase: 'write', frozen: null, history: [] });
    expect(result.workshop.boards[1]!.actions[0]).toMatchObject({ ownerUnit: '', dueDate: '', status: 'open', noteId: null });
    expect(result.workshop.boards.map((b) => b.notes.length)).toEqual([0, 0, 0]);
  });

  it('names every shape error with its JSON path', () => {
    const result = bent((w) => {
      delete w.meta.title;
      w.meta.extra = true;
      w.boards[0].notes[0].text = '';
      w.boards[0].notes[2].colour = 'red';
      w.boards[0].notes[3].text = 'x'.repeat(501);
      w.boards[0].notes[4].votes = -1;
      w.boards[0].actions[0].dueDate = '30/06/2023';
      w.boards[0].groups[0].id = 42;
    });
    expect(errorsOf(result)).toEqual([
      'meta.title MISSING',
      'meta.extra UNKNOWN_FIELD',
      'boards[0].notes[0].text EMPTY',
      'boards[0].notes[2].colour NOT_ALLOWED',
      'boards[0].notes[3].text TOO_LONG',
      'boards[0].notes[4].votes OUT_OF_RANGE',
      'boards[0].groups[0].id WRONG_TYPE',
      'boards[0].actions[0].dueDate BAD_FORMAT',
    ]);
  });

  it('refuses references to what is not in the file: stacks, groups, action notes, cells and duplicate ids', () => {
    const result = bent((w) => {
      const notes = w.boards[0].notes;
      notes[0].mergedInto = 'nowhere';
      notes[1].groupId = 'g9';
      notes[2].row = 'corruption';
      notes[3].id = notes[4].id;
      w.boards[0].actions[0].noteId = 'gone';
      w.boards[0].actions[1].row = 'unknown_row';
      // A stack on a note that is itself under another.
      const under = notes.findIndex((n: Mutable) => n.mergedInto !== null);
      notes[5].mergedInto = notes[under].id;
    });
    expect(errorsOf(result)).toEqual([
      'boards[0].notes[4].id DUPLICATE_ID',
      'boards[0].notes[0].mergedInto UNKNOWN_REFERENCE',
      'boards[0].notes[1].groupId UNKNOWN_REFERENCE',
      'boards[0].notes[2].row UNKNOWN_REFERENCE',
      'boards[0].notes[5].mergedInto UNKNOWN_REFERENCE',
      'boards[0].actions[0].noteId UNKNOWN_REFERENCE',
      'boards[0].actions[1].row UNKNOWN_REFERENCE',
    ]);
  });

  it('refuses built-in boards with other rows, custom boards without axes, and notes on an action plan', () => {
    const result = parseWorkshopImport(
      JSON.stringify({
        format: 'integrity-board-workshop',
        formatVersion: 1,
        meta: { title: 'T' },
        boards: [
          { id: 'a', title: 'A', template: 'arusha', rows: [{ key: 'hrm' }] },
          { id: 'b', title: 'B', template: 'custom' },
          { id: 'c', title: 'C', template: 'action_plan', notes: [{ id: 'n', row: 'hrm', column: 'strengths', text: 'x' }] },
        ],
      }),
    );
    expect(errorsOf(result)).toEqual([
      'boards[0].rows NOT_ALLOWED',
      'boards[1].rows MISSING',
      'boards[1].columns MISSING',
      'boards[2].notes NOT_ALLOWED',
      'boards[2].notes[0].column UNKNOWN_REFERENCE',
    ]);
  });

  it('accepts a breakout group’s share of a template’s rows only in a group’s export', () => {
    const file = (breakoutGroup?: object) => ({
      format: 'integrity-board-workshop',
      formatVersion: 1,
      meta: { title: 'T' },
      boards: [{ id: 'a', title: 'A', template: 'arusha', rows: [{ key: 'hrm' }, { key: 'transparency' }], notes: [{ id: 'n', row: 'hrm', column: 'gaps', text: 'x', breakout: { round: 1, groupName: '2', votes: 3 } }] }],
      ...(breakoutGroup ? { breakoutGroup } : {}),
    });
    const group = parseWorkshopImport(JSON.stringify(file({ round: 1, id: 'r1g2', name: '2', factors: ['transparency', 'hrm'] })));
    if (!group.ok) throw new Error(JSON.stringify(group.errors));
    // The template's order, not the file's.
    expect(group.workshop.boards[0]!.rows.map((r) => r.key)).toEqual(['transparency', 'hrm']);
    expect(group.workshop.boards[0]!.notes[0]!.breakout).toEqual({ round: 1, groupName: '2', votes: 3 });
    expect(errorsOf(parseWorkshopImport(JSON.stringify(file())))).toEqual(['boards[0].rows NOT_ALLOWED']);
    expect(errorsOf(parseWorkshopImport(JSON.stringify(file({ round: 1, id: 'plenary', name: '2', factors: [] }))))).toEqual(['breakoutGroup.id BAD_FORMAT']);
  });

  it('refuses what is not a workshop file: not JSON, another format, a newer version, invalid UTF-8, too large', () => {
    expect(errorsOf(parseWorkshopImport('{"format": '))).toEqual([' NOT_JSON']);
    expect(errorsOf(parseWorkshopImport('[1,2,3]'))).toEqual(['format NOT_A_WORKSHOP_FILE']);
    expect(errorsOf(parseWorkshopImport('{"format":"miro-board"}'))).toEqual(['format NOT_A_WORKSHOP_FILE']);
    expect(errorsOf(bent((w) => (w.formatVersion = 2)))).toEqual(['formatVersion UNSUPPORTED_VERSION']);
    expect(errorsOf(parseWorkshopImport(new Uint8Array([0x7b, 0xff, 0x7d])))).toEqual([' INVALID_ENCODING']);
    expect(errorsOf(parseWorkshopImport(new Uint8Array(IMPORT_MAX_BYTES + 1)))).toEqual([' FILE_TOO_LARGE']);
    expect(errorsOf(parseWorkshopImport(' '.repeat(IMPORT_MAX_BYTES + 1)))).toEqual([' FILE_TOO_LARGE']);
  });

  it('refuses a file without boards and one with too many notes on a board', () => {
    expect(errorsOf(bent((w) => (w.boards = [])))).toEqual(['boards TOO_FEW']);
    const many = bent((w) => {
      const base = w.boards[0].notes[0];
      w.boards[0].notes = Array.from({ length: 5001 }, (_, i) => ({ ...base, id: `n${i}`, mergedInto: null, groupId: null }));
    });
    expect(errorsOf(many)).toEqual(['boards[0].notes TOO_MANY']);
  });
});
