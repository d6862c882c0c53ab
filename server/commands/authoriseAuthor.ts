import { readNote } from '../../shared/board/boardDocument.ts';
import type { CommandResult } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';

/** Refuses unless the note exists and the caller wrote it; null means allowed. */
export async function authoriseAuthor(ctx: CommandContext, noteId: string): Promise<CommandResult | null> {
  if (!readNote(ctx.board.doc, noteId)) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const owner = await ctx.ownership.getOwner(ctx.board.id, noteId);
  if (owner !== ctx.principal.participantId) return { ok: false, error: 'NOT_AUTHOR' };
  return null;
}
