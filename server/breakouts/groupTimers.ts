import type { z } from 'zod';
import { writeSession } from '../../shared/board/boardDocument.ts';
import { readBreakoutGroups, runningRound } from '../../shared/breakouts/breakoutDocument.ts';
import { startTimer } from '../../shared/facilitation/timer.ts';
import type { breakoutTimerSchema, CommandResult } from '../../shared/protocol/index.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import type { BreakoutContext } from './BreakoutContext.ts';

/**
 * Starts one timer for every group (the same end time on every board) or one group's timer. Each group's
 * timer then lives in its own session, so a lead or facilitator may pause or extend it there.
 */
export async function startGroupTimers(ctx: BreakoutContext, payload: z.output<typeof breakoutTimerSchema>): Promise<CommandResult> {
  const round = runningRound(ctx.plenary.doc);
  if (!round) return { ok: false, error: 'BREAKOUT_NOT_RUNNING' };
  const groups = readBreakoutGroups(ctx.plenary.doc, round.round).filter((g) => payload.groupId === null || g.id === payload.groupId);
  if (groups.length === 0) return { ok: false, error: 'BREAKOUT_GROUP_NOT_FOUND' };
  const timer = startTimer(ctx.services.now(), payload.durationMs, false);
  for (const group of groups) {
    const doc = await ctx.services.registry.acquire(group.docId);
    if (!doc) continue;
    try {
      await doc.runExclusive(() => ctx.services.registry.apply(doc, commandOrigin('breakout.timer'), (d) => writeSession(d, { timer })));
    } finally {
      ctx.services.registry.release(doc);
    }
  }
  return { ok: true };
}
