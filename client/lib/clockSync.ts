import { clockOffset } from '../../shared/facilitation/timer.ts';

export interface ClockSample {
  offset: number;
  roundTrip: number;
}

/** The offset of the sample with the shortest round trip (the least disturbed by the network). */
export function bestOffset(samples: readonly ClockSample[]): number | null {
  let best: ClockSample | null = null;
  for (const s of samples) if (!best || s.roundTrip < best.roundTrip) best = s;
  return best ? best.offset : null;
}

/**
 * Measures how far the server's clock is from this one: `count` round trips, one after another,
 * keeping the shortest. `ask` resolves to the server's time, or null when the server did not answer.
 */
export async function measureClockOffset(ask: () => Promise<number | null>, count = 5, now: () => number = Date.now): Promise<number | null> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < count; i++) {
    const sentAt = now();
    const serverTime = await ask();
    const receivedAt = now();
    if (serverTime === null) break;
    samples.push({ offset: clockOffset(sentAt, serverTime, receivedAt), roundTrip: receivedAt - sentAt });
  }
  return bestOffset(samples);
}
