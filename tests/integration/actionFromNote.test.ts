import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readActions, readBoards, readNote } from '../../shared/board/boardDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

describe('actions on the factor board: per row, and made from a note in one command', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let f: Member;
  let ana: Member;
  let rapporteur: Member;
  let replica: Replica;
  let boardId: string;
  let noteId: string;

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server);
    f = await joinAs(server, workshop, 'facilitator', 'María', 'DNA Uruguay');
    ana = await joinAs(server, workshop, 'participant', 'Ana');
    rapporteur = await joinAs(server, workshop, 'rapporteur', 'Rosa', 'WCO');
    replica = await openReplica(server, workshop.id, rapporteur.person.token);
    boardId = readBoards(replica.doc)[0]!.id;
    const added = await ana.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Publicar los criterios de ascenso' });
    if (!added.ok) throw new Error(added.error);
    noteId = added.noteId;
  });
  afterEach(async () => {
    for (const m of [f, ana, rapporteur]) m.close();
    replica.destroy();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('the rapporteur turns a note into an action in the Actions phase: its text, row and a link to the note', async () => {
    expect(await rapporteur.send('action.fromNote', { noteId })).toEqual({ ok: false, error: 'PHASE_FORBIDS' });
    await f.send('phase.set', { phase: 'actions' });
    const made = await rapporteur.send('action.fromNote', { noteId });
    if (!made.ok) throw new Error(made.error);
    await replica.waitFor((doc) => readActions(doc, boardId).length === 1);
    expect(readActions(replica.doc, boardId)[0]).toMatchObject({
      id: made.actionId,
      boardId,
      row: 'hrm',
      text: 'Publicar los criterios de ascenso',
      noteId,
      status: 'open',
      ownerUnit: '',
    });
    expect(readNote(replica.doc, noteId)?.text).toBe('Publicar los criterios de ascenso');
  });

  it('participants and observers cannot make actions from notes; an unknown note is refused by name', async () => {
    await f.send('phase.set', { phase: 'actions' });
    const observer = await joinAs(server, workshop, 'observer', 'Omar');
    try {
      expect(await ana.send('action.fromNote', { noteId })).toEqual({ ok: false, error: 'FORBIDDEN_ROLE' });
      expect(await observer.send('action.fromNote', { noteId })).toEqual({ ok: false, error: 'FORBIDDEN_ROLE' });
      expect(await f.send('action.fromNote', { noteId: 'AAAAAAAAAAAAAAAA' })).toEqual({ ok: false, error: 'NOTE_NOT_FOUND' });
      expect(await f.send('action.fromNote', { noteId, text: 'extra' } as never)).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    } finally {
      observer.close();
    }
    expect(readActions(replica.doc, boardId)).toEqual([]);
  });

  it('actions added per factor row on the factor board sit beside the notes, and the action-plan board keeps its own', async () => {
    await f.send('phase.set', { phase: 'actions' });
    const onRow = await rapporteur.send('action.add', { boardId, row: 'transparency', text: 'Publish tariffs online', ownerUnit: 'IT' });
    expect(onRow).toMatchObject({ ok: true });
    const plan = await f.send('board.add', { title: 'Action plan', template: 'action_plan' });
    if (!plan.ok) throw new Error(plan.error);
    expect(await rapporteur.send('action.add', { boardId: plan.boardId, row: 'hrm', text: 'Rotate posts yearly' })).toMatchObject({ ok: true });
    await replica.waitFor((doc) => readActions(doc).length === 2);
    expect(readActions(replica.doc, boardId).map((a) => [a.row, a.text, a.noteId])).toEqual([['transparency', 'Publish tariffs online', null]]);
    expect(readActions(replica.doc, plan.boardId).map((a) => a.text)).toEqual(['Rotate posts yearly']);
    expect(await rapporteur.send('action.add', { boardId, row: 'nope', text: 'x' })).toEqual({ ok: false, error: 'INVALID_CELL' });
  });
});
