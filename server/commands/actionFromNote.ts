import type { z } from 'zod';
import { readBoard, readNote, writeAction } from '../../shared/board/boardDocument.ts';
import { ACTION_TEXT_MAX } from '../../shared/board/types.ts';
import type { CommandResult, noteRefSchema } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';

/** Turns a note into an action item on the note's board and row, with the note's text, linked back to the note. */
export async function actionFromNote(ctx: CommandContext, payload: z.output<typeof noteRefSchema>): Promise<CommandResult<{ actionId: string }>> {
  const note = readNote(ctx.workshop.doc, payload.noteId);
  if (!note) return { ok: false, error: 'NOTE_NOT_FOUND' };
  const board = readBoard(ctx.workshop.doc, note.boardId);
  if (!board) return { ok: false, error: 'BOARD_NOT_FOUND' };
  if (!board.rows.some((r) => r.key === note.row)) return { ok: false, error: 'INVALID_CELL' };
  const now = ctx.services.now();
  const actionId = ctx.services.newId();
  await ctx.apply((doc) =>
    writeAction(doc, {
      id: actionId,
      boardId: note.boardId,
      row: note.row,
      text: note.text.slice(0, ACTION_TEXT_MAX),
      ownerUnit: '',
      dueDate: '',
      indicator: '',
      status: 'open',
      noteId: note.id,
      createdAt: now,
      updatedAt: now,
    }),
  );
  return { ok: true, actionId };
}
