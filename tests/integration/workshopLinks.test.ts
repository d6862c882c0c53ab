import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, YJS_CLOSE } from '../../shared/protocol/index.ts';
import { connectClient, openRawYjsClient } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { api, createWorkshop, joinAs, openSession, secretOf, type TestWorkshop } from '../helpers/workshops.ts';

async function storeBytes(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, 'store');
  const files = await readdir(dir);
  const contents = await Promise.all(files.map((f) => readFile(path.join(dir, f))));
  return Buffer.concat(contents).toString('latin1');
}

describe('workshops, role links and join codes', () => {
  let server: TestServer;
  let workshop: TestWorkshop;

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server, { title: 'SENAE 2023', dates: '17-18 January 2023', languages: ['es', 'en'] });
  });
  afterEach(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('creates a workshop with a join code and four links whose secrets ride in the fragment and are stored hashed', async () => {
    expect(workshop.joinCode).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6,8}$/);
    for (const link of Object.values(workshop.links)) {
      const url = new URL(link);
      expect(url.pathname).toBe(`/w/${workshop.id}`);
      expect(url.search).toBe('');
      expect(secretOf(link).length).toBeGreaterThanOrEqual(22); // >= 128 bits in base64url
    }
    await server.services.registry.closeAll();
    const bytes = await storeBytes(server.dataDir);
    for (const secret of Object.values(workshop.secrets)) expect(bytes).not.toContain(secret);
    const bad = await api(server, 'POST', '/api/workshops', { title: '', anonymous: 'yes' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'TEXT_EMPTY' } });
    const custom = await api(server, 'POST', '/api/workshops', { title: 'Custom', template: 'custom' });
    expect(custom).toMatchObject({ status: 400, body: { error: 'INVALID_PAYLOAD' } });
  });

  it('returns metadata to members only, with the join code for facilitators', async () => {
    const facilitator = await api(server, 'GET', `/api/workshops/${workshop.id}`, undefined, workshop.secrets.facilitator);
    expect(facilitator).toMatchObject({ status: 200, body: { title: 'SENAE 2023', role: 'facilitator', joinCode: workshop.joinCode } });
    const participant = await api<Record<string, unknown>>(server, 'GET', `/api/workshops/${workshop.id}`, undefined, workshop.secrets.participant);
    expect(participant.status).toBe(200);
    expect(participant.body.joinCode).toBeUndefined();
    expect(await api(server, 'GET', `/api/workshops/${workshop.id}`)).toMatchObject({ status: 401, body: { error: 'UNAUTHENTICATED' } });
    const other = await createWorkshop(server);
    expect(await api(server, 'GET', `/api/workshops/${workshop.id}`, undefined, other.secrets.facilitator)).toMatchObject({ status: 401 });
  });

  it('joins with the code (case and dashes ignored) and rate-limits wrong codes per address', async () => {
    const code = `${workshop.joinCode.slice(0, 3).toLowerCase()}-${workshop.joinCode.slice(3)}`;
    const joined = await api<{ role: string; token: string }>(server, 'POST', '/api/join', { code, displayName: 'Ana', administration: 'SENAE' });
    expect(joined).toMatchObject({ status: 201, body: { role: 'participant', workshopId: workshop.id } });
    const member = await connectClient(server, joined.body.token);
    expect(await member.send('workshop.join', {})).toMatchObject({ ok: true, role: 'participant', displayName: 'Ana' });
    member.close();
    for (let i = 0; i < 10; i++) {
      expect(await api(server, 'POST', '/api/join', { code: 'ZZZZZZZ', displayName: 'Eve' })).toMatchObject({ status: 404, body: { error: 'WRONG_JOIN_CODE' } });
    }
    expect(await api(server, 'POST', '/api/join', { code: workshop.joinCode, displayName: 'Eve' })).toMatchObject({ status: 429, body: { error: 'TOO_MANY_ATTEMPTS' } });
  });

  it('refuses handshakes with no, forged or foreign-version tokens by name', async () => {
    await expect(connectClient(server, null)).rejects.toThrow('UNAUTHENTICATED');
    await expect(connectClient(server, 'x'.repeat(43))).rejects.toThrow('UNAUTHENTICATED');
    await expect(connectClient(server, workshop.secrets.participant)).rejects.toThrow('UNAUTHENTICATED');
    await expect(connectClient(server, null, { protocolVersion: PROTOCOL_VERSION + 1, token: 'x'.repeat(43) })).rejects.toThrow('PROTOCOL_MISMATCH');
  });

  it('a facilitator mints a co-facilitator link; others may not; revoking it closes its open connections', async () => {
    const lead = await openSession(server, workshop, 'facilitator', 'María', 'DNA Uruguay');
    const participant = await openSession(server, workshop, 'participant', 'Ana');
    expect(await api(server, 'POST', `/api/workshops/${workshop.id}/links`, { role: 'facilitator' }, participant.token)).toMatchObject({ status: 403, body: { error: 'FORBIDDEN_ROLE' } });
    const minted = await api<{ url: string; link: { id: string } }>(server, 'POST', `/api/workshops/${workshop.id}/links`, { role: 'facilitator', label: 'AFIP' }, lead.token);
    expect(minted.status).toBe(201);
    const coSecret = secretOf(minted.body.url);
    const co = await api<{ token: string; role: string }>(server, 'POST', `/api/workshops/${workshop.id}/sessions`, { secret: coSecret, displayName: 'Lucía', administration: 'AFIP' });
    expect(co.body.role).toBe('facilitator');
    const coClient = await connectClient(server, co.body.token);
    expect(await coClient.send('workshop.join', {})).toMatchObject({ ok: true, role: 'facilitator' });
    const coYjs = await openRawYjsClient(server, workshop.id, co.body.token);

    const ended = coClient.next('session.ended');
    const disconnected = new Promise<string>((resolve) => coClient.socket.once('disconnect', (reason) => resolve(reason)));
    const revoked = await api(server, 'POST', `/api/workshops/${workshop.id}/links/${minted.body.link.id}/revoke`, undefined, lead.token);
    expect(revoked).toMatchObject({ status: 200, body: { link: { revokedAt: expect.any(Number) } } });
    expect(await ended).toBe('LINK_REVOKED');
    expect(await disconnected).toBe('io server disconnect');
    expect(await coYjs.closed).toEqual({ code: YJS_CLOSE.UNAUTHENTICATED.code, reason: 'LINK_REVOKED' });
    await expect(connectClient(server, co.body.token)).rejects.toThrow('LINK_REVOKED');
    expect(await api(server, 'POST', `/api/workshops/${workshop.id}/sessions`, { secret: coSecret, displayName: 'Lucía' })).toMatchObject({ status: 401, body: { error: 'LINK_REVOKED' } });

    const links = await api<{ links: Array<{ id: string; role: string; revokedAt: number | null }> }>(server, 'GET', `/api/workshops/${workshop.id}/links`, undefined, lead.token);
    expect(links.body.links).toHaveLength(5);
    expect(JSON.stringify(links.body)).not.toContain(coSecret);
  });

  it('rotating a link retires its old address but keeps people already in', async () => {
    const lead = await joinAs(server, workshop, 'facilitator', 'María');
    const ana = await joinAs(server, workshop, 'participant', 'Ana');
    const links = await api<{ links: Array<{ id: string; role: string }> }>(server, 'GET', `/api/workshops/${workshop.id}/links`, undefined, lead.person.token);
    const participantLink = links.body.links.find((l) => l.role === 'participant')!;
    const rotated = await api<{ url: string }>(server, 'POST', `/api/workshops/${workshop.id}/links/${participantLink.id}/rotate`, undefined, lead.person.token);
    expect(rotated.status).toBe(200);
    expect(await api(server, 'POST', `/api/workshops/${workshop.id}/sessions`, { secret: workshop.secrets.participant, displayName: 'Late' })).toMatchObject({ status: 401 });
    expect(await api(server, 'POST', `/api/workshops/${workshop.id}/sessions`, { secret: secretOf(rotated.body.url), displayName: 'Late' })).toMatchObject({ status: 201 });
    expect(await ana.send('clock.sync', {})).toMatchObject({ ok: true });
    lead.close();
    ana.close();
  });
});
