import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import { connectClient, openReplica, type Replica } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

const cell = { row: 'transparency', column: 'gaps' } as const;
let serial = 0;
/** A fresh 22-character command id, as the client makes them. */
const commandId = () => `cmd_${Date.now().toString(36)}_${(++serial).toString().padStart(8, '0')}`.slice(0, 32);

describe('note commands carry an idempotent command id (one node)', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let boardId: string;
  const cleanups: Array<() => void> = [];

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  async function person(name: string): Promise<{ p: Member; replica: Replica }> {
    const p = await joinAs(server, workshop, 'participant', name);
    const replica = await openReplica(server, workshop.id, p.person.token);
    cleanups.push(() => p.close(), () => replica.destroy());
    boardId = readBoards(replica.doc)[0]!.id;
    return { p, replica };
  }

  it('the same note.add sent twice makes one note and answers both with its id; another id makes a second note', async () => {
    const { p, replica } = await person('Ana');
    const id = commandId();
    const first = await p.send('note.add', { boardId, ...cell, text: 'Appeal routes are not published', commandId: id });
    const again = await p.send('note.add', { boardId, ...cell, text: 'Appeal routes are not published', commandId: id });
    expect(first).toMatchObject({ ok: true, private: false });
    expect(again).toEqual(first);
    await replica.waitFor((doc) => readNotes(doc).length === 1);

    const other = await p.send('note.add', { boardId, ...cell, text: 'Appeal routes are not published', commandId: commandId() });
    expect(other).toMatchObject({ ok: true });
    expect((other as { noteId: string }).noteId).not.toBe((first as { noteId: string }).noteId);
    await replica.waitFor((doc) => readNotes(doc).length === 2);
    // A third replay of the first id after all that still adds nothing.
    expect(await p.send('note.add', { boardId, ...cell, text: 'changed on the way', commandId: id })).toEqual(first);
    const settled = await openReplica(server, workshop.id, p.person.token);
    cleanups.push(() => settled.destroy());
    expect(readNotes(settled.doc).map((n) => n.text)).toEqual(['Appeal routes are not published', 'Appeal routes are not published']);
  });

  it('a malformed command id is refused by name and changes nothing', async () => {
    const { p, replica } = await person('Ana');
    for (const bad of ['short', 'x'.repeat(65), 'has spaces in it here!', 'ünïcödé-ünïcödé-ü', 42, null, '']) {
      expect(await p.sendRaw('note.add', { boardId, ...cell, text: 'must not land', commandId: bad })).toMatchObject({ ok: false, error: 'INVALID_COMMAND_ID' });
    }
    expect(await p.sendRaw('note.edit', { noteId: 'abcdefgh12', text: 'x', commandId: 'nope' })).toMatchObject({ ok: false, error: 'INVALID_COMMAND_ID' });
    // The edge refused them before anything ran: a good command after them is the only note.
    expect(await p.send('note.add', { boardId, ...cell, text: 'lands', commandId: commandId() })).toMatchObject({ ok: true });
    await replica.waitFor((doc) => readNotes(doc).length === 1);
    expect(readNotes(replica.doc).map((n) => n.text)).toEqual(['lands']);
  });

  it('an ack the client never heard: the note landed, the resend on a new connection gets the same note and adds none', async () => {
    const { p, replica } = await person('Ana');
    const id = commandId();
    // The client gives up on the ack at once (as a phone losing its network would), the server goes on.
    const raw = p.socket as unknown as Socket;
    const lost = await raw.timeout(0).emitWithAck('note.add', { boardId, ...cell, text: 'Sent as the train entered a tunnel', commandId: id }).then(
      () => 'heard',
      () => 'lost',
    );
    expect(lost).toBe('lost');
    await replica.waitFor((doc) => readNotes(doc).length === 1);
    const landed = readNotes(replica.doc)[0]!;
    p.close();

    const back = await connectClient(server, p.person.token);
    cleanups.push(() => back.close());
    expect(await back.send('workshop.join', {})).toMatchObject({ ok: true });
    expect(await back.send('note.add', { boardId, ...cell, text: 'Sent as the train entered a tunnel', commandId: id })).toEqual({
      ok: true,
      noteId: landed.id,
      private: false,
    });
    const fresh = await openReplica(server, workshop.id, p.person.token);
    cleanups.push(() => fresh.destroy());
    expect(readNotes(fresh.doc)).toHaveLength(1);
  });

  it('a receipt lost with a crashed node (note written, receipt not): the resend still lands on the same note', async () => {
    const { p, replica } = await person('Ana');
    const id = commandId();
    const first = await p.send('note.add', { boardId, ...cell, text: 'Written just before the node died', commandId: id });
    expect(first).toMatchObject({ ok: true });
    // What a node that died between writing the note and recording its receipt leaves behind.
    await server.services.stores.receipts.deleteWorkshop(workshop.id);
    expect(await p.send('note.add', { boardId, ...cell, text: 'Written just before the node died', commandId: id })).toEqual(first);
    await replica.waitFor((doc) => readNotes(doc).length === 1);
    const fresh = await openReplica(server, workshop.id, p.person.token);
    cleanups.push(() => fresh.destroy());
    expect(readNotes(fresh.doc)).toHaveLength(1);
  });

  it('a refused note.add is not remembered: the same id succeeds once the board is unlocked', async () => {
    const { p, replica } = await person('Ana');
    const facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    cleanups.push(() => facilitator.close());
    expect(await facilitator.send('lock.set', { locked: true })).toEqual({ ok: true });
    const id = commandId();
    expect(await p.send('note.add', { boardId, ...cell, text: 'Written as the timer hit zero', commandId: id })).toMatchObject({ ok: false, error: 'BOARD_LOCKED' });
    expect(await facilitator.send('lock.set', { locked: false })).toEqual({ ok: true });
    const saved = await p.send('note.add', { boardId, ...cell, text: 'Written as the timer hit zero', commandId: id });
    expect(saved).toMatchObject({ ok: true });
    expect(await p.send('note.add', { boardId, ...cell, text: 'Written as the timer hit zero', commandId: id })).toEqual(saved);
    await replica.waitFor((doc) => readNotes(doc).length === 1);
  });

  it('during private writing a resent note.add answers with the same hidden note and hides no second one', async () => {
    const { p } = await person('Ana');
    const facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    cleanups.push(() => facilitator.close());
    expect(await facilitator.send('phase.set', { phase: 'write', privateWriting: true })).toEqual({ ok: true });
    const id = commandId();
    const first = await p.send('note.add', { boardId, ...cell, text: 'Only I can see this for now', commandId: id });
    expect(first).toMatchObject({ ok: true, private: true });
    expect(await p.send('note.add', { boardId, ...cell, text: 'Only I can see this for now', commandId: id })).toEqual(first);
    const again = await connectClient(server, p.person.token);
    cleanups.push(() => again.close());
    const joined = await again.send('workshop.join', {});
    if (!joined.ok) throw new Error(joined.error);
    expect(joined.privateNotes.map((n) => n.id)).toEqual([(first as { noteId: string }).noteId]);
  });

  it('a replayed note.edit does not overwrite a later edit', async () => {
    const { p, replica } = await person('Ana');
    const added = await p.send('note.add', { boardId, ...cell, text: 'first', commandId: commandId() });
    if (!added.ok) throw new Error(added.error);
    const editId = commandId();
    expect(await p.send('note.edit', { noteId: added.noteId, text: 'second', commandId: editId })).toEqual({ ok: true });
    expect(await p.send('note.edit', { noteId: added.noteId, text: 'third', commandId: commandId() })).toEqual({ ok: true });
    expect(await p.send('note.edit', { noteId: added.noteId, text: 'second', commandId: editId })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNotes(doc)[0]?.text === 'third');
    const fresh = await openReplica(server, workshop.id, p.person.token);
    cleanups.push(() => fresh.destroy());
    expect(readNotes(fresh.doc).map((n) => n.text)).toEqual(['third']);
  });
});

