import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readNote, readNotes } from '../../shared/board/boardDocument.ts';
import { connectParticipant, openReplica, type Participant, type Replica } from '../helpers/clients.ts';
import { createBoard, removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';

describe('notes written through commands reach every client', () => {
  let server: TestServer;
  let boardId: string;
  const cleanups: Array<() => void> = [];

  beforeEach(async () => {
    server = await startTestServer();
    boardId = await createBoard(server);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  async function participant(name: string): Promise<{ p: Participant; replica: Replica }> {
    const p = await connectParticipant(server, { displayName: name, administration: 'SENAE' });
    const replica = await openReplica(server, boardId);
    cleanups.push(() => p.close(), () => replica.destroy());
    const joined = await p.send('board.join', { boardId });
    expect(joined).toMatchObject({ ok: true, title: 'Integrity workshop', ownNoteIds: [] });
    return { p, replica };
  }

  it('a note added by one participant appears in the other participant replica', async () => {
    const ana = await participant('Ana');
    const bruno = await participant('Bruno');

    const result = await ana.p.send('note.add', {
      boardId,
      factor: 'transparency',
      column: 'gaps',
      text: '  Appeal routes are not published  ',
      colour: 'pink',
    });
    expect(result.ok).toBe(true);
    const noteId = (result as { noteId: string }).noteId;

    await bruno.replica.waitFor((doc) => readNote(doc, noteId) !== null);
    expect(readNote(bruno.replica.doc, noteId)).toMatchObject({
      factor: 'transparency',
      column: 'gaps',
      text: 'Appeal routes are not published',
      colour: 'pink',
      authorName: 'Ana',
      authorAdministration: 'SENAE',
    });
  });

  it('the author edits and deletes a note and every replica follows', async () => {
    const ana = await participant('Ana');
    const bruno = await participant('Bruno');
    const added = await ana.p.send('note.add', { boardId, factor: 'hrm', column: 'strengths', text: 'Merit-based promotion' });
    const noteId = (added as { noteId: string }).noteId;

    expect(await ana.p.send('note.edit', { boardId, noteId, text: 'Merit-based promotion, mostly', colour: 'green' })).toEqual({ ok: true });
    await bruno.replica.waitFor((doc) => readNote(doc, noteId)?.text === 'Merit-based promotion, mostly');
    expect(readNote(bruno.replica.doc, noteId)?.colour).toBe('green');

    expect(await ana.p.send('note.delete', { boardId, noteId })).toEqual({ ok: true });
    await bruno.replica.waitFor((doc) => readNote(doc, noteId) === null);
    expect(readNotes(bruno.replica.doc)).toEqual([]);
  });

  it('the author sees their own notes as editable after joining again', async () => {
    const ana = await participant('Ana');
    const added = await ana.p.send('note.add', { boardId, factor: 'automation', column: 'strengths', text: 'Single window' });
    const again = await connectParticipant(server, { participantId: ana.p.participantId, displayName: 'Ana' });
    cleanups.push(() => again.close());
    expect(await again.send('board.join', { boardId })).toMatchObject({
      ok: true,
      ownNoteIds: [(added as { noteId: string }).noteId],
    });
  });

  it('presence lists who is on the board, one entry per person', async () => {
    const ana = await participant('Ana');
    const updates: number[] = [];
    const seenBoth = new Promise<void>((resolve) =>
      ana.p.socket.on('presence.update', (update) => {
        updates.push(update.count);
        if (update.count === 2) resolve();
      }),
    );
    await participant('Bruno');
    await seenBoth;
    expect(updates.at(-1)).toBe(2);
  });
});
