import { describe, expect, it } from 'vitest';
import { addMinute, clockOffset, formatRemaining, pauseTimer, remainingMs, resumeTimer, startTimer, stopTimer } from '../../shared/facilitation/timer.ts';
import { rankNotes } from '../../shared/facilitation/rankNotes.ts';
import type { Note } from '../../shared/board/types.ts';

describe('timer maths on server time', () => {
  it('counts down, pauses, resumes, adds a minute and stops', () => {
    const t = startTimer(1_000, 60_000, false);
    expect(remainingMs(t, 31_000)).toBe(30_000);
    const paused = pauseTimer(t, 31_000);
    expect(remainingMs(paused, 500_000)).toBe(30_000);
    const more = addMinute(paused, 500_000);
    expect(remainingMs(more, 900_000)).toBe(90_000);
    const resumed = resumeTimer(more, 1_000_000);
    expect(remainingMs(resumed, 1_010_000)).toBe(80_000);
    expect(remainingMs(resumed, 2_000_000)).toBe(0);
    expect(remainingMs(addMinute(resumed, 2_000_000), 2_000_000)).toBe(60_000);
    expect(remainingMs(stopTimer(resumed), 1_010_000)).toBe(0);
    expect(remainingMs(null, 0)).toBe(0);
  });

  it('formats remaining time rounded up and estimates clock offsets from a round trip', () => {
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(1)).toBe('0:01');
    expect(formatRemaining(61_000)).toBe('1:01');
    expect(formatRemaining(3_600_000)).toBe('1:00:00');
    expect(clockOffset(1_000, 50_500, 2_000)).toBe(49_000);
  });

  it('ranks notes by votes, then by age', () => {
    const n = (id: string, createdAt: number) => ({ id, createdAt }) as Note;
    const ranked = rankNotes([n('a', 1), n('b', 2), n('c', 3)], { c: 2, b: 2 });
    expect(ranked.map((r) => [r.note.id, r.votes])).toEqual([['b', 2], ['c', 2], ['a', 0]]);
  });
});
