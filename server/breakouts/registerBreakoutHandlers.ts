import type { z } from 'zod';
import { readSession } from '../../shared/board/boardDocument.ts';
import { authoriseBreakout } from '../../shared/breakouts/authoriseBreakout.ts';
import {
  breakoutBringBackSchema,
  breakoutEnterSchema,
  breakoutLeadSchema,
  breakoutMessageSchema,
  breakoutMoveSchema,
  breakoutPreviewSchema,
  breakoutStartSchema,
  breakoutTimerSchema,
  emptySchema,
  type BreakoutEventName,
  type CommandResult,
} from '../../shared/protocol/index.ts';
import type { BreakoutContext } from './BreakoutContext.ts';
import type { BreakoutScope } from './BreakoutScope.ts';
import { bringEveryoneBack } from './bringEveryoneBack.ts';
import { enterGroup } from './enterGroup.ts';
import { groupOverview } from './groupOverview.ts';
import { startGroupTimers } from './groupTimers.ts';
import { messageGroups } from './messageGroups.ts';
import { moveParticipant } from './moveParticipant.ts';
import { previewSplit } from './previewSplit.ts';
import { setGroupLead } from './setGroupLead.ts';
import { startBreakouts } from './startBreakouts.ts';

/** What a breakout command needs of the connection that sent it. */
export interface BreakoutConnection {
  ctx: BreakoutContext;
  scope: BreakoutScope;
  joinGroupRooms: (groupDocId: string | null) => Promise<void>;
  scheduleReturn: (returnAt: number) => void;
}

type Handle = <S extends z.ZodType, R extends object>(
  event: BreakoutEventName,
  schema: S,
  run: (connection: BreakoutConnection, payload: z.output<S>) => Promise<CommandResult<R>>,
) => void;

/** The breakout commands, registered once for every connection (on the plenary, one at a time per workshop like every command). */
export function registerBreakoutHandlers(handle: Handle): void {
  const guarded = <S extends z.ZodType, R extends object>(
    event: BreakoutEventName,
    schema: S,
    run: (connection: BreakoutConnection, payload: z.output<S>) => Promise<CommandResult<R>>,
  ) =>
    handle(event, schema, async (connection, payload: z.output<S>): Promise<CommandResult<R>> => {
      const refused = authoriseBreakout(event, connection.ctx.principal.role, readSession(connection.ctx.plenary.doc));
      if (refused) return { ok: false, error: refused };
      return run(connection, payload);
    });
  guarded('breakout.preview', breakoutPreviewSchema, ({ ctx }, p) => previewSplit(ctx, p));
  guarded('breakout.start', breakoutStartSchema, ({ ctx }, p) => startBreakouts(ctx, p));
  guarded('breakout.move', breakoutMoveSchema, ({ ctx }, p) => moveParticipant(ctx, p));
  guarded('breakout.setLead', breakoutLeadSchema, ({ ctx }, p) => setGroupLead(ctx, p));
  guarded('breakout.enter', breakoutEnterSchema, ({ ctx, scope, joinGroupRooms }, p) => enterGroup(ctx, scope, joinGroupRooms, p));
  guarded('breakout.message', breakoutMessageSchema, ({ ctx }, p) => messageGroups(ctx, p));
  guarded('breakout.timer', breakoutTimerSchema, ({ ctx }, p) => startGroupTimers(ctx, p));
  guarded('breakout.overview', emptySchema, ({ ctx }) => groupOverview(ctx));
  guarded('breakout.bringBack', breakoutBringBackSchema, async ({ ctx, scheduleReturn }, p) => {
    const result = await bringEveryoneBack(ctx, p);
    if (result.ok && result.status === 'countdown' && result.returnAt !== null) scheduleReturn(result.returnAt);
    return result;
  });
}
