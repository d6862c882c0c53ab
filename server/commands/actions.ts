import type { z } from 'zod';
import { readAction, readBoard, removeAction, writeAction, writeSummary } from '../../shared/board/boardDocument.ts';
import type {
  actionRefSchema,
  addActionSchema,
  CommandResult,
  editActionSchema,
  setSummarySchema,
} from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';

/** Action items per factor (row) with owner unit, due date, indicator and status. */
export async function addAction(ctx: CommandContext, payload: z.output<typeof addActionSchema>): Promise<CommandResult<{ actionId: string }>> {
  const board = readBoard(ctx.workshop.doc, payload.boardId);
  if (!board) return { ok: false, error: 'BOARD_NOT_FOUND' };
  if (!board.rows.some((r) => r.key === payload.row)) return { ok: false, error: 'INVALID_CELL' };
  const now = ctx.services.now();
  const actionId = ctx.services.newId();
  await ctx.apply((doc) => writeAction(doc, { id: actionId, ...payload, noteId: null, createdAt: now, updatedAt: now }));
  return { ok: true, actionId };
}

export async function editAction(ctx: CommandContext, payload: z.output<typeof editActionSchema>): Promise<CommandResult> {
  const action = readAction(ctx.workshop.doc, payload.actionId);
  if (!action) return { ok: false, error: 'ACTION_NOT_FOUND' };
  const { actionId: _id, ...changes } = payload;
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  await ctx.apply((doc) => writeAction(doc, { ...action, ...defined, updatedAt: ctx.services.now() }));
  return { ok: true };
}

export async function deleteAction(ctx: CommandContext, payload: z.output<typeof actionRefSchema>): Promise<CommandResult> {
  if (!readAction(ctx.workshop.doc, payload.actionId)) return { ok: false, error: 'ACTION_NOT_FOUND' };
  await ctx.apply((doc) => removeAction(doc, payload.actionId));
  return { ok: true };
}

/** The rapporteur's summary of one board. */
export async function setSummary(ctx: CommandContext, payload: z.output<typeof setSummarySchema>): Promise<CommandResult> {
  if (!readBoard(ctx.workshop.doc, payload.boardId)) return { ok: false, error: 'BOARD_NOT_FOUND' };
  await ctx.apply((doc) => writeSummary(doc, payload.boardId, { text: payload.text, updatedAt: ctx.services.now() }));
  return { ok: true };
}
