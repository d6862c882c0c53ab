import type { z } from 'zod';
import { writeSession } from '../../shared/board/boardDocument.ts';
import type { allowObserversToExportSchema, CommandResult } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';

/** A facilitator lets observers download exports, or stops them (the export route reads it). */
export async function allowObserversToExport(ctx: CommandContext, payload: z.output<typeof allowObserversToExportSchema>): Promise<CommandResult> {
  await ctx.apply((doc) => writeSession(doc, { observersMayExport: payload.allowed }));
  return { ok: true };
}
