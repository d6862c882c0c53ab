import { readSession } from '../../shared/board/boardDocument.ts';
import type { CommandContext } from './CommandContext.ts';

/** The totals to publish for these notes (0 clears one), or null while counts are hidden. */
export async function publishTotals(ctx: CommandContext, boardId: string, noteIds: readonly string[]): Promise<Record<string, number> | null> {
  if (!readSession(ctx.workshop.doc).votesVisible) return null;
  const totals = await ctx.services.stores.votes.totals(ctx.workshop.id, boardId);
  return Object.fromEntries(noteIds.map((id) => [id, totals[id] ?? 0]));
}

/** Tells each voter whose votes moved what they hold now. */
export async function notifyVoters(ctx: CommandContext, participantIds: Iterable<string>): Promise<void> {
  for (const participantId of participantIds) await ctx.notify.votesChanged(participantId);
}
