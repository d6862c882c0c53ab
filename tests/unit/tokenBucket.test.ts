import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../server/realtime/rateLimiter.ts';

describe('the per-connection token bucket', () => {
  it('allows a burst of twice the rate, refuses the next, and refills over time', () => {
    let now = 0;
    const bucket = new TokenBucket(10, () => now);
    const burst = Array.from({ length: 25 }, () => bucket.tryTake());
    expect(burst.filter(Boolean)).toHaveLength(20);
    now += 100;
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });
});
