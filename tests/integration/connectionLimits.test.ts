import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, openRawYjsClient, type Client } from '../helpers/clients.ts';
import { tally, withLimits } from '../helpers/limits.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, openSession, type TestWorkshop } from '../helpers/workshops.ts';

async function tryConnect(server: TestServer, token: string): Promise<Client | string> {
  try {
    return await connectClient(server, token);
  } catch (err) {
    return (err as Error).message;
  }
}

describe('open connections are capped per session and per address, Socket.IO and Yjs together', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  const open: Client[] = [];

  beforeAll(async () => {
    server = await startTestServer(withLimits({ connectionsPerSession: 5, connectionsPerAddress: 12 }));
    workshop = await createWorkshop(server);
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('lets 5 of 40 concurrent connections of one session in and refuses the others with TOO_MANY_CONNECTIONS, Yjs included', async () => {
    const person = await openSession(server, workshop, 'participant', 'Ana');
    const results = await Promise.all(Array.from({ length: 40 }, () => tryConnect(server, person.token)));
    const connected = results.filter((r): r is Client => typeof r !== 'string');
    open.push(...connected);
    console.info(`one session, 40 concurrent Socket.IO connections: ${JSON.stringify(tally(results.map((r) => (typeof r === 'string' ? r : 'connected'))))}`);
    expect(connected).toHaveLength(5);
    expect(results.filter((r) => r === 'TOO_MANY_CONNECTIONS')).toHaveLength(35);

    const yjs = await openRawYjsClient(server, workshop.id, person.token);
    expect(await yjs.closed).toEqual({ code: 4030, reason: 'TOO_MANY_CONNECTIONS' });

    // A closed connection gives its place back.
    const gone = connected.pop()!;
    const left = new Promise<void>((resolve) => gone.socket.once('disconnect', () => resolve()));
    gone.close();
    await left;
    let again: Client | string = 'TOO_MANY_CONNECTIONS';
    for (let attempt = 0; attempt < 50 && again === 'TOO_MANY_CONNECTIONS'; attempt++) again = await tryConnect(server, person.token);
    expect(typeof again).not.toBe('string');
    open.push(again as Client);
  });

  it('caps one address across its sessions', async () => {
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => openSession(server, workshop, 'participant', `P${i}`)));
    // 5 places are taken by the first test's session; 7 remain for this address.
    const results = await Promise.all(people.flatMap((p) => [tryConnect(server, p.token), tryConnect(server, p.token), tryConnect(server, p.token)]));
    const connected = results.filter((r): r is Client => typeof r !== 'string');
    open.push(...connected);
    expect(connected).toHaveLength(7);
    expect(results.filter((r) => r === 'TOO_MANY_CONNECTIONS')).toHaveLength(5);
  });
});
