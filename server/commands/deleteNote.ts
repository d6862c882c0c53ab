import type { z } from 'zod';
import { readNote, readNotes, removeNote, writeNote } from '../../shared/board/boardDocument.ts';
import { stackOf } from '../../shared/board/stacks.ts';
import type { CommandResult, noteRefSchema } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { findNote, noteQuotaKey, refuseUnlessMayChange } from './noteAccess.ts';

/**
 * Deletes a note. A stacked note leaves its stack (the top forgets its id). A stack's top takes its
 * whole stack with it, and only facilitators may do that (a participant's note on top may hold
 * other people's words): to keep the others, unmerge first.
 */
export async function deleteNote(ctx: CommandContext, payload: z.output<typeof noteRefSchema>): Promise<CommandResult> {
  const found = await findNote(ctx, payload.noteId);
  if (!found) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const refused = await refuseUnlessMayChange(ctx, found);
  if (refused) return { ok: false, error: refused };
  if (found.kind === 'private') {
    await forgetNote(ctx, found.note.boardId, found.note.id);
    await ctx.services.stores.privateNotes.delete(ctx.workshop.id, found.note.id);
    await ctx.notify.privateNotesChanged(ctx.principal.participantId);
    await ctx.notify.writingCountsChanged();
    return { ok: true };
  }
  const note = found.note;
  const members = note.mergedInto === null ? stackOf(note, readNotes(ctx.workshop.doc, note.boardId)).members : [];
  if (members.length > 0 && ctx.principal.role !== 'facilitator') return { ok: false, error: 'NOTE_IN_STACK' };
  for (const id of [note.id, ...members.map((m) => m.id)]) await forgetNote(ctx, note.boardId, id);
  await ctx.apply((doc) => {
    for (const member of members) removeNote(doc, member.id);
    removeNote(doc, note.id);
    const top = note.mergedInto ? readNote(doc, note.mergedInto) : null;
    if (top) writeNote(doc, { ...top, mergedFrom: top.mergedFrom.filter((id) => id !== note.id) });
  });
  return { ok: true };
}

/** Gives the author's note quota back, drops votes on the note (refunding budgets), its owner and merge records. */
export async function forgetNote(ctx: CommandContext, boardId: string, noteId: string): Promise<void> {
  const { stores } = ctx.services;
  const owner = await stores.ownership.getOwner(ctx.workshop.id, noteId);
  if (owner) await stores.quotas.decrement(noteQuotaKey(ctx.workshop.id, boardId, owner));
  await stores.votes.dropNote(ctx.workshop.id, boardId, noteId);
  await stores.ownership.deleteOwner(ctx.workshop.id, noteId);
  await stores.merges.delete(ctx.workshop.id, noteId);
}
