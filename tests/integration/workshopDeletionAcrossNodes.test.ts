import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { connectClient, openRawYjsClient, openReplica } from '../helpers/clients.ts';
import { startRedis, uniqueKeyPrefix, type TestRedis } from '../helpers/redisServer.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { api, createWorkshop, joinAs } from '../helpers/workshops.ts';

const redis = await startRedis();

/** Every key under the prefix and, for every key, its values as text. */
async function everythingStored(url: string, prefix: string): Promise<string[]> {
  const client = createClient({ url });
  await client.connect();
  const entries: string[] = [];
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      for (const key of keys) {
        const type = String(await client.type(key));
        const values =
          type === 'string' ? [String(await client.get(key))]
          : type === 'hash' ? Object.entries(await client.hGetAll(key)).flat()
          : type === 'list' ? await client.lRange(key, 0, -1)
          : type === 'set' ? await client.sMembers(key)
          : type === 'stream' ? [] // the Socket.IO adapter's stream: events, not workshop data
          : [`unexpected type ${type}`];
        entries.push(`${key} = ${values.join(' | ')}`);
      }
    }
  } finally {
    client.destroy();
  }
  return entries;
}

describe.skipIf(!redis)('deleting a workshop on one node empties Redis and every node', () => {
  const prefix = uniqueKeyPrefix('deletion');
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    const shared = { redisUrl: (redis as TestRedis).url, redisKeyPrefix: prefix, commandsPerSecond: 1000, presenceTtlMs: 3000 };
    a = await startTestServer({ ...shared, nodeId: 'node-a' });
    b = await startTestServer({ ...shared, nodeId: 'node-b' });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    if (a) await removeDataDir(a.dataDir);
    if (b) await removeDataDir(b.dataDir);
    await redis?.dispose();
  });

  it('people on the other node are told WORKSHOP_DELETED, that node drops it from memory, and no key or value of it is left', async () => {
    const workshop = await createWorkshop(a, { title: 'Two nodes' });
    const kept = await createWorkshop(a, { title: 'Kept' });
    const facilitator = await joinAs(a, workshop, 'facilitator', 'María');
    const onB = await joinAs(b, workshop, 'participant', 'Ana');
    const replicaOnB = await openReplica(b, workshop.id, onB.person.token);
    const boardId = readBoards(replicaOnB.doc)[0]!.id;
    replicaOnB.destroy();
    const note = await onB.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Written on node b' });
    await facilitator.send('phase.set', { phase: 'vote' });
    await onB.send('vote.cast', { noteId: (note as { noteId: string }).noteId });
    await facilitator.send('phase.set', { phase: 'write', privateWriting: true });
    await onB.send('note.add', { boardId, row: 'hrm', column: 'strengths', text: 'Hidden on node b' });
    const yjsOnB = await openRawYjsClient(b, workshop.id, onB.person.token);
    await yjsOnB.nextMessage();
    expect(await b.services.registry.peek(workshop.id)).not.toBeNull();
    const before = await everythingStored((redis as TestRedis).url, prefix);
    expect(before.filter((entry) => entry.includes(workshop.id)).length).toBeGreaterThan(8);

    const told = onB.next('session.ended');
    const res = await api(a, 'DELETE', `/api/workshops/${workshop.id}`, { confirmTitle: 'Two nodes' }, facilitator.person.token);
    expect(res).toEqual({ status: 200, body: { deleted: workshop.id } });
    expect(await told).toBe('WORKSHOP_DELETED');
    expect(await yjsOnB.closed).toEqual({ code: 4410, reason: 'WORKSHOP_DELETED' });
    // The deleting node waited for node b's answer before erasing, so b has already let go.
    expect(await b.services.registry.peek(workshop.id)).toBeNull();
    expect(await a.services.registry.peek(workshop.id)).toBeNull();

    const after = await everythingStored((redis as TestRedis).url, prefix);
    expect(after.filter((entry) => entry.includes(workshop.id) || entry.includes(onB.person.participantId))).toEqual([]);
    expect(after.filter((entry) => entry.includes(kept.id)).length).toBeGreaterThan(0);

    for (const node of [a, b]) {
      expect((await api(node, 'GET', `/api/workshops/${workshop.id}`, undefined, onB.person.token)).status).toBe(404);
      await expect(connectClient(node, onB.person.token)).rejects.toThrow('UNAUTHENTICATED');
    }
    facilitator.close();
    onB.close();
  });
});
