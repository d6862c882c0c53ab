import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { printMetric, readyz, waitForStore } from '../helpers/faults.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';

const redis = await startRedis({ own: true });

describe.skipIf(!redis)('readiness of an idle node whose Redis hangs', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster(redis as TestRedis, 1);
    // Starting node processes takes long on a loaded machine.
  }, 90_000);
  afterAll(async () => {
    (redis as TestRedis).resume();
    await cluster?.stop();
    await redis?.dispose();
  });

  it('answers 503 on the first probe after Redis stops answering, with no traffic at all, and 200 once it answers again', async () => {
    const test = redis as TestRedis;
    const [node] = cluster.nodes as [ServerProcess];
    expect((await readyz(node)).status).toBe(200);
    test.pause();
    const pausedAt = Date.now();
    const first = await readyz(node, 5_000);
    const answeredMs = Date.now() - pausedAt;
    test.resume();
    await waitForStore([node], 'up');
    printMetric('readyz-hung-redis', { status: first.status, answeredMs });
    expect(first).toMatchObject({ status: 503, body: { ok: false, store: 'down' } });
  });
});
