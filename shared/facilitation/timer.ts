import type { TimerState } from '../board/types.ts';

/** Pure timer maths on server time; every client derives the same remaining time from the document. */
export function startTimer(now: number, durationMs: number, lockAtZero: boolean): TimerState {
  return { status: 'running', durationMs, endsAt: now + durationMs, remainingMs: null, lockAtZero };
}

export function remainingMs(timer: TimerState | null, serverNow: number): number {
  if (!timer) return 0;
  if (timer.status === 'running') return Math.max(0, (timer.endsAt ?? serverNow) - serverNow);
  if (timer.status === 'paused') return Math.max(0, timer.remainingMs ?? 0);
  return 0;
}

export function pauseTimer(timer: TimerState, now: number): TimerState {
  return { ...timer, status: 'paused', remainingMs: remainingMs(timer, now), endsAt: null };
}

export function resumeTimer(timer: TimerState, now: number): TimerState {
  return { ...timer, status: 'running', endsAt: now + (timer.remainingMs ?? 0), remainingMs: null };
}

/** One more minute; a timer that already reached zero restarts with one minute. */
export function addMinute(timer: TimerState, now: number): TimerState {
  const minute = 60_000;
  if (timer.status === 'paused') return { ...timer, remainingMs: (timer.remainingMs ?? 0) + minute, durationMs: timer.durationMs + minute };
  const endsAt = Math.max(timer.endsAt ?? now, now) + minute;
  return { ...timer, status: 'running', endsAt, durationMs: timer.durationMs + minute };
}

export function stopTimer(timer: TimerState): TimerState {
  return { ...timer, status: 'stopped', endsAt: null, remainingMs: null };
}

/** "m:ss" (or "h:mm:ss") for a number of milliseconds, rounded up so 0:00 means time is up. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Offset to add to the local clock to read server time, from one round trip (NTP-style midpoint). */
export function clockOffset(sentAt: number, serverTime: number, receivedAt: number): number {
  return serverTime - (sentAt + receivedAt) / 2;
}
