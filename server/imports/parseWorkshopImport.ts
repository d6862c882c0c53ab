import type { z } from 'zod';
import { templateAxes, type Axis } from '../../shared/board/templates.ts';
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION } from '../../shared/export/workshopSnapshot.ts';
import {
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ERRORS,
  IMPORT_MAX_NOTES,
  workshopImportSchema,
  type ImportError,
  type ImportErrorCode,
  type WorkshopImport,
} from '../../shared/protocol/workshopImportSchema.ts';

/** A checked file: boards with their axes filled in from the template where the file left them out. */
export interface CheckedImport extends WorkshopImport {
  boards: (WorkshopImport['boards'][number] & { rows: Axis[]; columns: Axis[] })[];
}

export type ImportParseResult = { ok: true; workshop: CheckedImport } | { ok: false; errors: ImportError[]; moreErrors: number };

/** `boards[0].notes[3].text` */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** The value at a path of the parsed file (zod's issues do not carry the input). */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function issueCode(issue: z.core.$ZodIssue, data: unknown): ImportErrorCode {
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(data, issue.path) === undefined ? 'MISSING' : 'WRONG_TYPE';
    case 'too_big':
      return issue.origin === 'string' ? 'TOO_LONG' : issue.origin === 'array' ? 'TOO_MANY' : 'OUT_OF_RANGE';
    case 'too_small':
      return issue.origin === 'string' ? 'EMPTY' : issue.origin === 'array' ? 'TOO_FEW' : 'OUT_OF_RANGE';
    case 'invalid_value':
      return 'NOT_ALLOWED';
    case 'invalid_format':
      return 'BAD_FORMAT';
    case 'unrecognized_keys':
      return 'UNKNOWN_FIELD';
    case 'invalid_key':
      return 'NOT_ALLOWED';
    default:
      return 'INVALID';
  }
}

function fail(errors: ImportError[]): ImportParseResult {
  return { ok: false, errors: errors.slice(0, IMPORT_MAX_ERRORS), moreErrors: Math.max(0, errors.length - IMPORT_MAX_ERRORS) };
}

function decode(input: string | Uint8Array): string | ImportError {
  if (typeof input === 'string') {
    if (input.length > IMPORT_MAX_BYTES || (input.length * 3 > IMPORT_MAX_BYTES && new TextEncoder().encode(input).byteLength > IMPORT_MAX_BYTES)) {
      return { path: '', code: 'FILE_TOO_LARGE' };
    }
    return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  }
  if (input.byteLength > IMPORT_MAX_BYTES) return { path: '', code: 'FILE_TOO_LARGE' };
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return { path: '', code: 'INVALID_ENCODING' };
  }
}

/** Cross-references inside the file: ids unique, cells on their board, stacks, groups and actions pointing at what exists. */
function checkReferences(workshop: CheckedImport, errors: ImportError[]): void {
  const push = (path: readonly PropertyKey[], code: ImportErrorCode) => errors.push({ path: jsonPath(path), code });
  const boardIds = new Set<string>();
  let totalNotes = 0;
  workshop.boards.forEach((board, b) => {
    const at = (...rest: PropertyKey[]) => ['boards', b, ...rest];
    if (boardIds.has(board.id)) push(at('id'), 'DUPLICATE_ID');
    boardIds.add(board.id);
    const rows = new Set(board.rows.map((a) => a.key));
    const columns = new Set(board.columns.map((a) => a.key));
    if (rows.size !== board.rows.length) push(at('rows'), 'DUPLICATE_ID');
    if (columns.size !== board.columns.length) push(at('columns'), 'DUPLICATE_ID');
    totalNotes += board.notes.length;
    if (board.template === 'action_plan' && board.notes.length > 0) push(at('notes'), 'NOT_ALLOWED');

    const groups = new Map<string, { row: string; column: string }>();
    board.groups.forEach((g, i) => {
      if (groups.has(g.id)) push(at('groups', i, 'id'), 'DUPLICATE_ID');
      groups.set(g.id, g);
      if (!rows.has(g.row)) push(at('groups', i, 'row'), 'UNKNOWN_REFERENCE');
      if (!columns.has(g.column)) push(at('groups', i, 'column'), 'UNKNOWN_REFERENCE');
    });
    const notes = new Map(board.notes.map((n) => [n.id, n]));
    if (notes.size !== board.notes.length) {
      const seen = new Set<string>();
      board.notes.forEach((n, i) => {
        if (seen.has(n.id)) push(at('notes', i, 'id'), 'DUPLICATE_ID');
        seen.add(n.id);
      });
    }
    board.notes.forEach((n, i) => {
      if (!rows.has(n.row)) push(at('notes', i, 'row'), 'UNKNOWN_REFERENCE');
      if (!columns.has(n.column)) push(at('notes', i, 'column'), 'UNKNOWN_REFERENCE');
      const group = n.groupId === null ? null : groups.get(n.groupId);
      if (n.groupId !== null && (!group || group.row !== n.row || group.column !== n.column)) push(at('notes', i, 'groupId'), 'UNKNOWN_REFERENCE');
      if (n.mergedInto !== null) {
        // A stack is one level deep: the note on top is itself on top, on the same board.
        const top = notes.get(n.mergedInto);
        if (!top || top.id === n.id || top.mergedInto !== null) push(at('notes', i, 'mergedInto'), 'UNKNOWN_REFERENCE');
      }
    });
    board.actions.forEach((a, i) => {
      if (!rows.has(a.row)) push(at('actions', i, 'row'), 'UNKNOWN_REFERENCE');
      if (a.noteId !== null && !notes.has(a.noteId)) push(at('actions', i, 'noteId'), 'UNKNOWN_REFERENCE');
    });
    const actionIds = new Set<string>();
    board.actions.forEach((a, i) => {
      if (actionIds.has(a.id)) push(at('actions', i, 'id'), 'DUPLICATE_ID');
      actionIds.add(a.id);
    });
  });
  if (totalNotes > IMPORT_MAX_NOTES) push(['boards'], 'TOO_MANY');
}

