import type { z } from 'zod';
import { readBoard, readNote, readSession, writeSession } from '../../shared/board/boardDocument.ts';
import type {
  boardRefSchema,
  CommandResult,
  configureVotingSchema,
  setLockSchema,
  setNoteLimitSchema,
  setSpotlightSchema,
  shareWritingCountsSchema,
} from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';

/** Facilitator settings that are one field of the session each. */
export async function configureVoting(ctx: CommandContext, payload: z.output<typeof configureVotingSchema>): Promise<CommandResult> {
  const session = readSession(ctx.workshop.doc);
  const voting = { ...payload, maxPerNote: Math.min(payload.maxPerNote, payload.votesPerParticipant) };
  // Changing to live counts during voting publishes them from the next vote on.
  const votesVisible = session.phase === 'vote' ? voting.showLive : session.votesVisible;
  await ctx.apply((doc) => writeSession(doc, { voting, votesVisible }));
  return { ok: true };
}

export async function setNoteLimit(ctx: CommandContext, payload: z.output<typeof setNoteLimitSchema>): Promise<CommandResult> {
  await ctx.apply((doc) => writeSession(doc, { notesPerParticipant: payload.notesPerParticipant }));
  return { ok: true };
}

export async function setLock(ctx: CommandContext, payload: z.output<typeof setLockSchema>): Promise<CommandResult> {
  await ctx.apply((doc) => writeSession(doc, { locked: payload.locked }));
  return { ok: true };
}

export async function setSpotlight(ctx: CommandContext, payload: z.output<typeof setSpotlightSchema>): Promise<CommandResult> {
  const spotlight = payload.spotlight;
  if (spotlight) {
    const board = readBoard(ctx.workshop.doc, spotlight.boardId);
    if (!board) return { ok: false, error: 'BOARD_NOT_FOUND' };
    if (spotlight.kind === 'row' && !board.rows.some((r) => r.key === spotlight.row)) return { ok: false, error: 'INVALID_CELL' };
    if (spotlight.kind === 'note' && readNote(ctx.workshop.doc, spotlight.noteId)?.boardId !== board.id) {
      return { ok: false, error: 'NOTE_NOT_FOUND' };
    }
  }
  await ctx.apply((doc) => writeSession(doc, { spotlight }));
  return { ok: true };
}

export async function setCurrentBoard(ctx: CommandContext, payload: z.output<typeof boardRefSchema>): Promise<CommandResult> {
  if (!readBoard(ctx.workshop.doc, payload.boardId)) return { ok: false, error: 'BOARD_NOT_FOUND' };
  await ctx.apply((doc) => writeSession(doc, { currentBoardId: payload.boardId }));
  return { ok: true };
}

/** Shows (or hides again) the per-person counts of private writing to everyone; counts are re-sent at once. */
export async function shareWritingCounts(ctx: CommandContext, payload: z.output<typeof shareWritingCountsSchema>): Promise<CommandResult> {
  await ctx.apply((doc) => writeSession(doc, { writingCountsShared: payload.shared }));
  await ctx.notify.writingCountsChanged();
  return { ok: true };
}
