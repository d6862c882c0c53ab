import { z } from 'zod';
import { FACTOR_KEYS } from '../factors.ts';
import { GROUP_NAME_MAX } from '../board/types.ts';
import {
  BREAKOUT_COUNTDOWN_MAX_S,
  BREAKOUT_MESSAGE_MAX,
  FACTOR_MODES,
  GROUP_ID_PATTERN,
  MAX_BREAKOUT_GROUPS,
  MIN_BREAKOUT_GROUPS,
  SPLIT_RULES,
  type BreakoutGroup,
  type FactorMode,
  type SplitRule,
} from '../breakouts/types.ts';
import type { Phase } from '../facilitation/roles.ts';
import type { TimerState } from '../board/types.ts';
import type { Ack, JoinResult } from './events.ts';

/** Presence keys: opaque, as `PresencePerson.key`. */
const personKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const groupIdSchema = z.string().regex(GROUP_ID_PATTERN);
const trimmed = (max: number) => z.string().max(max * 4).transform((t) => t.trim()).pipe(z.string().min(1, { error: 'TEXT_EMPTY' }).max(max, { error: 'TEXT_TOO_LONG' }));

export const breakoutPreviewSchema = z.strictObject({
  groupCount: z.number().int().min(MIN_BREAKOUT_GROUPS).max(MAX_BREAKOUT_GROUPS),
  rule: z.enum(SPLIT_RULES),
  factorMode: z.enum(FACTOR_MODES),
  /** Another seed reshuffles. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
});
export type BreakoutPreviewPayload = z.input<typeof breakoutPreviewSchema>;

export const breakoutStartSchema = z.strictObject({
  rule: z.enum(SPLIT_RULES),
  groups: z
    .array(
      z.strictObject({
        name: trimmed(GROUP_NAME_MAX),
        factors: z.array(z.enum(FACTOR_KEYS)).min(1).max(FACTOR_KEYS.length),
        memberKeys: z.array(personKeySchema).max(500),
      }),
    )
    .min(MIN_BREAKOUT_GROUPS)
    .max(MAX_BREAKOUT_GROUPS),
});
export type BreakoutStartPayload = z.input<typeof breakoutStartSchema>;

export const breakoutMoveSchema = z.strictObject({ personKey: personKeySchema, groupId: groupIdSchema });
export type BreakoutMovePayload = z.input<typeof breakoutMoveSchema>;

export const breakoutLeadSchema = z.strictObject({ groupId: groupIdSchema, personKey: personKeySchema.nullable() });
export type BreakoutLeadPayload = z.input<typeof breakoutLeadSchema>;

/** Null: the plenary (facilitators leave a group); participants are always sent to their own group. */
export const breakoutEnterSchema = z.strictObject({ groupId: groupIdSchema.nullable() });
export type BreakoutEnterPayload = z.input<typeof breakoutEnterSchema>;

export const breakoutMessageSchema = z.strictObject({ groupId: groupIdSchema.nullable(), text: trimmed(BREAKOUT_MESSAGE_MAX) });
export type BreakoutMessagePayload = z.input<typeof breakoutMessageSchema>;

/** One timer for every group (groupId null) or for one group. */
export const breakoutTimerSchema = z.strictObject({
  groupId: groupIdSchema.nullable(),
  durationMs: z.number().int().min(10_000).max(4 * 60 * 60_000),
});
export type BreakoutTimerPayload = z.input<typeof breakoutTimerSchema>;

export const breakoutBringBackSchema = z.strictObject({
  /** Seconds groups still writing get first (0: at once). */
  countdownSeconds: z.number().int().min(0).max(BREAKOUT_COUNTDOWN_MAX_S).default(0),
});
export type BreakoutBringBackPayload = z.input<typeof breakoutBringBackSchema>;

export interface PreviewPerson {
  key: string;
  /** Empty on anonymous workshops. */
  displayName: string;
  administration: string;
}

export interface BreakoutPreview {
  seed: number;
  rule: SplitRule;
  factorMode: FactorMode;
  groups: Array<{ name: string; factors: string[]; members: PreviewPerson[] }>;
}

export interface BreakoutGroupStatus {
  group: BreakoutGroup;
  memberKeys: string[];
  online: number;
  notes: number;
  phase: Phase;
  timer: TimerState | null;
  doneCount: number;
}

export interface BreakoutEnterResult {
  /** The group whose board this connection now works on (null: the plenary). */
  groupId: string | null;
  lead: boolean;
  /** What a join answers, for the group's board (or the plenary's). */
  join: JoinResult;
}

export interface BreakoutBringBackResult {
  status: 'countdown' | 'ended';
  /** Server time the countdown ends. */
  returnAt: number | null;
  /** Notes rolled into the plenary by this call (0 when another call already did it). */
  rolledUp: number;
}

export interface BreakoutMessage {
  groupId: string | null;
  text: string;
  at: number;
}

export interface BreakoutClientEvents {
  'breakout.preview': (payload: BreakoutPreviewPayload, ack: Ack<{ preview: BreakoutPreview }>) => void;
  'breakout.start': (payload: BreakoutStartPayload, ack: Ack<{ round: number }>) => void;
  'breakout.move': (payload: BreakoutMovePayload, ack: Ack) => void;
  'breakout.setLead': (payload: BreakoutLeadPayload, ack: Ack) => void;
  'breakout.enter': (payload: BreakoutEnterPayload, ack: Ack<BreakoutEnterResult>) => void;
  'breakout.message': (payload: BreakoutMessagePayload, ack: Ack) => void;
  'breakout.timer': (payload: BreakoutTimerPayload, ack: Ack) => void;
  'breakout.overview': (payload: Record<string, never>, ack: Ack<{ groups: BreakoutGroupStatus[] }>) => void;
  'breakout.bringBack': (payload: BreakoutBringBackPayload, ack: Ack<BreakoutBringBackResult>) => void;
}

export type BreakoutEventName = keyof BreakoutClientEvents;

export interface BreakoutServerEvents {
  /** A facilitator's short message to every group or to this person's group. */
  'breakout.message': (message: BreakoutMessage) => void;
  /** This person's group changed (moved, started, ended): enter again. */
  'breakout.changed': () => void;
}
