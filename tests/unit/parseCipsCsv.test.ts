import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CIPS_COLUMNS, CIPS_MAX_BYTES, CIPS_MAX_ERRORS, type CipsParseResult } from '../../shared/cips/types.ts';
import { parseCipsCsv } from '../../server/imports/parseCipsCsv.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cips/${name}`, import.meta.url));
const HEADER = CIPS_COLUMNS.join(',');
const row = (over: Partial<Record<(typeof CIPS_COLUMNS)[number], string>> = {}) => {
  const base: Record<string, string> = {
    survey_id: 'cips-xx-2022', country: 'XX', year: '2022', iteration: '1', respondent_group: 'customs', factor_no: '9',
    factor_key: 'morale_culture', indicator_id: '', indicator_label: '', metric: 'pct_favourable', value: '54', scale_min: '0',
    scale_max: '100', n: '612', lang: 'es', notes: '',
  };
  return CIPS_COLUMNS.map((c) => over[c] ?? base[c]).join(',');
};
const file = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

function errorsOf(result: CipsParseResult) {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors.map((e) => ({ line: e.line, code: e.code }));
}

describe('parseCipsCsv', () => {
  it('reads the per-factor scores of a good file, both respondent groups and every metric', () => {
    const result = parseCipsCsv(fixture('good.csv'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows).toBe(9);
    expect(result.scores).toMatchObject({ surveyId: 'cips-xx-2022', country: 'XX', year: 2022, iteration: 1, lang: 'es' });
    expect(result.scores.factors.morale_culture?.customs).toEqual([
      { metric: 'pct_favourable', value: 54, scaleMin: 0, scaleMax: 100, n: 612 },
      { metric: 'pct_agree', value: 47, scaleMin: 0, scaleMax: 100, n: 612 },
    ]);
    expect(result.scores.factors.transparency?.private).toEqual([{ metric: 'mean_score', value: 2.9, scaleMin: 1, scaleMax: 5, n: null }]);
    expect(result.scores.factors.private_sector?.private.map((s) => s.metric)).toEqual(['mean_score', 'count']);
    expect(result.scores.factors.automation).toBeUndefined();
    expect(result.scores.indicators).toEqual([
      { group: 'customs', factorKey: 'morale_culture', indicatorId: 'Q9.2', indicatorLabel: '¿Comparte la responsabilidad?', metric: 'pct_agree', value: 51, scaleMin: 0, scaleMax: 100, n: 600 },
    ]);
  });

  it('accepts the same file as text, with a UTF-8 byte order mark, and with CRLF line ends', () => {
    const text = fixture('good.csv').toString('utf8');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text.replaceAll('\n', '\r\n'))]);
    expect(parseCipsCsv(text)).toEqual(parseCipsCsv(fixture('good.csv')));
    expect(parseCipsCsv(withBom)).toEqual(parseCipsCsv(text));
    expect(parseCipsCsv(`\uFEFF${text}`).ok).toBe(true);
  });

  it('lists every error of a bad file with its line and code, and imports nothing', () => {
    const result = parseCipsCsv(fixture('bad.csv'));
    expect(result.ok).toBe(false);
    expect('scores' in result).toBe(false);
    expect(errorsOf(result)).toEqual([
      { line: 3, code: 'UNKNOWN_GROUP' },
      { line: 4, code: 'UNKNOWN_FACTOR_KEY' },
      { line: 5, code: 'FACTOR_NO_MISMATCH' },
      { line: 6, code: 'VALUE_OUT_OF_RANGE' },
      { line: 7, code: 'UNKNOWN_METRIC' },
      { line: 8, code: 'BAD_SCALE' },
      { line: 9, code: 'BAD_NUMBER' },
      { line: 10, code: 'BAD_N' },
      { line: 11, code: 'DUPLICATE_ROW' },
      { line: 12, code: 'WRONG_COLUMN_COUNT' },
    ]);
  });

  it('names the column, the value and, for a duplicate, the line it repeats', () => {
    const result = parseCipsCsv(file(row(), row({ value: '55' }), row({ factor_key: 'moral', value: '1' })));
    if (result.ok) throw new Error('expected errors');
    expect(result.errors).toEqual([
      { line: 3, code: 'DUPLICATE_ROW', firstLine: 2 },
      { line: 4, code: 'UNKNOWN_FACTOR_KEY', column: 'factor_key', value: 'moral' },
    ]);
  });

  it('treats rows that differ only by indicator or metric or group as different rows', () => {
    const result = parseCipsCsv(file(row(), row({ metric: 'pct_agree' }), row({ respondent_group: 'private' }), row({ indicator_id: 'Q1' })));
    expect(result.ok).toBe(true);
  });

  it('checks values against each row’s own scale, edges included', () => {
    expect(parseCipsCsv(file(row({ value: '0' }), row({ metric: 'mean_score', value: '5', scale_min: '1', scale_max: '5' }))).ok).toBe(true);
    expect(errorsOf(parseCipsCsv(file(row({ value: '100.01' }))))).toEqual([{ line: 2, code: 'VALUE_OUT_OF_RANGE' }]);
    expect(errorsOf(parseCipsCsv(file(row({ metric: 'mean_score', value: '0.5', scale_min: '1', scale_max: '5' }))))).toEqual([{ line: 2, code: 'VALUE_OUT_OF_RANGE' }]);
    expect(errorsOf(parseCipsCsv(file(row({ value: '54,0' }))))).toEqual([{ line: 2, code: 'WRONG_COLUMN_COUNT' }]);
    expect(errorsOf(parseCipsCsv(file(row({ value: 'NaN' }), row({ metric: 'count', value: 'Infinity' }))))).toEqual([
      { line: 2, code: 'BAD_NUMBER' },
      { line: 3, code: 'BAD_NUMBER' },
    ]);
  });

  it('refuses a factor number that does not agree with the factor key, and accepts a leading zero', () => {
    expect(parseCipsCsv(file(row({ factor_no: '09' }))).ok).toBe(true);
    expect(errorsOf(parseCipsCsv(file(row({ factor_no: '10' }), row({ factor_no: 'nine', metric: 'count' }))))).toEqual([
      { line: 2, code: 'FACTOR_NO_MISMATCH' },
      { line: 3, code: 'FACTOR_NO_MISMATCH' },
    ]);
  });

  it('refuses missing required values, a non-integer n and a bad year, leaving n optional', () => {
    expect(parseCipsCsv(file(row({ n: '' }))).ok).toBe(true);
    expect(errorsOf(parseCipsCsv(file(row({ survey_id: '', value: '' }), row({ n: '12.5', metric: 'count', value: '5' }), row({ year: '22', metric: 'pct_agree' }))))).toEqual([
      { line: 2, code: 'MISSING_VALUE' },
      { line: 2, code: 'MISSING_VALUE' },
      { line: 3, code: 'BAD_N' },
      { line: 4, code: 'BAD_YEAR' },
    ]);
  });

  it('refuses a file mixing two surveys', () => {
    expect(errorsOf(parseCipsCsv(file(row(), row({ survey_id: 'cips-yy-2023', year: '2023' }))))).toEqual([{ line: 3, code: 'MIXED_SURVEYS' }]);
  });

  it('gives the line a record starts on when a quoted note spans lines', () => {
    const result = parseCipsCsv(file(row({ notes: '"one\ntwo\nthree"' }), row({ metric: 'bogus' })));
    expect(errorsOf(result)).toEqual([{ line: 5, code: 'UNKNOWN_METRIC' }]);
  });

  it('reports broken quoting at its line, with the errors of the rows before it', () => {
    const result = parseCipsCsv(file(row({ value: '101' }), row({ metric: 'pct_agree' }), '"broken"quote,1', row({ metric: 'count' })));
    expect(errorsOf(result)).toEqual([
      { line: 2, code: 'VALUE_OUT_OF_RANGE' },
      { line: 4, code: 'NOT_CSV' },
    ]);
  });

  it('refuses a wrong header, an empty file and a header without rows', () => {
    expect(errorsOf(parseCipsCsv('factor,value\nmorale_culture,54\n'))).toEqual([{ line: 1, code: 'BAD_HEADER' }]);
    expect(errorsOf(parseCipsCsv(HEADER.replace('metric', 'measure') + '\n' + row()))).toEqual([{ line: 1, code: 'BAD_HEADER' }]);
    expect(errorsOf(parseCipsCsv(''))).toEqual([{ line: 0, code: 'EMPTY_FILE' }]);
    expect(errorsOf(parseCipsCsv(`${HEADER}\n\n`))).toEqual([{ line: 0, code: 'EMPTY_FILE' }]);
  });

  it('accepts the header in another column order and in capitals', () => {
    const columns = [...CIPS_COLUMNS].reverse();
    const values = row().split(',').reverse().join(',');
    expect(parseCipsCsv(`${columns.join(',').toUpperCase()}\n${values}\n`).ok).toBe(true);
  });

  it('refuses invalid UTF-8 (a Latin-1 file) as a wrong encoding', () => {
    const latin1 = Buffer.from(file(row({ notes: 'opinión' })), 'latin1');
    expect(errorsOf(parseCipsCsv(latin1))).toEqual([{ line: 0, code: 'INVALID_ENCODING' }]);
    expect(errorsOf(parseCipsCsv(`${HEADER}\n\uD800`))).toEqual([{ line: 0, code: 'INVALID_ENCODING' }]);
  });

  it('refuses 10 MB of garbage as too large before reading it, and 1 MB of garbage as not UTF-8', () => {
    const tenMb = randomBytes(10 * 1024 * 1024);
    expect(errorsOf(parseCipsCsv(tenMb))).toEqual([{ line: 0, code: 'FILE_TOO_LARGE' }]);
    expect(errorsOf(parseCipsCsv('x'.repeat(CIPS_MAX_BYTES + 1)))).toEqual([{ line: 0, code: 'FILE_TOO_LARGE' }]);
    expect(errorsOf(parseCipsCsv('é'.repeat(CIPS_MAX_BYTES / 2 + 1)))).toEqual([{ line: 0, code: 'FILE_TOO_LARGE' }]);
    const oneMb = randomBytes(1024 * 1024);
    oneMb[0] = 0xff;
    expect(errorsOf(parseCipsCsv(oneMb))).toEqual([{ line: 0, code: 'INVALID_ENCODING' }]);
  });

  it('refuses 2 MB of printable garbage, with or without a good header, as not CSV from the line it breaks', () => {
    // Quotes and commas at random: csv-parse's own error recovery would take minutes on this.
    const junk = Buffer.from(Uint8Array.from({ length: CIPS_MAX_BYTES - 400 }, (_, i) => 32 + ((i * 7919) % 90))).toString('latin1');
    expect(errorsOf(parseCipsCsv(junk))).toEqual([{ line: 1, code: 'NOT_CSV' }]);
    expect(errorsOf(parseCipsCsv(file(row(), row({ metric: 'count', value: '500', scale_max: '100' })) + junk))).toEqual([
      { line: 3, code: 'VALUE_OUT_OF_RANGE' },
      { line: 4, code: 'NOT_CSV' },
    ]);
  });

  it('refuses text with control characters (a binary file saved as UTF-8) at the line they are on', () => {
    expect(errorsOf(parseCipsCsv(`${HEADER}\n${row()}\nab\u0000cd\n`))).toEqual([{ line: 3, code: 'NOT_CSV' }]);
  });

  it('caps the listed errors and counts the rest', () => {
    const rows = Array.from({ length: CIPS_MAX_ERRORS + 25 }, (_, i) => row({ indicator_id: `Q${i}`, value: '999' }));
    const result = parseCipsCsv(file(...rows));
    if (result.ok) throw new Error('expected errors');
    expect(result.errors).toHaveLength(CIPS_MAX_ERRORS);
    expect(result.moreErrors).toBe(25);
  });

  it('refuses more rows than the cap', () => {
    const rows = Array.from({ length: 5001 }, (_, i) => row({ indicator_id: `Q${i}` }));
    expect(errorsOf(parseCipsCsv(file(...rows)))).toEqual([{ line: 5002, code: 'TOO_MANY_ROWS' }]);
  });
});
