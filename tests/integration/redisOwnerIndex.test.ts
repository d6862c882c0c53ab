import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../server/storage/redis/RedisStore.ts';
import { startRedis, uniqueKeyPrefix } from '../helpers/redisServer.ts';

const redis = await startRedis();

/**
 * On Redis a join reads one participant's owned notes through a per-participant index, not the
 * whole workshop's ownership hash. The hash still decides; workshops written before the index
 * existed are indexed on first read; deleting the workshop leaves no index key behind.
 */
describe.skipIf(!redis)('the Redis owner index', () => {
  const stores: RedisStore[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    await redis?.dispose();
  });
  const open = async (keyPrefix: string) => {
    const store = await RedisStore.connect(redis!.url, { keyPrefix });
    stores.push(store);
    return store;
  };

  it('answers a person’s notes as the ownership record says, after moves and deletions, on another node too', async () => {
    const keyPrefix = uniqueKeyPrefix('owners');
    const [a, b] = [await open(keyPrefix), await open(keyPrefix)];
    await a.ownership.setOwner('w1', 'n1', 'ana');
    await a.ownership.setOwner('w1', 'n2', 'ana');
    await b.ownership.setOwner('w1', 'n3', 'luis');
    expect(await b.ownership.notesOwnedBy('w1', 'ana')).toEqual(['n1', 'n2']);
    await b.ownership.setOwner('w1', 'n2', 'luis'); // merged into Luis's session
    await a.ownership.deleteOwner('w1', 'n1');
    expect(await a.ownership.notesOwnedBy('w1', 'ana')).toEqual([]);
    expect(await a.ownership.notesOwnedBy('w1', 'luis')).toEqual(['n2', 'n3']);
    await a.ownership.setOwner('w1', 'n2', 'ana'); // and back
    expect(await b.ownership.notesOwnedBy('w1', 'ana')).toEqual(['n2']);
    expect(await b.ownership.notesOwnedBy('w1', 'nobody')).toEqual([]);
  });

  it('indexes a workshop whose ownership was written before the index existed', async () => {
    const keyPrefix = uniqueKeyPrefix('owners-old');
    const client = createClient({ url: redis!.url });
    await client.connect();
    await client.hSet(`${keyPrefix}owners:w1`, { n1: 'ana', n2: 'luis', n3: 'ana' });
    const store = await open(keyPrefix);
    expect(await store.ownership.notesOwnedBy('w1', 'ana')).toEqual(['n1', 'n3']);
    expect(await store.ownership.notesOwnedBy('w1', 'luis')).toEqual(['n2']);

    await store.ownership.deleteWorkshop('w1');
    const left: string[] = [];
    for await (const keys of client.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 500 })) left.push(...keys);
    expect(left).toEqual([]);
    await client.quit();
  });
});
