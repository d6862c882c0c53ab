import type { z } from 'zod';
import { readNote, readSession, removeNote, writeNote, writeVoteCounts } from '../../shared/board/boardDocument.ts';
import type { CommandResult, mergeNotesSchema } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { forgetNote } from './deleteNote.ts';

/** Merges duplicates into one note: their votes move to it, they leave the board, their ids are recorded. */
export async function mergeNotes(ctx: CommandContext, payload: z.output<typeof mergeNotesSchema>): Promise<CommandResult> {
  const doc = ctx.workshop.doc;
  const target = readNote(doc, payload.targetId);
  if (!target) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const sourceIds = [...new Set(payload.sourceIds)].filter((id) => id !== target.id);
  const sources = sourceIds.map((id) => readNote(doc, id));
  if (sources.some((n) => n === null)) return { ok: false, error: 'NOTE_NOT_FOUND' };
  if (sources.some((n) => n!.boardId !== target.boardId)) return { ok: false, error: 'INVALID_CELL' };
  const { votes } = ctx.services.stores;
  const session = readSession(doc);
  for (const id of sourceIds) {
    await votes.moveVotes(ctx.workshop.id, target.boardId, id, target.id, session.voting.maxPerNote);
    await forgetNote(ctx, target.boardId, id);
  }
  const totals = session.votesVisible ? await votes.totals(ctx.workshop.id, target.boardId) : null;
  await ctx.apply((d) => {
    for (const id of sourceIds) removeNote(d, id);
    writeNote(d, { ...target, mergedFrom: [...target.mergedFrom, ...sourceIds] });
    if (totals) writeVoteCounts(d, { [target.id]: totals[target.id] ?? 0 });
  });
  return { ok: true };
}
