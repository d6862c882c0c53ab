// csv-parse relies on Node's global Buffer, so the parser lives on the server, not in shared/.
import { parse } from 'csv-parse/sync';
import { FACTORS, isFactorKey, type FactorKey } from '../../shared/factors.ts';
import {
  CIPS_COLUMNS,
  CIPS_GROUPS,
  CIPS_ID_MAX,
  CIPS_MAX_BYTES,
  CIPS_MAX_ERRORS,
  CIPS_MAX_ROWS,
  CIPS_METRICS,
  CIPS_TEXT_MAX,
  type CipsError,
  type CipsFactorScores,
  type CipsGroup,
  type CipsIndicatorScore,
  type CipsMetric,
  type CipsParseResult,
  type CipsScores,
} from '../../shared/cips/types.ts';

type Column = (typeof CIPS_COLUMNS)[number];
type Row = Record<Column, string>;

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER = /^\d+$/;
const LONG_TEXT: ReadonlySet<Column> = new Set(['indicator_label', 'notes']);
/** Control characters other than tab, line feed and carriage return: a text file never has them. */
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Half of a UTF-16 pair without its other half: text that came from invalid bytes. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const cut = (value: string) => (value.length > 60 ? `${value.slice(0, 59)}…` : value);

/** Text of the file: bytes must be UTF-8 (a BOM is dropped), within the size cap, and not binary. */
function decode(input: string | Uint8Array): { ok: true; text: string } | { ok: false; error: CipsError } {
  let text: string;
  if (typeof input === 'string') {
    if (input.length > CIPS_MAX_BYTES || (input.length * 3 > CIPS_MAX_BYTES && new TextEncoder().encode(input).byteLength > CIPS_MAX_BYTES)) {
      return { ok: false, error: { line: 0, code: 'FILE_TOO_LARGE' } };
    }
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (LONE_SURROGATE.test(text)) return { ok: false, error: { line: 0, code: 'INVALID_ENCODING' } };
  } else {
    if (input.byteLength > CIPS_MAX_BYTES) return { ok: false, error: { line: 0, code: 'FILE_TOO_LARGE' } };
    try {
      // The decoder drops a leading BOM and, being fatal, refuses any invalid sequence.
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return { ok: false, error: { line: 0, code: 'INVALID_ENCODING' } };
    }
  }
  const binary = BINARY.exec(text);
  if (binary) {
    const line = text.slice(0, binary.index).split('\n').length;
    return { ok: false, error: { line, code: 'NOT_CSV' } };
  }
  return { ok: true, text };
}

interface Parsed {
  line: number;
  fields: string[];
}

type Record_ = { record: string[]; info: { lines: number; raw?: string } };

const csvOptions = { relax_column_count: true, skip_empty_lines: true, info: true, raw: true } as const;

/**
 * Splits the text into records (RFC 4180) with the line each starts on. After a quoting error no
 * parser can tell where records end, so the first one is reported and what follows is not read.
 * (csv-parse's own recovery, `skip_records_with_error`, takes quadratic time on garbage: not used.)
 */
function records(text: string, errors: CipsError[]): Parsed[] {
  let rows: Record_[];
  try {
    rows = parse(text, csvOptions) as unknown as Record_[];
  } catch (err) {
    const brokenAt = typeof (err as { lines?: unknown }).lines === 'number' ? (err as { lines: number }).lines : 1;
    errors.push({ line: brokenAt, code: 'NOT_CSV' });
    rows = brokenAt > 1 ? (parse(text, { ...csvOptions, to_line: brokenAt - 1 }) as unknown as Record_[]) : [];
  }
  return rows.map(({ record, info }) => {
    // `lines` is where the record ends; a quoted field may hold line breaks.
    const raw = (info.raw ?? '').replace(/\r?\n$/, '');
    return { line: info.lines - (raw.split('\n').length - 1), fields: record };
  });
}

