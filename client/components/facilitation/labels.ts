import type { BoardInfo } from '../../../shared/board/types.ts';
import { AXIS_LABEL_MAX, MAX_CUSTOM_AXES, type Axis } from '../../../shared/board/templates.ts';
import { FACTORS, isFactorKey } from '../../../shared/factors.ts';
import { i18n, t, factorNameKey } from '../../lib/i18n.svelte.ts';

/** A board row's name in the person's language: factor names and built-in rows from the catalogue. */
export function rowLabel(board: BoardInfo | null, rowKey: string): string {
  const axis = board?.rows.find((r) => r.key === rowKey);
  if (axis?.label) return axis.label;
  if (isFactorKey(rowKey)) {
    const number = FACTORS.find((f) => f.key === rowKey)?.number ?? 0;
    return t('facilitation.factorRow', { number, name: t(factorNameKey(rowKey)) });
  }
  if (rowKey === 'definitions') return t('facilitation.row.definitions');
  return rowKey;
}

/** A key for the protocol ([a-z0-9_], max 40) from a label; accents dropped, other scripts numbered. */
function keyFromLabel(label: string, fallback: string): string {
  const base = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 32);
  return base || fallback;
}

export type AxesResult = { ok: true; axes: Axis[] } | { ok: false; error: 'empty' | 'tooMany' | 'tooLong' };

/** Rows or columns of a custom board from one label per line; keys unique within the list. */
export function axesFromLines(text: string, prefix: 'row' | 'column'): AxesResult {
  const labels = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (labels.length === 0) return { ok: false, error: 'empty' };
  if (labels.length > MAX_CUSTOM_AXES) return { ok: false, error: 'tooMany' };
  if (labels.some((label) => label.length > AXIS_LABEL_MAX)) return { ok: false, error: 'tooLong' };
  const used = new Set<string>();
  const axes = labels.map((label, index) => {
    const base = keyFromLabel(label, `${prefix}_${index + 1}`);
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
    used.add(key);
    return { key, label };
  });
  return { ok: true, axes };
}

/** A time of day (with the date when not today) in the person's language. */
export function formatMoment(at: number): string {
  const sameDay = new Date(at).toDateString() === new Date().toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(i18n.current, options).format(at);
}

/** An ISO date (YYYY-MM-DD) in the person's language; empty stays empty. */
export function formatDueDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return new Intl.DateTimeFormat(i18n.current, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

/** Whole number from a form field within [min, max], else null. */
export function parseWhole(value: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}
