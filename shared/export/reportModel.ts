import type { CipsGroup, CipsScore } from '../cips/types.ts';
import { FACTORS, isFactorKey } from '../factors.ts';
import { RTL_LANGUAGES, type Language } from '../i18n/languages.ts';
import { translateWith, type Catalogue, type MessageKey } from '../i18n/translate.ts';
import { flattenCell, orderBoardNotes, orderedRows, cellKey, type StackedNote } from './noteOrder.ts';
import type { SnapshotBoard, SnapshotNote, WorkshopSnapshot } from './workshopSnapshot.ts';

/**
 * The session report as ordered, translated text: what the Markdown, printable HTML and Word
 * renderers lay out. Labels come from the catalogue; user text (titles, notes, names) is kept
 * exactly as written and marked as such so each renderer can escape and isolate it.
 */
export interface ReportModel {
  lang: Language;
  rtl: boolean;
  title: string;
  status: string;
  final: boolean;
  exportedAt: string;
  info: { label: string; value: string }[];
  people: {
    heading: string;
    lists: { label: string; entries: string[] }[];
    participantsLabel: string;
    participantsTotal: string;
    participants: { label: string; count: number }[];
    anonymousNote: string | null;
  };
  boards: ReportBoard[];
  pageOf: string;
}

export interface ReportNote {
  text: string;
  meta: string;
  stackHeading: string | null;
  stack: { text: string; meta: string }[];
}

export interface ReportBlock {
  heading: string | null;
  notes: ReportNote[];
}

export interface ReportSection {
  heading: string;
  cips: { heading: string; lines: string[] } | null;
  columns: { heading: string; empty: string | null; blocks: ReportBlock[] }[];
}

export interface ReportBoard {
  heading: string;
  sections: ReportSection[];
  actions: { heading: string; columns: string[]; rows: string[][]; none: string | null };
  summary: { heading: string; text: string | null; none: string };
}

export interface Labeller {
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  lang: Language;
  time: (at: number) => string;
  number: (value: number) => string;
}

export function labeller(catalogue: Catalogue, lang: Language): Labeller {
  const time = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  return {
    t: (key, params) => translateWith(catalogue, key, params),
    lang,
    time: (at) => `${time.format(at)} UTC`,
    number: (value) => number.format(value),
  };
}

/** A row's name: "N. Factor name" for factor rows, the facilitator's label or the built-in name otherwise. */
export function rowLabel(l: Labeller, board: SnapshotBoard, key: string): string {
  const axis = board.rows.find((r) => r.key === key);
  if (axis?.label) return axis.label;
  if (isFactorKey(key)) {
    const number = FACTORS.find((f) => f.key === key)?.number ?? 0;
    return l.t('facilitation.factorRow', { number, name: l.t(`factor.${key}.name` as MessageKey) });
  }
  return builtIn(l, key);
}

export function columnLabel(l: Labeller, board: SnapshotBoard, key: string): string {
  const axis = board.columns.find((c) => c.key === key);
  return axis?.label ? axis.label : builtIn(l, key);
}

function builtIn(l: Labeller, key: string): string {
  const label = l.t(`axis.${key}` as MessageKey);
  return label.startsWith('axis.') || label === '' ? key : label;
}

function author(l: Labeller, note: SnapshotNote): string {
  if (!note.authorName) return '';
  return note.authorAdministration
    ? l.t('export.report.personWithAdministration', { name: note.authorName, administration: note.authorAdministration })
    : note.authorName;
}

function noteMeta(l: Labeller, note: SnapshotNote): string {
  const who = author(l, note);
  return [l.t('export.report.votes', { count: note.votes }), who ? l.t('export.report.by', { author: who }) : '', provenance(l, note)].filter(Boolean).join(' · ');
}

/** "From Group 2 · 4 votes in the group" for a note a breakout group wrote. */
function provenance(l: Labeller, note: SnapshotNote): string {
  if (!note.breakout) return '';
  const from = l.t('breakouts.fromGroup', { group: l.t('breakouts.groupTitle', { n: note.breakout.groupName }) });
  return note.breakout.votes > 0 ? `${from} · ${l.t('breakouts.groupVotes', { count: note.breakout.votes })}` : from;
}

function reportNote(l: Labeller, entry: StackedNote): ReportNote {
  return {
    text: entry.note.text,
    meta: noteMeta(l, entry.note),
    stackHeading: entry.stack.length > 0 ? l.t('export.report.stack', { count: entry.stack.length }) : null,
    stack: entry.stack.map((n) => ({ text: n.text, meta: author(l, n) ? l.t('export.report.by', { author: author(l, n) }) : '' })),
  };
}

function cipsLines(l: Labeller, snapshot: WorkshopSnapshot, key: string): ReportSection['cips'] {
  const scores = snapshot.cips && isFactorKey(key) ? snapshot.cips.factors[key] : undefined;
  if (!snapshot.cips || !scores) return null;
  const describe = (s: CipsScore) => {
    const text = l.t(`export.report.cipsMetric.${s.metric}` as MessageKey, {
      value: l.number(s.value),
      min: l.number(s.scaleMin),
      max: l.number(s.scaleMax),
    });
    return s.n !== null ? `${text} (${l.t('export.report.cipsN', { n: l.number(s.n) })})` : text;
  };
  const lines = (['customs', 'private'] as CipsGroup[])
    .filter((group) => scores[group].length > 0)
    .map((group) => `${l.t(`export.report.cipsGroup.${group}` as MessageKey)}: ${scores[group].map(describe).join('; ')}`);
  if (lines.length === 0) return null;
  const c = snapshot.cips;
  return { heading: `${l.t('export.report.cips')} — ${l.t('export.report.cipsSurvey', { survey: c.surveyId, country: c.country, year: c.year })}`, lines };
}

