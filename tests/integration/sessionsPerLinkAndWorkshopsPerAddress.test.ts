import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tally, withLimits } from '../helpers/limits.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { api, createWorkshop, type TestWorkshop } from '../helpers/workshops.ts';

describe('one address may mint only so many sessions per link, and create only so many workshops', () => {
  let server: TestServer;
  let workshop: TestWorkshop;

  beforeAll(async () => {
    server = await startTestServer(withLimits({ sessionsPerLinkPerAddressPerHour: 5, workshopsPerAddressPerHour: 20 }));
    workshop = await createWorkshop(server);
  });
  afterAll(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('opens 5 of 30 concurrent sessions through the participant link and its join code, refusing the rest with 429 TOO_MANY_SESSIONS', async () => {
    const viaLink = Array.from({ length: 20 }, (_, i) =>
      api<{ error?: string }>(server, 'POST', `/api/workshops/${workshop.id}/sessions`, { secret: workshop.secrets.participant, displayName: `P${i}`, administration: '' }),
    );
    const viaCode = Array.from({ length: 10 }, (_, i) => api<{ error?: string }>(server, 'POST', '/api/join', { code: workshop.joinCode, displayName: `C${i}` }));
    const answers = await Promise.all([...viaLink, ...viaCode]);
    const counts = tally(answers.map((a) => a.body.error ?? a.status));
    console.info(`30 concurrent sessions through one link from one address: ${JSON.stringify(counts)}`);
    expect(counts['201']).toBe(5);
    expect(counts.TOO_MANY_SESSIONS).toBe(25);
    // Another link is counted apart.
    const observer = await api(server, 'POST', `/api/workshops/${workshop.id}/sessions`, { secret: workshop.secrets.observer, displayName: 'Olga', administration: '' });
    expect(observer.status).toBe(201);
  });

  it('creates 19 more of 60 concurrent workshops from one address this hour and refuses the rest with 429 RATE_LIMITED and Retry-After', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, () =>
        fetch(`${server.url}/api/workshops`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Flood' }) }),
      ),
    );
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ error?: string }>;
    const counts = tally(bodies.map((b, i) => b.error ?? answers[i]!.status));
    console.info(`60 concurrent workshop creations from one address (1 made before): ${JSON.stringify(counts)}`);
    expect(counts['201']).toBe(19);
    expect(counts.RATE_LIMITED).toBe(41);
    const refused = answers.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts a workshop imported from a file against the same limit, before reading the file', async () => {
    const file = JSON.stringify({ formatVersion: 1, title: 'Imported after the limit' });
    const res = await fetch(`${server.url}/api/workshops/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: file });
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: 'RATE_LIMITED' });
  });
});
