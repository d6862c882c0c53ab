import type { z } from 'zod';
import { groupOf, readBreakoutGroup, runningRound, writeBreakoutGroup } from '../../shared/breakouts/breakoutDocument.ts';
import type { breakoutLeadSchema, CommandResult } from '../../shared/protocol/index.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import type { BreakoutContext } from './BreakoutContext.ts';

/** Promotes a member of a group to lead it (or, with null, takes the role back). */
export async function setGroupLead(ctx: BreakoutContext, payload: z.output<typeof breakoutLeadSchema>): Promise<CommandResult> {
  const round = runningRound(ctx.plenary.doc);
  if (!round) return { ok: false, error: 'BREAKOUT_NOT_RUNNING' };
  const group = readBreakoutGroup(ctx.plenary.doc, payload.groupId);
  if (!group || group.round !== round.round) return { ok: false, error: 'BREAKOUT_GROUP_NOT_FOUND' };
  if (payload.personKey !== null && groupOf(ctx.plenary.doc, round.round, payload.personKey) !== group.id) {
    return { ok: false, error: 'BREAKOUT_INVALID_SPLIT', detail: 'the lead must be in the group' };
  }
  await ctx.services.registry.apply(ctx.plenary, commandOrigin('breakout.setLead'), (doc) => writeBreakoutGroup(doc, { ...group, leadKey: payload.personKey }));
  return { ok: true };
}
