import * as Y from 'yjs';
import { readNotes } from '../../shared/board/boardDocument.ts';
import type { Stores } from '../../server/Services.ts';
import { type WorkshopContent, counterKeys, readCounters } from './workshopContent.ts';

export const COLUMNS = ['links', 'sessions', 'notes', 'owners', 'private', 'votes', 'counters'] as const;
export type Column = (typeof COLUMNS)[number];

/** A workshop's counts per column, and beside each the exact content it was counted from. */
export interface Census {
  counts: Record<Column, number>;
  exact: Record<Column | 'record', string>;
}

/** JSON with object keys sorted, so equal content gives equal text whatever the insertion order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** `counterNames`: the same names on both sides (the source's), so the two censuses compare like with like. */
export async function takeCensus(stores: Stores, content: WorkshopContent, counterNames: string[]): Promise<Census> {
  const doc = new Y.Doc();
  try {
    if (content.document) Y.applyUpdate(doc, content.document);
    const counters = await readCounters(stores, counterNames);
    const votes = Object.values(content.votes).flat();
    return {
      counts: {
        links: content.links.length,
        sessions: content.sessions.length,
        notes: readNotes(doc).length,
        owners: content.owners.length,
        private: content.privateNotes.length,
        votes: votes.reduce((sum, vote) => sum + vote.count, 0),
        counters: Object.values(counters).reduce((sum, n) => sum + n, 0),
      },
      exact: {
        record: stableJson({ workshop: content.workshop, joinCodeOwner: content.joinCodeOwner }),
        links: stableJson(content.links),
        sessions: stableJson(content.sessions),
        notes: stableJson({ stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('base64'), content: doc.toJSON() }),
        owners: stableJson(content.owners),
        private: stableJson(content.privateNotes),
        votes: stableJson(content.votes),
        counters: stableJson(counters),
      },
    };
  } finally {
    doc.destroy();
  }
}

export interface Comparison {
  id: string;
  title: string;
  source: Census;
  target: Census;
  /** Columns (and `record`) whose content differs. */
  mismatches: string[];
}

export async function compareWorkshop(sourceStores: Stores, source: WorkshopContent, targetStores: Stores, target: WorkshopContent): Promise<Comparison> {
  const names = counterKeys(source);
  const [sourceCensus, targetCensus] = [await takeCensus(sourceStores, source, names), await takeCensus(targetStores, target, names)];
  const mismatches = (['record', ...COLUMNS] as const).filter((column) => sourceCensus.exact[column] !== targetCensus.exact[column]);
  return { id: source.id, title: source.workshop?.title ?? '', source: sourceCensus, target: targetCensus, mismatches };
}

/** One row per workshop and a total: a cell reads `n` when both sides agree, `source→target` when not. */
export function summaryTable(rows: Comparison[]): string {
  const header = ['workshop', 'title', ...COLUMNS, 'result'];
  const cell = (row: Comparison, column: Column) => {
    const [s, t] = [row.source.counts[column], row.target.counts[column]];
    return s === t && !row.mismatches.includes(column) ? String(s) : `${s}→${t}`;
  };
  const body = rows.map((row) => [
    row.id,
    row.title.length > 24 ? `${row.title.slice(0, 23)}…` : row.title,
    ...COLUMNS.map((column) => cell(row, column)),
    row.mismatches.length === 0 ? 'ok' : `MISMATCH: ${row.mismatches.join(', ')}`,
  ]);
  const total = (side: 'source' | 'target', column: Column) => rows.reduce((sum, row) => sum + row[side].counts[column], 0);
  body.push([
    `total (${rows.length})`,
    '',
    ...COLUMNS.map((column) => (total('source', column) === total('target', column) ? String(total('source', column)) : `${total('source', column)}→${total('target', column)}`)),
    rows.every((row) => row.mismatches.length === 0) ? 'ok' : `${rows.filter((row) => row.mismatches.length > 0).length} mismatched`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i < header.length - 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
