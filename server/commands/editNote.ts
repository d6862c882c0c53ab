import { readNote, writeNote } from '../../shared/board/boardDocument.ts';
import type { CommandResult, editNoteSchema } from '../../shared/protocol/index.ts';
import type { z } from 'zod';
import { commandOrigin } from '../boards/updateOrigin.ts';
import type { CommandContext } from './CommandContext.ts';
import { authoriseAuthor } from './authoriseAuthor.ts';

export async function editNote(ctx: CommandContext, payload: z.output<typeof editNoteSchema>): Promise<CommandResult> {
  const refused = await authoriseAuthor(ctx, payload.noteId);
  if (refused) return refused;
  const note = readNote(ctx.board.doc, payload.noteId);
  if (!note) return { ok: false, error: 'NOTE_NOT_FOUND' };
  await ctx.registry.apply(ctx.board, commandOrigin('note.edit'), (doc) =>
    writeNote(doc, {
      ...note,
      text: payload.text ?? note.text,
      colour: payload.colour ?? note.colour,
      updatedAt: ctx.now(),
    }),
  );
  return { ok: true };
}
