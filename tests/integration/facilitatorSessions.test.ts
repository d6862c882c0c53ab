import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards, readVoteCounts } from '../../shared/board/boardDocument.ts';
import type { SessionInfo, SessionMergeResult } from '../../shared/protocol/sessionTypes.ts';
import { connectClient, openRawYjsClient, openReplica, type Client } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { api, createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

describe('the facilitator sees every session and ends or merges duplicates', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitator: Member;
  let boardId: string;
  const open: Array<{ close(): void }> = [];

  const list = async (token = facilitator.person.token) => api<{ sessions: SessionInfo[]; error?: string }>(server, 'GET', `/api/workshops/${workshop.id}/sessions`, undefined, token);
  const sessionOf = async (name: string) => (await list()).body.sessions.filter((s) => s.displayName === name);

  beforeAll(async () => {
    server = await startTestServer({ commandsPerSecond: 1000 });
    workshop = await createWorkshop(server);
    facilitator = await joinAs(server, workshop, 'facilitator', 'María', 'DNA Uruguay');
    open.push(facilitator);
    const replica = await openReplica(server, workshop.id, facilitator.person.token);
    boardId = readBoards(replica.doc)[0]!.id;
    replica.destroy();
  });
  afterAll(async () => {
    for (const x of open) x.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('refuses participants, observers and rapporteurs with FORBIDDEN_ROLE, changing nothing', async () => {
    const victim = await joinAs(server, workshop, 'participant', 'Victim');
    open.push(victim);
    const [victimSession] = await sessionOf('Victim');
    for (const role of ['participant', 'observer', 'rapporteur'] as const) {
      const someone = await joinAs(server, workshop, role, `A ${role}`);
      open.push(someone);
      const token = someone.person.token;
      expect(await list(token)).toMatchObject({ status: 403, body: { error: 'FORBIDDEN_ROLE' } });
      expect(await api(server, 'POST', `/api/workshops/${workshop.id}/sessions/${victimSession!.id}/end`, undefined, token)).toMatchObject({ status: 403, body: { error: 'FORBIDDEN_ROLE' } });
      const merge = await api(server, 'POST', `/api/workshops/${workshop.id}/sessions/${victimSession!.id}/merge`, { into: victimSession!.id }, token);
      expect(merge).toMatchObject({ status: 403, body: { error: 'FORBIDDEN_ROLE' } });
    }
    expect(await victim.send('clock.sync', {})).toMatchObject({ ok: true });
    expect(await sessionOf('Victim')).toHaveLength(1);
  });

  it('lists each session with name, administration, role, times and open connections', async () => {
    const ana = await joinAs(server, workshop, 'participant', 'Ana', 'SENAE');
    const again = await connectClient(server, ana.person.token);
    open.push(ana, again);
    const [mine] = await sessionOf('Ana');
    expect(mine).toMatchObject({ role: 'participant', administration: 'SENAE', connections: 2, isYou: false });
    expect(mine!.lastSeenAt).toBeGreaterThanOrEqual(mine!.createdAt);
    expect((await sessionOf('María'))[0]!.isYou).toBe(true);
    expect(JSON.stringify((await list()).body)).not.toContain(ana.person.token);
    expect(JSON.stringify((await list()).body)).not.toContain(ana.person.participantId);
  });

  it('ends a session: its sockets are told SESSION_ENDED and closed, its token is refused everywhere', async () => {
    const bruno = await joinAs(server, workshop, 'participant', 'Bruno');
    const yjs = await openRawYjsClient(server, workshop.id, bruno.person.token);
    const told = bruno.next('session.ended');
    const [session] = await sessionOf('Bruno');
    expect(await api(server, 'POST', `/api/workshops/${workshop.id}/sessions/${session!.id}/end`, undefined, facilitator.person.token)).toMatchObject({ status: 200 });
    expect(await told).toBe('SESSION_ENDED');
    expect(await yjs.closed).toEqual({ code: 4001, reason: 'SESSION_ENDED' });
    expect(await api(server, 'GET', `/api/workshops/${workshop.id}`, undefined, bruno.person.token)).toMatchObject({ status: 401, body: { error: 'SESSION_ENDED' } });
    await expect(connectClient(server, bruno.person.token)).rejects.toThrow('SESSION_ENDED');
    expect(await sessionOf('Bruno')).toHaveLength(0);
  });

  it('merges a duplicate into its person: notes follow, the survivor edits them, one budget holds and dropped votes are counted', async () => {
    await facilitator.send('voting.configure', { votesPerParticipant: 3, maxPerNote: 2, showLive: true });
    await facilitator.send('phase.set', { phase: 'write', privateWriting: false });
    const first = await joinAs(server, workshop, 'participant', 'Carla');
    const duplicate = await joinAs(server, workshop, 'participant', 'Carla');
    open.push(first, duplicate);
    const a = (await first.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'from the first tab' })) as { noteId: string };
    const b = (await duplicate.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'from the duplicate' })) as { noteId: string };
    expect(await first.send('note.edit', { noteId: b.noteId, text: 'not mine yet' })).toEqual({ ok: false, error: 'NOT_AUTHOR' });

    await facilitator.send('phase.set', { phase: 'vote' });
    for (const noteId of [a.noteId, a.noteId, b.noteId]) expect(await first.send('vote.cast', { noteId })).toMatchObject({ ok: true });
    for (const noteId of [b.noteId, a.noteId]) expect(await duplicate.send('vote.cast', { noteId })).toMatchObject({ ok: true });

    const [kept, dup] = await sessionOf('Carla');
    const ended = duplicate.next('session.ended');
    const merged = await api<SessionMergeResult>(server, 'POST', `/api/workshops/${workshop.id}/sessions/${dup!.id}/merge`, { into: kept!.id }, facilitator.person.token);
    expect(merged).toEqual({ status: 200, body: { movedNotes: 1, movedVotes: 0, droppedVotes: 2 } });
    expect(await ended).toBe('SESSION_ENDED');
    expect(await sessionOf('Carla')).toHaveLength(1);

    // The survivor reconnects as the one person: one budget, the merged note is theirs.
    const survivor = await connectClient(server, first.person.token);
    open.push(survivor);
    const joined = await survivor.send('workshop.join', {});
    expect(joined).toMatchObject({ ok: true });
    expect((joined as { ownNoteIds: string[] }).ownNoteIds.sort()).toEqual([a.noteId, b.noteId].sort());
    expect(await survivor.send('vote.cast', { noteId: b.noteId })).toEqual({ ok: false, error: 'VOTE_BUDGET_EXCEEDED' });
    const replica = await openReplica(server, workshop.id, facilitator.person.token);
    expect(readVoteCounts(replica.doc)).toMatchObject({ [a.noteId]: 2, [b.noteId]: 1 });
    replica.destroy();
    await facilitator.send('phase.set', { phase: 'write', privateWriting: false });
    expect(await survivor.send('note.edit', { noteId: b.noteId, text: 'now mine' })).toEqual({ ok: true });
  });

  it('refuses merging sessions of different roles or a session into itself, changing nothing', async () => {
    const [carla] = await sessionOf('Carla');
    const [maria] = await sessionOf('María');
    const url = `/api/workshops/${workshop.id}/sessions/${carla!.id}/merge`;
    expect(await api(server, 'POST', url, { into: maria!.id }, facilitator.person.token)).toMatchObject({ status: 400, body: { error: 'INVALID_PAYLOAD' } });
    expect(await api(server, 'POST', url, { into: carla!.id }, facilitator.person.token)).toMatchObject({ status: 400, body: { error: 'INVALID_PAYLOAD' } });
    expect(await api(server, 'POST', url, { into: 'x' }, facilitator.person.token)).toMatchObject({ status: 400, body: { error: 'INVALID_PAYLOAD' } });
    expect(await sessionOf('Carla')).toHaveLength(1);
  });

  it('shows participants of an anonymous workshop only as numbered sessions', async () => {
    const hidden = await createWorkshop(server, { anonymous: true });
    const lead = await joinAs(server, hidden, 'facilitator', 'Lucía');
    const p = await joinAs(server, hidden, 'participant', 'Secret Name', 'Secret Admin');
    open.push(lead, p);
    const res = await api<{ sessions: SessionInfo[] }>(server, 'GET', `/api/workshops/${hidden.id}/sessions`, undefined, lead.person.token);
    const participant = res.body.sessions.find((s) => s.role === 'participant')!;
    expect(participant).toMatchObject({ displayName: null, administration: null, number: 1 });
    expect(participant.createdAt % (10 * 60_000)).toBe(0);
    expect(JSON.stringify(res.body)).not.toContain('Secret');
  });
});
