import type { z } from 'zod';
import { readSession, writeSession } from '../../shared/board/boardDocument.ts';
import type { CommandResult, setDoneSchema } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';

export function doneKey(workshopId: string, phaseEpoch: number, participantId: string): string {
  return `done:${workshopId}:${phaseEpoch}:${participantId}`;
}

/** "I'm done" for this phase; the room sees only the count. Idempotent per person and phase. */
export async function setDone(ctx: CommandContext, payload: z.output<typeof setDoneSchema>): Promise<CommandResult> {
  const { quotas } = ctx.services.stores;
  const session = readSession(ctx.workshop.doc);
  const key = doneKey(ctx.workshop.id, session.phaseEpoch, ctx.principal.participantId);
  const isDone = (await quotas.get(key)) > 0;
  if (payload.done === isDone) return { ok: true };
  if (payload.done) {
    if (!(await quotas.tryIncrement(key, 1))) return { ok: true };
  } else {
    await quotas.decrement(key);
  }
  await ctx.apply((doc) => writeSession(doc, { doneCount: Math.max(0, readSession(doc).doneCount + (payload.done ? 1 : -1)) }));
  return { ok: true };
}
