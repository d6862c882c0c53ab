import { removeNote } from '../../shared/board/boardDocument.ts';
import type { CommandResult, deleteNoteSchema } from '../../shared/protocol/index.ts';
import type { z } from 'zod';
import { commandOrigin } from '../boards/updateOrigin.ts';
import type { CommandContext } from './CommandContext.ts';
import { authoriseAuthor } from './authoriseAuthor.ts';

export async function deleteNote(ctx: CommandContext, payload: z.output<typeof deleteNoteSchema>): Promise<CommandResult> {
  const refused = await authoriseAuthor(ctx, payload.noteId);
  if (refused) return refused;
  await ctx.registry.apply(ctx.board, commandOrigin('note.delete'), (doc) => removeNote(doc, payload.noteId));
  await ctx.ownership.deleteOwner(ctx.board.id, payload.noteId);
  return { ok: true };
}
