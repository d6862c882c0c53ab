import { afterEach, describe, expect, it } from 'vitest';
import { readMeta, readNotes } from '../../shared/board/boardDocument.ts';
import { connectParticipant, openReplica } from '../helpers/clients.ts';
import { createBoard, removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';

describe('the embedded store keeps every acknowledged note', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('keeps every note, edit and delete across a restart with the same DATA_DIR', async () => {
    server = await startTestServer();
    const boardId = await createBoard(server, 'Ecuador, session 1');
    const ana = await connectParticipant(server);
    await ana.send('board.join', { boardId });
    const acknowledged: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await ana.send('note.add', { boardId, factor: 'transparency', column: i % 2 ? 'gaps' : 'strengths', text: `Note ${i}` });
      if (r.ok) acknowledged.push(r.noteId);
    }
    await ana.send('note.edit', { boardId, noteId: acknowledged[0]!, text: 'Edited before restart' });
    await ana.send('note.delete', { boardId, noteId: acknowledged[1]! });
    ana.close();

    server = await server.restart();
    const replica = await openReplica(server, boardId);
    const notes = readNotes(replica.doc);
    expect(readMeta(replica.doc)?.title).toBe('Ecuador, session 1');
    expect(notes.map((n) => n.id).sort()).toEqual(acknowledged.filter((id) => id !== acknowledged[1]).sort());
    expect(notes.find((n) => n.id === acknowledged[0])?.text).toBe('Edited before restart');

    // Ownership survives too: the author may still edit after the restart.
    const again = await connectParticipant(server, { participantId: ana.participantId });
    expect(await again.send('board.join', { boardId })).toMatchObject({ ok: true });
    expect(await again.send('note.edit', { boardId, noteId: acknowledged[2]!, text: 'Edited after restart' })).toEqual({ ok: true });
    again.close();
    replica.destroy();
  });
});
