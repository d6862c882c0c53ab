import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards, readNote } from '../../shared/board/boardDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

/** Everything a connection received, as text that can be searched for secrets. */
function receivedText(member: Member, replica: Replica): string {
  const frames = member.received.map(([event, payload]) => `${event} ${JSON.stringify(payload)}`);
  const updates = replica.updates.map((u) => JSON.stringify(Y.decodeUpdate(u)) + Buffer.from(u).toString('latin1'));
  return [...frames, ...updates].join('\n');
}

describe('private writing keeps hidden notes on the server and the author screen only', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitator: Member;
  let writer: Member;
  let watcher: Member;
  let watcherReplica: Replica;
  let writerReplica: Replica;
  let boardId: string;

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server);
    facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    writer = await joinAs(server, workshop, 'participant', 'Carla');
    watcher = await joinAs(server, workshop, 'participant', 'Diego');
    watcherReplica = await openReplica(server, workshop.id, watcher.person.token);
    writerReplica = await openReplica(server, workshop.id, writer.person.token);
    boardId = readBoards(watcherReplica.doc)[0]!.id;
    expect(await facilitator.send('phase.set', { phase: 'write', privateWriting: true })).toEqual({ ok: true });
  });
  afterEach(async () => {
    for (const m of [facilitator, writer, watcher]) m.close();
    watcherReplica.destroy();
    writerReplica.destroy();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('no hidden text or id reaches another participant before reveal, and all of it after', async () => {
    const texts = ['Gifts from brokers are tolerated', 'Supervisors override risk selection', 'Nobody reports misconduct'];
    const ids: string[] = [];
    for (const text of texts) {
      const expectedCount = ids.length + 1;
      const counted = watcher.next('writing.counts', (c) => c.total === expectedCount);
      const own = writer.next('private.notes', (n) => n.length === expectedCount);
      const r = await writer.send('note.add', { boardId, row: 'code_of_conduct', column: 'gaps', text });
      expect(r).toMatchObject({ ok: true, private: true });
      ids.push((r as { noteId: string }).noteId);
      await counted;
      expect((await own).map((n) => n.text)).toContain(text);
    }
    const edited = writer.next('private.notes', (n) => n.some((x) => x.text === 'Nobody dares to report misconduct'));
    expect(await writer.send('note.edit', { noteId: ids[2]!, text: 'Nobody dares to report misconduct' })).toEqual({ ok: true });
    await edited;
    // The watcher cannot even address a hidden note.
    expect(await watcher.send('note.edit', { noteId: ids[0]!, text: 'x' })).toEqual({ ok: false, error: 'NOTE_NOT_FOUND' });
    expect(await watcher.send('note.delete', { noteId: ids[0]! })).toEqual({ ok: false, error: 'NOTE_NOT_FOUND' });
    // A full resync shows nothing hidden either.
    const fresh = await openReplica(server, workshop.id, watcher.person.token);
    expect(ids.map((id) => readNote(fresh.doc, id))).toEqual([null, null, null]);
    fresh.destroy();

    const before = receivedText(watcher, watcherReplica);
    for (const secret of [...texts, 'Nobody dares to report misconduct', ...ids]) expect(before).not.toContain(secret);
    const counts = watcher.received.filter(([e]) => e === 'writing.counts').at(-1)?.[1];
    // Who wrote how many is for facilitators only (until they share it: writingCountsVisibility.test.ts).
    expect(counts).toEqual({ total: 3, perPerson: null });
    const facilitatorCounts = facilitator.received.filter(([e]) => e === 'writing.counts').at(-1)?.[1];
    expect(facilitatorCounts).toEqual({ total: 3, perPerson: [{ displayName: 'Carla', administration: 'SENAE', count: 3 }] });

    // The author's reload keeps their hidden notes.
    const { connectClient } = await import('../helpers/clients.ts');
    const reloaded = await connectClient(server, writer.person.token);
    const joined = await reloaded.send('workshop.join', {});
    expect(joined.ok && joined.privateNotes.map((n) => n.id).sort()).toEqual([...ids].sort());
    reloaded.close();

    expect(await facilitator.send('phase.set', { phase: 'reveal' })).toEqual({ ok: true });
    await watcherReplica.waitFor((doc) => ids.every((id) => readNote(doc, id) !== null));
    const after = receivedText(watcher, watcherReplica);
    for (const secret of [texts[0]!, texts[1]!, 'Nobody dares to report misconduct', ...ids]) expect(after).toContain(secret);
    expect(readNote(watcherReplica.doc, ids[2]!)?.text).toBe('Nobody dares to report misconduct');
    expect(await server.services.stores.privateNotes.listAll(workshop.id)).toEqual([]);
  });

  it('on an anonymous workshop the room sees only the total being written', async () => {
    const anonymous = await createWorkshop(server, { anonymous: true, title: 'Anonymous session' });
    const f = await joinAs(server, anonymous, 'facilitator', 'María');
    const a = await joinAs(server, anonymous, 'participant', '');
    const b = await joinAs(server, anonymous, 'participant', '');
    const replica = await openReplica(server, anonymous.id, a.person.token);
    const board = readBoards(replica.doc)[0]!.id;
    await f.send('phase.set', { phase: 'write', privateWriting: true });
    const counts = b.next('writing.counts', (c) => c.total === 1);
    await a.send('note.add', { boardId: board, row: 'hrm', column: 'gaps', text: 'Promotions are bought' });
    expect(await counts).toEqual({ total: 1, perPerson: null });
    for (const m of [f, a, b]) m.close();
    replica.destroy();
  });
});
