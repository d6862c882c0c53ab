import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { isRunning, printMetric, unhandledLines, waitForStore } from '../helpers/faults.ts';
import { missingNotes, pendingOf, startNoteWriters } from '../helpers/noteWriters.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';
import { createWorkshop, joinAs, type Member } from '../helpers/workshops.ts';

const redis = await startRedis({ own: true });

const WRITERS = 6;

describe.skipIf(!redis)('Redis restored from an older append-only file while people write', () => {
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

  it('puts back every note the nodes acknowledged after the copy was taken, so a fresh node finds them all', async () => {
    const test = redis as TestRedis;
    const [n1, n2] = cluster.nodes as [ServerProcess, ServerProcess];
    const workshop = await createWorkshop(n1);
    const members: Member[] = [];
    for (let i = 0; i < WRITERS; i++) members.push(await joinAs(cluster.nodes[i % 2]!, workshop, 'participant', `Writer ${i}`));
    open.push(...members);
    const probe = await openReplica(n1, workshop.id, members[0]!.person.token);
    const boardId = readBoards(probe.doc)[0]!.id;
    probe.destroy();

    const writers = startNoteWriters(members, boardId);
    await writers.moreAcks(40);
    // The older copy: what a backup, or a power cut with `appendfsync everysec`, leaves behind.
    const aof = path.join(test.dir, 'appendonlydir');
    const copy = path.join(test.dir, 'older-appendonlydir');
    cpSync(aof, copy, { recursive: true });
    const ackedAtCopy = writers.acknowledged.length;
    await writers.moreAcks(80);
    await test.kill();
    const ackedAtCrash = writers.acknowledged.length;
    rmSync(aof, { recursive: true, force: true });
    cpSync(copy, aof, { recursive: true });
    await test.restart();
    await waitForStore([n1, n2], 'up');
    await writers.moreAcks(60);
    await writers.stop();
    expect(writers.unexpected).toEqual([]);

    // A node that held nothing before: it reads only what the store has now.
    const fresh = await cluster.addNode('fresh');
    const replicas: Replica[] = [];
    for (const node of [n1, n2, fresh]) replicas.push(await openReplica(node, workshop.id, members[0]!.person.token));
    open.push(...replicas);
    const acked = writers.acknowledged;
    await Promise.all(replicas.map((r) => r.waitFor((doc) => missingNotes(doc, acked).length === 0, 10_000).catch(() => undefined)));
    const lost = replicas.map((r) => missingNotes(r.doc, acked).length);
    printMetric('redis-older-aof', {
      acknowledged: acked.length,
      acknowledgedAfterCopy: ackedAtCrash - ackedAtCopy,
      acknowledgedAfterRestore: acked.length - ackedAtCrash,
      refused: writers.refused,
      lostOnN1N2Fresh: lost,
    });
    expect({ lost, pending: replicas.map((r) => pendingOf(r.doc)) }).toEqual({ lost: [0, 0, 0], pending: [[], [], []] });
    // The repair was needed and said so.
    expect([n1, n2].some((node) => node.lines.some((line) => line.includes('put it back')))).toBe(true);
    for (const node of [n1, n2, fresh]) {
      expect(await isRunning(node)).toBe(true);
      expect(unhandledLines(node)).toEqual([]);
    }
  }, 60_000);
});
