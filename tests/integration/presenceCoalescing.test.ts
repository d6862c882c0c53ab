import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type Client } from '../helpers/clients.ts';
import { withLimits } from '../helpers/limits.ts';
import { presenceSeen, waitForPresence } from '../helpers/presence.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, openSession, type Member, type TestWorkshop } from '../helpers/workshops.ts';

const presenceMessages = (c: Client) => c.received.filter(([e]) => e === 'presence.update' || e === 'presence.changed');

describe('presence is sent as coalesced changes, never the whole list to everyone on every connect', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let watcher: Member;
  const open: Client[] = [];

  beforeAll(async () => {
    server = await startTestServer(withLimits({ connectionsPerSession: 500, connectionsPerAddress: 1000 }));
    workshop = await createWorkshop(server);
    watcher = await joinAs(server, workshop, 'facilitator', 'María');
    await waitForPresence(watcher, (p) => p.count === 1);
  });
  afterAll(async () => {
    watcher.close();
    for (const c of open) c.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('200 connections of one person cost one snapshot each and at most a few changes to the others', async () => {
    const ana = await openSession(server, workshop, 'participant', 'Ana');
    const before = presenceMessages(watcher).length;
    const sockets = await Promise.all(Array.from({ length: 200 }, () => connectClient(server, ana.token)));
    open.push(...sockets);
    await waitForPresence(watcher, (p) => p.count === 2);
    await Promise.all(sockets.map((s) => waitForPresence(s, (p) => p.count === 2)));
    // A newcomer settles any change still pending, so every message of the burst has arrived.
    const bruno = await joinAs(server, workshop, 'participant', 'Bruno');
    open.push(bruno);
    await waitForPresence(watcher, (p) => p.count === 3);
    await Promise.all(sockets.map((s) => waitForPresence(s, (p) => p.count === 3)));

    const total = sockets.reduce((sum, s) => sum + presenceMessages(s).length, 0) + presenceMessages(watcher).length - before;
    const fullLists = sockets.reduce((sum, s) => sum + s.received.filter(([e]) => e === 'presence.update').length, 0);
    console.info(`200 connections of one person, then one more person: ${total} presence messages (${fullLists} full lists, one per new connection)`);
    expect(fullLists).toBe(200);
    expect(presenceMessages(watcher).length - before).toBeLessThanOrEqual(3);
    // Was ~20,000 when every connect re-sent the list to everyone.
    expect(total).toBeLessThanOrEqual(200 + 3 * 201);
    expect(presenceSeen(watcher)?.people.map((p) => p.displayName)).toEqual(['María', 'Ana', 'Bruno']);
  });

  it('sends who left as a change with their key, not a new list', async () => {
    const carla = await joinAs(server, workshop, 'participant', 'Carla');
    await waitForPresence(watcher, (p) => p.people.some((x) => x.displayName === 'Carla'));
    const key = presenceSeen(watcher)!.people.find((x) => x.displayName === 'Carla')!.key;
    const left = watcher.next('presence.changed', (c) => c.removed.includes(key));
    carla.close();
    const change = await left;
    expect(change.added).toEqual([]);
    expect(change.removed).toEqual([key]);
  });
});
