import type { z } from 'zod';
import { readNote, writeNote } from '../../shared/board/boardDocument.ts';
import type { CommandResult, editNoteSchema } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { findNote, noteTime, refuseUnlessMayChange } from './noteAccess.ts';

export async function editNote(ctx: CommandContext, payload: z.output<typeof editNoteSchema>): Promise<CommandResult> {
  const found = await findNote(ctx, payload.noteId);
  if (!found) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const refused = await refuseUnlessMayChange(ctx, found);
  if (refused) return { ok: false, error: refused };
  const changes = { text: payload.text ?? found.note.text, colour: payload.colour ?? found.note.colour, updatedAt: noteTime(ctx) };
  if (found.kind === 'private') {
    await ctx.services.stores.privateNotes.put(ctx.workshop.id, { ...found.note, ...changes });
    await ctx.notify.privateNotesChanged(ctx.principal.participantId);
    return { ok: true };
  }
  await ctx.apply((doc) => {
    const current = readNote(doc, payload.noteId);
    if (current) writeNote(doc, { ...current, ...changes });
  });
  return { ok: true };
}
