import type { z } from 'zod';
import { groupOf, readBreakoutGroup, runningRound, setMember, writeBreakoutGroup } from '../../shared/breakouts/breakoutDocument.ts';
import type { breakoutMoveSchema, CommandResult } from '../../shared/protocol/index.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import type { BreakoutContext } from './BreakoutContext.ts';
import { presentParticipants } from './presentParticipants.ts';

/**
 * Moves a participant to another group while the round runs. Their connections leave the old group's
 * rooms at once (every node) and their Yjs connection to its board is closed when the plenary
 * document changes; the notes they wrote stay with the old group.
 */
export async function moveParticipant(ctx: BreakoutContext, payload: z.output<typeof breakoutMoveSchema>): Promise<CommandResult> {
  const round = runningRound(ctx.plenary.doc);
  if (!round) return { ok: false, error: 'BREAKOUT_NOT_RUNNING' };
  const target = readBreakoutGroup(ctx.plenary.doc, payload.groupId);
  if (!target || target.round !== round.round) return { ok: false, error: 'BREAKOUT_GROUP_NOT_FOUND' };
  const person = (await presentParticipants(ctx.presence, ctx.principal.workshopId, ctx.services.now())).find((p) => p.key === payload.personKey);
  const fromId = groupOf(ctx.plenary.doc, round.round, payload.personKey);
  // Someone who left may be moved too, as long as they were in this round.
  if (!person && !fromId) return { ok: false, error: 'BREAKOUT_INVALID_SPLIT', detail: 'unknown person' };
  if (fromId === target.id) return { ok: true };
  const from = fromId ? readBreakoutGroup(ctx.plenary.doc, fromId) : null;
  await ctx.services.registry.apply(ctx.plenary, commandOrigin('breakout.move'), (doc) => {
    setMember(doc, round.round, payload.personKey, target.id);
    // A lead moved away no longer leads the group they left.
    if (from?.leadKey === payload.personKey) writeBreakoutGroup(doc, { ...from, leadKey: null });
  });
  if (person) {
    if (from) ctx.rooms.leaveGroup(ctx.principal.workshopId, person.participantId, from.docId);
    ctx.rooms.changed(ctx.principal.workshopId, person.participantId);
  }
  return { ok: true };
}
