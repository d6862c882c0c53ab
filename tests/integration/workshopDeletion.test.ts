import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { connectClient, openRawYjsClient, openReplica, type RawYjsClient } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { api, createWorkshop, joinAs, openSession, type Member, type TestWorkshop } from '../helpers/workshops.ts';

const TITLE = 'SENAE integrity workshop';

describe('a facilitator deletes a workshop and everything stored for it (embedded store, one node)', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let other: TestWorkshop;
  let facilitator: Member;
  let participant: Member;
  let yjs: RawYjsClient;
  let boardId: string;

  beforeEach(async () => {
    server = await startTestServer({ commandsPerSecond: 1000 });
    workshop = await createWorkshop(server, { title: TITLE });
    other = await createWorkshop(server, { title: 'Another workshop' });
    facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    participant = await joinAs(server, workshop, 'participant', 'Ana');
    const replica = await openReplica(server, workshop.id, participant.person.token);
    boardId = readBoards(replica.doc)[0]!.id;
    replica.destroy();
    // Something of every kind: a note (ownership, counter), a hidden note, a vote.
    const note = await facilitator.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Promotions depend on contacts' });
    await participant.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Rotation is rare' });
    await facilitator.send('phase.set', { phase: 'vote' });
    await participant.send('vote.cast', { noteId: (note as { noteId: string }).noteId });
    await facilitator.send('phase.set', { phase: 'write', privateWriting: true });
    await participant.send('note.add', { boardId, row: 'hrm', column: 'strengths', text: 'Hidden until reveal' });
    yjs = await openRawYjsClient(server, workshop.id, participant.person.token);
    await yjs.nextMessage(); // served: the document is loaded and this connection counted
  });
  afterEach(async () => {
    facilitator.close();
    participant.close();
    yjs.ws.terminate();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  const deleteAs = (token: string | undefined, body: unknown = { confirmTitle: TITLE }) =>
    api<{ error?: string; deleted?: string }>(server, 'DELETE', `/api/workshops/${workshop.id}`, body, token);

  it('everyone connected is told WORKSHOP_DELETED and disconnected, and nothing of it is left in the stores or in memory', async () => {
    const { stores, registry } = server.services;
    expect(await stores.votes.totals(workshop.id, boardId)).not.toEqual({});
    expect(await stores.privateNotes.listAll(workshop.id)).toHaveLength(1);
    expect(await registry.peek(workshop.id)).not.toBeNull();

    const told = participant.next('session.ended');
    const disconnected = new Promise<string>((resolve) => participant.socket.once('disconnect', resolve));
    const res = await deleteAs(facilitator.person.token);
    expect(res).toEqual({ status: 200, body: { deleted: workshop.id } });
    expect(await told).toBe('WORKSHOP_DELETED');
    expect(await disconnected).toBe('io server disconnect');
    expect(await yjs.closed).toEqual({ code: 4410, reason: 'WORKSHOP_DELETED' });

    expect(await registry.peek(workshop.id)).toBeNull();
    expect(await stores.workshops.getWorkshop(workshop.id)).toBeNull();
    expect(await stores.workshops.workshopIdForJoinCode(workshop.joinCode)).toBeNull();
    expect(await stores.workshops.listLinks(workshop.id)).toEqual([]);
    expect(await stores.workshops.listSessions(workshop.id)).toEqual([]);
    expect(await stores.documents.load(workshop.id)).toBeNull();
    expect(await stores.ownership.listOwners(workshop.id)).toEqual([]);
    expect(await stores.privateNotes.listAll(workshop.id)).toEqual([]);
    expect(await stores.votes.totals(workshop.id, boardId)).toEqual({});
    expect(await stores.quotas.get(`notes:${workshop.id}:${boardId}:${participant.person.participantId}`)).toBe(0);
    // The other workshop is untouched.
    expect(await stores.workshops.getWorkshop(other.id)).not.toBeNull();
    expect(await stores.documents.load(other.id)).not.toBeNull();
  });

  it('afterwards its address answers 404, its links, code and tokens open nothing', async () => {
    expect((await deleteAs(facilitator.person.token)).status).toBe(200);
    expect(await api(server, 'GET', `/api/workshops/${workshop.id}`, undefined, facilitator.person.token)).toEqual({
      status: 404,
      body: { error: 'WORKSHOP_NOT_FOUND' },
    });
    expect((await api(server, 'POST', `/api/workshops/${workshop.id}/sessions`, { secret: workshop.secrets.participant, displayName: 'Bruno', administration: 'SENAE' })).status).toBe(404);
    expect(await api(server, 'POST', '/api/join', { code: workshop.joinCode, displayName: 'Bruno', administration: 'SENAE' })).toMatchObject({
      status: 404,
      body: { error: 'WRONG_JOIN_CODE' },
    });
    await expect(connectClient(server, participant.person.token)).rejects.toThrow('UNAUTHENTICATED');
    const again = await openRawYjsClient(server, workshop.id, participant.person.token);
    expect((await again.closed).code).toBe(4001);
    expect((await deleteAs(facilitator.person.token)).status).toBe(404);
  });

  it('only a facilitator may delete, and only with the title typed again; a refusal changes nothing', async () => {
    const observer = await openSession(server, workshop, 'observer', 'Olga');
    expect(await deleteAs(participant.person.token)).toEqual({ status: 403, body: { error: 'FORBIDDEN_ROLE' } });
    expect(await deleteAs(observer.token)).toEqual({ status: 403, body: { error: 'FORBIDDEN_ROLE' } });
    expect(await deleteAs(undefined)).toEqual({ status: 401, body: { error: 'UNAUTHENTICATED' } });
    const foreign = await openSession(server, other, 'facilitator', 'Someone else');
    expect((await deleteAs(foreign.token)).status).toBe(401);
    expect(await deleteAs(facilitator.person.token, { confirmTitle: 'SENAE' })).toEqual({ status: 400, body: { error: 'CONFIRMATION_MISMATCH' } });
    expect((await deleteAs(facilitator.person.token, {})).body.error).toBe('INVALID_PAYLOAD');
    expect((await deleteAs(facilitator.person.token, { confirmTitle: TITLE, extra: 1 })).body.error).toBe('INVALID_PAYLOAD');

    expect(await server.services.stores.workshops.getWorkshop(workshop.id)).not.toBeNull();
    expect(await server.services.stores.documents.load(workshop.id)).not.toBeNull();
    expect(await participant.send('clock.sync', {})).toMatchObject({ ok: true });
    expect(participant.received.some(([event]) => event === 'session.ended')).toBe(false);
    // The title may be typed with surrounding spaces.
    expect((await deleteAs(facilitator.person.token, { confirmTitle: `  ${TITLE} ` })).status).toBe(200);
  });
});
