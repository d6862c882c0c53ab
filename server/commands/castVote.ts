import type { z } from 'zod';
import { readNote, readSession, writeVoteCounts } from '../../shared/board/boardDocument.ts';
import type { CommandResult, noteRefSchema, VoteResult } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';

/** What the voter learns back: their own votes on that board and what is left of their budget. */
export async function myVoteResult(ctx: CommandContext, boardId: string): Promise<VoteResult> {
  const myVotes = await ctx.services.stores.votes.votesOf(ctx.workshop.id, boardId, ctx.principal.participantId);
  const used = Object.values(myVotes).reduce((a, b) => a + b, 0);
  return { myVotes, remaining: Math.max(0, readSession(ctx.workshop.doc).voting.votesPerParticipant - used) };
}

/** Publishes one note's total when counts show live. */
async function publishCount(ctx: CommandContext, boardId: string, noteId: string): Promise<void> {
  if (!readSession(ctx.workshop.doc).votesVisible) return;
  const totals = await ctx.services.stores.votes.totals(ctx.workshop.id, boardId);
  await ctx.apply((doc) => writeVoteCounts(doc, { [noteId]: totals[noteId] ?? 0 }));
}

/** One dot on a note, within the voter's budget and the per-note maximum (atomic in the vote store). */
export async function castVote(ctx: CommandContext, payload: z.output<typeof noteRefSchema>): Promise<CommandResult<VoteResult>> {
  const note = readNote(ctx.workshop.doc, payload.noteId);
  if (!note) return { ok: false, error: 'NOTE_NOT_FOUND' };
  // Votes belong to a stack's top.
  if (note.mergedInto !== null && readNote(ctx.workshop.doc, note.mergedInto)) return { ok: false, error: 'NOTE_IN_STACK' };
  const { voting } = readSession(ctx.workshop.doc);
  const outcome = await ctx.services.stores.votes.cast(ctx.workshop.id, note.boardId, ctx.principal.participantId, note.id, {
    budget: voting.votesPerParticipant,
    maxPerNote: voting.maxPerNote,
  });
  if (outcome !== 'ok') return { ok: false, error: outcome };
  await publishCount(ctx, note.boardId, note.id);
  await ctx.notify.votesChanged(ctx.principal.participantId);
  return { ok: true, ...(await myVoteResult(ctx, note.boardId)) };
}

export async function retractVote(ctx: CommandContext, payload: z.output<typeof noteRefSchema>): Promise<CommandResult<VoteResult>> {
  const note = readNote(ctx.workshop.doc, payload.noteId);
  if (!note) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const removed = await ctx.services.stores.votes.retract(ctx.workshop.id, note.boardId, ctx.principal.participantId, note.id);
  if (!removed) return { ok: false, error: 'NO_VOTE_TO_RETRACT' };
  await publishCount(ctx, note.boardId, note.id);
  await ctx.notify.votesChanged(ctx.principal.participantId);
  return { ok: true, ...(await myVoteResult(ctx, note.boardId)) };
}
