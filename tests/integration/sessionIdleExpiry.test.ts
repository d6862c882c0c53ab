import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, openRawYjsClient } from '../helpers/clients.ts';
import { withLimits } from '../helpers/limits.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { api, createWorkshop, joinAs, type TestWorkshop } from '../helpers/workshops.ts';

describe('a session unused for the idle time expires', () => {
  let server: TestServer;
  let workshop: TestWorkshop;

  beforeAll(async () => {
    server = await startTestServer(withLimits({ sessionIdleMs: 1500 }));
    workshop = await createWorkshop(server);
  });
  afterAll(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('closes the idle session’s sockets with SESSION_EXPIRED and then refuses its token with 401 SESSION_EXPIRED', async () => {
    const ana = await joinAs(server, workshop, 'participant', 'Ana');
    const yjs = await openRawYjsClient(server, workshop.id, ana.person.token);
    const told = ana.next('session.ended');
    expect(await told).toBe('SESSION_EXPIRED');
    expect(await yjs.closed).toEqual({ code: 4001, reason: 'SESSION_EXPIRED' });
    expect(await api(server, 'GET', `/api/workshops/${workshop.id}`, undefined, ana.person.token)).toMatchObject({ status: 401, body: { error: 'SESSION_EXPIRED' } });
    await expect(connectClient(server, ana.person.token)).rejects.toThrow('SESSION_EXPIRED');
  });

  it('refuses an idle facilitator\'s token on the export and CIPS routes too', async () => {
    const maria = await joinAs(server, workshop, 'facilitator', 'María');
    expect((await fetch(`${server.url}/api/workshops/${workshop.id}/export?format=json&lang=en&board=all`, { headers: { authorization: `Bearer ${maria.person.token}` } })).status).toBe(200);
    expect(await maria.next('session.ended')).toBe('SESSION_EXPIRED');
    const exported = await fetch(`${server.url}/api/workshops/${workshop.id}/export?format=json&lang=en&board=all`, { headers: { authorization: `Bearer ${maria.person.token}` } });
    expect({ status: exported.status, body: await exported.json() }).toMatchObject({ status: 401, body: { error: 'SESSION_EXPIRED' } });
    const cips = await fetch(`${server.url}/api/workshops/${workshop.id}/cips`, { method: 'POST', headers: { authorization: `Bearer ${maria.person.token}` }, body: 'survey_id\n' });
    expect({ status: cips.status, body: await cips.json() }).toMatchObject({ status: 401, body: { error: 'SESSION_EXPIRED' } });
  });
});
