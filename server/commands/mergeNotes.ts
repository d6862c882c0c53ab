import type { z } from 'zod';
import { readNote, readNotes, readSession, writeNote, writeVoteCounts } from '../../shared/board/boardDocument.ts';
import { isStacked, mergedIdsFor, stackOf } from '../../shared/board/stacks.ts';
import type { Note } from '../../shared/board/types.ts';
import type { CommandResult, mergeNotesSchema } from '../../shared/protocol/index.ts';
import type { MergeRecord, VoteMove } from '../storage/FacilitationStore.ts';
import type { CommandContext } from './CommandContext.ts';
import { notifyVoters, publishTotals } from './stackVotes.ts';

/**
 * Merges duplicates into a stack: the target stays on top and every source stays in the document
 * under it (`mergedInto`), keeping its text, author, colour and time; it follows the target's cell
 * and group. A source that tops a stack brings its stack along (flattened under the target). Votes
 * move to the target within each voter's per-note maximum; what moved, and where each source sat,
 * is recorded server-side so `note.unmerge` can undo it.
 */
export async function mergeNotes(ctx: CommandContext, payload: z.output<typeof mergeNotesSchema>): Promise<CommandResult> {
  const doc = ctx.workshop.doc;
  const target = readNote(doc, payload.targetId);
  if (!target) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const notes = readNotes(doc, target.boardId);
  const byId = new Map(notes.map((n) => [n.id, n]));
  if (isStacked(target, byId)) return { ok: false, error: 'NOTE_IN_STACK' };
  const sourceIds = [...new Set(payload.sourceIds)].filter((id) => id !== target.id);
  const sources = sourceIds.map((id) => readNote(doc, id));
  if (sources.some((n) => n === null)) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const found = sources as Note[];
  if (found.some((n) => n.boardId !== target.boardId)) return { ok: false, error: 'INVALID_CELL' };
  if (found.some((n) => isStacked(n, byId))) return { ok: false, error: 'NOTE_IN_STACK' };

  const { votes, merges } = ctx.services.stores;
  const session = readSession(doc);
  const now = ctx.services.now();
  const voters = new Set<string>();
  for (const source of found) {
    const moved = await votes.moveVotes(ctx.workshop.id, target.boardId, source.id, target.id, session.voting.maxPerNote);
    for (const move of moved) voters.add(move.participantId);
    const memberRecords: MergeRecord[] = [];
    for (const member of stackOf(source, notes).members) {
      const earlier = await merges.get(ctx.workshop.id, member.id);
      if (!earlier) continue;
      memberRecords.push(earlier);
      await merges.put(ctx.workshop.id, { ...earlier, targetId: target.id });
    }
    const record: MergeRecord = {
      noteId: source.id,
      targetId: target.id,
      boardId: target.boardId,
      row: source.row,
      column: source.column,
      groupId: source.groupId,
      votes: ownShare(moved, memberRecords),
      mergedAt: now,
    };
    await merges.put(ctx.workshop.id, record);
  }
  const ids = mergedIdsFor(found, notes);
  const totals = await publishTotals(ctx, target.boardId, [target.id, ...ids]);
  await ctx.apply((d) => {
    for (const id of ids) {
      const note = readNote(d, id);
      if (!note) continue;
      writeNote(d, { ...note, mergedInto: target.id, mergedFrom: [], row: target.row, column: target.column, groupId: target.groupId });
    }
    const kept = target.mergedFrom.filter((id) => !ids.includes(id));
    writeNote(d, { ...target, mergedFrom: [...kept, ...ids] });
    if (totals) writeVoteCounts(d, totals);
  });
  await notifyVoters(ctx, voters);
  return { ok: true };
}

/**
 * The votes a source's own record keeps when its stack comes along: what moved from it, less what
 * its members had brought to it (their own records still hold those), so an undo never returns a
 * vote twice or takes one that was the voter's own vote on the new top.
 */
function ownShare(moved: VoteMove[], memberRecords: readonly MergeRecord[]): VoteMove[] {
  const brought = new Map<string, number>();
  for (const record of memberRecords) {
    for (const move of record.votes) brought.set(move.participantId, (brought.get(move.participantId) ?? 0) + move.moved);
  }
  return moved
    .map((move) => ({ ...move, moved: Math.max(0, move.moved - (brought.get(move.participantId) ?? 0)) }))
    .filter((move) => move.moved + move.refunded > 0);
}
