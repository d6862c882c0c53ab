import { z } from 'zod';
import { LANGUAGES } from '../i18n/languages.ts';
import { idSchema } from './schemas.ts';
import { GROUP_ID_PATTERN } from '../breakouts/types.ts';

import { EXPORT_FORMATS } from './exportFormats.ts';
export { EXPORT_FORMATS, type ExportFormat } from './exportFormats.ts';

/** Query of GET /api/workshops/:id/export. `lang` defaults to the workshop's first language, `board` to all, `group` to none (the plenary). */
export const exportQuerySchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  lang: z.enum(LANGUAGES).optional(),
  board: z.union([z.literal('all'), idSchema]).default('all'),
  /** One breakout group's board (`r<round>g<index>`) instead of the plenary's. */
  group: z.string().regex(GROUP_ID_PATTERN).optional(),
});
export type ExportQuery = z.input<typeof exportQuerySchema>;

/** Facilitator command `export.allowObservers`: may observers download exports? */
export const allowObserversToExportSchema = z.strictObject({ allowed: z.boolean() });
export type AllowObserversToExportPayload = z.input<typeof allowObserversToExportSchema>;
