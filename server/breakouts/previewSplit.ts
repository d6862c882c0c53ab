import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { readMeta } from '../../shared/board/boardDocument.ts';
import { assignFactors, seededRandom, splitIntoGroups } from '../../shared/breakouts/assignGroups.ts';
import type { FactorKey } from '../../shared/factors.ts';
import type { BreakoutPreview, breakoutPreviewSchema, CommandResult } from '../../shared/protocol/index.ts';
import type { BreakoutContext } from './BreakoutContext.ts';
import { boardFactors, plenaryFactorBoard } from './plenaryBoard.ts';
import { presentParticipants } from './presentParticipants.ts';

/** A split of the people present, to look at, edit and reshuffle (another seed) before it starts. */
export async function previewSplit(ctx: BreakoutContext, payload: z.output<typeof breakoutPreviewSchema>): Promise<CommandResult<{ preview: BreakoutPreview }>> {
  const board = plenaryFactorBoard(ctx.plenary.doc);
  if (!board) return { ok: false, error: 'BOARD_NOT_FOUND' };
  const people = await presentParticipants(ctx.presence, ctx.principal.workshopId, ctx.services.now());
  const seed = payload.seed ?? randomInt(2 ** 32 - 1);
  const keys = splitIntoGroups(people, payload.groupCount, payload.rule, seededRandom(seed));
  const factors = assignFactors(payload.groupCount, payload.factorMode, boardFactors(board) as FactorKey[]);
  const anonymous = readMeta(ctx.plenary.doc)?.anonymous === true;
  const byKey = new Map(people.map((p) => [p.key, p]));
  return {
    ok: true,
    preview: {
      seed,
      rule: payload.rule,
      factorMode: payload.factorMode,
      groups: keys.map((members, i) => ({
        name: `${i + 1}`,
        factors: factors[i]!,
        members: members.map((key) => {
          const p = byKey.get(key)!;
          return { key, displayName: anonymous ? '' : p.displayName, administration: anonymous ? '' : p.administration };
        }),
      })),
    },
  };
}