const redis = await startRedis();

describe.skipIf(!redis)('the same command id sent to two nodes at once over Redis makes one note', () => {
  let cluster: Cluster;
  let workshop: TestWorkshop;
  beforeAll(async () => {
    cluster = await startCluster(redis as TestRedis, 2);
    workshop = await createWorkshop(cluster.nodes[0]!);
  });
  afterAll(async () => {
    await cluster?.stop();
    await redis?.dispose();
  });

  it('ten ids, each sent concurrently through node 1 and node 2: ten notes, each pair answered with one note id', async () => {
    const a = cluster.nodes[0]!;
    const b = cluster.nodes[1]!;
    const viaA = await joinAs(a, workshop, 'participant', 'Ana');
    const viaB = await connectClient(b, viaA.person.token);
    expect(await viaB.send('workshop.join', {})).toMatchObject({ ok: true });
    const replica = await openReplica(b, workshop.id, viaA.person.token);
    const boardId = readBoards(replica.doc)[0]!.id;
    try {
      const ids = Array.from({ length: 10 }, commandId);
      const answers = await Promise.all(
        ids.map((id, i) => {
          const payload = { boardId, ...cell, text: `Queued offline ${i}`, commandId: id };
          return Promise.all([viaA.send('note.add', payload), viaB.send('note.add', payload)]);
        }),
      );
      for (const [fromA, fromB] of answers) {
        expect(fromA).toMatchObject({ ok: true });
        expect(fromB).toEqual(fromA);
      }
      await replica.waitFor((doc) => readNotes(doc).length >= 10, 10_000);
      const check = await openReplica(a, workshop.id, viaA.person.token);
      expect(readNotes(check.doc).map((n) => n.text).sort()).toEqual(ids.map((_, i) => `Queued offline ${i}`).sort());
      check.destroy();
    } finally {
      viaA.close();
      viaB.close();
      replica.destroy();
    }
  });
});
