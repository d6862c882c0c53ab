import { waitForPresence } from '../helpers/presence.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards, readNote, readNotes } from '../../shared/board/boardDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

describe('notes written through commands reach every client', () => {
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

  async function participant(name: string): Promise<{ p: Member; replica: Replica }> {
    const p = await joinAs(server, workshop, 'participant', name);
    const replica = await openReplica(server, workshop.id, p.person.token);
    cleanups.push(() => p.close(), () => replica.destroy());
    boardId = readBoards(replica.doc)[0]!.id;
    return { p, replica };
  }

  it('a note added by one participant appears in the other participant replica', async () => {
    const ana = await participant('Ana');
    const bruno = await participant('Bruno');

    const result = await ana.p.send('note.add', {
      boardId,
      row: 'transparency',
      column: 'gaps',
      text: '  Appeal routes are not published  ',
      colour: 'pink',
    });
    expect(result).toMatchObject({ ok: true, private: false });
    const noteId = (result as { noteId: string }).noteId;

    await bruno.replica.waitFor((doc) => readNote(doc, noteId) !== null);
    expect(readNote(bruno.replica.doc, noteId)).toMatchObject({
      boardId,
      row: 'transparency',
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
    const added = await ana.p.send('note.add', { boardId, row: 'hrm', column: 'strengths', text: 'Merit-based promotion' });
    const noteId = (added as { noteId: string }).noteId;

    expect(await ana.p.send('note.edit', { noteId, text: 'Merit-based promotion, mostly', colour: 'green' })).toEqual({ ok: true });
    await bruno.replica.waitFor((doc) => readNote(doc, noteId)?.text === 'Merit-based promotion, mostly');
    expect(readNote(bruno.replica.doc, noteId)?.colour).toBe('green');

    expect(await ana.p.send('note.delete', { noteId })).toEqual({ ok: true });
    await bruno.replica.waitFor((doc) => readNote(doc, noteId) === null);
    expect(readNotes(bruno.replica.doc)).toEqual([]);
  });

  it('the author sees their own notes as editable after joining again with the same session', async () => {
    const ana = await participant('Ana');
    const added = await ana.p.send('note.add', { boardId, row: 'automation', column: 'strengths', text: 'Single window' });
    ana.p.close();
    const { connectClient } = await import('../helpers/clients.ts');
    const again = await connectClient(server, ana.p.person.token);
    cleanups.push(() => again.close());
    expect(await again.send('workshop.join', {})).toMatchObject({ ok: true, ownNoteIds: [(added as { noteId: string }).noteId] });
  });

  it('presence counts people by role, one entry per person', async () => {
    const ana = await participant('Ana');
    const seenThree = waitForPresence(ana.p, (u) => u.count === 3);
    await participant('Bruno');
    const facilitator = await joinAs(server, workshop, 'facilitator', 'María', 'DNA Uruguay');
    cleanups.push(() => facilitator.close());
    const update = await seenThree;
    expect(update.byRole).toEqual({ facilitator: 1, participant: 2, rapporteur: 0, observer: 0 });
    expect(update.people.map((p) => p.displayName).sort()).toEqual(['Ana', 'Bruno', 'María']);
  });
});
