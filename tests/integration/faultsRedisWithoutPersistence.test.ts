import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { RedisStore } from '../../server/storage/redis/RedisStore.ts';
import { openReplica } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { isRunning, printMetric, unhandledLines, waitForStore } from '../helpers/faults.ts';
import { missingNotes, pendingOf, startNoteWriters } from '../helpers/noteWriters.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';
import { createWorkshop, joinAs, type Member } from '../helpers/workshops.ts';

const redis = await startRedis({ own: true, persistence: false });

const WRITERS = 4;

describe.skipIf(!redis)('a Redis that keeps nothing on disk restarts empty while people write', () => {
  let cluster: Cluster;
  const open: Array<{ close(): void } | { destroy(): void }> = [];

  beforeAll(async () => {
    cluster = await startCluster(redis as TestRedis, 2, { PRESENCE_TTL_MS: '3000' });
    // Starting node processes takes long on a loaded machine.
  }, 90_000);
  afterAll(async () => {
    for (const x of open) ('close' in x ? x.close() : x.destroy());
    await cluster?.stop();
    await redis?.dispose();
  });

  it('gets the board back from the nodes that hold it, every acknowledged note included, and warns at start', async () => {
    const test = redis as TestRedis;
    const [n1, n2] = cluster.nodes as [ServerProcess, ServerProcess];
    for (const node of [n1, n2]) expect(node.lines.some((line) => line.includes('keeps nothing on disk'))).toBe(true);
    const workshop = await createWorkshop(n1);
    const members: Member[] = [];
    for (let i = 0; i < WRITERS; i++) members.push(await joinAs(cluster.nodes[i % 2]!, workshop, 'participant', `Writer ${i}`));
    open.push(...members);
    const probe = await openReplica(n1, workshop.id, members[0]!.person.token);
    const boardId = readBoards(probe.doc)[0]!.id;
    probe.destroy();

    const writers = startNoteWriters(members, boardId);
    await writers.moreAcks(60);
    await test.restart();
    const ackedBeforeRestart = writers.acknowledged.length;
    await waitForStore([n1, n2], 'up');
    await writers.moreAcks(40);
    await writers.stop();
    expect(writers.unexpected).toEqual([]);

    // The sessions were in Redis too and are gone, so the store itself is read.
    const store = await RedisStore.connect(test.url, { keyPrefix: cluster.prefix });
    const doc = new Y.Doc();
    try {
      const state = await store.documents.load(workshop.id);
      if (state) Y.applyUpdate(doc, state);
      const lost = missingNotes(doc, writers.acknowledged).length;
      printMetric('redis-no-persistence', {
        acknowledged: writers.acknowledged.length,
        acknowledgedBeforeRestart: ackedBeforeRestart,
        refused: writers.refused,
        lost,
        workshopRecordKept: (await store.workshops.getWorkshop(workshop.id)) !== null,
      });
      expect({ lost, pending: pendingOf(doc) }).toEqual({ lost: 0, pending: [] });
    } finally {
      doc.destroy();
      await store.close();
    }
    for (const node of [n1, n2]) {
      expect(await isRunning(node)).toBe(true);
      expect(unhandledLines(node)).toEqual([]);
    }
  }, 60_000);
});
