import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import { openReplica } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { isRunning, printMetric, unhandledLines, waitForStore } from '../helpers/faults.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';
import { createWorkshop, joinAs, type Member } from '../helpers/workshops.ts';

const redis = await startRedis();

const WRITERS = 6;
/** Notes each writer gets acknowledged after Redis is back. */
const AFTER_EACH = 5;
/** A refused command is retried after this pause, as a person (or the client's retry) would. */
const RETRY_PAUSE_MS = 100;

describe.skipIf(!redis)('Redis restarted (append-only file on) in the middle of a session', () => {
  let cluster: Cluster;
  const open: Array<{ close(): void } | { destroy(): void }> = [];

  beforeAll(async () => {
    cluster = await startCluster(redis as TestRedis, 2, { PRESENCE_TTL_MS: '3000' });
  });
  afterAll(async () => {
    for (const x of open) ('close' in x ? x.close() : x.destroy());
    await cluster?.stop();
    await redis?.dispose();
  });

  it('answers every command, refuses by name while Redis is away, and keeps every acknowledged note on both nodes', async () => {
    const test = redis as TestRedis;
    const [n1, n2] = cluster.nodes as [ServerProcess, ServerProcess];
    const workshop = await createWorkshop(n1);
    const writers: Member[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const m = await joinAs(cluster.nodes[i % 2]!, workshop, 'participant', `Writer ${i}`);
      open.push(m);
      writers.push(m);
    }
    const replicas = [await openReplica(n1, workshop.id, writers[0]!.person.token), await openReplica(n2, workshop.id, writers[1]!.person.token)];
    open.push(...replicas);
    const boardId = readBoards(replicas[0]!.doc)[0]!.id;

    const acknowledged: string[] = [];
    const unexpected: string[] = [];
    let refused = 0;
    let stoppingAt = 0;
    let firstRefusedAt = 0;
    let redisUpAt = 0;
    let recoveredAt = 0;
    let notifyAcks: () => void = () => undefined;
    const acksBefore = new Promise<void>((resolve) => {
      notifyAcks = () => acknowledged.length >= 30 && resolve();
    });
    const writerDone: Array<Promise<void>> = [];

    const write = async (m: Member, index: number) => {
      let afterCount = 0;
      let n = 0;
      while (afterCount < AFTER_EACH) {
        const sentAt = Date.now();
        let result;
        try {
          result = await m.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: `w${index} n${n++}` });
        } catch (err) {
          // No ack within 10 s, or the connection dropped: a command silently lost.
          unexpected.push(`writer ${index}: ${(err as Error).message}`);
          return;
        }
        if (result.ok) {
          acknowledged.push(result.noteId);
          notifyAcks();
          if (stoppingAt && sentAt >= stoppingAt && firstRefusedAt) {
            recoveredAt ||= Date.now();
            afterCount++;
          }
          continue;
        }
        if (result.error === 'STORE_UNAVAILABLE') {
          refused++;
          firstRefusedAt ||= Date.now();
        } else if (result.error !== 'RATE_LIMITED') {
          unexpected.push(`writer ${index}: ${result.error}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
    };

    for (const [i, m] of writers.entries()) writerDone.push(write(m, i));
    await acksBefore;
    stoppingAt = Date.now();
    await test.stop();
    await test.restart();
    redisUpAt = Date.now();
    await Promise.all(writerDone);
    expect(unexpected).toEqual([]);
    await waitForStore([n1, n2], 'up');

    const expected = new Set(acknowledged);
    const missingIn = (doc: (typeof replicas)[number]['doc']) => {
      const ids = new Set(readNotes(doc).map((n) => n.id));
      return [...expected].filter((id) => !ids.has(id));
    };
    // The replicas opened before the restart, and fresh ones on both nodes.
    for (const node of [n1, n2]) replicas.push(await openReplica(node, workshop.id, writers[2]!.person.token));
    open.push(...replicas.slice(2));
    await Promise.all(replicas.map((r) => r.waitFor((doc) => missingIn(doc).length === 0, 15_000).catch(() => undefined)));
    const lost = replicas.map((r) => missingIn(r.doc).length);
    printMetric('redis-restart', {
      acknowledged: acknowledged.length,
      refusedWhileDown: refused,
      lost: Math.max(...lost),
      redisDownMs: redisUpAt - stoppingAt,
      recoveryMs: recoveredAt - stoppingAt,
      recoveryAfterRedisUpMs: recoveredAt - redisUpAt,
    });
    // Updates held back by a gap (a missing earlier update of the same writer) show as pending.
    const pending = replicas.map((r) => (r.doc.store.pendingStructs ? [...r.doc.store.pendingStructs.missing] : []));
    expect({ lost, pending }).toEqual({ lost: [0, 0, 0, 0], pending: [[], [], [], []] });
    expect(refused).toBeGreaterThan(0);
    expect(recoveredAt).toBeGreaterThan(0);
    // Both nodes hold the same document.
    const ids = replicas.map((r) => JSON.stringify(readNotes(r.doc).map((n) => n.id).sort()));
    expect(new Set(ids).size).toBe(1);
    for (const node of [n1, n2]) {
      expect(await isRunning(node)).toBe(true);
      expect(unhandledLines(node)).toEqual([]);
    }
  });
});
