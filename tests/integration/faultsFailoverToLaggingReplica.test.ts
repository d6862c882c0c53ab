import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { isRunning, pollUntil, printMetric, unhandledLines, waitForStore } from '../helpers/faults.ts';
import { missingNotes, pendingOf, startNoteWriters } from '../helpers/noteWriters.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.ts';
import { createWorkshop, joinAs, type Member } from '../helpers/workshops.ts';

const primary = await startRedis({ own: true });
// The replica follows the primary through a proxy, so the test can stall replication like a slow link.
const link = primary ? await startTcpProxy(primary.port) : null;
const replica = link ? await startRedis({ own: true, args: ['--replicaof', '127.0.0.1', String(link.port)] }) : null;

const WRITERS = 6;

async function replicationInfo(port: number): Promise<Record<string, string>> {
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  await client.connect();
  try {
    const info = await client.info('replication');
    return Object.fromEntries(info.split(/\r?\n/).filter((l) => l.includes(':')).map((l) => l.split(':', 2) as [string, string]));
  } finally {
    await client.close();
  }
}

describe.skipIf(!replica)('failover to a replica that lags behind the primary', () => {
  let cluster: Cluster;
  let front: TcpProxy;
  const open: Array<{ close(): void } | { destroy(): void }> = [];

  beforeAll(async () => {
    const [p, r] = [primary as TestRedis, replica as TestRedis];
    await pollUntil('the replica in sync', async () => (await replicationInfo(r.port)).master_link_status === 'up');
    // The nodes reach "the primary" through one address, as behind HAProxy or a failover DNS name.
    front = await startTcpProxy(p.port);
    cluster = await startCluster({ ...p, url: `redis://127.0.0.1:${front.port}` }, 2, { PRESENCE_TTL_MS: '3000' });
    // Starting node processes takes long on a loaded machine.
  }, 90_000);
  afterAll(async () => {
    for (const x of open) ('close' in x ? x.close() : x.destroy());
    await cluster?.stop();
    await front?.close();
    await link?.close();
    await replica?.dispose();
    await primary?.dispose();
  });

  it('puts back what the replica never received from the nodes that hold it, so a fresh node finds every acknowledged note', async () => {
    const [p, r] = [primary as TestRedis, replica as TestRedis];
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
    const primaryOffset = Number((await replicationInfo(p.port)).master_repl_offset);
    await pollUntil('the replica caught up', async () => Number((await replicationInfo(r.port)).master_repl_offset) >= primaryOffset);
    link!.hold();
    const ackedAtStall = writers.acknowledged.length;
    await writers.moreAcks(80);
    await p.kill();
    const ackedAtFailover = writers.acknowledged.length;
    const promote = createClient({ url: r.url });
    await promote.connect();
    await promote.sendCommand(['REPLICAOF', 'NO', 'ONE']);
    await promote.close();
    front.switchTo(r.port);
    await waitForStore([n1, n2], 'up');
    await writers.moreAcks(60);
    await writers.stop();
    expect(writers.unexpected).toEqual([]);

    const fresh = await cluster.addNode('fresh');
    const replicas: Replica[] = [];
    for (const node of [n1, n2, fresh]) replicas.push(await openReplica(node, workshop.id, members[0]!.person.token));
    open.push(...replicas);
    const acked = writers.acknowledged;
    await Promise.all(replicas.map((x) => x.waitFor((doc) => missingNotes(doc, acked).length === 0, 10_000).catch(() => undefined)));
    const lost = replicas.map((x) => missingNotes(x.doc, acked).length);
    printMetric('failover-lagging-replica', {
      acknowledged: acked.length,
      acknowledgedWhileReplicaLagged: ackedAtFailover - ackedAtStall,
      acknowledgedAfterFailover: acked.length - ackedAtFailover,
      refused: writers.refused,
      lostOnN1N2Fresh: lost,
    });
    expect({ lost, pending: replicas.map((x) => pendingOf(x.doc)) }).toEqual({ lost: [0, 0, 0], pending: [[], [], []] });
    for (const node of [n1, n2, fresh]) {
      expect(await isRunning(node)).toBe(true);
      expect(unhandledLines(node)).toEqual([]);
    }
  }, 60_000);
});
