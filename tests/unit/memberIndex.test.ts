import { describe, expect, it } from 'vitest';
import { MemberIndex } from '../../server/storage/level/MemberIndex.ts';

/** A read the test finishes by hand, so a write can land while it runs. */
function heldRead(members: string[]) {
  let finish: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (finish = resolve));
  return { read: () => started.then(() => members), finish };
}

describe('MemberIndex: who may have records, as a superset', () => {
  it('answers false only for members missing from a completed load', async () => {
    const index = new MemberIndex();
    const read = async () => ['ana'];
    expect(await index.mayHave('b1', 'ana', read)).toBe(true);
    expect(await index.mayHave('b1', 'bruno', read)).toBe(false);
    index.wrote('b1', ['bruno']);
    expect(await index.mayHave('b1', 'bruno', read)).toBe(true);
  });

  it('does not keep a load that a write overlapped (the write may be missing from it)', async () => {
    const index = new MemberIndex();
    const stale = heldRead([]);
    const answer = index.mayHave('b1', 'ana', stale.read);
    index.wrote('b1', ['ana']); // completed while the load was reading
    stale.finish();
    expect(await answer).toBe(true);
    // The next question loads again and sees the write.
    expect(await index.mayHave('b1', 'ana', async () => ['ana'])).toBe(true);
    expect(await index.mayHave('b1', 'bruno', async () => ['ana'])).toBe(false);
  });

  it('forgets keys by prefix, and a load running across the forget is not kept', async () => {
    const index = new MemberIndex();
    expect(await index.mayHave('w1\u0000b1', 'ana', async () => [])).toBe(false);
    const running = heldRead(['old']);
    const answer = index.mayHave('w1\u0000b2', 'ana', running.read);
    index.forget('w1\u0000');
    running.finish();
    expect(await answer).toBe(true);
    expect(await index.mayHave('w1\u0000b1', 'ana', async () => ['ana'])).toBe(true);
  });
});
