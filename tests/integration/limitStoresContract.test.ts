import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { LevelStore } from '../../server/storage/LevelDocumentStore.ts';
import { RedisStore } from '../../server/storage/redis/RedisStore.ts';
import type { SessionRecord } from '../../server/storage/WorkshopStore.ts';
import { startRedis, uniqueKeyPrefix } from '../helpers/redisServer.ts';

const redis = await startRedis();
afterAll(() => redis?.dispose());

type Stores = Pick<LevelStore, 'workshops' | 'votes' | 'quotas'>;

const implementations = [
  {
    name: 'LevelStore',
    available: true,
    async open(): Promise<{ stores: Stores; close(): Promise<void> }> {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'ib-limits-'));
      const store = await LevelStore.open(dir);
      const close = async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      };
      return { stores: store, close };
    },
  },
  {
    name: 'RedisStore',
    available: redis !== null,
    async open(): Promise<{ stores: Stores; close(): Promise<void> }> {
      const store = await RedisStore.connect(redis!.url, { keyPrefix: uniqueKeyPrefix('limits') });
      return { stores: store, close: () => store.close() };
    },
  },
];

for (const impl of implementations) {
  describe.skipIf(!impl.available)(`${impl.name}: the counters, leases and merges behind the limits`, () => {
    test('counts 40 of 300 concurrent increments of two counters and none once either is full', async () => {
      const { stores, close } = await impl.open();
      const answers = await Promise.all(
        Array.from({ length: 300 }, () => stores.quotas.tryIncrementAll([{ key: 'session', limit: 40 }, { key: 'address', limit: 100 }], 60_000)),
      );
      expect(answers.filter((a) => a === -1)).toHaveLength(40);
      expect(answers.filter((a) => a === 0)).toHaveLength(260);
      expect(await stores.quotas.get('session')).toBe(40);
      expect(await stores.quotas.get('address')).toBe(40);
      await close();
    });

    test('grants 3 of 20 concurrent leases, takes a released one back, and counts live leases', async () => {
      const { stores, close } = await impl.open();
      const sets = [{ key: 'conn:s:a', limit: 3 }, { key: 'conn:a:x', limit: 10 }];
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => stores.quotas.acquireLease(sets, `m${i}`, 60_000)));
      const granted = answers.flatMap((a, i) => (a === -1 ? [`m${i}`] : []));
      expect(granted).toHaveLength(3);
      expect(await stores.quotas.leaseCount('conn:s:a')).toBe(3);
      expect(await stores.quotas.acquireLease(sets, 'late', 60_000)).toBe(0);
      await stores.quotas.releaseLease(['conn:s:a', 'conn:a:x'], granted[0]!);
      await stores.quotas.renewLease(['conn:s:a', 'conn:a:x'], granted[1]!, 60_000);
      expect(await stores.quotas.acquireLease(sets, 'late', 60_000)).toBe(-1);
      expect(await stores.quotas.leaseCount('conn:a:x')).toBe(3);
      await close();
    });

    test('moves a duplicate voter’s votes within the survivor’s budget and per-note maximum, counting what is dropped', async () => {
      const { stores, close } = await impl.open();
      const limits = { budget: 4, maxPerNote: 2 };
      for (const note of ['n1', 'n2']) await stores.votes.cast('w', 'b', 'keep', note, limits);
      for (const note of ['n1', 'n1', 'n3', 'n4']) await stores.votes.cast('w', 'b', 'dup', note, limits);
      expect(await stores.votes.mergeVoter('w', 'b', 'dup', 'keep', limits)).toEqual({ moved: 2, dropped: 2 });
      expect(await stores.votes.votesOf('w', 'b', 'keep')).toEqual({ n1: 2, n2: 1, n3: 1 });
      expect(await stores.votes.votesOf('w', 'b', 'dup')).toEqual({});
      expect(await stores.votes.totals('w', 'b')).toEqual({ n1: 2, n2: 1, n3: 1 });
      expect(await stores.votes.cast('w', 'b', 'keep', 'n4', limits)).toBe('VOTE_BUDGET_EXCEEDED');
      await close();
    });

    test('records a session’s last use apart from the record, so ending it is never undone by a use', async () => {
      const { stores, close } = await impl.open();
      const session: SessionRecord = { tokenHash: 'th', workshopId: 'w', participantId: 'p', linkId: 'l', role: 'participant', displayName: 'Ana', administration: '', createdAt: 1 };
      await stores.workshops.putSession(session);
      await stores.workshops.touchSession('th', 50);
      await stores.workshops.putSession({ ...session, endedAt: 60 });
      await stores.workshops.touchSession('th', 70);
      expect(await stores.workshops.findSessionByTokenHash('th')).toMatchObject({ endedAt: 60, lastSeenAt: 70 });
      expect((await stores.workshops.listSessions('w'))[0]).toMatchObject({ endedAt: 60, lastSeenAt: 70 });
      await close();
    });
  });
}
