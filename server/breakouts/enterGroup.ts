import type { z } from 'zod';
import { placeLateJoiner } from '../../shared/breakouts/assignGroups.ts';
import { readBreakoutGroups, readMembers, runningRound, setMember } from '../../shared/breakouts/breakoutDocument.ts';
import type { breakoutEnterSchema, BreakoutEnterResult, CommandResult } from '../../shared/protocol/index.ts';
import { joinWorkshop } from '../commands/joinWorkshop.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import { presenceKey } from '../realtime/presence.ts';
import type { BreakoutContext } from './BreakoutContext.ts';
import type { BreakoutScope } from './BreakoutScope.ts';
import { currentGroupOf } from './groupAccess.ts';
import { groupCommandContext } from './groupCommandContext.ts';
import { presentParticipants } from './presentParticipants.ts';

/**
 * Puts one connection on a board: a participant on their group's while a round runs (placed by the
 * round's rule first if they came late), a facilitator on the group they open (to help) or back on
 * the plenary. Answers what a join answers, for that board.
 */
export async function enterGroup(
  ctx: BreakoutContext,
  scope: BreakoutScope,
  join: (groupDocId: string | null) => Promise<void>,
  payload: z.output<typeof breakoutEnterSchema>,
): Promise<CommandResult<BreakoutEnterResult>> {
  if (ctx.principal.role === 'participant') await placeIfLate(ctx);
  else scope.entered = payload.groupId;
  const target = await scope.target(null);
  if (!target.ok) return target;
  const now = scope.groupNow();
  await join(target.groupId === null ? null : target.doc.id);
  const joined = await joinWorkshop(groupCommandContext(ctx, target.doc, 'breakout.enter'));
  if (!joined.ok) return joined;
  const { ok: _ok, ...result } = joined;
  return { ok: true, groupId: target.groupId, lead: now !== null && 'lead' in now ? now.lead : false, join: result };
}

/** A participant who arrives while groups run joins one, by the same rule as the split. */
async function placeIfLate(ctx: BreakoutContext): Promise<void> {
  const round = runningRound(ctx.plenary.doc);
  if (!round || currentGroupOf(ctx.plenary.doc, ctx.principal)) return;
  const groups = readBreakoutGroups(ctx.plenary.doc, round.round);
  if (groups.length === 0) return;
  const present = new Map((await presentParticipants(ctx.presence, ctx.principal.workshopId, ctx.services.now())).map((p) => [p.key, p.administration]));
  const members = readMembers(ctx.plenary.doc, round.round);
  const lists = groups.map((g) => (members.get(g.id) ?? []).map((key) => ({ key, administration: present.get(key) ?? '' })));
  const key = presenceKey(ctx.principal.workshopId, ctx.principal.participantId);
  const index = placeLateJoiner(lists, { key, administration: ctx.principal.administration }, round.rule);
  await ctx.services.registry.apply(ctx.plenary, commandOrigin('breakout.enter'), (doc) => setMember(doc, round.round, key, groups[index]!.id));
}
