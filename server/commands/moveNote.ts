import type { z } from 'zod';
import type { CommandResult, moveNoteSchema } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { cellOf, findNote, noteTime, refuseUnlessMayChange, updateNote } from './noteAccess.ts';

/** Moves a note to another cell of its board (leaving any group). */
export async function moveNote(ctx: CommandContext, payload: z.output<typeof moveNoteSchema>): Promise<CommandResult> {
  const found = await findNote(ctx, payload.noteId);
  if (!found) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const refused = await refuseUnlessMayChange(ctx, found);
  if (refused) return { ok: false, error: refused };
  const cell = cellOf(ctx, found.note.boardId, payload.row, payload.column);
  if (typeof cell === 'string') return { ok: false, error: cell };
  await updateNote(ctx, found, { row: payload.row, column: payload.column, groupId: null, updatedAt: noteTime(ctx) });
  return { ok: true };
}
