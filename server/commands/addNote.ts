import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { readSession, writeNote } from '../../shared/board/boardDocument.ts';
import type { Note } from '../../shared/board/types.ts';
import type { addNoteSchema, CommandResult } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { cellOf, findNote, isAnonymous, isPrivateWriting, noteQuotaKey, noteTime } from './noteAccess.ts';

/**
 * The note id of a command that carries a command id: the same for every retry of it, so that even a
 * retry the receipts could not recognise (the node died between writing the note and recording the
 * receipt) lands on the same note instead of adding a second one. Participant-scoped, one-way.
 */
export function noteIdForCommand(workshopId: string, participantId: string, commandId: string): string {
  return createHash('sha256').update(`note.add\0${workshopId}\0${participantId}\0${commandId}`).digest('base64url').slice(0, 22);
}

/** Adds a note: into the board, or, while writing is private, into the author's hidden notes. */
export async function addNote(
  ctx: CommandContext,
  payload: z.output<typeof addNoteSchema>,
): Promise<CommandResult<{ noteId: string; private: boolean }>> {
  const cell = cellOf(ctx, payload.boardId, payload.row, payload.column);
  if (typeof cell === 'string') return { ok: false, error: cell };
  const { stores, newId } = ctx.services;
  const { principal } = ctx;
  const noteId = payload.commandId ? noteIdForCommand(ctx.workshop.id, principal.participantId, payload.commandId) : newId();
  if (payload.commandId) {
    const landed = await findNote(ctx, noteId);
    if (landed) return { ok: true, noteId, private: landed.kind === 'private' };
  }
  if (principal.role !== 'facilitator') {
    const limit = readSession(ctx.workshop.doc).notesPerParticipant;
    // Made durable by the note's own synced write below (or lost with a note that never landed).
    const counted = await stores.quotas.tryIncrement(noteQuotaKey(ctx.workshop.id, payload.boardId, principal.participantId), limit, undefined, 'withNextWrite');
    if (!counted) return { ok: false, error: 'NOTE_LIMIT_REACHED' };
  }
  const anonymous = isAnonymous(ctx);
  const at = noteTime(ctx);
  const note: Note = {
    id: noteId,
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
