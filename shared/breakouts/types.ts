import type { FactorKey } from '../factors.ts';

export const MIN_BREAKOUT_GROUPS = 2;
export const MAX_BREAKOUT_GROUPS = 30;
export const BREAKOUT_MESSAGE_MAX = 280;
export const BREAKOUT_COUNTDOWN_MAX_S = 300;

/** How people are spread over groups (a hand-made split starts from one of these). */
export const SPLIT_RULES = ['random', 'mixUnits', 'keepUnits'] as const;
export type SplitRule = (typeof SPLIT_RULES)[number];

/** Every group works all ten factors, or each takes a share (group 1 factors 1-3, ...). */
export const FACTOR_MODES = ['all', 'shares'] as const;
export type FactorMode = (typeof FACTOR_MODES)[number];

/** One breakout group (plenary root `breakoutGroups`, keyed by id, kept after the round ends). */
export interface BreakoutGroup {
  /** `r<round>g<index>`: unique within the workshop. */
  id: string;
  round: number;
  /** 1-based. */
  index: number;
  name: string;
  factors: FactorKey[];
  /** The group's own Y.Doc (`<workshopId>_<groupId>`). */
  docId: string;
  /** Presence key of the participant who leads the group, or null. */
  leadKey: string | null;
}

/** The breakout round in progress or last run (plenary root `breakoutRound`). */
export interface BreakoutRound {
  round: number;
  status: 'running' | 'ended';
  rule: SplitRule;
  startedAt: number;
  /** Set while a countdown to "bring everyone back" runs: server time it ends. */
  returnAt: number | null;
  endedAt: number | null;
  /** Notes rolled into the plenary when the round ended. */
  rolledUp: number;
}

/** Where a plenary note came from, when a breakout group wrote it. */
export interface BreakoutProvenance {
  round: number;
  groupId: string;
  groupName: string;
  /** The note's id on the group's board. */
  noteId: string;
  /** Votes the note received in its group. */
  votes: number;
}

/** A person as the split sees them: an opaque presence key and their administration or unit. */
export interface SplitPerson {
  key: string;
  administration: string;
}

export function groupIdFor(round: number, index: number): string {
  return `r${round}g${index}`;
}

export const GROUP_ID_PATTERN = /^r\d{1,4}g\d{1,2}$/;

export function breakoutDocId(workshopId: string, groupId: string): string {
  return `${workshopId}_${groupId}`;
}
