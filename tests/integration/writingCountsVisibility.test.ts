import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards, readSession } from '../../shared/board/boardDocument.ts';
import type { WritingCounts } from '../../shared/protocol/index.ts';
import { connectClient, openReplica, type Client } from '../helpers/clients.ts';
import { startCluster } from '../helpers/cluster.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

const countsReceived = (client: Client) => client.received.filter(([e]) => e === 'writing.counts').map(([, c]) => c as WritingCounts);

describe('who wrote how many notes in private is for facilitators, unless they share it', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitator: Member;
  let carla: Member;
  let diego: Member;
  let rapporteur: Member;
  let boardId: string;

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server);
    facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    carla = await joinAs(server, workshop, 'participant', 'Carla');
    diego = await joinAs(server, workshop, 'participant', 'Diego');
    rapporteur = await joinAs(server, workshop, 'rapporteur', 'Rosa');
    const replica = await openReplica(server, workshop.id, diego.person.token);
    boardId = readBoards(replica.doc)[0]!.id;
    replica.destroy();
    expect(await facilitator.send('phase.set', { phase: 'write', privateWriting: true })).toEqual({ ok: true });
  });
  afterEach(async () => {
    for (const m of [facilitator, carla, diego, rapporteur]) m.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('hidden by default: only the room total reaches participants and rapporteurs, even a crafted client that asks again', async () => {
    const toDiego = diego.next('writing.counts', (c) => c.total === 2);
    const toRapporteur = rapporteur.next('writing.counts', (c) => c.total === 2);
    const toFacilitator = facilitator.next('writing.counts', (c) => c.total === 2);
    await carla.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Promotions are bought' });
    await carla.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Transfers are punishments' });
    expect(await toDiego).toEqual({ total: 2, perPerson: null });
    expect(await toRapporteur).toEqual({ total: 2, perPerson: null });
    expect(await toFacilitator).toEqual({ total: 2, perPerson: [{ displayName: 'Carla', administration: 'SENAE', count: 2 }] });

    // A crafted client: joins again (counts are sent on join), and tries to switch the setting itself.
    const crafted = await connectClient(server, diego.person.token);
    const onJoin = crafted.next('writing.counts');
    expect(await crafted.sendRaw('workshop.join', {})).toMatchObject({ ok: true });
    expect(await onJoin).toEqual({ total: 2, perPerson: null });
    expect(await crafted.sendRaw('writingCounts.share', { shared: true })).toEqual({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(await rapporteur.sendRaw('writingCounts.share', { shared: true })).toEqual({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(await facilitator.sendRaw('writingCounts.share', { shared: 'yes' })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(await facilitator.sendRaw('writingCounts.share', { shared: true, also: 1 })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    const replica = await openReplica(server, workshop.id, facilitator.person.token);
    expect(readSession(replica.doc).writingCountsShared).toBe(false);
    replica.destroy();
    for (const client of [diego, crafted, rapporteur, carla]) {
      expect(countsReceived(client).every((c) => c.perPerson === null)).toBe(true);
    }
    crafted.close();
  });

  it('a facilitator can show them to everyone, and hide them again', async () => {
    await carla.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Promotions are bought' });
    const shown = diego.next('writing.counts', (c) => c.perPerson !== null);
    expect(await facilitator.send('writingCounts.share', { shared: true })).toEqual({ ok: true });
    expect(await shown).toEqual({ total: 1, perPerson: [{ displayName: 'Carla', administration: 'SENAE', count: 1 }] });
    const late = await connectClient(server, diego.person.token);
    const onJoin = late.next('writing.counts');
    await late.send('workshop.join', {});
    expect((await onJoin).perPerson).toHaveLength(1);
    late.close();

    const hidden = diego.next('writing.counts', (c) => c.perPerson === null);
    expect(await facilitator.send('writingCounts.share', { shared: false })).toEqual({ ok: true });
    expect(await hidden).toEqual({ total: 1, perPerson: null });
    const toDiego = diego.next('writing.counts', (c) => c.total === 2);
    const toFacilitator = facilitator.next('writing.counts', (c) => c.total === 2);
    await carla.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Transfers are punishments' });
    expect(await toDiego).toEqual({ total: 2, perPerson: null });
    expect((await toFacilitator).perPerson).toEqual([{ displayName: 'Carla', administration: 'SENAE', count: 2 }]);
  });
});

const redis = await startRedis();
afterAll(() => redis?.dispose());

describe.skipIf(!redis)('across server nodes (Redis adapter)', () => {
  it('facilitators on one node get who wrote how many; participants on other nodes only the total', async () => {
    const cluster = await startCluster(redis as TestRedis, 2);
    try {
      const workshop = await createWorkshop(cluster.nodes[0]!);
      const facilitator = await joinAs(cluster.nodes[0]!, workshop, 'facilitator', 'María');
      const carla = await joinAs(cluster.nodes[1]!, workshop, 'participant', 'Carla');
      const diego = await joinAs(cluster.nodes[0]!, workshop, 'participant', 'Diego');
      const replica = await openReplica(cluster.nodes[1]!, workshop.id, carla.person.token);
      const board = readBoards(replica.doc)[0]!.id;
      replica.destroy();
      await facilitator.send('phase.set', { phase: 'write', privateWriting: true });
      const toFacilitator = facilitator.next('writing.counts', (c) => c.total === 1);
      const toDiego = diego.next('writing.counts', (c) => c.total === 1);
      const toCarla = carla.next('writing.counts', (c) => c.total === 1);
      await carla.send('note.add', { boardId: board, row: 'hrm', column: 'gaps', text: 'Promotions are bought' });
      expect((await toFacilitator).perPerson).toEqual([{ displayName: 'Carla', administration: 'SENAE', count: 1 }]);
      expect(await toDiego).toEqual({ total: 1, perPerson: null });
      expect(await toCarla).toEqual({ total: 1, perPerson: null });
      for (const m of [facilitator, carla, diego]) m.close();
    } finally {
      await cluster.stop();
    }
  });
});
