import type { z } from 'zod';
import { readBreakoutGroup, runningRound } from '../../shared/breakouts/breakoutDocument.ts';
import type { breakoutMessageSchema, CommandResult } from '../../shared/protocol/index.ts';
import type { BreakoutContext } from './BreakoutContext.ts';

/** A short message from a facilitator to every group or one group (not stored: it is of the moment). */
export async function messageGroups(ctx: BreakoutContext, payload: z.output<typeof breakoutMessageSchema>): Promise<CommandResult> {
  if (!runningRound(ctx.plenary.doc)) return { ok: false, error: 'BREAKOUT_NOT_RUNNING' };
  const group = payload.groupId ? readBreakoutGroup(ctx.plenary.doc, payload.groupId) : null;
  if (payload.groupId && !group) return { ok: false, error: 'BREAKOUT_GROUP_NOT_FOUND' };
  ctx.rooms.message(ctx.principal.workshopId, group?.docId ?? null, { groupId: payload.groupId, text: payload.text, at: ctx.services.now() });
  return { ok: true };
}
