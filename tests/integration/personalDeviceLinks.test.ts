import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards } from '../../shared/board/boardDocument.ts';
import type { DeviceLink } from '../../shared/protocol/sessionTypes.ts';
import { connectClient, openReplica } from '../helpers/clients.ts';
import { waitForPresence } from '../helpers/presence.ts';
import { UNLIMITED_COMMANDS, withLimits } from '../helpers/limits.ts';
import { startRedis, uniqueKeyPrefix } from '../helpers/redisServer.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { api, createWorkshop, joinAs, type Member, type Person, type TestWorkshop } from '../helpers/workshops.ts';

const deviceSecretOf = (url: string) => new URL(url).hash.replace(/^#d=/, '');

const redis = await startRedis();
afterAll(() => redis?.dispose());
const stores = [
  { name: 'embedded store', available: true, config: () => ({}) },
  { name: 'Redis', available: redis !== null, config: () => ({ redisUrl: redis!.url, redisKeyPrefix: uniqueKeyPrefix('devices') }) },
];

describe.each(stores)('one person on several devices, $name: a personal link opens the same person, once, for a few minutes', (store) => {
  if (!store.available) return;
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitator: Member;
  let ana: Member;
  let boardId: string;

  beforeEach(async () => {
    server = await startTestServer({ ...withLimits(UNLIMITED_COMMANDS, { commandsPerSecond: 1000 }), ...store.config() });
    workshop = await createWorkshop(server);
    facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    ana = await joinAs(server, workshop, 'participant', 'Ana', 'SENAE');
    const replica = await openReplica(server, workshop.id, ana.person.token);
    boardId = readBoards(replica.doc)[0]!.id;
    replica.destroy();
  });
  afterEach(async () => {
    facilitator.close();
    ana.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  const mint = (token: string, body: unknown = {}, workshopId = workshop.id) =>
    api<DeviceLink & { error?: string }>(server, 'POST', `/api/workshops/${workshopId}/device-links`, body, token);
  const redeem = (secret: string, workshopId = workshop.id) =>
    api<Person & { error?: string }>(server, 'POST', `/api/workshops/${workshopId}/device-sessions`, { secret });

  it('the second device is the same person: edits her earlier note, shares one vote budget, appears once in presence', async () => {
    await facilitator.send('phase.set', { phase: 'write', privateWriting: false });
    const written = await ana.send('note.add', { boardId, row: 'transparency', column: 'gaps', text: 'Tariff rulings are not published' });
    expect(written).toMatchObject({ ok: true });
    const noteId = (written as { noteId: string }).noteId;

    const minted = await mint(ana.person.token);
    expect(minted).toMatchObject({ status: 201 });
    expect(minted.body.url).toMatch(new RegExp(`/w/${workshop.id}#d=[A-Za-z0-9_-]{43}$`));
    expect(minted.body.expiresAt - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    const opened = await redeem(deviceSecretOf(minted.body.url));
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ role: 'participant', participantId: ana.person.participantId, displayName: 'Ana' });
    expect(opened.body.token).not.toBe(ana.person.token);

    const phone = await connectClient(server, opened.body.token);
    expect(await phone.send('workshop.join', {})).toMatchObject({ ok: true });
    expect(await phone.send('note.edit', { noteId, text: 'Tariff rulings are never published' })).toEqual({ ok: true });

    // One entry in presence for two connections of one person.
    const seen = await waitForPresence(facilitator, (p) => p.byRole.participant === 1 && p.people.some((x) => x.displayName === 'Ana'));
    expect(seen.people.filter((p) => p.displayName === 'Ana')).toHaveLength(1);
    expect(seen.count).toBe(2);

    // One vote budget across both devices.
    const notes: string[] = [noteId];
    for (let i = 0; i < 3; i++) {
      const r = await facilitator.send('note.add', { boardId, row: 'transparency', column: 'gaps', text: `Gap ${i}` });
      notes.push((r as { noteId: string }).noteId);
    }
    await facilitator.send('voting.configure', { votesPerParticipant: 3, maxPerNote: 1, showLive: false });
    await facilitator.send('phase.set', { phase: 'vote' });
    expect(await ana.send('vote.cast', { noteId: notes[0]! })).toMatchObject({ ok: true, remaining: 2 });
    const echoed = ana.next('votes.mine', (v) => Object.keys(v[boardId] ?? {}).length === 2);
    expect(await phone.send('vote.cast', { noteId: notes[1]! })).toMatchObject({ ok: true, remaining: 1 });
    await echoed; // the first device learns of the vote cast on the second
    expect(await phone.send('vote.cast', { noteId: notes[2]! })).toMatchObject({ ok: true, remaining: 0 });
    expect(await ana.send('vote.cast', { noteId: notes[3]! })).toEqual({ ok: false, error: 'VOTE_BUDGET_EXCEEDED' });
    phone.close();
  });

  it('a personal link opens one session only, and none once expired', async () => {
    const once = deviceSecretOf((await mint(ana.person.token)).body.url);
    expect((await redeem(once)).status).toBe(201);
    expect(await redeem(once)).toEqual({ status: 410, body: { error: 'DEVICE_LINK_USED' } });

    const late = deviceSecretOf((await mint(ana.person.token)).body.url);
    const realNow = server.services.now;
    server.services.now = () => realNow() + 10 * 60_000 + 1;
    try {
      expect(await redeem(late)).toEqual({ status: 410, body: { error: 'DEVICE_LINK_EXPIRED' } });
    } finally {
      server.services.now = realNow;
    }
    expect(await redeem('x'.repeat(43))).toEqual({ status: 401, body: { error: 'UNAUTHENTICATED' } });
    expect(await redeem('not a secret')).toMatchObject({ status: 400, body: { error: 'INVALID_PAYLOAD' } });
  });

  it('a person can only ever mint a link to themselves', async () => {
    const bruno = await joinAs(server, workshop, 'participant', 'Bruno', 'DGA');
    // No way to name anyone else: the body must be empty.
    for (const body of [{ participantId: bruno.person.participantId }, { token: bruno.person.token }, { sessionId: 'AAAAAAAAAAAAAAAA' }]) {
      expect(await mint(ana.person.token, body)).toMatchObject({ status: 400, body: { error: 'INVALID_PAYLOAD' } });
    }
    // A role link's secret is not a person; no token is nobody.
    expect(await mint(workshop.secrets.participant)).toMatchObject({ status: 401, body: { error: 'UNAUTHENTICATED' } });
    expect((await api(server, 'POST', `/api/workshops/${workshop.id}/device-links`, {})).status).toBe(401);
    // Another workshop's session cannot mint here, nor can a link be used at another workshop.
    const other = await createWorkshop(server, { title: 'Other workshop' });
    const carla = await joinAs(server, other, 'participant', 'Carla');
    expect(await mint(carla.person.token)).toMatchObject({ status: 401, body: { error: 'UNAUTHENTICATED' } });
    const anasLink = deviceSecretOf((await mint(ana.person.token)).body.url);
    expect(await redeem(anasLink, other.id)).toEqual({ status: 401, body: { error: 'UNAUTHENTICATED' } });
    // Ana's link opens Ana, whoever asked.
    expect((await redeem(anasLink)).body).toMatchObject({ participantId: ana.person.participantId, displayName: 'Ana' });
    expect((await redeem(deviceSecretOf((await mint(bruno.person.token)).body.url))).body).toMatchObject({ participantId: bruno.person.participantId });

    // A session a facilitator ended mints nothing more, and its links stop opening sessions.
    const pending = deviceSecretOf((await mint(bruno.person.token)).body.url);
    const sessions = await api<{ sessions: Array<{ id: string; displayName: string | null; number: number; device: number }> }>(server, 'GET', `/api/workshops/${workshop.id}/sessions`, undefined, facilitator.person.token);
    const brunos = sessions.body.sessions.filter((s) => s.displayName === 'Bruno');
    expect(brunos).toHaveLength(2); // his first device and the one his link opened
    expect(brunos.map((s) => [s.number, s.device])).toEqual([[2, 1], [2, 2]]); // one person (Ana is participant 1), two devices
    const first = brunos[0]!;
    expect((await api(server, 'POST', `/api/workshops/${workshop.id}/sessions/${first.id}/end`, {}, facilitator.person.token)).status).toBe(200);
    expect(await redeem(pending)).toEqual({ status: 401, body: { error: 'SESSION_ENDED' } });
    expect(await mint(bruno.person.token)).toMatchObject({ status: 401, body: { error: 'SESSION_ENDED' } });
    bruno.close();
    carla.close();
  });

  it('merging the two sessions of one person only ends the duplicate', async () => {
    const opened = await redeem(deviceSecretOf((await mint(ana.person.token)).body.url));
    const list = await api<{ sessions: Array<{ id: string; displayName: string | null }> }>(server, 'GET', `/api/workshops/${workshop.id}/sessions`, undefined, facilitator.person.token);
    const [first, second] = list.body.sessions.filter((s) => s.displayName === 'Ana');
    const merged = await api(server, 'POST', `/api/workshops/${workshop.id}/sessions/${second!.id}/merge`, { into: first!.id }, facilitator.person.token);
    expect(merged).toEqual({ status: 200, body: { movedNotes: 0, movedVotes: 0, droppedVotes: 0 } });
    expect(await api(server, 'GET', `/api/workshops/${workshop.id}`, undefined, opened.body.token)).toMatchObject({ status: 401, body: { error: 'SESSION_ENDED' } });
    expect((await api(server, 'GET', `/api/workshops/${workshop.id}`, undefined, ana.person.token)).status).toBe(200);
  });
});
