import type { z } from 'zod';
import { INITIAL_SESSION, readMeta, readSession, writeBoard, writeMeta, writeSession } from '../../shared/board/boardDocument.ts';
import { placeLateJoiner, uncoveredFactors } from '../../shared/breakouts/assignGroups.ts';
import { readRound, runningRound, setMember, writeBreakoutGroup, writeRound } from '../../shared/breakouts/breakoutDocument.ts';
import { breakoutDocId, groupIdFor, type BreakoutGroup, type SplitPerson } from '../../shared/breakouts/types.ts';
import type { breakoutStartSchema, CommandResult } from '../../shared/protocol/index.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import type { BreakoutContext } from './BreakoutContext.ts';
import { boardFactors, plenaryFactorBoard } from './plenaryBoard.ts';
import { presentParticipants } from './presentParticipants.ts';

/**
 * Starts a breakout round: one document per group holding the plenary board restricted to the group's
 * factors (same board id, so notes roll back into the same cells), its own session (write phase, the
 * plenary's settings), then the groups and who is in each in the plenary document. Present participants
 * the split does not name are placed by the round's rule, as late joiners are.
 */
export async function startBreakouts(ctx: BreakoutContext, payload: z.output<typeof breakoutStartSchema>): Promise<CommandResult<{ round: number }>> {
  const { plenary, services } = ctx;
  if (runningRound(plenary.doc)) return { ok: false, error: 'BREAKOUT_RUNNING' };
  const board = plenaryFactorBoard(plenary.doc);
  const meta = readMeta(plenary.doc);
  if (!board || !meta) return { ok: false, error: 'BOARD_NOT_FOUND' };
  const factors = boardFactors(board);
  if (uncoveredFactors(payload.groups.map((g) => g.factors), factors).length > 0) return { ok: false, error: 'BREAKOUT_INVALID_SPLIT', detail: 'a factor has no group' };
  if (payload.groups.some((g) => g.factors.some((f) => !factors.includes(f)))) return { ok: false, error: 'BREAKOUT_INVALID_SPLIT', detail: 'a factor is not on the board' };

  const present = new Map((await presentParticipants(ctx.presence, ctx.principal.workshopId, services.now())).map((p) => [p.key, p]));
  const named = payload.groups.flatMap((g) => g.memberKeys);
  if (new Set(named).size !== named.length) return { ok: false, error: 'BREAKOUT_INVALID_SPLIT', detail: 'a person is in two groups' };
  if (named.some((k) => !present.has(k))) return { ok: false, error: 'BREAKOUT_INVALID_SPLIT', detail: 'a person is not here' };
  const members: SplitPerson[][] = payload.groups.map((g) => g.memberKeys.map((key) => ({ key, administration: present.get(key)!.administration })));
  for (const person of present.values()) {
    if (named.includes(person.key)) continue;
    members[placeLateJoiner(members, person, payload.rule)]!.push({ key: person.key, administration: person.administration });
  }

  const round = (readRound(plenary.doc)?.round ?? 0) + 1;
  const session = readSession(plenary.doc);
  const now = services.now();
  const groups: BreakoutGroup[] = payload.groups.map((g, i) => {
    const id = groupIdFor(round, i + 1);
    return { id, round, index: i + 1, name: g.name, factors: g.factors, docId: breakoutDocId(ctx.principal.workshopId, id), leadKey: null };
  });
  for (const group of groups) {
    await services.registry.create(group.docId, (doc) => {
      writeMeta(doc, { ...meta, title: meta.title });
      writeBoard(doc, { ...board, rows: board.rows.filter((r) => group.factors.includes(r.key as never)) });
      writeSession(doc, {
        ...INITIAL_SESSION,
        currentBoardId: board.id,
        privateWriting: session.privateWriting,
        voting: session.voting,
        notesPerParticipant: session.notesPerParticipant,
      });
    });
  }
  await services.registry.apply(plenary, commandOrigin('breakout.start'), (doc) => {
    for (const group of groups) writeBreakoutGroup(doc, group);
    groups.forEach((group, i) => {
      for (const person of members[i]!) setMember(doc, round, person.key, group.id);
    });
    writeRound(doc, { round, status: 'running', rule: payload.rule, startedAt: now, returnAt: null, endedAt: null, rolledUp: 0 });
  });
  ctx.rooms.changed(ctx.principal.workshopId);
  return { ok: true, round };
}
