import { readNotes, readSession } from '../../shared/board/boardDocument.ts';
import { readBreakoutGroups, readMembers, readRound } from '../../shared/breakouts/breakoutDocument.ts';
import type { BreakoutGroupStatus, CommandResult } from '../../shared/protocol/index.ts';
import type { BreakoutContext } from './BreakoutContext.ts';
import { presentParticipants } from './presentParticipants.ts';

/**
 * Every group of the last round at a glance, for facilitators: who is in, how many are online, notes,
 * phase, timer, done signals. Computed here so a facilitator's browser needs no group's document.
 */
export async function groupOverview(ctx: BreakoutContext): Promise<CommandResult<{ groups: BreakoutGroupStatus[] }>> {
  const round = readRound(ctx.plenary.doc);
  if (!round) return { ok: true, groups: [] };
  const online = new Set((await presentParticipants(ctx.presence, ctx.principal.workshopId, ctx.services.now())).map((p) => p.key));
  const members = readMembers(ctx.plenary.doc, round.round);
  const groups: BreakoutGroupStatus[] = [];
  for (const group of readBreakoutGroups(ctx.plenary.doc, round.round)) {
    const doc = await ctx.services.registry.acquire(group.docId);
    if (!doc) continue;
    try {
      const session = readSession(doc.doc);
      const memberKeys = members.get(group.id) ?? [];
      groups.push({
        group,
        memberKeys,
        online: memberKeys.filter((k) => online.has(k)).length,
        notes: readNotes(doc.doc).filter((n) => n.mergedInto === null).length,
        phase: session.phase,
        timer: session.timer,
        doneCount: session.doneCount,
      });
    } finally {
      ctx.services.registry.release(doc);
    }
  }
  return { ok: true, groups };
}
