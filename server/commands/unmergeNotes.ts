import type { z } from 'zod';
import { readBoard, readGroup, readNote, readNotes, readSession, writeNote, writeVoteCounts } from '../../shared/board/boardDocument.ts';
import { stackOf } from '../../shared/board/stacks.ts';
import type { BoardInfo, Note } from '../../shared/board/types.ts';
import type { CommandResult, noteRefSchema } from '../../shared/protocol/index.ts';
import type { MergeRecord } from '../storage/FacilitationStore.ts';
import type { CommandContext } from './CommandContext.ts';
import { notifyVoters, publishTotals } from './stackVotes.ts';

type Placement = Pick<Note, 'row' | 'column' | 'groupId'>;

/**
 * Undoes a merge: a stacked note (or, given a stack's top, every note under it) goes back to the
 * cell and group it had before the merge, with its votes as far as the budget rules allow (see
 * VoteStore.restoreVotes). Without a merge record (older documents, imported stacks) the note stays
 * in the top's cell, ungrouped, and no votes move.
 */
export async function unmergeNotes(ctx: CommandContext, payload: z.output<typeof noteRefSchema>): Promise<CommandResult> {
  const doc = ctx.workshop.doc;
  const note = readNote(doc, payload.noteId);
  if (!note) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const board = readBoard(doc, note.boardId);
  if (!board) return { ok: false, error: 'BOARD_NOT_FOUND' };
  const top = note.mergedInto === null ? note : readNote(doc, note.mergedInto);
  const leaving = note.mergedInto === null ? stackOf(note, readNotes(doc, note.boardId)).members : [note];
  if (leaving.length === 0) return { ok: false, error: 'NOT_A_STACK' };

  const { votes, merges } = ctx.services.stores;
  const { voting } = readSession(doc);
  const limits = { budget: voting.votesPerParticipant, maxPerNote: voting.maxPerNote };
  const placements = new Map<string, Placement>();
  const voters = new Set<string>();
  // The latest merged first, so votes come back in the reverse order they left.
  for (const member of [...leaving].reverse()) {
    const record = await merges.get(ctx.workshop.id, member.id);
    placements.set(member.id, placementAfterUndo(ctx, board, member, record));
    if (!record) continue;
    if (top) {
      const restored = await votes.restoreVotes(ctx.workshop.id, board.id, top.id, member.id, record.votes, limits);
      for (const move of restored) if (move.moved + move.refunded > 0) voters.add(move.participantId);
    }
    await merges.delete(ctx.workshop.id, member.id);
  }
  const ids = [...placements.keys()];
  const totals = await publishTotals(ctx, board.id, top ? [top.id, ...ids] : ids);
  await ctx.apply((d) => {
    for (const [id, place] of placements) {
      const current = readNote(d, id);
      if (current) writeNote(d, { ...current, ...place, mergedInto: null });
    }
    const current = top ? readNote(d, top.id) : null;
    if (current) writeNote(d, { ...current, mergedFrom: current.mergedFrom.filter((id) => !placements.has(id)) });
    if (totals) writeVoteCounts(d, totals);
  });
  await notifyVoters(ctx, voters);
  return { ok: true };
}

/** Where the note sat before the merge, when that cell (and group) still exist; else where it is now, ungrouped. */
function placementAfterUndo(ctx: CommandContext, board: BoardInfo, note: Note, record: MergeRecord | null): Placement {
  const here: Placement = { row: note.row, column: note.column, groupId: null };
  if (!record) return here;
  const cellExists = board.rows.some((r) => r.key === record.row) && board.columns.some((c) => c.key === record.column);
  if (!cellExists) return here;
  const group = record.groupId ? readGroup(ctx.workshop.doc, record.groupId) : null;
  const groupHolds = group !== null && group.boardId === board.id && group.row === record.row && group.column === record.column;
  return { row: record.row, column: record.column, groupId: groupHolds ? group.id : null };
}
