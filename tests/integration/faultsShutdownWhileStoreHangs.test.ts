import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { printMetric, within } from '../helpers/faults.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';
import { api, createWorkshop, joinAs } from '../helpers/workshops.ts';

const redis = await startRedis({ own: true });

describe.skipIf(!redis)('graceful shutdown while Redis hangs', () => {
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

  it('exits within its grace period, and a join meanwhile is refused by name instead of INTERNAL', async () => {
    const test = redis as TestRedis;
    const [node] = cluster.nodes as [ServerProcess];
    const workshop = await createWorkshop(node);
    const member = await joinAs(node, workshop, 'participant', 'Ana');
    test.pause();
    const stoppedAt = Date.now();
    node.child.kill('SIGTERM');
    const join = await api<{ error?: string }>(node, 'POST', `/api/workshops/${workshop.id}/sessions`, {
      secret: workshop.secrets.participant,
      displayName: 'Late',
      administration: 'SENAE',
    }).catch((err: unknown) => ({ status: 0, body: { error: String(err) } }));
    const exit = await within(node.exited, 20_000, null);
    const exitedMs = Date.now() - stoppedAt;
    member.close();
    printMetric('shutdown-hung-store', { exitedMs, exit, joinStatus: join.status, joinError: join.body.error });
    expect(exit).not.toBeNull();
    expect(join).toMatchObject({ status: 503, body: { error: 'STORE_UNAVAILABLE' } });
  }, 40_000);
});
