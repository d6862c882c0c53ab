import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type Client } from '../helpers/clients.ts';
import { tally, withLimits } from '../helpers/limits.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, openSession, type TestWorkshop } from '../helpers/workshops.ts';

/** Every connection sends `each` clock.sync commands at once; the answers, flattened. */
async function burst(clients: Client[], each: number): Promise<string[]> {
  const sends = clients.flatMap((c) => Array.from({ length: each }, () => c.send('clock.sync', {})));
  return (await Promise.all(sends)).map((r) => (r.ok ? 'ok' : r.error));
}

describe('command rates are shared by every connection of a session and of an address', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  const clients: Client[] = [];

  beforeAll(async () => {
    server = await startTestServer(withLimits({ commandsPerSessionPerSecond: 40, commandsPerAddressPerSecond: 100 }, { commandsPerSecond: 20 }));
    workshop = await createWorkshop(server);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('accepts at most two windows of the session rate from one session with 20 connections, refusing the rest as RATE_LIMITED', async () => {
    const person = await openSession(server, workshop, 'participant', 'Ana');
    const mine = await Promise.all(Array.from({ length: 20 }, () => connectClient(server, person.token)));
    clients.push(...mine);
    const answers = tally(await burst(mine, 40));
    console.info(`one session, 20 connections x 40 commands at once: ${JSON.stringify(answers)}`);
    expect((answers.ok ?? 0) + (answers.RATE_LIMITED ?? 0)).toBe(800);
    // One burst may straddle the boundary of two one-second windows, never more.
    expect(answers.ok).toBeGreaterThanOrEqual(40);
    expect(answers.ok).toBeLessThanOrEqual(80);
  });

  it('accepts at most two windows of the address rate from many sessions on one address', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => openSession(server, workshop, 'participant', `P${i}`)));
    const mine = await Promise.all(people.map((p) => connectClient(server, p.token)));
    clients.push(...mine);
    const answers = tally(await burst(mine, 38));
    console.info(`6 sessions on one address x 38 commands at once: ${JSON.stringify(answers)}`);
    // 38 commands stay under each connection's and each session's limit: only the address refuses.
    expect(answers.ok).toBeGreaterThan(0);
    expect(answers.ok).toBeLessThanOrEqual(200);
    expect(answers.RATE_LIMITED).toBeGreaterThanOrEqual(228 - 200);
  });
});