function readHeader(fields: string[]): { ok: true; order: Column[] } | { ok: false } {
  const names = fields.map((f) => f.trim().toLowerCase());
  const known = new Set<string>(CIPS_COLUMNS);
  if (names.length !== CIPS_COLUMNS.length || new Set(names).size !== names.length || !names.every((n) => known.has(n))) {
    return { ok: false };
  }
  return { ok: true, order: names as Column[] };
}

interface Checked {
  surveyId: string;
  country: string;
  year: number;
  iteration: number;
  lang: string;
  group: CipsGroup;
  factorKey: FactorKey;
  indicatorId: string;
  indicatorLabel: string;
  metric: CipsMetric;
  value: number;
  scaleMin: number;
  scaleMax: number;
  n: number | null;
}

/** Checks one data row; pushes every problem it has (not only the first). */
function checkRow(row: Row, line: number, errors: CipsError[]): Checked | null {
  const before = errors.length;
  const fail = (code: CipsError['code'], column: Column) => errors.push({ line, code, column, value: cut(row[column]) });
  for (const column of CIPS_COLUMNS) {
    if (row[column].length > (LONG_TEXT.has(column) ? CIPS_TEXT_MAX : CIPS_ID_MAX)) fail('FIELD_TOO_LONG', column);
  }
  for (const column of ['survey_id', 'year', 'respondent_group', 'factor_no', 'factor_key', 'metric', 'value', 'scale_min', 'scale_max'] as const) {
    if (row[column] === '') errors.push({ line, code: 'MISSING_VALUE', column });
  }
  const year = Number(row.year);
  if (row.year !== '' && (!INTEGER.test(row.year) || year < 1990 || year > 2100)) fail('BAD_YEAR', 'year');
  const iteration = row.iteration === '' ? 1 : Number(row.iteration);
  if (row.iteration !== '' && (!INTEGER.test(row.iteration) || iteration < 1 || iteration > 1000)) fail('BAD_ITERATION', 'iteration');
  const group = row.respondent_group.toLowerCase();
  if (row.respondent_group !== '' && !(CIPS_GROUPS as readonly string[]).includes(group)) fail('UNKNOWN_GROUP', 'respondent_group');
  const factorKey = row.factor_key.toLowerCase();
  if (row.factor_key !== '' && !isFactorKey(factorKey)) fail('UNKNOWN_FACTOR_KEY', 'factor_key');
  else if (row.factor_no !== '' && isFactorKey(factorKey) && String(FACTORS.find((f) => f.key === factorKey)?.number) !== row.factor_no.replace(/^0+(?=\d)/, '')) {
    fail('FACTOR_NO_MISMATCH', 'factor_no');
  }
  const metric = row.metric.toLowerCase();
  if (row.metric !== '' && !(CIPS_METRICS as readonly string[]).includes(metric)) fail('UNKNOWN_METRIC', 'metric');
  const numbers = {} as Record<'value' | 'scale_min' | 'scale_max', number>;
  for (const column of ['value', 'scale_min', 'scale_max'] as const) {
    numbers[column] = Number(row[column]);
    if (row[column] !== '' && (!DECIMAL.test(row[column]) || !Number.isFinite(numbers[column]))) fail('BAD_NUMBER', column);
  }
  const numbersOk = ['value', 'scale_min', 'scale_max'].every((c) => DECIMAL.test(row[c as Column]));
  if (numbersOk && numbers.scale_min >= numbers.scale_max) fail('BAD_SCALE', 'scale_max');
  else if (numbersOk && (numbers.value < numbers.scale_min || numbers.value > numbers.scale_max)) fail('VALUE_OUT_OF_RANGE', 'value');
  const n = row.n === '' ? null : Number(row.n);
  if (row.n !== '' && (!INTEGER.test(row.n) || !Number.isSafeInteger(n))) fail('BAD_N', 'n');
  if (errors.length > before) return null;
  return {
    surveyId: row.survey_id,
    country: row.country,
    year,
    iteration,
    lang: row.lang,
    group: group as CipsGroup,
    factorKey: factorKey as FactorKey,
    indicatorId: row.indicator_id,
    indicatorLabel: row.indicator_label,
    metric: metric as CipsMetric,
    value: numbers.value,
    scaleMin: numbers.scale_min,
    scaleMax: numbers.scale_max,
    n,
  };
}

