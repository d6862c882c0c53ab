import type { z } from 'zod';
import { readNote, readNotes, writeNote } from '../../shared/board/boardDocument.ts';
import { stackOf } from '../../shared/board/stacks.ts';
import type { CommandResult, moveNoteSchema } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { cellOf, findNote, noteTime, refuseUnlessMayChange, updateNote } from './noteAccess.ts';

/** Moves a note to another cell of its board (leaving any group); a stack moves as one, from its top. */
export async function moveNote(ctx: CommandContext, payload: z.output<typeof moveNoteSchema>): Promise<CommandResult> {
  const found = await findNote(ctx, payload.noteId);
  if (!found) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const refused = await refuseUnlessMayChange(ctx, found);
  if (refused) return { ok: false, error: refused };
  if (found.kind === 'public' && found.note.mergedInto !== null && readNote(ctx.workshop.doc, found.note.mergedInto)) {
    return { ok: false, error: 'NOTE_IN_STACK' };
  }
  const cell = cellOf(ctx, found.note.boardId, payload.row, payload.column);
  if (typeof cell === 'string') return { ok: false, error: cell };
  const place = { row: payload.row, column: payload.column, groupId: null };
  if (found.kind === 'private') {
    await updateNote(ctx, found, { ...place, updatedAt: noteTime(ctx) });
    return { ok: true };
  }
  const members = stackOf(found.note, readNotes(ctx.workshop.doc, found.note.boardId)).members;
  const updatedAt = noteTime(ctx);
  await ctx.apply((doc) => {
    for (const id of [found.note.id, ...members.map((m) => m.id)]) {
      const current = readNote(doc, id);
      if (current) writeNote(doc, { ...current, ...place, ...(id === found.note.id ? { updatedAt } : {}) });
    }
  });
  return { ok: true };
}
