import { afterEach, describe, expect, it } from 'vitest';
import { readBoards, readMeta, readNotes, readSession } from '../../shared/board/boardDocument.ts';
import { connectClient, openReplica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs } from '../helpers/workshops.ts';

describe('the embedded store keeps everything acknowledged', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('keeps notes, edits, deletes, sessions, ownership, hidden notes and votes across a restart with the same DATA_DIR', async () => {
    server = await startTestServer();
    const workshop = await createWorkshop(server, { title: 'Ecuador, session 1' });
    const ana = await joinAs(server, workshop, 'participant', 'Ana');
    const facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    const replica0 = await openReplica(server, workshop.id, ana.person.token);
    const boardId = readBoards(replica0.doc)[0]!.id;
    replica0.destroy();
    const acknowledged: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await ana.send('note.add', { boardId, row: 'transparency', column: i % 2 ? 'gaps' : 'strengths', text: `Note ${i}` });
      if (r.ok) acknowledged.push(r.noteId);
    }
    await ana.send('note.edit', { noteId: acknowledged[0]!, text: 'Edited before restart' });
    await ana.send('note.delete', { noteId: acknowledged[1]! });
    await facilitator.send('phase.set', { phase: 'vote' });
    expect(await ana.send('vote.cast', { noteId: acknowledged[2]! })).toMatchObject({ ok: true, remaining: 4 });
    await facilitator.send('phase.set', { phase: 'write', privateWriting: true });
    const hidden = await ana.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Hidden before restart' });
    expect(hidden).toMatchObject({ ok: true, private: true });
    ana.close();
    facilitator.close();

    server = await server.restart();
    const again = await connectClient(server, ana.person.token);
    const joined = await again.send('workshop.join', {});
    expect(joined).toMatchObject({ ok: true, myVotes: { [boardId]: { [acknowledged[2]!]: 1 } } });
    expect(joined.ok && joined.privateNotes.map((n) => n.text)).toEqual(['Hidden before restart']);
    expect(joined.ok && joined.ownNoteIds.length).toBe(30);
    const replica = await openReplica(server, workshop.id, ana.person.token);
    const notes = readNotes(replica.doc);
    expect(readMeta(replica.doc)?.title).toBe('Ecuador, session 1');
    expect(readSession(replica.doc)).toMatchObject({ phase: 'write', privateWriting: true });
    expect(notes.map((n) => n.id).sort()).toEqual(acknowledged.filter((id) => id !== acknowledged[1]).sort());
    expect(notes.find((n) => n.id === acknowledged[0])?.text).toBe('Edited before restart');
    expect(await again.send('note.edit', { noteId: acknowledged[3]!, text: 'Edited after restart' })).toEqual({ ok: true });
    again.close();
    replica.destroy();
  });
});
