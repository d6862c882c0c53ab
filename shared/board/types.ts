import type { Phase, Role } from '../facilitation/roles.ts';
import type { ActionStatus, Axis, TemplateKey } from './templates.ts';
import type { BreakoutProvenance } from '../breakouts/types.ts';

export const NOTE_COLOURS = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'] as const;
export type NoteColour = (typeof NOTE_COLOURS)[number];

export const NOTE_TEXT_MIN = 1;
export const NOTE_TEXT_MAX = 500;
export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const DISPLAY_NAME_MAX = 60;
export const ADMINISTRATION_MAX = 80;
export const GROUP_NAME_MAX = 80;
export const SUMMARY_MAX = 20_000;
export const ACTION_TEXT_MAX = 500;
export const ACTION_FIELD_MAX = 120;

/** Version of the Y.Doc layout described in docs/PROTOCOL.md. */
export const BOARD_SCHEMA_VERSION = 3;

/** Workshop-wide facts everyone reads (root `meta`). */
export interface WorkshopMeta {
  title: string;
  description: string;
  dates: string;
  languages: string[];
  anonymous: boolean;
  createdAt: number;
  schemaVersion: number;
}

/** One board of the workshop (root `boards`, keyed by id). */
export interface BoardInfo {
  id: string;
  title: string;
  template: TemplateKey;
  rows: Axis[];
  columns: Axis[];
  createdAt: number;
}

/**
 * A sticky note (root `notes`, keyed by id). On anonymous workshops `authorName` and
 * `authorAdministration` are null and times are rounded to the minute. Who wrote a note is
 * known only to the server.
 */
export interface Note {
  id: string;
  boardId: string;
  row: string;
  column: string;
  text: string;
  colour: NoteColour;
  authorName: string | null;
  authorAdministration: string | null;
  groupId: string | null;
  /**
   * Ids of notes merged into this one, in merge order. Since schema 3 each of them stays in `notes`
   * with `mergedInto` set to this note's id (a stack); ids of older documents may name notes that
   * no longer exist (their text was not kept).
   */
  mergedFrom: string[];
  /** Set on a note that sits under another in a stack: the id of the note on top. Null otherwise. */
  mergedInto: string | null;
  createdAt: number;
  updatedAt: number;
  /** Set on a note rolled up from a breakout group: which group wrote it (absent otherwise). */
  breakout?: BreakoutProvenance;
}

/** A named cluster of notes in one cell (root `groups`). */
export interface NoteGroup {
  id: string;
  boardId: string;
  row: string;
  column: string;
  name: string;
}

export interface ActionItem {
  id: string;
  boardId: string;
  /** A factor key (Arusha and action plan boards) or a row key. */
  row: string;
  text: string;
  ownerUnit: string;
  /** ISO date (YYYY-MM-DD) or empty. */
  dueDate: string;
  indicator: string;
  status: ActionStatus;
  /** The note this action was made from (on the factor board), or null. */
  noteId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface TimerState {
  status: 'running' | 'paused' | 'stopped';
  durationMs: number;
  /** Server time at which a running timer reaches zero. */
  endsAt: number | null;
  /** Time left on a paused timer. */
  remainingMs: number | null;
  lockAtZero: boolean;
}

export type Spotlight =
  | { kind: 'row'; boardId: string; row: string }
  | { kind: 'note'; boardId: string; noteId: string };

export interface VotingSettings {
  votesPerParticipant: number;
  maxPerNote: number;
  /** Counts visible while voting; otherwise they appear when the Vote phase ends. */
  showLive: boolean;
}

export const DEFAULT_VOTING: VotingSettings = { votesPerParticipant: 5, maxPerNote: 3, showLive: false };

/** Live facilitation state (root `session`). */
export interface SessionState {
  phase: Phase;
  privateWriting: boolean;
  locked: boolean;
  currentBoardId: string | null;
  spotlight: Spotlight | null;
  timer: TimerState | null;
  voting: VotingSettings;
  /** Participants who signalled "I'm done" in this phase. */
  doneCount: number;
  /** Counts are published on the board (after voting, or live when `showLive`). */
  votesVisible: boolean;
  frozenAt: number | null;
  notesPerParticipant: number;
  /** Increases with every phase change (done signals belong to one phase). */
  phaseEpoch: number;
  /** Observers may download exports (facilitators and rapporteurs always may). */
  observersMayExport: boolean;
  /** Everyone sees how many notes each person wrote in private; else only facilitators (the room total is always shown). */
  writingCountsShared: boolean;
}

/** Rapporteur's summary per board (root `summaries`). */
export interface BoardSummary {
  text: string;
  updatedAt: number;
}

/** The record of freezes and reopenings (root `history`). */
export interface HistoryEntry {
  kind: 'frozen' | 'reopened' | 'phase';
  at: number;
  role: Role;
  phase?: Phase;
  /** Display name of the facilitator or rapporteur who froze the board (freezes since the export). */
  name?: string;
}
