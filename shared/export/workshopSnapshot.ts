import type { ActionStatus, Axis, TemplateKey } from '../board/templates.ts';
import type { NoteColour } from '../board/types.ts';
import type { CipsScores } from '../cips/types.ts';
import type { Phase, Role } from '../facilitation/roles.ts';

/**
 * The export model: everything a report or a re-import needs of one workshop, and nothing secret
 * (no join code, link id, session id, token or participant id). Every format is rendered from it;
 * the JSON export is this object as it is. Documented in docs/EXPORT-FORMAT.md.
 */
export const SNAPSHOT_FORMAT = 'integrity-board-workshop' as const;
/** Raised on any change an older reader could misread; readers refuse a newer major. */
export const SNAPSHOT_FORMAT_VERSION = 1;

export interface WorkshopSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  formatVersion: number;
  /** When the snapshot was taken (ms since epoch). */
  exportedAt: number;
  /** Board schema version of the document it was read from. */
  schemaVersion: number;
  meta: SnapshotMeta;
  people: SnapshotPeople;
  status: SnapshotStatus;
  boards: SnapshotBoard[];
  /** CIPS scores when a survey was imported (as stored in the document root `cips`), else null. */
  cips: CipsScores | null;
  /** Present when the snapshot is one breakout group's board: which group, which round, its factors. */
  breakoutGroup?: SnapshotBreakoutGroup;
}

export interface SnapshotBreakoutGroup {
  round: number;
  /** `r<round>g<index>`. */
  id: string;
  name: string;
  /** Factor keys the group worked, in the order the facilitator gave them. */
  factors: string[];
}

export interface SnapshotMeta {
  title: string;
  description: string;
  dates: string;
  languages: string[];
  anonymous: boolean;
  template: TemplateKey;
  createdAt: number;
}

export interface SnapshotPerson {
  name: string;
  administration: string;
}

export interface AdministrationCount {
  /** As participants typed it; empty when they gave none. */
  administration: string;
  count: number;
}

export interface SnapshotPeople {
  facilitators: SnapshotPerson[];
  rapporteurs: SnapshotPerson[];
  /** Participants counted by administration, largest first; never names. */
  participantsByAdministration: AdministrationCount[];
  participantCount: number;
  observerCount: number;
}

export interface SnapshotHistoryEntry {
  kind: 'frozen' | 'reopened' | 'phase';
  at: number;
  role: Role;
  phase: Phase | null;
  /** Display name of the person (facilitators and rapporteurs only), when recorded. */
  name: string | null;
}

export interface SnapshotStatus {
  phase: Phase;
  /** Set when the workshop is frozen (final); null for a draft. */
  frozen: { at: number; role: Role; name: string | null } | null;
  history: SnapshotHistoryEntry[];
}

export interface SnapshotNote {
  /** Stable within one snapshot only (re-import mints new ids). */
  id: string;
  row: string;
  column: string;
  text: string;
  colour: NoteColour;
  /** Null on anonymous workshops. */
  authorName: string | null;
  authorAdministration: string | null;
  groupId: string | null;
  /** The note on top of this one's stack, or null when it is a top note. */
  mergedInto: string | null;
  /** Total votes (counts only: who voted is never exported). */
  votes: number;
  createdAt: number;
  updatedAt: number;
  /** Present on a note a breakout group wrote: the group and the votes it had there. */
  breakout?: { round: number; groupName: string; votes: number };
}

export interface SnapshotGroup {
  id: string;
  row: string;
  column: string;
  name: string;
}

export interface SnapshotAction {
  id: string;
  row: string;
  text: string;
  ownerUnit: string;
  dueDate: string;
  indicator: string;
  status: ActionStatus;
  noteId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface SnapshotBoard {
  id: string;
  title: string;
  template: TemplateKey;
  rows: Axis[];
  columns: Axis[];
  createdAt: number;
  /** Oldest first; stacked notes included (see `mergedInto`). */
  notes: SnapshotNote[];
  groups: SnapshotGroup[];
  actions: SnapshotAction[];
  summary: { text: string; updatedAt: number } | null;
}
