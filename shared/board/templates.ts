import { FACTORS } from '../factors.ts';

export const TEMPLATES = ['arusha', 'culture', 'action_plan', 'custom'] as const;
export type TemplateKey = (typeof TEMPLATES)[number];

/** A row or column of a board: a stable key and, for custom boards, the facilitator's label. */
export interface Axis {
  key: string;
  /** Empty for built-in rows and columns: their labels come from the i18n catalogue. */
  label: string;
}

export const CULTURE_COLUMNS = ['culture', 'sub_culture', 'culture_of_integrity', 'culture_of_leadership'] as const;
export const ACTION_STATUSES = ['open', 'in_progress', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const MAX_CUSTOM_AXES = 20;
export const AXIS_LABEL_MAX = 80;

/** Rows and columns of a board made from a template (custom boards bring their own). */
export function templateAxes(template: Exclude<TemplateKey, 'custom'>): { rows: Axis[]; columns: Axis[] } {
  const factorRows = FACTORS.map((f) => ({ key: f.key, label: '' }));
  switch (template) {
    case 'arusha':
      return { rows: factorRows, columns: [{ key: 'strengths', label: '' }, { key: 'gaps', label: '' }] };
    case 'culture':
      return { rows: [{ key: 'definitions', label: '' }], columns: CULTURE_COLUMNS.map((key) => ({ key, label: '' })) };
    case 'action_plan':
      // Action plans hold action items per factor, not notes.
      return { rows: factorRows, columns: [] };
  }
}

/** Whether notes may be placed on a board of this template. */
export function templateHoldsNotes(template: TemplateKey): boolean {
  return template !== 'action_plan';
}
