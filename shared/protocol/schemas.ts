import { z } from 'zod';
import {
  ACTION_FIELD_MAX,
  ACTION_TEXT_MAX,
  ADMINISTRATION_MAX,
  DESCRIPTION_MAX,
  DISPLAY_NAME_MAX,
  GROUP_NAME_MAX,
  NOTE_COLOURS,
  NOTE_TEXT_MAX,
  NOTE_TEXT_MIN,
  SUMMARY_MAX,
  TITLE_MAX,
} from '../board/types.ts';
import { ACTION_STATUSES, AXIS_LABEL_MAX, MAX_CUSTOM_AXES, TEMPLATES } from '../board/templates.ts';
import { PHASES, ROLES } from '../facilitation/roles.ts';
import { LANGUAGES } from '../i18n/languages.ts';
import type { ErrorCode } from './errors.ts';

/** Workshop, board, note, group, action and link ids: URL-safe, 8-64 characters. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** Link and session secrets as sent by clients. */
export const secretSchema = z.string().regex(/^[A-Za-z0-9_-]{20,128}$/);
/**
 * A client-made idempotency key on note commands: the same command sent again (after a lost ack, a
 * reconnect, a reload) with the same id is answered with its first result and changes nothing.
 */
export const COMMAND_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
export const commandIdSchema = z.string().max(64).regex(COMMAND_ID_PATTERN, { error: 'INVALID_COMMAND_ID' });
const keySchema = z.string().regex(/^[a-z0-9_]{1,40}$/);

const noteTextSchema = z
  .string()
  .max(NOTE_TEXT_MAX * 4)
  .transform((text) => text.trim())
  .pipe(z.string().min(NOTE_TEXT_MIN, { error: 'TEXT_EMPTY' }).max(NOTE_TEXT_MAX, { error: 'TEXT_TOO_LONG' }));

const boundedText = (max: number) => z.string().max(max * 4).transform((t) => t.trim()).pipe(z.string().max(max, { error: 'TEXT_TOO_LONG' }));
const requiredText = (max: number) =>
  z.string().max(max * 4).transform((t) => t.trim()).pipe(z.string().min(1, { error: 'TEXT_EMPTY' }).max(max, { error: 'TEXT_TOO_LONG' }));

// ---- handshake and REST --------------------------------------------------------------------

export const handshakeSchema = z.strictObject({
  protocolVersion: z.number().int(),
  token: secretSchema,
  language: z.enum(LANGUAGES).default('en'),
});
export type Handshake = z.infer<typeof handshakeSchema>;
export type HandshakeInput = z.input<typeof handshakeSchema>;

const axisInput = z.strictObject({ key: keySchema, label: requiredText(AXIS_LABEL_MAX) });

export const createWorkshopSchema = z.strictObject({
  title: requiredText(TITLE_MAX),
  description: boundedText(DESCRIPTION_MAX).default(''),
  dates: boundedText(120).default(''),
  languages: z.array(z.enum(LANGUAGES)).max(LANGUAGES.length).default(['en']),
  anonymous: z.boolean().default(false),
  template: z.enum(TEMPLATES).default('arusha'),
  rows: z.array(axisInput).min(1).max(MAX_CUSTOM_AXES).optional(),
  columns: z.array(axisInput).min(1).max(MAX_CUSTOM_AXES).optional(),
});
export type CreateWorkshopPayload = z.input<typeof createWorkshopSchema>;

const personSchema = {
  displayName: boundedText(DISPLAY_NAME_MAX).default(''),
  administration: boundedText(ADMINISTRATION_MAX).default(''),
};

/** Exchanges a role link's secret for a personal session. */
export const openSessionSchema = z.strictObject({ secret: secretSchema, ...personSchema });
export type OpenSessionPayload = z.input<typeof openSessionSchema>;

/** Joins as a participant with the short code. */
export const joinByCodeSchema = z.strictObject({ code: z.string().min(4).max(16), ...personSchema });
export type JoinByCodePayload = z.input<typeof joinByCodeSchema>;

