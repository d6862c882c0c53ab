import type { Note } from '../../shared/board/types.ts';
import { writeNote } from '../../shared/board/boardDocument.ts';
import type { addNoteSchema, CommandResult } from '../../shared/protocol/index.ts';
import type { z } from 'zod';
import { commandOrigin } from '../boards/updateOrigin.ts';
import type { CommandContext } from './CommandContext.ts';

export async function addNote(
  ctx: CommandContext,
  payload: z.output<typeof addNoteSchema>,
): Promise<CommandResult<{ noteId: string }>> {
  const now = ctx.now();
  const note: Note = {
    id: ctx.newId(),
    factor: payload.factor,
    column: payload.column,
    text: payload.text,
    colour: payload.colour,
    authorName: ctx.principal.displayName,
    authorAdministration: ctx.principal.administration,
    createdAt: now,
    updatedAt: now,
  };
  // Ownership first: an owner record for a note that never landed is harmless; the reverse is not.
  await ctx.ownership.setOwner(ctx.board.id, note.id, ctx.principal.participantId);
  await ctx.registry.apply(ctx.board, commandOrigin('note.add'), (doc) => writeNote(doc, note));
  return { ok: true, noteId: note.id };
}
