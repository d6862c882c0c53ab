import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RedisStore } from '../../server/storage/redis/RedisStore.ts';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { openReplica } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { isRunning, pollUntil, printMetric, readyz, unhandledLines } from '../helpers/faults.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';
import { createWorkshop, joinAs } from '../helpers/workshops.ts';

const redis = await startRedis();
const ENTRIES = 10_000;

/** `count` updates of one writer, each building on the one before (so all wait for the first). */
function chainedUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const map = doc.getMap('stray');
  for (let i = 0; i < count; i++) map.set(`k${i % 500}`, `value ${i} from a writer whose first update the store lost`);
  doc.destroy();
  return updates;
}

describe.skipIf(!redis)('compaction of a document whose log grew to 10,000 entries', () => {
  let cluster: Cluster;
  let store: RedisStore;

  beforeAll(async () => {
    // One writer sends 50 notes back to back: the per-connection rate has its own tests.
    cluster = await startCluster(redis as TestRedis, 1, { COMMANDS_PER_SECOND: '100000' });
    store = await RedisStore.connect((redis as TestRedis).url, { keyPrefix: cluster.prefix });
    // Starting node processes takes long on a loaded machine.
  }, 90_000);
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
    await redis?.dispose();
  });

  it('folds the whole log while the node keeps answering commands, even when every entry waits for one the store lost', async () => {
    const [node] = cluster.nodes as [ServerProcess];
    const workshop = await createWorkshop(node);
    // The worst case met in production: entries that can never be integrated (their first update is
    // gone), which made one-by-one compaction take minutes on the event loop.
    const stray = chainedUpdates(ENTRIES + 1).slice(1);
    for (let i = 0; i < stray.length; i += 500) await Promise.all(stray.slice(i, i + 500).map((u) => store.documents.append(workshop.id, u)));
    expect(await store.documents.logLength(workshop.id)).toBeGreaterThanOrEqual(ENTRIES);

    const writer = await joinAs(node, workshop, 'participant', 'Writer');
    const replica = await openReplica(node, workshop.id, writer.person.token);
    const boardId = readBoards(replica.doc)[0]!.id;
    replica.destroy();
    // Every 50th append on a node looks at the log length and compacts a long log.
    const started = Date.now();
    let answered = 0;
    let slowestAckMs = 0;
    for (let i = 0; i < 50; i++) {
      const sent = Date.now();
      const result = await writer.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: `note ${i}` });
      expect(result.ok).toBe(true);
      slowestAckMs = Math.max(slowestAckMs, Date.now() - sent);
    }
    const triggeredAt = Date.now();
    // While it compacts, the node answers commands and readiness.
    await pollUntil(
      'the log folded into the snapshot',
      async () => {
        const sent = Date.now();
        const clock = await writer.send('clock.sync', {});
        const ready = await readyz(node);
        if (clock.ok && ready.status === 200) answered++;
        slowestAckMs = Math.max(slowestAckMs, Date.now() - sent);
        return (await store.documents.logLength(workshop.id)) < 100;
      },
      60_000,
      100,
    );
    const compactionMs = Date.now() - triggeredAt;
    printMetric('compaction-10k', { entries: ENTRIES, compactionMs, writeAndCompactMs: Date.now() - started, answeredWhileCompacting: answered, slowestAckMs });
    expect(answered).toBeGreaterThan(0);
    // Nothing was dropped: the stray entries are still there (still waiting), next to the new notes.
    const state = await store.documents.load(workshop.id);
    const check = new Y.Doc();
    Y.applyUpdate(check, state!);
    expect(check.store.pendingStructs?.missing.size ?? 0).toBe(1);
    check.destroy();
    writer.close();
    expect(await isRunning(node)).toBe(true);
    expect(unhandledLines(node)).toEqual([]);
  }, 90_000);
});
