import * as Y from 'yjs';
import { PHASES, type Phase } from '../facilitation/roles.ts';
import {
  BOARD_SCHEMA_VERSION,
  DEFAULT_VOTING,
  NOTE_COLOURS,
  type ActionItem,
  type BoardInfo,
  type BoardSummary,
  type HistoryEntry,
  type Note,
  type NoteGroup,
  type SessionState,
  type WorkshopMeta,
} from './types.ts';
import { ACTION_STATUSES, TEMPLATES } from './templates.ts';
import { parseProvenance } from '../breakouts/breakoutDocument.ts';

/**
 * Typed readers and writers over a workshop's Y.Doc. The server is the only writer; clients use
 * the readers on their read-only replica. Roots: `meta`, `session`, `boards`, `notes`, `groups`,
 * `votes` (noteId → count, only when counts are visible), `actions`, `summaries`, `history`, `cips`
 * (imported survey scores: shared/cips/cipsDocument.ts).
 */
export const roots = {
  meta: (doc: Y.Doc) => doc.getMap<unknown>('meta'),
  session: (doc: Y.Doc) => doc.getMap<unknown>('session'),
  boards: (doc: Y.Doc) => doc.getMap<unknown>('boards'),
  notes: (doc: Y.Doc) => doc.getMap<unknown>('notes'),
  groups: (doc: Y.Doc) => doc.getMap<unknown>('groups'),
  votes: (doc: Y.Doc) => doc.getMap<unknown>('votes'),
  actions: (doc: Y.Doc) => doc.getMap<unknown>('actions'),
  summaries: (doc: Y.Doc) => doc.getMap<unknown>('summaries'),
  history: (doc: Y.Doc) => doc.getArray<unknown>('history'),
  cips: (doc: Y.Doc) => doc.getMap<unknown>('cips'),
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const strOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const oneOf = <T extends string>(values: readonly T[], v: unknown): v is T => str(v) && (values as readonly string[]).includes(v);

// ---- meta ----------------------------------------------------------------------------------

export function readMeta(doc: Y.Doc): WorkshopMeta | null {
  const m = roots.meta(doc);
  const title = m.get('title');
  const createdAt = m.get('createdAt');
  if (!str(title) || !num(createdAt)) return null;
  const languages = m.get('languages');
  return {
    title,
    description: str(m.get('description')) ? (m.get('description') as string) : '',
    dates: str(m.get('dates')) ? (m.get('dates') as string) : '',
    languages: Array.isArray(languages) ? languages.filter(str) : [],
    anonymous: m.get('anonymous') === true,
    createdAt,
    schemaVersion: num(m.get('schemaVersion')) ? (m.get('schemaVersion') as number) : BOARD_SCHEMA_VERSION,
  };
}

export function writeMeta(doc: Y.Doc, meta: Omit<WorkshopMeta, 'schemaVersion'>): void {
  const m = roots.meta(doc);
  m.set('title', meta.title);
  m.set('description', meta.description);
  m.set('dates', meta.dates);
  m.set('languages', [...meta.languages]);
  m.set('anonymous', meta.anonymous);
  m.set('createdAt', meta.createdAt);
  m.set('schemaVersion', BOARD_SCHEMA_VERSION);
}

// ---- session -------------------------------------------------------------------------------

export const INITIAL_SESSION: SessionState = {
  phase: 'write',
  privateWriting: false,
  locked: false,
  currentBoardId: null,
  spotlight: null,
  timer: null,
  voting: DEFAULT_VOTING,
  doneCount: 0,
  votesVisible: false,
  frozenAt: null,
  notesPerParticipant: 50,
  phaseEpoch: 0,
  observersMayExport: true,
  writingCountsShared: false,
};

/** The session state, each field falling back to its initial value. */
export function readSession(doc: Y.Doc): SessionState {
  const s = roots.session(doc);
  const get = <K extends keyof SessionState>(key: K, valid: (v: unknown) => boolean): SessionState[K] => {
    const value = s.get(key);
    return valid(value) ? (value as SessionState[K]) : INITIAL_SESSION[key];
  };
  return {
    phase: get('phase', (v) => oneOf(PHASES, v)),
    privateWriting: get('privateWriting', (v) => typeof v === 'boolean'),
    locked: get('locked', (v) => typeof v === 'boolean'),
    currentBoardId: get('currentBoardId', strOrNull),
    spotlight: get('spotlight', (v) => v === null || (isObj(v) && (v.kind === 'row' || v.kind === 'note'))),
    timer: get('timer', (v) => v === null || (isObj(v) && oneOf(['running', 'paused', 'stopped'], v.status))),
    voting: get('voting', (v) => isObj(v) && num(v.votesPerParticipant) && num(v.maxPerNote)),
    doneCount: get('doneCount', num),
    votesVisible: get('votesVisible', (v) => typeof v === 'boolean'),
    frozenAt: get('frozenAt', (v) => v === null || num(v)),
    notesPerParticipant: get('notesPerParticipant', num),
    phaseEpoch: get('phaseEpoch', num),
    observersMayExport: get('observersMayExport', (v) => typeof v === 'boolean'),
    writingCountsShared: get('writingCountsShared', (v) => typeof v === 'boolean'),
  };
}

/** Writes only the given fields, one map key each, so unrelated changes never overwrite each other. */
export function writeSession(doc: Y.Doc, patch: Partial<SessionState>): void {
  const s = roots.session(doc);
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) s.set(key, isObj(value) ? { ...value } : value);
  }
}

