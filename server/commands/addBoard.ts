import type { z } from 'zod';
import { writeBoard } from '../../shared/board/boardDocument.ts';
import type { addBoardSchema, CommandResult } from '../../shared/protocol/index.ts';
import { boardAxes } from '../workshops/createWorkshop.ts';
import type { CommandContext } from './CommandContext.ts';

/** Another board in the workshop, from a template or with the facilitator's rows and columns. */
export async function addBoard(ctx: CommandContext, payload: z.output<typeof addBoardSchema>): Promise<CommandResult<{ boardId: string }>> {
  const axes = boardAxes(payload.template, payload.rows, payload.columns);
  if (!axes) return { ok: false, error: 'INVALID_PAYLOAD', detail: 'custom boards need unique rows and columns' };
  const boardId = ctx.services.newId();
  await ctx.apply((doc) => writeBoard(doc, { id: boardId, title: payload.title, template: payload.template, ...axes, createdAt: ctx.services.now() }));
  return { ok: true, boardId };
}
