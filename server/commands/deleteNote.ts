import type { z } from 'zod';
import { removeNote } from '../../shared/board/boardDocument.ts';
import type { CommandResult, noteRefSchema } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { findNote, noteQuotaKey, refuseUnlessMayChange } from './noteAccess.ts';

export async function deleteNote(ctx: CommandContext, payload: z.output<typeof noteRefSchema>): Promise<CommandResult> {
  const found = await findNote(ctx, payload.noteId);
  if (!found) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const refused = await refuseUnlessMayChange(ctx, found);
  if (refused) return { ok: false, error: refused };
  await forgetNote(ctx, found.note.boardId, found.note.id);
  if (found.kind === 'private') {
    await ctx.services.stores.privateNotes.delete(ctx.workshop.id, found.note.id);
    await ctx.notify.privateNotesChanged(ctx.principal.participantId);
    await ctx.notify.writingCountsChanged();
    return { ok: true };
  }
  await ctx.apply((doc) => removeNote(doc, payload.noteId));
  return { ok: true };
}

/** Gives the author's note quota back, drops votes on the note (refunding budgets) and its owner record. */
export async function forgetNote(ctx: CommandContext, boardId: string, noteId: string): Promise<void> {
  const { stores } = ctx.services;
  const owner = await stores.ownership.getOwner(ctx.workshop.id, noteId);
  if (owner) await stores.quotas.decrement(noteQuotaKey(ctx.workshop.id, boardId, owner));
  await stores.votes.dropNote(ctx.workshop.id, boardId, noteId);
  await stores.ownership.deleteOwner(ctx.workshop.id, noteId);
}
