import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../shared/protocol/sessionTypes.ts';
import { connectClient, openRawYjsClient } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { api, createWorkshop, joinAs, secretOf, type Member, type TestWorkshop } from '../helpers/workshops.ts';

/**
 * A participant's Socket.IO handshake and their Yjs socket share one session check: the gate keeps
 * the positive answer for a few seconds. Whatever ends the session in between must still refuse
 * the Yjs socket that follows, on this node and on another.
 */

const endSession = async (server: { url: string }, workshop: TestWorkshop, facilitator: Member, name: string) => {
  const list = await api<{ sessions: SessionInfo[] }>(server, 'GET', `/api/workshops/${workshop.id}/sessions`, undefined, facilitator.person.token);
  const session = list.body.sessions.find((s) => s.displayName === name)!;
  const res = await api(server, 'POST', `/api/workshops/${workshop.id}/sessions/${session.id}/end`, undefined, facilitator.person.token);
  expect(res.status).toBe(200);
};

/** A Yjs socket opened now, and how it ended: served (a first message arrived) or closed with a reason. */
const yjsOutcome = async (server: { url: string }, workshopId: string, token: string) => {
  const raw = await openRawYjsClient(server, workshopId, token);
  const outcome = await Promise.race([raw.nextMessage().then(() => 'served' as const), raw.closed]);
  raw.ws.terminate();
  return outcome;
};

describe('a session checked moments ago on the Socket.IO side is checked again once anything ends it', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitator: Member;
  const open: Array<{ close(): void }> = [];

  beforeAll(async () => {
    server = await startTestServer({ commandsPerSecond: 1000 });
    workshop = await createWorkshop(server, { title: 'Recent answers' });
    facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    open.push(facilitator);
  });
  afterAll(async () => {
    for (const x of open) x.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('serves the Yjs socket that follows the handshake, and refuses it once the session ended', async () => {
    const ana = await joinAs(server, workshop, 'participant', 'Ana');
    open.push(ana);
    expect(await yjsOutcome(server, workshop.id, ana.person.token)).toBe('served');
    await endSession(server, workshop, facilitator, 'Ana');
    expect(await yjsOutcome(server, workshop.id, ana.person.token)).toEqual({ code: 4001, reason: 'SESSION_ENDED' });
    await expect(connectClient(server, ana.person.token)).rejects.toThrow('SESSION_ENDED');
  });

  it('refuses the Yjs socket right after the handshake once its link was revoked', async () => {
    const minted = await api<{ url: string; link: { id: string } }>(server, 'POST', `/api/workshops/${workshop.id}/links`, { role: 'observer', label: 'guest' }, facilitator.person.token);
    const session = await api<{ token: string }>(server, 'POST', `/api/workshops/${workshop.id}/sessions`, { secret: secretOf(minted.body.url), displayName: 'Guest' });
    const guest = await connectClient(server, session.body.token);
    open.push(guest);
    expect(await yjsOutcome(server, workshop.id, session.body.token)).toBe('served');
    expect((await api(server, 'POST', `/api/workshops/${workshop.id}/links/${minted.body.link.id}/revoke`, undefined, facilitator.person.token)).status).toBe(200);
    expect(await yjsOutcome(server, workshop.id, session.body.token)).toEqual({ code: 4001, reason: 'LINK_REVOKED' });
    await expect(connectClient(server, session.body.token)).rejects.toThrow('LINK_REVOKED');
  });

  it('refuses the Yjs socket right after the handshake once the workshop was deleted', async () => {
    const doomed = await createWorkshop(server, { title: 'Doomed' });
    const lead = await joinAs(server, doomed, 'facilitator', 'Lead');
    const bea = await joinAs(server, doomed, 'participant', 'Bea');
    open.push(lead, bea);
    expect(await yjsOutcome(server, doomed.id, bea.person.token)).toBe('served');
    expect((await api(server, 'DELETE', `/api/workshops/${doomed.id}`, { confirmTitle: 'Doomed' }, lead.person.token)).status).toBe(200);
    expect(await yjsOutcome(server, doomed.id, bea.person.token)).toEqual({ code: 4001, reason: 'UNAUTHENTICATED' });
    await expect(connectClient(server, bea.person.token)).rejects.toThrow('UNAUTHENTICATED');
  });
});

const redis = await startRedis();

describe.skipIf(!redis)('the same across two nodes on one Redis', () => {
  let cluster: Cluster;
  let workshop: TestWorkshop;
  let facilitator: Member;
  const open: Array<{ close(): void }> = [];

  beforeAll(async () => {
    cluster = await startCluster(redis as TestRedis, 2);
    workshop = await createWorkshop(cluster.nodes[0]!, { title: 'Two nodes' });
    facilitator = await joinAs(cluster.nodes[0]!, workshop, 'facilitator', 'María');
    open.push(facilitator);
  });
  afterAll(async () => {
    for (const x of open) x.close();
    await cluster?.stop();
    await redis?.dispose();
  });

  it('a session ended on one node is refused on the other, whose recent check had let it in', async () => {
    const [a, b] = [cluster.nodes[0]!, cluster.nodes[1]!];
    const ana = await joinAs(b, workshop, 'participant', 'Ana');
    open.push(ana);
    const first = await openRawYjsClient(b, workshop.id, ana.person.token);
    await first.nextMessage();
    await endSession(a, workshop, facilitator, 'Ana');
    // Node b heard of it: its open Yjs socket of the session closes.
    expect(await first.closed).toEqual({ code: 4001, reason: 'SESSION_ENDED' });
    expect(await yjsOutcome(b, workshop.id, ana.person.token)).toEqual({ code: 4001, reason: 'SESSION_ENDED' });
    await expect(connectClient(b, ana.person.token)).rejects.toThrow('SESSION_ENDED');
  });

  it('a link revoked on one node is refused on the other, whose recent check had let it in', async () => {
    const [a, b] = [cluster.nodes[0]!, cluster.nodes[1]!];
    const minted = await api<{ url: string; link: { id: string } }>(a, 'POST', `/api/workshops/${workshop.id}/links`, { role: 'observer', label: 'guest' }, facilitator.person.token);
    const session = await api<{ token: string }>(b, 'POST', `/api/workshops/${workshop.id}/sessions`, { secret: secretOf(minted.body.url), displayName: 'Guest' });
    const guest = await connectClient(b, session.body.token);
    open.push(guest);
    const first = await openRawYjsClient(b, workshop.id, session.body.token);
    await first.nextMessage();
    expect((await api(a, 'POST', `/api/workshops/${workshop.id}/links/${minted.body.link.id}/revoke`, undefined, facilitator.person.token)).status).toBe(200);
    expect(await first.closed).toEqual({ code: 4001, reason: 'LINK_REVOKED' });
    expect(await yjsOutcome(b, workshop.id, session.body.token)).toEqual({ code: 4001, reason: 'LINK_REVOKED' });
    await expect(connectClient(b, session.body.token)).rejects.toThrow('LINK_REVOKED');
  });
});
