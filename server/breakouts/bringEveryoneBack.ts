import type * as Y from 'yjs';
import type { z } from 'zod';
import { readSession, writeSession } from '../../shared/board/boardDocument.ts';
import { readBreakoutGroups, readRound, writeRound } from '../../shared/breakouts/breakoutDocument.ts';
import type { BreakoutGroup } from '../../shared/breakouts/types.ts';
import type { breakoutBringBackSchema, BreakoutBringBackResult, CommandResult } from '../../shared/protocol/index.ts';
import { takePrivateNotes } from '../commands/revealPrivateNotes.ts';
import type { LoadedDocument } from '../documents/DocumentRegistry.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import type { BreakoutContext } from './BreakoutContext.ts';
import { groupCommandContext } from './groupCommandContext.ts';
import { rollUpGroup } from './rollUpGroup.ts';

/** How long one node's claim on a roll-up holds if it dies half-way (then another may finish it: ids make that safe). */
const ROLL_UP_CLAIM_MS = 60_000;

export function rollUpClaimKey(workshopId: string, round: number): string {
  return `breakoutRollUp:${workshopId}:${round}`;
}

/**
 * "Bring everyone back". With a countdown and a group still writing, first sets the time everyone
 * returns (the caller schedules the return). Otherwise closes every group's board (hidden notes
 * revealed, frozen: it stays readable and exportable) and rolls every note into the plenary board
 * once: a store-level claim keeps two nodes from doing it at the same time, and ids derived from
 * the group notes make any second application write nothing new.
 */
export async function bringEveryoneBack(
  ctx: BreakoutContext,
  payload: z.output<typeof breakoutBringBackSchema>,
): Promise<CommandResult<BreakoutBringBackResult>> {
  const { plenary, services } = ctx;
  const workshopId = ctx.principal.workshopId;
  const round = readRound(plenary.doc);
  if (!round) return { ok: false, error: 'BREAKOUT_NOT_RUNNING' };
  if (round.status === 'ended') return { ok: true, status: 'ended', returnAt: null, rolledUp: 0 };
  const groups = readBreakoutGroups(plenary.doc, round.round);
  const now = services.now();

  if (payload.countdownSeconds > 0) {
    if (round.returnAt !== null && round.returnAt > now) return { ok: true, status: 'countdown', returnAt: round.returnAt, rolledUp: 0 };
    if (round.returnAt === null && (await anyGroupWriting(ctx, groups))) {
      const returnAt = now + payload.countdownSeconds * 1000;
      await services.registry.apply(plenary, commandOrigin('breakout.bringBack'), (doc) => writeRound(doc, { returnAt }));
      return { ok: true, status: 'countdown', returnAt, rolledUp: 0 };
    }
  }

  const claimKey = rollUpClaimKey(workshopId, round.round);
  if (!(await services.stores.quotas.tryIncrement(claimKey, 1, ROLL_UP_CLAIM_MS))) {
    return { ok: true, status: 'ended', returnAt: null, rolledUp: 0 };
  }
  const held: LoadedDocument[] = [];
  const started = performance.now();
  try {
    const rollUps: Array<(doc: Y.Doc) => number> = [];
    for (const group of groups) {
      const doc = await services.registry.acquire(group.docId);
      if (!doc) continue;
      held.push(doc);
      rollUps.push(await doc.runExclusive(() => closeGroup(ctx, doc, group)));
    }
    let rolledUp = 0;
    await services.registry.apply(plenary, commandOrigin('breakout.bringBack'), (doc) => {
      for (const rollUp of rollUps) rolledUp += rollUp(doc);
      writeRound(doc, { status: 'ended', endedAt: services.now(), returnAt: null, rolledUp: (readRound(doc)?.rolledUp ?? 0) + rolledUp });
    });
    for (const group of groups) ctx.rooms.leaveGroup(workshopId, null, group.docId);
    ctx.rooms.changed(workshopId);
    const durationMs = Math.round(performance.now() - started);
    services.log.info({ workshopId, round: round.round, groups: groups.length, rolledUp, durationMs }, 'breakout round ended: notes rolled up');
    return { ok: true, status: 'ended', returnAt: null, rolledUp };
  } catch (err) {
    await services.stores.quotas.decrement(claimKey).catch(() => undefined);
    throw err;
  } finally {
    for (const doc of held) services.registry.release(doc);
  }
}

async function anyGroupWriting(ctx: BreakoutContext, groups: BreakoutGroup[]): Promise<boolean> {
  for (const group of groups) {
    const doc = await ctx.services.registry.acquire(group.docId);
    if (!doc) continue;
    const phase = readSession(doc.doc).phase;
    ctx.services.registry.release(doc);
    if (phase === 'write') return true;
  }
  return false;
}

/**
 * Reveals the group's hidden notes and freezes its board (one durable change), then returns the
 * roll-up of its notes with their group vote totals, to apply to the plenary.
 */
async function closeGroup(ctx: BreakoutContext, doc: LoadedDocument, group: BreakoutGroup): Promise<(plenary: Y.Doc) => number> {
  const gctx = groupCommandContext(ctx, doc, 'breakout.bringBack', 'facilitator');
  const session = readSession(doc.doc);
  if (session.phase !== 'closed') {
    const reveal = session.phase === 'write' && session.privateWriting ? await takePrivateNotes(gctx) : null;
    await gctx.apply((d) => {
      reveal?.write(d);
      writeSession(d, { phase: 'closed', privateWriting: false, frozenAt: ctx.services.now(), timer: null });
    });
    await reveal?.after();
  }
  const votes: Record<string, number> = {};
  const boardId = readSession(doc.doc).currentBoardId;
  if (boardId) Object.assign(votes, await ctx.services.stores.votes.totals(doc.id, boardId));
  return (plenary) => rollUpGroup(plenary, doc.doc, group, votes);
}
