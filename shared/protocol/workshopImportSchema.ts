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
  SUMMARY_MAX,
  TITLE_MAX,
} from '../board/types.ts';
import { ACTION_STATUSES, AXIS_LABEL_MAX, MAX_CUSTOM_AXES, TEMPLATES } from '../board/templates.ts';
import { CIPS_GROUPS, CIPS_ID_MAX, CIPS_MAX_ROWS, CIPS_METRICS, CIPS_TEXT_MAX } from '../cips/types.ts';
import { SNAPSHOT_FORMAT } from '../export/workshopSnapshot.ts';
import { FACTOR_KEYS } from '../factors.ts';
import { GROUP_ID_PATTERN } from '../breakouts/types.ts';
import { PHASES, ROLES } from '../facilitation/roles.ts';
import { LANGUAGES } from '../i18n/languages.ts';

/**
 * The edge schema of `POST /api/workshops/import`: an exported workshop snapshot
 * (docs/EXPORT-FORMAT.md). Only what makes a workshop is required; a template written by hand
 * may leave out notes, votes, times and status, which take their defaults.
 */
export const IMPORT_MAX_BYTES = 16 * 1024 * 1024;
export const IMPORT_MAX_BOARDS = 50;
export const IMPORT_MAX_NOTES_PER_BOARD = 5000;
export const IMPORT_MAX_NOTES = 20_000;
export const IMPORT_MAX_GROUPS_PER_BOARD = 2000;
export const IMPORT_MAX_ACTIONS_PER_BOARD = 2000;
export const IMPORT_MAX_HISTORY = 1000;

/** Ids inside a file only link its parts together (new ids are minted), so hand-written ones may be short. */
const refId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const keySchema = z.string().regex(/^[a-z0-9_]{1,40}$/);
const text = (max: number) => z.string().max(max);
const filled = (max: number) => z.string().min(1).max(max);
const time = z.number().int().min(0).max(8.64e15);
const count = z.number().int().min(0).max(1_000_000);

const axisSchema = z.strictObject({ key: keySchema, label: text(AXIS_LABEL_MAX).default('') });

const noteSchema = z.strictObject({
  id: refId,
  row: keySchema,
  column: keySchema,
  text: filled(NOTE_TEXT_MAX),
  colour: z.enum(NOTE_COLOURS).default('yellow'),
  authorName: text(DISPLAY_NAME_MAX).nullable().default(null),
  authorAdministration: text(ADMINISTRATION_MAX).nullable().default(null),
  groupId: refId.nullable().default(null),
  mergedInto: refId.nullable().default(null),
  votes: count.default(0),
  createdAt: time.optional(),
  updatedAt: time.optional(),
  /** Breakout provenance in exports: accepted, not carried over (the groups are not imported). */
  breakout: z.strictObject({ round: count, groupName: text(GROUP_NAME_MAX), votes: count }).optional(),
});

const groupSchema = z.strictObject({ id: refId, row: keySchema, column: keySchema, name: filled(GROUP_NAME_MAX) });

const actionSchema = z.strictObject({
  id: refId,
  row: keySchema,
  text: filled(ACTION_TEXT_MAX),
  ownerUnit: text(ACTION_FIELD_MAX).default(''),
  dueDate: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).default(''),
  indicator: text(ACTION_FIELD_MAX).default(''),
  status: z.enum(ACTION_STATUSES).default('open'),
  noteId: refId.nullable().default(null),
  createdAt: time.optional(),
  updatedAt: time.optional(),
});

const boardSchema = z.strictObject({
  id: refId,
  title: filled(TITLE_MAX),
  template: z.enum(TEMPLATES),
  /** Built-in templates may leave their axes out; custom boards must give them. */
  rows: z.array(axisSchema).max(MAX_CUSTOM_AXES).optional(),
  columns: z.array(axisSchema).max(MAX_CUSTOM_AXES).optional(),
  createdAt: time.optional(),
  notes: z.array(noteSchema).max(IMPORT_MAX_NOTES_PER_BOARD).default([]),
  groups: z.array(groupSchema).max(IMPORT_MAX_GROUPS_PER_BOARD).default([]),
  actions: z.array(actionSchema).max(IMPORT_MAX_ACTIONS_PER_BOARD).default([]),
  summary: z.strictObject({ text: text(SUMMARY_MAX), updatedAt: time.optional() }).nullable().default(null),
});

