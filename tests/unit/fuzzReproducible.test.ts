import { describe, expect, it } from 'vitest';
import { Prng } from '../fuzz/prng.ts';
import { hostileValue, mutateBytes } from '../fuzz/mutate.ts';

const pool = { keys: ['boardId', 'text'], values: ['x', 1, null] };

function inputAt(seed: number, index: number): string {
  const rng = new Prng(seed, index);
  return JSON.stringify([Buffer.from(mutateBytes(rng, new Uint8Array([0, 0, 1, 0]))).toString('hex'), hostileValue(rng, pool)]);
}

describe('fuzz inputs', () => {
  it('are the same for the same seed and index', () => {
    for (let i = 0; i < 50; i++) expect(inputAt(7, i)).toBe(inputAt(7, i));
  });

  it('differ between seeds and between indexes', () => {
    const seen = new Set(Array.from({ length: 50 }, (_, i) => inputAt(7, i)));
    expect(seen.size).toBeGreaterThan(40);
    expect(inputAt(7, 3)).not.toBe(inputAt(8, 3));
  });

  it('spread integers over the whole range asked for', () => {
    const rng = new Prng(1);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) counts[rng.int(10)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expect(Math.max(...counts)).toBeLessThan(1150);
  });
});
