import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type Client } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { tally } from '../helpers/limits.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { api, createWorkshop, openSession, type TestWorkshop } from '../helpers/workshops.ts';

const redis = await startRedis();

async function tryConnect(node: { url: string }, token: string): Promise<Client | string> {
  try {
    return await connectClient(node, token);
  } catch (err) {
    return (err as Error).message;
  }
}

describe.skipIf(!redis)('limits hold across two nodes on one Redis', () => {
  let cluster: Cluster;
  let workshop: TestWorkshop;
  const open: Client[] = [];

  beforeAll(async () => {
    cluster = await startCluster(redis as TestRedis, 2, {
      PRESENCE_TTL_MS: '3000',
      COMMANDS_PER_SECOND: '20',
      COMMANDS_PER_SESSION_PER_SECOND: '40',
      CONNECTIONS_PER_SESSION: '6',
    });
    workshop = await createWorkshop(cluster.nodes[0]!);
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await cluster?.stop();
    await redis?.dispose();
  });

  it('one session with connections on both nodes gets at most two windows of its command rate', async () => {
    const person = await openSession(cluster.nodes[0]!, workshop, 'participant', 'Ana');
    const mine = await Promise.all(Array.from({ length: 6 }, (_, i) => connectClient(cluster.nodes[i % 2]!, person.token)));
    open.push(...mine);
    const answers = tally(
      (await Promise.all(mine.flatMap((c) => Array.from({ length: 40 }, () => c.send('clock.sync', {}))))).map((r) => (r.ok ? 'ok' : r.error)),
    );
    console.info(`one session, 3 connections on each of 2 nodes x 40 commands at once: ${JSON.stringify(answers)}`);
    expect(answers.ok).toBeGreaterThanOrEqual(40);
    expect(answers.ok).toBeLessThanOrEqual(80);
    expect(answers.RATE_LIMITED).toBe(240 - answers.ok!);
  });

  it('one session holds at most its connection limit over both nodes', async () => {
    const person = await openSession(cluster.nodes[1]!, workshop, 'participant', 'Bruno');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => tryConnect(cluster.nodes[i % 2]!, person.token)));
    const connected = results.filter((r): r is Client => typeof r !== 'string');
    open.push(...connected);
    console.info(`one session, 20 concurrent connections over 2 nodes: ${JSON.stringify(tally(results.map((r) => (typeof r === 'string' ? r : 'connected'))))}`);
    expect(connected).toHaveLength(6);
    expect(results.filter((r) => r === 'TOO_MANY_CONNECTIONS')).toHaveLength(14);
  });

  it('checks 10 of 100 concurrent wrong join codes sent to two nodes', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => api<{ error?: string }>(cluster.nodes[i % 2]!, 'POST', '/api/join', { code: 'ZZZZZZZ', displayName: 'Eve' })),
    );
    const counts = tally(answers.map((a) => a.body.error ?? a.status));
    console.info(`100 concurrent wrong join codes over 2 nodes: ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ WRONG_JOIN_CODE: 10, TOO_MANY_ATTEMPTS: 90 });
  });
});
