import type { z } from 'zod';
import type * as Y from 'yjs';
import {
  appendHistory,
  clearVoteCounts,
  readBoards,
  readHistory,
  readSession,
  writeSession,
  writeVoteCounts,
} from '../../shared/board/boardDocument.ts';
import type { SessionState } from '../../shared/board/types.ts';
import type { Phase } from '../../shared/facilitation/roles.ts';
import type { CommandResult, setPhaseSchema } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { takePrivateNotes } from './revealPrivateNotes.ts';

/** Every board's vote totals, to publish when counts become visible. */
async function allTotals(ctx: CommandContext): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const board of readBoards(ctx.workshop.doc)) Object.assign(totals, await ctx.services.stores.votes.totals(ctx.workshop.id, board.id));
  return totals;
}

/**
 * Moves the workshop to a phase and does what the move implies: private notes are revealed when
 * private writing ends; hidden vote counts are published when voting ends; done signals reset.
 * Closed is the freeze (recorded); reopening is its own command.
 */
export async function changePhase(ctx: CommandContext, phase: Phase, privateWriting?: boolean): Promise<CommandResult> {
  const before = readSession(ctx.workshop.doc);
  const nextPrivate = phase === 'write' ? (privateWriting ?? before.privateWriting) : before.privateWriting;
  const wasHiding = before.phase === 'write' && before.privateWriting;
  const willHide = phase === 'write' && nextPrivate;
  const reveal = wasHiding && !willHide ? await takePrivateNotes(ctx) : null;

  const patch: Partial<SessionState> = { phase, privateWriting: nextPrivate };
  if (phase !== before.phase) {
    patch.doneCount = 0;
    patch.phaseEpoch = before.phaseEpoch + 1;
  }
  let counts: ((doc: Y.Doc) => void) | null = null;
  if (phase === 'vote' && before.phase !== 'vote') {
    if (before.voting.showLive) {
      const totals = await allTotals(ctx);
      counts = (doc) => writeVoteCounts(doc, totals);
      patch.votesVisible = true;
    } else {
      counts = clearVoteCounts;
      patch.votesVisible = false;
    }
  } else if (before.phase === 'vote' && phase !== 'vote') {
    const totals = await allTotals(ctx);
    counts = (doc) => writeVoteCounts(doc, totals);
    patch.votesVisible = true;
  }
  const now = ctx.services.now();
  if (phase === 'closed') patch.frozenAt = now;

  await ctx.apply((doc) => {
    reveal?.write(doc);
    counts?.(doc);
    writeSession(doc, patch);
    if (phase !== before.phase) {
      const frozen = phase === 'closed';
      // Who froze the board is named in the report ("Final — frozen by …"); only facilitators and rapporteurs can.
      const by = frozen && ctx.principal.displayName !== '' ? { name: ctx.principal.displayName } : {};
      appendHistory(doc, { kind: frozen ? 'frozen' : 'phase', at: now, role: ctx.principal.role, phase: frozen ? before.phase : phase, ...by });
    }
  });
  await reveal?.after();
  return { ok: true };
}

export function setPhase(ctx: CommandContext, payload: z.output<typeof setPhaseSchema>): Promise<CommandResult> {
  return changePhase(ctx, payload.phase, payload.privateWriting);
}

/** Freeze: the final state and time are recorded; nothing changes until a facilitator reopens. */
export function freezeWorkshop(ctx: CommandContext): Promise<CommandResult> {
  return changePhase(ctx, 'closed');
}

/** Reopens a frozen workshop in the phase it was frozen from, and records it. */
export async function reopenWorkshop(ctx: CommandContext): Promise<CommandResult> {
  const lastFreeze = readHistory(ctx.workshop.doc).filter((e) => e.kind === 'frozen').at(-1);
  const phase: Phase = lastFreeze?.phase && lastFreeze.phase !== 'closed' ? lastFreeze.phase : 'discuss';
  const before = readSession(ctx.workshop.doc);
  const now = ctx.services.now();
  await ctx.apply((doc) => {
    writeSession(doc, { phase, frozenAt: null, doneCount: 0, phaseEpoch: before.phaseEpoch + 1 });
    appendHistory(doc, { kind: 'reopened', at: now, role: ctx.principal.role, phase });
  });
  return { ok: true };
}
