import { z } from 'zod';
import { FACTOR_KEYS } from '../factors.ts';
import {
  ADMINISTRATION_MAX,
  BOARD_COLUMNS,
  BOARD_TITLE_MAX,
  DISPLAY_NAME_MAX,
  NOTE_COLOURS,
  NOTE_TEXT_MAX,
  NOTE_TEXT_MIN,
} from '../board/types.ts';
import type { ErrorCode } from './errors.ts';
import { LANGUAGES } from '../i18n/languages.ts';

/** Board and note ids: URL-safe, 8-64 characters. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

const noteTextSchema = z
  .string()
  .max(NOTE_TEXT_MAX * 4)
  .transform((text) => text.trim())
  .pipe(z.string().min(NOTE_TEXT_MIN, { error: 'TEXT_EMPTY' }).max(NOTE_TEXT_MAX, { error: 'TEXT_TOO_LONG' }));

export const handshakeSchema = z.strictObject({
  protocolVersion: z.number().int(),
  participantId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  displayName: z.string().trim().min(1).max(DISPLAY_NAME_MAX),
  administration: z.string().trim().max(ADMINISTRATION_MAX).default(''),
  language: z.enum(LANGUAGES).default('en'),
});
export type Handshake = z.infer<typeof handshakeSchema>;
export type HandshakeInput = z.input<typeof handshakeSchema>;

export const boardRefSchema = z.strictObject({ boardId: idSchema });
export type BoardRefPayload = z.infer<typeof boardRefSchema>;

export const addNoteSchema = z.strictObject({
  boardId: idSchema,
  factor: z.enum(FACTOR_KEYS),
  column: z.enum(BOARD_COLUMNS),
  text: noteTextSchema,
  colour: z.enum(NOTE_COLOURS).default('yellow'),
});
export type AddNotePayload = z.input<typeof addNoteSchema>;

export const editNoteSchema = z
  .strictObject({
    boardId: idSchema,
    noteId: idSchema,
    text: noteTextSchema.optional(),
    colour: z.enum(NOTE_COLOURS).optional(),
  })
  .refine((p) => p.text !== undefined || p.colour !== undefined, { error: 'nothing to change' });
export type EditNotePayload = z.input<typeof editNoteSchema>;

export const deleteNoteSchema = z.strictObject({ boardId: idSchema, noteId: idSchema });
export type DeleteNotePayload = z.input<typeof deleteNoteSchema>;

export const createBoardSchema = z.strictObject({
  title: z.string().trim().min(1).max(BOARD_TITLE_MAX),
});
export type CreateBoardPayload = z.input<typeof createBoardSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ErrorCode; detail: string };

/** Parses an inbound payload once, naming the refusal: TEXT_EMPTY / TEXT_TOO_LONG, else INVALID_PAYLOAD. */
export function parsePayload<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const detail = issue ? `${issue.path.join('.') || '(payload)'}: ${issue.message}` : 'invalid';
  if (issue?.message === 'TEXT_EMPTY') return { ok: false, error: 'TEXT_EMPTY', detail };
  if (issue?.message === 'TEXT_TOO_LONG' || (issue?.path[0] === 'text' && issue.code === 'too_big')) {
    return { ok: false, error: 'TEXT_TOO_LONG', detail };
  }
  return { ok: false, error: 'INVALID_PAYLOAD', detail };
}
