import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { api, createWorkshop, type TestWorkshop } from '../helpers/workshops.ts';
import { tally } from '../helpers/limits.ts';

describe('join-code tries are counted before the lookup, atomically', () => {
  let server: TestServer;
  let workshop: TestWorkshop;

  beforeAll(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server);
  });
  afterAll(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('checks at most 10 of 200 concurrent wrong codes and refuses the rest, the right code included, with 429 TOO_MANY_ATTEMPTS', async () => {
    const wrong = Array.from({ length: 200 }, (_, i) => api<{ error?: string }>(server, 'POST', '/api/join', { code: `ZZZ${String(i).padStart(4, '2')}`.slice(0, 7), displayName: 'Eve' }));
    const right = api<{ error?: string }>(server, 'POST', '/api/join', { code: workshop.joinCode, displayName: 'Eve' });
    const answers = await Promise.all([...wrong, right]);
    const wrongCounts = tally((await Promise.all(wrong)).map((a) => a.body.error ?? a.status));
    console.info(`200 concurrent wrong join codes + the right one: ${JSON.stringify(tally(answers.map((a) => a.body.error ?? a.status)))}`);
    expect(wrongCounts.WRONG_JOIN_CODE).toBe(10);
    expect(wrongCounts.TOO_MANY_ATTEMPTS).toBe(190);
    const rightAnswer = await right;
    // Checked only if it came before the limit was reached; then it also gave its try back.
    expect([201, 429]).toContain(rightAnswer.status);
    const after = await api<{ error?: string }>(server, 'POST', '/api/join', { code: workshop.joinCode, displayName: 'Eve' });
    expect(after).toMatchObject({ status: 429, body: { error: 'TOO_MANY_ATTEMPTS' } });
  });
});

describe('a successful join gives its try back', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('lets a room behind one address join with the right code many times while wrong codes still count', async () => {
    const workshop = await createWorkshop(server);
    const joins = await Promise.all(Array.from({ length: 15 }, (_, i) => api(server, 'POST', '/api/join', { code: workshop.joinCode, displayName: `P${i}` })));
    expect(joins.every((j) => j.status === 201)).toBe(true);
    for (let i = 0; i < 10; i++) expect((await api(server, 'POST', '/api/join', { code: 'ZZZZZZZ', displayName: 'Eve' })).status).toBe(404);
    const refused = await api(server, 'POST', '/api/join', { code: workshop.joinCode, displayName: 'Eve' });
    expect(refused.status).toBe(429);
  });
});
