import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { CommandReceiptStore, ReceiptScope } from '../../server/storage/CommandReceiptStore.ts';
import { LevelStore } from '../../server/storage/LevelDocumentStore.ts';
import { RedisStore } from '../../server/storage/redis/RedisStore.ts';
import { startRedis, uniqueKeyPrefix } from '../helpers/redisServer.ts';

const redis = await startRedis();
afterAll(() => redis?.dispose());

const implementations = [
  {
    name: 'LevelStore',
    available: true,
    async open(): Promise<{ receipts: CommandReceiptStore; close(): Promise<void> }> {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'ib-receipts-'));
      const store = await LevelStore.open(dir);
      return {
        receipts: store.receipts,
        close: async () => {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'RedisStore',
    available: redis !== null,
    async open(): Promise<{ receipts: CommandReceiptStore; close(): Promise<void> }> {
      const store = await RedisStore.connect(redis!.url, { keyPrefix: uniqueKeyPrefix('receipts') });
      return { receipts: store.receipts, close: () => store.close() };
    },
  },
];

const scope = (commandId: string, participantId = 'p1', workshopId = 'w1'): ReceiptScope => ({ workshopId, participantId, commandId });
const HOUR = 3_600_000;

for (const impl of implementations) {
  describe.skipIf(!impl.available)(`${impl.name}: receipts of idempotent commands`, () => {
    test('of 20 concurrent claims of one id exactly one wins; the others see it running, then its result', async () => {
      const { receipts, close } = await impl.open();
      const claims = await Promise.all(Array.from({ length: 20 }, () => receipts.claim(scope('cmd-aaaaaaaaaaaaaaaa'), HOUR)));
      const won = claims.filter((c) => c.state === 'claimed');
      expect(won).toHaveLength(1);
      expect(claims.filter((c) => c.state === 'running')).toHaveLength(19);
      const token = (won[0] as { token: string }).token;
      await receipts.complete(scope('cmd-aaaaaaaaaaaaaaaa'), token, '{"ok":true,"noteId":"n1"}', HOUR);
      expect(await receipts.claim(scope('cmd-aaaaaaaaaaaaaaaa'), HOUR)).toEqual({ state: 'done', resultJson: '{"ok":true,"noteId":"n1"}' });
      // Another id, another participant, another workshop: independent.
      expect((await receipts.claim(scope('cmd-bbbbbbbbbbbbbbbb'), HOUR)).state).toBe('claimed');
      expect((await receipts.claim(scope('cmd-aaaaaaaaaaaaaaaa', 'p2'), HOUR)).state).toBe('claimed');
      expect((await receipts.claim(scope('cmd-aaaaaaaaaaaaaaaa', 'p1', 'w2'), HOUR)).state).toBe('claimed');
      await close();
    });

    test('a released claim can be claimed again; only its holder releases or completes it', async () => {
      const { receipts, close } = await impl.open();
      const s = scope('cmd-cccccccccccccccc');
      const first = await receipts.claim(s, HOUR);
      if (first.state !== 'claimed') throw new Error('expected a claim');
      await receipts.release(s, 'not-the-token');
      await receipts.complete(s, 'not-the-token', '{"ok":true,"noteId":"forged"}', HOUR);
      expect(await receipts.claim(s, HOUR)).toEqual({ state: 'running' });
      await receipts.release(s, first.token);
      const second = await receipts.claim(s, HOUR);
      expect(second.state).toBe('claimed');
      await close();
    });

    test('a lease runs out (a node died mid-command) and a result is forgotten after its keep time', async () => {
      const { receipts, close } = await impl.open();
      const s = scope('cmd-dddddddddddddddd');
      expect((await receipts.claim(s, 40)).state).toBe('claimed');
      await expect.poll(async () => (await receipts.claim(s, 40)).state, { interval: 20, timeout: 2000 }).toBe('claimed');
      const claim = await receipts.claim(scope('cmd-eeeeeeeeeeeeeeee'), HOUR);
      if (claim.state !== 'claimed') throw new Error('expected a claim');
      await receipts.complete(scope('cmd-eeeeeeeeeeeeeeee'), claim.token, '{"ok":true}', 60);
      expect((await receipts.claim(scope('cmd-eeeeeeeeeeeeeeee'), HOUR)).state).toBe('done');
      await expect.poll(async () => (await receipts.claim(scope('cmd-eeeeeeeeeeeeeeee'), HOUR)).state, { interval: 20, timeout: 2000 }).toBe('claimed');
      await close();
    });

    test('deleting a workshop forgets its receipts and no other workshop’s', async () => {
      const { receipts, close } = await impl.open();
      for (const w of ['w1', 'w2']) {
        const c = await receipts.claim(scope('cmd-ffffffffffffffff', 'p1', w), HOUR);
        if (c.state !== 'claimed') throw new Error('expected a claim');
        await receipts.complete(scope('cmd-ffffffffffffffff', 'p1', w), c.token, `{"w":"${w}"}`, HOUR);
      }
      await receipts.deleteWorkshop('w1');
      expect((await receipts.claim(scope('cmd-ffffffffffffffff', 'p1', 'w1'), HOUR)).state).toBe('claimed');
      expect(await receipts.claim(scope('cmd-ffffffffffffffff', 'p1', 'w2'), HOUR)).toEqual({ state: 'done', resultJson: '{"w":"w2"}' });
      await close();
    });
  });
}
