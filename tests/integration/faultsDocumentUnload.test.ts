import { afterEach, describe, expect, it } from 'vitest';
import { readBoards, readNotes, readSession } from '../../shared/board/boardDocument.ts';
import { openReplica } from '../helpers/clients.ts';
import { pollUntil } from '../helpers/faults.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs } from '../helpers/workshops.ts';

describe('memory: a workshop nobody uses leaves memory and comes back whole', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('unloads the document after the last Socket.IO and Yjs client left, and serves everything when someone returns', async () => {
    server = await startTestServer({ boardIdleUnloadMs: 500 });
    const { registry } = server.services;
    const workshop = await createWorkshop(server);
    const facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    const ana = await joinAs(server, workshop, 'participant', 'Ana');
    const replica = await openReplica(server, workshop.id, ana.person.token);
    const boardId = readBoards(replica.doc)[0]!.id;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await ana.send('note.add', { boardId, row: 'transparency', column: i % 2 ? 'gaps' : 'strengths', text: `Note ${i}` });
      if (!r.ok) throw new Error(`note.add refused: ${r.error}`);
      ids.push(r.noteId);
    }
    expect(await ana.send('note.edit', { noteId: ids[0]!, text: 'Edited before unload' })).toEqual({ ok: true });
    expect(await facilitator.send('lock.set', { locked: true })).toEqual({ ok: true });
    await replica.waitFor((doc) => readSession(doc).locked && readNotes(doc).length === 12);
    expect(registry.loadedCount).toBe(1);

    // One client left: the document stays (the replica and the facilitator still use it).
    ana.close();
    await pollUntil('the server to see Ana leave', async () => (await registry.peek(workshop.id))?.refs === 2, 10_000);
    expect(registry.loadedCount).toBe(1);

    facilitator.close();
    replica.destroy();
    const leftAt = Date.now();
    await pollUntil('the idle document to be unloaded', () => registry.loadedCount === 0, 10_000);
    const unloadedAfterMs = Date.now() - leftAt;
    expect(unloadedAfterMs).toBeGreaterThanOrEqual(400);

    // Someone comes back: the document loads again from the store with every change.
    const back = await joinAs(server, workshop, 'participant', 'Ana again');
    expect(registry.loadedCount).toBe(1);
    const again = await openReplica(server, workshop.id, back.person.token);
    const notes = readNotes(again.doc);
    expect(notes.map((n) => n.id).sort()).toEqual([...ids].sort());
    expect(notes.find((n) => n.id === ids[0])?.text).toBe('Edited before unload');
    expect(readSession(again.doc).locked).toBe(true);
    // And it still takes commands (the reloaded copy is the live one).
    expect(await back.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'after reload' })).toEqual({ ok: false, error: 'BOARD_LOCKED' });
    back.close();
    again.destroy();
    await pollUntil('the document to be unloaded a second time', () => registry.loadedCount === 0, 10_000);
  });
});
