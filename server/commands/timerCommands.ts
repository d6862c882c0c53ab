import type { z } from 'zod';
import { readSession, writeSession } from '../../shared/board/boardDocument.ts';
import { addMinute, pauseTimer, resumeTimer, startTimer, stopTimer } from '../../shared/facilitation/timer.ts';
import type { CommandResult, startTimerSchema } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';

/** The facilitator's timer: all maths in shared/facilitation/timer.ts, state in the session. */
export async function startTimerCommand(ctx: CommandContext, payload: z.output<typeof startTimerSchema>): Promise<CommandResult> {
  const timer = startTimer(ctx.services.now(), payload.durationMs, payload.lockAtZero);
  await ctx.apply((doc) => writeSession(doc, { timer }));
  return { ok: true };
}

export async function pauseTimerCommand(ctx: CommandContext): Promise<CommandResult> {
  const { timer } = readSession(ctx.workshop.doc);
  if (timer?.status !== 'running') return { ok: false, error: 'TIMER_NOT_RUNNING' };
  await ctx.apply((doc) => writeSession(doc, { timer: pauseTimer(timer, ctx.services.now()) }));
  return { ok: true };
}

export async function resumeTimerCommand(ctx: CommandContext): Promise<CommandResult> {
  const { timer } = readSession(ctx.workshop.doc);
  if (timer?.status !== 'paused') return { ok: false, error: 'TIMER_NOT_PAUSED' };
  await ctx.apply((doc) => writeSession(doc, { timer: resumeTimer(timer, ctx.services.now()) }));
  return { ok: true };
}

export async function addMinuteCommand(ctx: CommandContext): Promise<CommandResult> {
  const { timer } = readSession(ctx.workshop.doc);
  if (!timer || timer.status === 'stopped') return { ok: false, error: 'TIMER_NOT_RUNNING' };
  await ctx.apply((doc) => writeSession(doc, { timer: addMinute(timer, ctx.services.now()) }));
  return { ok: true };
}

export async function stopTimerCommand(ctx: CommandContext): Promise<CommandResult> {
  const { timer } = readSession(ctx.workshop.doc);
  if (!timer || timer.status === 'stopped') return { ok: false, error: 'TIMER_NOT_RUNNING' };
  await ctx.apply((doc) => writeSession(doc, { timer: stopTimer(timer) }));
  return { ok: true };
}