/**
 * Reads an exported workshop file (or a template written by hand). Pure: no I/O, no clock. Any
 * problem refuses the whole file, each named with its JSON path.
 */
export function parseWorkshopImport(input: string | Uint8Array): ImportParseResult {
  const text = decode(input);
  if (typeof text !== 'string') return fail([text]);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail([{ path: '', code: 'NOT_JSON' }]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || (data as { format?: unknown }).format !== SNAPSHOT_FORMAT) {
    return fail([{ path: 'format', code: 'NOT_A_WORKSHOP_FILE' }]);
  }
  const version = (data as { formatVersion?: unknown }).formatVersion;
  if (typeof version === 'number' && version > SNAPSHOT_FORMAT_VERSION) return fail([{ path: 'formatVersion', code: 'UNSUPPORTED_VERSION' }]);

  const parsed = workshopImportSchema.safeParse(data);
  if (!parsed.success) {
    const errors: ImportError[] = [];
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) errors.push({ path: jsonPath([...issue.path, key]), code: 'UNKNOWN_FIELD' });
      } else {
        errors.push({ path: jsonPath(issue.path), code: issueCode(issue, data) });
      }
    }
    return fail(errors);
  }

  const errors: ImportError[] = [];
  const boards = parsed.data.boards.map((board, b) => {
    if (board.template === 'custom') {
      if (!board.rows?.length) errors.push({ path: jsonPath(['boards', b, 'rows']), code: 'MISSING' });
      if (!board.columns?.length) errors.push({ path: jsonPath(['boards', b, 'columns']), code: 'MISSING' });
      return { ...board, rows: board.rows ?? [], columns: board.columns ?? [] };
    }
    // Built-in boards keep the template's own rows and columns (their labels come from the catalogue).
    const axes = templateAxes(board.template);
    const keys = (list: Axis[]) => list.map((a) => a.key).sort().join(',');
    const same = (given: Axis[] | undefined, expected: Axis[]) => given === undefined || keys(given) === keys(expected);
    // A breakout group's board holds its share of the template's rows (its factors), in the template's order.
    const groupShare = parsed.data.breakoutGroup !== undefined && board.rows !== undefined && board.rows.length > 0 && board.rows.every((r) => axes.rows.some((a) => a.key === r.key));
    if (!groupShare && !same(board.rows, axes.rows)) errors.push({ path: jsonPath(['boards', b, 'rows']), code: 'NOT_ALLOWED' });
    if (!same(board.columns, axes.columns)) errors.push({ path: jsonPath(['boards', b, 'columns']), code: 'NOT_ALLOWED' });
    return { ...board, ...axes, ...(groupShare ? { rows: axes.rows.filter((a) => board.rows!.some((r) => r.key === a.key)) } : {}) };
  });
  const workshop: CheckedImport = { ...parsed.data, boards };
  checkReferences(workshop, errors);
  return errors.length > 0 ? fail(errors) : { ok: true, workshop };
}
