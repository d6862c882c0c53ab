import { stringify } from 'csv-stringify/browser/esm/sync';
import { FACTORS, isFactorKey } from '../factors.ts';
import { columnLabel, labeller, rowLabel } from './reportModel.ts';
import { cellKey, flattenCell, orderBoardNotes, orderedRows } from './noteOrder.ts';
import type { Catalogue } from '../i18n/translate.ts';
import type { Language } from '../i18n/languages.ts';
import type { WorkshopSnapshot } from './workshopSnapshot.ts';

/** UTF-8 byte order mark: spreadsheet programs read accents right only with it. */
export const CSV_BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first)
 * gets a leading apostrophe, which spreadsheets show as text (OWASP's CSV injection advice).
 */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const iso = (at: number) => new Date(at).toISOString();

/**
 * The workshop as a spreadsheet: one row per note (stacked notes too, pointing at their top note by
 * number), then an empty row and one row per action item. RFC 4180 quoting by csv-stringify.
 */
export function renderCsv(snapshot: WorkshopSnapshot, catalogue: Catalogue, lang: Language): string {
  const l = labeller(catalogue, lang);
  const noteHeader = [
    'export.csv.noteNumber',
    'export.csv.workshop',
    'export.csv.board',
    'export.csv.factorNumber',
    'export.csv.factorKey',
    'export.csv.factorName',
    'export.csv.column',
    'export.csv.group',
    'export.csv.mergedInto',
    'export.csv.text',
    'export.csv.votes',
    'export.csv.author',
    'export.csv.administration',
    'export.csv.createdAt',
  ] as const;
  const notes: (string | number)[][] = [noteHeader.map((k) => l.t(k))];
  const actions: (string | number)[][] = [
    [
      l.t('export.csv.workshop'),
      l.t('export.csv.board'),
      l.t('export.csv.factorNumber'),
      l.t('export.csv.factorKey'),
      l.t('export.csv.factorName'),
      l.t('facilitation.actions.text'),
      l.t('facilitation.actions.owner'),
      l.t('facilitation.actions.due'),
      l.t('facilitation.actions.indicator'),
      l.t('facilitation.actions.status'),
      l.t('export.csv.fromNote'),
    ],
  ];
  const numbers = new Map<string, number>();
  const g = snapshot.breakoutGroup;
  // A breakout group's board names its group and round beside the workshop on every row.
  const workshop = g ? `${snapshot.meta.title} — ${l.t('breakouts.groupInRound', { group: l.t('breakouts.groupTitle', { n: g.name }), round: g.round })}` : snapshot.meta.title;
  for (const board of snapshot.boards) {
    const cells = orderBoardNotes(board);
    const factor = (row: string) => ({
      number: isFactorKey(row) ? (FACTORS.find((f) => f.key === row)?.number ?? '') : '',
      key: isFactorKey(row) ? row : '',
      name: isFactorKey(row) ? l.t(`factor.${row}.name`) : rowLabel(l, board, row),
    });
    const rowsOut: { row: string; column: string; note: WorkshopSnapshot['boards'][number]['notes'][number]; group: string; top: string | null }[] = [];
    for (const row of orderedRows(board)) {
      for (const column of board.columns) {
        for (const { entry, group } of flattenCell(cells.get(cellKey(row.key, column.key)))) {
          rowsOut.push({ row: row.key, column: column.key, note: entry.note, group: group?.name ?? '', top: null });
          for (const n of entry.stack) rowsOut.push({ row: row.key, column: column.key, note: n, group: group?.name ?? '', top: entry.note.id });
        }
      }
    }
    for (const r of rowsOut) numbers.set(r.note.id, numbers.size + 1);
    for (const r of rowsOut) {
      const f = factor(r.row);
      notes.push([
        numbers.get(r.note.id) ?? '',
        workshop,
        board.title,
        f.number,
        f.key,
        f.name,
        columnLabel(l, board, r.column),
        r.group,
        r.top !== null ? (numbers.get(r.top) ?? '') : '',
        r.note.text,
        r.note.votes,
        r.note.authorName ?? '',
        r.note.authorAdministration ?? '',
        iso(r.note.createdAt),
      ]);
    }
    const rowOrder = orderedRows(board).map((r) => r.key);
    for (const a of [...board.actions].sort((x, y) => rowOrder.indexOf(x.row) - rowOrder.indexOf(y.row) || x.createdAt - y.createdAt)) {
      const f = factor(a.row);
      actions.push([
        workshop,
        board.title,
        f.number,
        f.key,
        f.name,
        a.text,
        a.ownerUnit,
        a.dueDate,
        a.indicator,
        l.t(`facilitation.actionStatus.${a.status}`),
        a.noteId !== null ? (numbers.get(a.noteId) ?? '') : '',
      ]);
    }
  }
  const guard = (rows: (string | number)[][]) => rows.map((row) => row.map((cell) => (typeof cell === 'string' ? guardFormula(cell) : cell)));
  const options = { record_delimiter: '\r\n', quoted_match: /[\r\n]/ } as const;
  return `${CSV_BOM}${stringify(guard(notes), options)}\r\n${stringify(guard(actions), options)}`;
}