const personSchema = z.strictObject({ name: text(DISPLAY_NAME_MAX), administration: text(ADMINISTRATION_MAX) });

const historySchema = z.strictObject({
  kind: z.enum(['frozen', 'reopened', 'phase']),
  at: time,
  role: z.enum(ROLES),
  phase: z.enum(PHASES).nullable().default(null),
  name: text(DISPLAY_NAME_MAX).nullable().default(null),
});

const cipsScoreFields = {
  metric: z.enum(CIPS_METRICS),
  value: z.number(),
  scaleMin: z.number(),
  scaleMax: z.number(),
  n: count.nullable(),
};
const cipsScoreSchema = z.strictObject(cipsScoreFields);
const cipsSchema = z.strictObject({
  surveyId: filled(CIPS_ID_MAX),
  country: text(CIPS_ID_MAX),
  year: z.number().int().min(1990).max(2100),
  iteration: z.number().int().min(1).max(1000),
  lang: text(CIPS_ID_MAX).default(''),
  factors: z.partialRecord(
    z.enum(FACTOR_KEYS),
    z.strictObject({
      customs: z.array(cipsScoreSchema).max(CIPS_METRICS.length),
      private: z.array(cipsScoreSchema).max(CIPS_METRICS.length),
    }),
  ),
  indicators: z
    .array(
      z.strictObject({
        ...cipsScoreFields,
        group: z.enum(CIPS_GROUPS),
        factorKey: z.enum(FACTOR_KEYS),
        indicatorId: filled(CIPS_ID_MAX),
        indicatorLabel: text(CIPS_TEXT_MAX),
      }),
    )
    .max(CIPS_MAX_ROWS)
    .default([]),
  importedAt: time.optional(),
});

export const workshopImportSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  formatVersion: z.number().int().min(1),
  exportedAt: time.optional(),
  schemaVersion: z.number().int().min(0).optional(),
  meta: z.strictObject({
    title: filled(TITLE_MAX),
    description: text(DESCRIPTION_MAX).default(''),
    dates: text(120).default(''),
    languages: z.array(z.enum(LANGUAGES)).max(LANGUAGES.length).default(['en']),
    anonymous: z.boolean().default(false),
    template: z.enum(TEMPLATES).optional(),
    createdAt: time.optional(),
  }),
  /** Who took part is not carried into a new workshop (sessions are personal); accepted and ignored. */
  people: z
    .strictObject({
      facilitators: z.array(personSchema).max(1000),
      rapporteurs: z.array(personSchema).max(1000),
      participantsByAdministration: z.array(z.strictObject({ administration: text(ADMINISTRATION_MAX), count })).max(10_000),
      participantCount: count,
      observerCount: count,
    })
    .optional(),
  status: z
    .strictObject({
      phase: z.enum(PHASES),
      frozen: z.strictObject({ at: time, role: z.enum(ROLES), name: text(DISPLAY_NAME_MAX).nullable() }).nullable().default(null),
      history: z.array(historySchema).max(IMPORT_MAX_HISTORY).default([]),
    })
    .default({ phase: 'write', frozen: null, history: [] }),
  boards: z.array(boardSchema).min(1).max(IMPORT_MAX_BOARDS),
  cips: cipsSchema.nullable().default(null),
  /** Present in one breakout group's export: read and kept as each note's provenance, not stored itself. */
  breakoutGroup: z
    .strictObject({ round: count, id: z.string().regex(GROUP_ID_PATTERN), name: text(GROUP_NAME_MAX), factors: z.array(z.enum(FACTOR_KEYS)).max(FACTOR_KEYS.length) })
    .optional(),
});

export type WorkshopImport = z.output<typeof workshopImportSchema>;
export type WorkshopImportBoard = WorkshopImport['boards'][number];

export { IMPORT_ERROR_CODES, type ImportError, type ImportErrorCode } from './importErrors.ts';

/** Most errors listed for one file. */
export const IMPORT_MAX_ERRORS = 100;