function reportBoard(l: Labeller, snapshot: WorkshopSnapshot, board: SnapshotBoard): ReportBoard {
  const cells = orderBoardNotes(board);
  const sections: ReportSection[] = orderedRows(board).map((row) => ({
    heading: rowLabel(l, board, row.key),
    cips: cipsLines(l, snapshot, row.key),
    columns: board.columns.map((column) => {
      const cell = cells.get(cellKey(row.key, column.key));
      const blocks: ReportBlock[] = [];
      for (const g of cell?.groups ?? []) {
        blocks.push({ heading: l.t('export.report.group', { name: g.group.name }), notes: g.notes.map((e) => reportNote(l, e)) });
      }
      if (cell && cell.ungrouped.length > 0) {
        blocks.push({
          heading: cell.groups.length > 0 ? l.t('export.report.ungrouped') : null,
          notes: cell.ungrouped.map((e) => reportNote(l, e)),
        });
      }
      return { heading: columnLabel(l, board, column.key), empty: flattenCell(cell).length === 0 ? l.t('export.report.noNotes') : null, blocks };
    }),
  }));
  const rowOrder = orderedRows(board).map((r) => r.key);
  const actions = [...board.actions].sort((a, b) => rowOrder.indexOf(a.row) - rowOrder.indexOf(b.row) || a.createdAt - b.createdAt);
  return {
    heading: l.t('export.report.board', { title: board.title }),
    sections,
    actions: {
      heading: l.t('export.report.actions'),
      columns: [
        l.t('export.report.actionFactor'),
        l.t('facilitation.actions.text'),
        l.t('facilitation.actions.owner'),
        l.t('facilitation.actions.due'),
        l.t('facilitation.actions.indicator'),
        l.t('facilitation.actions.status'),
      ],
      rows: actions.map((a) => [
        rowLabel(l, board, a.row),
        a.text,
        a.ownerUnit,
        a.dueDate,
        a.indicator,
        l.t(`facilitation.actionStatus.${a.status}` as MessageKey),
      ]),
      none: actions.length === 0 ? l.t('export.report.noActions') : null,
    },
    summary: { heading: l.t('export.report.summary'), text: board.summary?.text.trim() ? board.summary.text : null, none: l.t('export.report.noSummary') },
  };
}

/** "Group 2, round 1. Factors: 1. …, 2. …" when the snapshot is one breakout group's board. */
function breakoutInfo(l: Labeller, snapshot: WorkshopSnapshot): { label: string; value: string }[] {
  const g = snapshot.breakoutGroup;
  if (!g) return [];
  const list = g.factors
    .filter(isFactorKey)
    .map((key) => l.t('facilitation.factorRow', { number: FACTORS.find((f) => f.key === key)?.number ?? 0, name: l.t(`factor.${key}.name` as MessageKey) }))
    .join('; ');
  const where = l.t('breakouts.groupInRound', { group: l.t('breakouts.groupTitle', { n: g.name }), round: g.round });
  return [{ label: l.t('breakouts.reportGroup'), value: `${where}. ${l.t('breakouts.factorsOf', { list })}` }];
}

export function buildReportModel(snapshot: WorkshopSnapshot, catalogue: Catalogue, lang: Language): ReportModel {
  const l = labeller(catalogue, lang);
  const person = (p: { name: string; administration: string }) =>
    p.administration ? l.t('export.report.personWithAdministration', { name: p.name, administration: p.administration }) : p.name;
  const frozen = snapshot.status.frozen;
  const who = frozen
    ? frozen.name
      ? l.t('export.report.roleAndName', { role: l.t(`role.${frozen.role}` as MessageKey), name: frozen.name })
      : l.t(`role.${frozen.role}` as MessageKey)
    : '';
  const m = snapshot.meta;
  return {
    lang,
    rtl: RTL_LANGUAGES.includes(lang),
    title: m.title,
    status: frozen ? l.t('export.report.final', { time: l.time(frozen.at), who }) : l.t('export.report.draft'),
    final: frozen !== null,
    exportedAt: l.t('export.report.exportedAt', { time: l.time(snapshot.exportedAt) }),
    info: [
      ...breakoutInfo(l, snapshot),
      { label: l.t('export.report.dates'), value: m.dates },
      { label: l.t('export.report.description'), value: m.description },
    ].filter((e) => e.value.trim() !== ''),
    people: {
      heading: l.t('export.report.people'),
      lists: [
        { label: l.t('export.report.facilitators'), entries: snapshot.people.facilitators.map(person) },
        { label: l.t('export.report.rapporteur'), entries: snapshot.people.rapporteurs.map(person) },
      ].map((list) => (list.entries.length > 0 ? list : { ...list, entries: [l.t('export.report.nobody')] })),
      participantsLabel: l.t('export.report.participants'),
      participantsTotal: l.t('export.report.participantsTotal', { count: snapshot.people.participantCount }),
      participants: snapshot.people.participantsByAdministration.map((p) => ({
        label: p.administration || l.t('export.report.noAdministration'),
        count: p.count,
      })),
      anonymousNote: m.anonymous ? l.t('export.report.anonymousNote') : null,
    },
    boards: snapshot.boards.map((b) => reportBoard(l, snapshot, b)),
    pageOf: l.t('export.report.pageOf'),
  };
}
