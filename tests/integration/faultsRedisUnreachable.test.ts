import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { isRunning, printMetric, readyz, tryReplica, unhandledLines, waitForStore } from '../helpers/faults.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';
import { createWorkshop, joinAs, type Member } from '../helpers/workshops.ts';

const redis = await startRedis();

/** The deliberate outage. */
const OUTAGE_MS = 10_000;
/** The server's command timeout is 5 s: a command refused later than this was left hanging. */
const REFUSED_WITHIN_MS = 6_500;

describe.skipIf(!redis)('Redis unreachable for 10 s', () => {
  let cluster: Cluster;
  let n1: ServerProcess;
  let n2: ServerProcess;
  const open: Array<{ close(): void } | { destroy(): void }> = [];
  const track = <T extends { close(): void } | { destroy(): void }>(x: T): T => (open.push(x), x);

  beforeAll(async () => {
    cluster = await startCluster(redis as TestRedis, 2, { PRESENCE_TTL_MS: '3000' });
    [n1, n2] = cluster.nodes as [ServerProcess, ServerProcess];
  });
  afterEach(() => {
    for (const x of open.splice(0)) ('close' in x ? x.close() : x.destroy());
  });
  afterAll(async () => {
    await cluster?.stop();
    await redis?.dispose();
  });

  async function addNote(m: Member, boardId: string, text: string) {
    const started = Date.now();
    const result = await m.send('note.add', { boardId, row: 'audit_investigation', column: 'gaps', text });
    return { result, ms: Date.now() - started };
  }

  /** Runs one outage (`begin` … 10 s … `end`) against a workshop served by both nodes, checking everything promised meanwhile. */
  async function throughOutage(kind: string, begin: () => Promise<void>, end: () => Promise<void>) {
    const workshop = await createWorkshop(n1);
    const ana = track(await joinAs(n1, workshop, 'participant', 'Ana'));
    const ben = track(await joinAs(n2, workshop, 'participant', 'Ben'));
    const replicas: Replica[] = [track(await openReplica(n1, workshop.id, ana.person.token)), track(await openReplica(n2, workshop.id, ben.person.token))];
    const boardId = readBoards(replicas[0]!.doc)[0]!.id;
    const acknowledged: string[] = [];
    for (let i = 0; i < 3; i++) {
      for (const m of [ana, ben]) {
        const { result } = await addNote(m, boardId, `${m.person.displayName} before ${i}`);
        if (!result.ok) throw new Error(`note.add refused before the outage: ${result.error}`);
        acknowledged.push(result.noteId);
      }
    }
    await Promise.all(replicas.map((r) => r.waitFor((doc) => readNotes(doc).length === 6, 10_000)));
    await waitForStore([n1, n2], 'up');

    const outageStart = Date.now();
    await begin();
    // A command on each node while Redis is away: refused by name, within the command timeout.
    const during = await Promise.all([addNote(ana, boardId, 'Ana during'), addNote(ben, boardId, 'Ben during')]);
    for (const { result, ms } of during) {
      expect(result).toEqual({ ok: false, error: 'STORE_UNAVAILABLE' });
      expect(ms).toBeLessThan(REFUSED_WITHIN_MS);
    }
    // Both nodes say so on their readiness endpoint.
    await waitForStore([n1, n2], 'down', OUTAGE_MS - (Date.now() - outageStart) - 500);
    const downReadiness = await Promise.all([readyz(n1), readyz(n2)]);
    // A second command is refused at once now that the node knows.
    const again = await addNote(ben, boardId, 'Ben again');
    expect(again.result).toEqual({ ok: false, error: 'STORE_UNAVAILABLE' });
    expect(again.ms).toBeLessThan(REFUSED_WITHIN_MS);

    // What the nodes hold in memory is still served: to the open replicas, and to a fresh one.
    expect(replicas.every((r) => r.provider.wsconnected)).toBe(true);
    const fresh = track(await tryReplica(n2, workshop.id, ben.person.token, 4_000));
    const freshSyncedDuringOutage = fresh.synced && Date.now() - outageStart < OUTAGE_MS;
    const freshNotes = readNotes(fresh.doc).length;
    const sockets = [ana, ben].map((m) => m.socket.connected);

    // The rest of the 10 s outage, then Redis is back.
    const left = OUTAGE_MS - (Date.now() - outageStart);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    const endedAt = Date.now();
    await end();
    await waitForStore([n1, n2], 'up', 30_000);
    const readyAfterMs = Date.now() - endedAt;

    // Commands succeed again on both nodes, and both nodes hold the same document.
    for (const m of [ana, ben]) {
      const { result } = await addNote(m, boardId, `${m.person.displayName} after`);
      expect(result).toMatchObject({ ok: true });
      if (result.ok) acknowledged.push(result.noteId);
    }
    const recoveredMs = Date.now() - endedAt;
    replicas.push(track(await openReplica(n1, workshop.id, ana.person.token)), track(await openReplica(n2, workshop.id, ben.person.token)));
    const hasAll = (doc: Replica['doc']) => {
      const ids = new Set(readNotes(doc).map((n) => n.id));
      return acknowledged.every((id) => ids.has(id));
    };
    await Promise.all(replicas.map((r) => r.waitFor(hasAll, 15_000)));
    const texts = replicas.map((r) => JSON.stringify(readNotes(r.doc).map((n) => n.text).sort()));

    printMetric('redis-unreachable', {
      kind,
      refusedMs: during.map((d) => d.ms),
      refusedAgainMs: again.ms,
      freshReplicaSynced: freshSyncedDuringOutage,
      readyAfterRedisBackMs: readyAfterMs,
      firstAckAfterRedisBackMs: recoveredMs,
    });
    expect(downReadiness).toMatchObject([
      { status: 503, body: { ok: false, store: 'down' } },
      { status: 503, body: { ok: false, store: 'down' } },
    ]);
    expect(sockets).toEqual([true, true]);
    expect({ synced: fresh.synced, duringOutage: freshSyncedDuringOutage, notes: freshNotes, closeCodes: fresh.closeCodes }).toEqual({
      synced: true,
      duringOutage: true,
      notes: 6,
      closeCodes: [],
    });
    expect(new Set(texts).size).toBe(1);
    expect(await readyz(n1)).toEqual({ status: 200, body: { ok: true, store: 'up', documents: { awaitingRepair: 0, pendingStructs: [] } } });
    for (const node of [n1, n2]) {
      expect(await isRunning(node)).toBe(true);
      expect(unhandledLines(node)).toEqual([]);
    }
  }

  it('hung (SIGSTOP): commands are refused by name within the timeout, memory is still served, all is well after', async () => {
    const test = redis as TestRedis;
    await throughOutage(
      'paused',
      async () => test.pause(),
      async () => test.resume(),
    );
  }, 60_000);

  it('stopped: the same, and the nodes reconnect on their own when it starts again', async () => {
    const test = redis as TestRedis;
    await throughOutage(
      'stopped',
      () => test.stop(),
      () => test.restart(),
    );
  }, 60_000);
});
