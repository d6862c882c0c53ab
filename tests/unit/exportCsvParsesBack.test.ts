import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, guardFormula } from '../../shared/export/renderCsv.ts';
import { ENGLISH } from '../../shared/i18n/translate.ts';
import { allNoteTexts, HOSTILE, richWorkshop } from '../fixtures/richWorkshop.ts';
import { renderAsText } from '../fixtures/renderFixture.ts';

/** The CSV's two tables: notes, then (after one empty record) actions. */
function tables(csv: string): { notes: string[][]; actions: string[][] } {
  expect(csv.startsWith(CSV_BOM)).toBe(true);
  const records = parse(csv.slice(1), { relax_column_count: true, skip_empty_lines: false }) as string[][];
  const gap = records.findIndex((r) => r.length === 1 && r[0] === '');
  expect(gap).toBeGreaterThan(0);
  return { notes: records.slice(0, gap), actions: records.slice(gap + 1) };
}

const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

describe('the CSV export', () => {
  it('parses back into one row per note, every text exactly as written, with a formula guard', async () => {
    const snapshot = richWorkshop();
    const { notes, actions } = tables(await renderAsText(snapshot, 'csv', 'en'));
    const header = notes[0]!;
    expect(header).toEqual([
      'No.', 'Workshop', 'Board', 'Factor number', 'Factor key', 'Factor', 'Column', 'Group', 'Merged into (No.)', 'Text', 'Votes', 'Author', 'Administration', 'Created at (UTC)',
    ]);
    const rows = notes.slice(1);
    expect(rows).toHaveLength(allNoteTexts(snapshot).length);
    const text = header.indexOf('Text');
    expect(rows.map((r) => unguard(r[text]!)).sort()).toEqual(allNoteTexts(snapshot).sort());
    for (const row of rows) for (const cell of row) expect(cell, 'no cell may start a formula').not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.map((r) => r[text])).toContain(`'${HOSTILE.formula}`);
    expect(rows.map((r) => r[text])).toContain(`'${HOSTILE.tab}`);
    // Actions: their own table, with their own formula guard.
    expect(actions[0]).toContain(ENGLISH['facilitation.actions.owner']);
    expect(actions.slice(1)).toHaveLength(3);
    expect(actions.flat()).toContain("'=rotación anual de puestos expuestos");
  });

  it('points stacked notes at the number of the note on top, and keeps factor numbers and keys', async () => {
    const { notes } = tables(await renderAsText(richWorkshop(), 'csv', 'es'));
    const rows = notes.slice(1);
    const top = rows.find((r) => r[9] === 'Las investigaciones internas tardan demasiado')!;
    const merged = rows.filter((r) => r[8] !== '');
    expect(merged.map((r) => r[9]).sort()).toEqual(['Demoras en asuntos internos', 'Enquêtes trop lentes']);
    for (const r of merged) expect(r[8]).toBe(top[0]);
    expect(top.slice(3, 6)).toEqual(['6', 'audit_investigation', 'Auditoría e investigación']);
  });

  it('leaves the author empty on anonymous workshops', async () => {
    const { notes } = tables(await renderAsText(richWorkshop({ anonymous: true }), 'csv', 'fr'));
    for (const row of notes.slice(1)) expect([row[11], row[12]]).toEqual(['', '']);
    expect(await renderAsText(richWorkshop({ anonymous: true }), 'csv', 'fr')).not.toContain('Ana Pérez');
  });

  it('guards exactly the cells a spreadsheet would run', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(guardFormula(bad)).toBe(`'${bad}`);
    for (const fine of ['1=1', 'a-b', 'mail@example.org', ' =x', '']) expect(guardFormula(fine)).toBe(fine);
  });
});