export const mintLinkSchema = z.strictObject({ role: z.enum(ROLES).default('facilitator'), label: boundedText(80).default('') });
export type MintLinkPayload = z.input<typeof mintLinkSchema>;
/** DELETE /api/workshops/:id: the workshop's title, typed again, confirms the deletion. */
export const deleteWorkshopSchema = z.strictObject({ confirmTitle: z.string().max(1000) });
export type DeleteWorkshopPayload = z.input<typeof deleteWorkshopSchema>;

// ---- commands ------------------------------------------------------------------------------

export const emptySchema = z.strictObject({});

/** `presence.list`: where the page starts (pages hold PRESENCE_LIST_PAGE people). */
export const presenceListSchema = z.strictObject({ offset: z.number().int().min(0).max(1_000_000).default(0) });
export type PresenceListPayload = z.input<typeof presenceListSchema>;
export const PRESENCE_LIST_PAGE = 200;

export const addNoteSchema = z.strictObject({
  boardId: idSchema,
  row: keySchema,
  column: keySchema,
  text: noteTextSchema,
  colour: z.enum(NOTE_COLOURS).default('yellow'),
  commandId: commandIdSchema.optional(),
});
export type AddNotePayload = z.input<typeof addNoteSchema>;

export const editNoteSchema = z
  .strictObject({
    noteId: idSchema,
    text: noteTextSchema.optional(),
    colour: z.enum(NOTE_COLOURS).optional(),
    commandId: commandIdSchema.optional(),
  })
  .refine((p) => p.text !== undefined || p.colour !== undefined, { error: 'nothing to change' });
export type EditNotePayload = z.input<typeof editNoteSchema>;

export const noteRefSchema = z.strictObject({ noteId: idSchema });
export type NoteRefPayload = z.input<typeof noteRefSchema>;

export const moveNoteSchema = z.strictObject({ noteId: idSchema, row: keySchema, column: keySchema });
export type MoveNotePayload = z.input<typeof moveNoteSchema>;

export const mergeNotesSchema = z.strictObject({
  targetId: idSchema,
  sourceIds: z.array(idSchema).min(1).max(50),
});
export type MergeNotesPayload = z.input<typeof mergeNotesSchema>;

export const createGroupSchema = z.strictObject({
  boardId: idSchema,
  row: keySchema,
  column: keySchema,
  name: requiredText(GROUP_NAME_MAX),
  noteIds: z.array(idSchema).max(200).default([]),
});
export type CreateGroupPayload = z.input<typeof createGroupSchema>;

export const renameGroupSchema = z.strictObject({ groupId: idSchema, name: requiredText(GROUP_NAME_MAX) });
export type RenameGroupPayload = z.input<typeof renameGroupSchema>;

export const groupRefSchema = z.strictObject({ groupId: idSchema });
export type GroupRefPayload = z.input<typeof groupRefSchema>;

export const setNoteGroupSchema = z.strictObject({ noteId: idSchema, groupId: idSchema.nullable() });
export type SetNoteGroupPayload = z.input<typeof setNoteGroupSchema>;

export const setPhaseSchema = z.strictObject({ phase: z.enum(PHASES), privateWriting: z.boolean().optional() });
export type SetPhasePayload = z.input<typeof setPhaseSchema>;

export const configureVotingSchema = z.strictObject({
  votesPerParticipant: z.number().int().min(1).max(50),
  maxPerNote: z.number().int().min(1).max(50),
  showLive: z.boolean(),
});
export type ConfigureVotingPayload = z.input<typeof configureVotingSchema>;

export const setNoteLimitSchema = z.strictObject({ notesPerParticipant: z.number().int().min(1).max(500) });
export type SetNoteLimitPayload = z.input<typeof setNoteLimitSchema>;

