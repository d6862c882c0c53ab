import type { z } from 'zod';
import { readSession, writeNote } from '../../shared/board/boardDocument.ts';
import type { Note } from '../../shared/board/types.ts';
import type { addNoteSchema, CommandResult } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { cellOf, isAnonymous, isPrivateWriting, noteQuotaKey, noteTime } from './noteAccess.ts';

/** Adds a note: into the board, or, while writing is private, into the author's hidden notes. */
export async function addNote(
  ctx: CommandContext,
  payload: z.output<typeof addNoteSchema>,
): Promise<CommandResult<{ noteId: string; private: boolean }>> {
  const cell = cellOf(ctx, payload.boardId, payload.row, payload.column);
  if (typeof cell === 'string') return { ok: false, error: cell };
  const { stores, newId } = ctx.services;
  const { principal } = ctx;
  if (principal.role !== 'facilitator') {
    const limit = readSession(ctx.workshop.doc).notesPerParticipant;
    // Made durable by the note's own synced write below (or lost with a note that never landed).
    const counted = await stores.quotas.tryIncrement(noteQuotaKey(ctx.workshop.id, payload.boardId, principal.participantId), limit, undefined, 'withNextWrite');
    if (!counted) return { ok: false, error: 'NOTE_LIMIT_REACHED' };
  }
  const anonymous = isAnonymous(ctx);
  const at = noteTime(ctx);
  const note: Note = {
    id: newId(),
    boardId: payload.boardId,
    row: payload.row,
    column: payload.column,
    text: payload.text,
    colour: payload.colour,
    authorName: anonymous ? null : principal.displayName,
    authorAdministration: anonymous ? null : principal.administration,
    groupId: null,
    mergedFrom: [],
    mergedInto: null,
    createdAt: at,
    updatedAt: at,
  };
  // Ownership first: an owner record for a note that never landed is harmless; the reverse is not. It
  // reaches the disk with the note's synced write that follows (one sync per note, not three).
  await stores.ownership.setOwner(ctx.workshop.id, note.id, principal.participantId, 'withNextWrite');
  if (isPrivateWriting(ctx)) {
    await stores.privateNotes.put(ctx.workshop.id, { ...note, ownerId: principal.participantId });
    await ctx.notify.privateNotesChanged(principal.participantId);
    await ctx.notify.writingCountsChanged();
    return { ok: true, noteId: note.id, private: true };
  }
  await ctx.apply((doc) => writeNote(doc, note));
  return { ok: true, noteId: note.id, private: false };
}
