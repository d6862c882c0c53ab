import type { z } from 'zod';
import type { CommandResult, editNoteSchema } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { findNote, noteTime, refuseUnlessMayChange, updateNote } from './noteAccess.ts';

/** Changes a note's text or colour (authors their own; facilitators any). */
export async function editNote(ctx: CommandContext, payload: z.output<typeof editNoteSchema>): Promise<CommandResult> {
  const found = await findNote(ctx, payload.noteId);
  if (!found) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const refused = await refuseUnlessMayChange(ctx, found);
  if (refused) return { ok: false, error: refused };
  await updateNote(ctx, found, { text: payload.text ?? found.note.text, colour: payload.colour ?? found.note.colour, updatedAt: noteTime(ctx) });
  return { ok: true };
}