function done(errors: CipsError[]): CipsParseResult {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  return { ok: false, errors: sorted.slice(0, CIPS_MAX_ERRORS), moreErrors: Math.max(0, sorted.length - CIPS_MAX_ERRORS) };
}

/**
 * Parses a CIPS results file (the CSV layout of domain.md) into per-factor scores. Pure: no I/O,
 * no clock. Any error means no scores: the answer lists every error with its line.
 */
export function parseCipsCsv(input: string | Uint8Array): CipsParseResult {
  const decoded = decode(input);
  if (!decoded.ok) return done([decoded.error]);
  const errors: CipsError[] = [];
  let parsed: Parsed[];
  try {
    parsed = records(decoded.text, errors);
  } catch (err) {
    const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as { lines: number }).lines : 0;
    return done([...errors, { line, code: 'NOT_CSV' }]);
  }
  const [head, ...body] = parsed;
  if (!head) return done(errors.length > 0 ? errors : [{ line: 0, code: 'EMPTY_FILE' }]);
  const header = readHeader(head.fields);
  if (!header.ok) return done([...errors, { line: head.line, code: 'BAD_HEADER', value: cut(head.fields.join(',')) }]);
  if (body.length === 0 && errors.length === 0) return done([{ line: 0, code: 'EMPTY_FILE' }]);
  if (body.length > CIPS_MAX_ROWS) return done([{ line: body[CIPS_MAX_ROWS]!.line, code: 'TOO_MANY_ROWS' }]);

  const checked: { line: number; row: Checked }[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of body) {
    if (fields.length !== header.order.length) {
      errors.push({ line, code: 'WRONG_COLUMN_COUNT', value: String(fields.length) });
      continue;
    }
    const row = Object.fromEntries(header.order.map((name, i) => [name, fields[i]!.trim()])) as Row;
    const ok = checkRow(row, line, errors);
    if (!ok) continue;
    const key = JSON.stringify([ok.surveyId, ok.group, ok.factorKey, ok.indicatorId, ok.metric]);
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ line, code: 'DUPLICATE_ROW', firstLine: first });
      continue;
    }
    seen.set(key, line);
    checked.push({ line, row: ok });
  }
  const first = checked[0]?.row;
  for (const { line, row } of checked) {
    if (first && (row.surveyId !== first.surveyId || row.country !== first.country || row.year !== first.year || row.iteration !== first.iteration)) {
      errors.push({ line, code: 'MIXED_SURVEYS', column: 'survey_id', value: cut(row.surveyId) });
    }
  }
  if (errors.length > 0 || !first) return done(errors);

  const factors: Partial<Record<FactorKey, CipsFactorScores>> = {};
  const indicators: CipsIndicatorScore[] = [];
  for (const { row } of checked) {
    const score = { metric: row.metric, value: row.value, scaleMin: row.scaleMin, scaleMax: row.scaleMax, n: row.n };
    if (row.indicatorId) {
      indicators.push({ ...score, group: row.group, factorKey: row.factorKey, indicatorId: row.indicatorId, indicatorLabel: row.indicatorLabel });
    } else {
      (factors[row.factorKey] ??= { customs: [], private: [] })[row.group].push(score);
    }
  }
  const scores: Omit<CipsScores, 'importedAt'> = {
    surveyId: first.surveyId,
    country: first.country,
    year: first.year,
    iteration: first.iteration,
    lang: first.lang,
    factors,
    indicators,
  };
  return { ok: true, scores, rows: checked.length };
}