export function appendHistory(doc: Y.Doc, entry: HistoryEntry): void {
  roots.history(doc).push([{ ...entry }]);
}

export function readHistory(doc: Y.Doc): HistoryEntry[] {
  return roots.history(doc)
    .toArray()
    .filter((e): e is HistoryEntry => isObj(e) && str(e.kind) && num(e.at));
}

// ---- boards --------------------------------------------------------------------------------

const isAxisList = (v: unknown) => Array.isArray(v) && v.every((a) => isObj(a) && str(a.key) && str(a.label));

export function parseBoard(v: unknown): BoardInfo | null {
  if (!isObj(v) || !str(v.id) || !str(v.title) || !oneOf(TEMPLATES, v.template) || !isAxisList(v.rows) || !isAxisList(v.columns) || !num(v.createdAt)) {
    return null;
  }
  return v as unknown as BoardInfo;
}

export function readBoards(doc: Y.Doc): BoardInfo[] {
  const list: BoardInfo[] = [];
  roots.boards(doc).forEach((v) => {
    const b = parseBoard(v);
    if (b) list.push(b);
  });
  return list.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function readBoard(doc: Y.Doc, id: string): BoardInfo | null {
  return parseBoard(roots.boards(doc).get(id));
}

export function writeBoard(doc: Y.Doc, board: BoardInfo): void {
  roots.boards(doc).set(board.id, structuredCloneJson(board));
}

// ---- notes ---------------------------------------------------------------------------------

export function parseStoredNote(v: unknown): Note | null {
  if (
    !isObj(v) ||
    !str(v.id) ||
    !str(v.boardId) ||
    !str(v.row) ||
    !str(v.column) ||
    !str(v.text) ||
    !oneOf(NOTE_COLOURS, v.colour) ||
    !strOrNull(v.authorName) ||
    !strOrNull(v.authorAdministration) ||
    !strOrNull(v.groupId) ||
    !num(v.createdAt) ||
    !num(v.updatedAt)
  ) {
    return null;
  }
  return {
    id: v.id,
    boardId: v.boardId,
    row: v.row,
    column: v.column,
    text: v.text,
    colour: v.colour,
    authorName: v.authorName,
    authorAdministration: v.authorAdministration,
    groupId: v.groupId,
    mergedFrom: Array.isArray(v.mergedFrom) ? v.mergedFrom.filter(str) : [],
    mergedInto: str(v.mergedInto) ? v.mergedInto : null,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    ...withProvenance(v.breakout),
  };
}

function withProvenance(v: unknown): Pick<Note, 'breakout'> {
  const provenance = parseProvenance(v);
  return provenance ? { breakout: provenance } : {};
}

export function readNote(doc: Y.Doc, id: string): Note | null {
  return parseStoredNote(roots.notes(doc).get(id));
}

/** Notes, oldest first (ties by id so every replica orders them alike); optionally of one board. */
export function readNotes(doc: Y.Doc, boardId?: string): Note[] {
  const notes: Note[] = [];
  roots.notes(doc).forEach((v) => {
    const note = parseStoredNote(v);
    if (note && (boardId === undefined || note.boardId === boardId)) notes.push(note);
  });
  return notes.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function writeNote(doc: Y.Doc, note: Note): void {
  roots.notes(doc).set(note.id, structuredCloneJson(note));
}

export function removeNote(doc: Y.Doc, id: string): boolean {
  const map = roots.notes(doc);
  if (!map.has(id)) return false;
  map.delete(id);
  roots.votes(doc).delete(id);
  return true;
}

// ---- groups --------------------------------------------------------------------------------

export function parseGroup(v: unknown): NoteGroup | null {
  if (!isObj(v) || !str(v.id) || !str(v.boardId) || !str(v.row) || !str(v.column) || !str(v.name)) return null;
  return { id: v.id, boardId: v.boardId, row: v.row, column: v.column, name: v.name };
}

export function readGroups(doc: Y.Doc, boardId?: string): NoteGroup[] {
  const list: NoteGroup[] = [];
  roots.groups(doc).forEach((v) => {
    const g = parseGroup(v);
    if (g && (boardId === undefined || g.boardId === boardId)) list.push(g);
  });
  return list.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function readGroup(doc: Y.Doc, id: string): NoteGroup | null {
  return parseGroup(roots.groups(doc).get(id));
}

export function writeGroup(doc: Y.Doc, group: NoteGroup): void {
  roots.groups(doc).set(group.id, { ...group });
}

export function removeGroup(doc: Y.Doc, id: string): void {
  roots.groups(doc).delete(id);
}

// ---- votes ---------------------------------------------------------------------------------

/** Published vote counts (noteId → count); empty while counts are hidden. */
export function readVoteCounts(doc: Y.Doc): Record<string, number> {
  const counts: Record<string, number> = {};
  roots.votes(doc).forEach((v, k) => {
    if (num(v)) counts[k] = v;
  });
  return counts;
}

/** Replaces the published counts of the given notes (0 removes the entry). */
export function writeVoteCounts(doc: Y.Doc, counts: Record<string, number>): void {
  const map = roots.votes(doc);
  for (const [noteId, count] of Object.entries(counts)) {
    if (count > 0) {
      if (map.get(noteId) !== count) map.set(noteId, count);
    } else if (map.has(noteId)) map.delete(noteId);
  }
}

export function clearVoteCounts(doc: Y.Doc): void {
  const map = roots.votes(doc);
  for (const key of [...map.keys()]) map.delete(key);
}

// ---- actions and summaries -----------------------------------------------------------------

export function parseAction(v: unknown): ActionItem | null {
  if (
    !isObj(v) ||
    !str(v.id) ||
    !str(v.boardId) ||
    !str(v.row) ||
    !str(v.text) ||
    !str(v.ownerUnit) ||
    !str(v.dueDate) ||
    !str(v.indicator) ||
    !oneOf(ACTION_STATUSES, v.status) ||
    !num(v.createdAt) ||
    !num(v.updatedAt)
  ) {
    return null;
  }
  const action = v as unknown as ActionItem;
  return { ...action, noteId: str(v.noteId) ? v.noteId : null };
}

export function readActions(doc: Y.Doc, boardId?: string): ActionItem[] {
  const list: ActionItem[] = [];
  roots.actions(doc).forEach((v) => {
    const a = parseAction(v);
    if (a && (boardId === undefined || a.boardId === boardId)) list.push(a);
  });
  return list.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function readAction(doc: Y.Doc, id: string): ActionItem | null {
  return parseAction(roots.actions(doc).get(id));
}

export function writeAction(doc: Y.Doc, action: ActionItem): void {
  roots.actions(doc).set(action.id, { ...action });
}

export function removeAction(doc: Y.Doc, id: string): void {
  roots.actions(doc).delete(id);
}

export function readSummary(doc: Y.Doc, boardId: string): BoardSummary | null {
  const v = roots.summaries(doc).get(boardId);
  return isObj(v) && str(v.text) && num(v.updatedAt) ? { text: v.text, updatedAt: v.updatedAt } : null;
}

export function writeSummary(doc: Y.Doc, boardId: string, summary: BoardSummary): void {
  roots.summaries(doc).set(boardId, { ...summary });
}

export function isPhase(v: unknown): v is Phase {
  return oneOf(PHASES, v);
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
