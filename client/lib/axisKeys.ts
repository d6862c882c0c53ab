import type { Axis } from '../../shared/board/templates.ts';

/** A protocol key ([a-z0-9_], at most 40) from a label: accents dropped, other characters become `_`. */
export function keyFromLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 36);
}

/** Rows or columns from labels (blank ones skipped); keys are unique, numbered when a label has none (e.g. Arabic). */
export function axesFromLabels(labels: readonly string[], prefix: 'row' | 'column'): Axis[] {
  const used = new Set<string>();
  return labels
    .map((label) => label.trim())
    .filter((label) => label.length > 0)
    .map((label, index) => {
      const base = keyFromLabel(label) || `${prefix}_${index + 1}`;
      let key = base;
      for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
      used.add(key);
      return { key, label };
    });
}
