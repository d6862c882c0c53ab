import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { printMetric, within } from '../helpers/faults.ts';
import { waitForPresence } from '../helpers/presence.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';
import { createWorkshop, joinAs } from '../helpers/workshops.ts';

const redis = await startRedis();
const TTL_MS = 3_000;
/** Scheduling slack on a loaded test machine (timers of two processes); the product promises the TTL. */
const SLACK_MS = 1_000;

describe.skipIf(!redis)('presence of the people of a node that died', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster(redis as TestRedis, 2, { PRESENCE_TTL_MS: String(TTL_MS) });
    // Starting node processes takes long on a loaded machine.
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
    await redis?.dispose();
  });

  it('is gone for the others within the presence TTL after the node is killed', async () => {
    const [n1, n2] = cluster.nodes as [ServerProcess, ServerProcess];
    const workshop = await createWorkshop(n1);
    const stays = await joinAs(n1, workshop, 'facilitator', 'Stays');
    const bothSeen = waitForPresence(stays, (p) => p.count === 2);
    const leaves = await joinAs(n2, workshop, 'facilitator', 'Leaves with the node');
    await bothSeen;
    const gone = waitForPresence(stays, (p) => p.count === 1);
    const killedAt = Date.now();
    await cluster.kill(n2);
    const update = await within(gone, TTL_MS * 3, null);
    const goneAfterMs = Date.now() - killedAt;
    stays.close();
    leaves.close();
    printMetric('presence-expiry', { ttlMs: TTL_MS, goneAfterMs });
    expect(update).toMatchObject({ count: 1, people: [{ displayName: 'Stays' }] });
    expect(goneAfterMs).toBeLessThanOrEqual(TTL_MS + SLACK_MS);
  }, 30_000);
});