export const startTimerSchema = z.strictObject({
  durationMs: z.number().int().min(1_000).max(4 * 60 * 60 * 1000),
  lockAtZero: z.boolean().default(false),
});
export type StartTimerPayload = z.input<typeof startTimerSchema>;

export const setLockSchema = z.strictObject({ locked: z.boolean() });
/** Facilitator command `writingCounts.share`: may everyone see the per-person counts of private writing? */
export const shareWritingCountsSchema = z.strictObject({ shared: z.boolean() });
export type ShareWritingCountsPayload = z.input<typeof shareWritingCountsSchema>;
export type SetLockPayload = z.input<typeof setLockSchema>;

export const setSpotlightSchema = z.strictObject({
  spotlight: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('row'), boardId: idSchema, row: keySchema }),
      z.strictObject({ kind: z.literal('note'), boardId: idSchema, noteId: idSchema }),
    ])
    .nullable(),
});
export type SetSpotlightPayload = z.input<typeof setSpotlightSchema>;

export const setDoneSchema = z.strictObject({ done: z.boolean() });
export type SetDonePayload = z.input<typeof setDoneSchema>;

const dueDateSchema = z.union([z.literal(''), z.iso.date()]);

export const addActionSchema = z.strictObject({
  boardId: idSchema,
  row: keySchema,
  text: requiredText(ACTION_TEXT_MAX),
  ownerUnit: boundedText(ACTION_FIELD_MAX).default(''),
  dueDate: dueDateSchema.default(''),
  indicator: boundedText(ACTION_FIELD_MAX).default(''),
  status: z.enum(ACTION_STATUSES).default('open'),
});
export type AddActionPayload = z.input<typeof addActionSchema>;

export const editActionSchema = z.strictObject({
  actionId: idSchema,
  text: requiredText(ACTION_TEXT_MAX).optional(),
  ownerUnit: boundedText(ACTION_FIELD_MAX).optional(),
  dueDate: dueDateSchema.optional(),
  indicator: boundedText(ACTION_FIELD_MAX).optional(),
  status: z.enum(ACTION_STATUSES).optional(),
});
export type EditActionPayload = z.input<typeof editActionSchema>;

export const actionRefSchema = z.strictObject({ actionId: idSchema });
export type ActionRefPayload = z.input<typeof actionRefSchema>;

export const setSummarySchema = z.strictObject({ boardId: idSchema, text: boundedText(SUMMARY_MAX) });
export type SetSummaryPayload = z.input<typeof setSummarySchema>;

export const addBoardSchema = z.strictObject({
  title: requiredText(TITLE_MAX),
  template: z.enum(TEMPLATES),
  rows: z.array(axisInput).min(1).max(MAX_CUSTOM_AXES).optional(),
  columns: z.array(axisInput).min(1).max(MAX_CUSTOM_AXES).optional(),
});
export type AddBoardPayload = z.input<typeof addBoardSchema>;

export const boardRefSchema = z.strictObject({ boardId: idSchema });
export type BoardRefPayload = z.input<typeof boardRefSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ErrorCode; detail: string };

/** Parses an inbound payload once, naming the refusal: TEXT_EMPTY / TEXT_TOO_LONG, else INVALID_PAYLOAD. */
export function parsePayload<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const detail = issue ? `${issue.path.join('.') || '(payload)'}: ${issue.message}` : 'invalid';
  if (issue?.message === 'INVALID_COMMAND_ID' || issue?.path[0] === 'commandId') return { ok: false, error: 'INVALID_COMMAND_ID', detail };
  if (issue?.message === 'TEXT_EMPTY') return { ok: false, error: 'TEXT_EMPTY', detail };
  const field = issue?.path.at(-1);
  if (issue?.message === 'TEXT_TOO_LONG' || (issue?.code === 'too_big' && (field === 'text' || field === 'name' || field === 'title'))) {
    return { ok: false, error: 'TEXT_TOO_LONG', detail };
  }
  return { ok: false, error: 'INVALID_PAYLOAD', detail };
}
