import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards } from '../../shared/board/boardDocument.ts';
import type { WorkshopSnapshot } from '../../shared/export/workshopSnapshot.ts';
import { EXPORT_FORMATS } from '../../shared/protocol/index.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member } from '../helpers/workshops.ts';

async function exportText(server: TestServer, workshopId: string, token: string, format: string): Promise<string> {
  const res = await fetch(`${server.url}/api/workshops/${workshopId}/export?format=${format}&lang=es`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  return format === 'docx' ? (await mammoth.extractRawText({ buffer: bytes })).value : bytes.toString('utf8');
}

describe('what an export of a live workshop holds', () => {
  let server: TestServer;
  const members: Member[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const m of members) m.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  async function join(...args: Parameters<typeof joinAs>) {
    const member = await joinAs(...args);
    members.push(member);
    return member;
  }

  it('names no participant of an anonymous workshop in any format, but counts them by administration', async () => {
    const workshop = await createWorkshop(server, { title: 'Anónimo', anonymous: true });
    const facilitator = await join(server, workshop, 'facilitator', 'María', 'DNA Uruguay');
    const participant = await join(server, workshop, 'participant', 'Pedro Secreto', 'Asuntos Internos');
    const boardId = readBoards((await server.services.registry.peek(workshop.id))!.doc)[0]!.id;
    expect((await participant.send('note.add', { boardId, row: 'audit_investigation', column: 'gaps', text: 'Nadie denuncia por miedo' })).ok).toBe(true);
    for (const format of EXPORT_FORMATS) {
      const text = await exportText(server, workshop.id, facilitator.person.token, format);
      expect(text, format).toContain('Nadie denuncia por miedo');
      expect(text, format).not.toContain('Pedro Secreto');
    }
    const snapshot = JSON.parse(await exportText(server, workshop.id, facilitator.person.token, 'json')) as WorkshopSnapshot;
    expect(snapshot.people.participantsByAdministration).toEqual([{ administration: 'Asuntos Internos', count: 1 }]);
    expect(snapshot.boards[0]!.notes[0]).toMatchObject({ authorName: null, authorAdministration: null });
  });

  it('carries vote totals, actions, the summary and who froze the board', async () => {
    const workshop = await createWorkshop(server, { title: 'Con votos' });
    const facilitator = await join(server, workshop, 'facilitator', 'María', 'DNA Uruguay');
    const participant = await join(server, workshop, 'participant', 'Ana', 'SENAE');
    const rapporteur = await join(server, workshop, 'rapporteur', 'Lucía', 'SENAE');
    const boardId = readBoards((await server.services.registry.peek(workshop.id))!.doc)[0]!.id;
    const added = await participant.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Sin rotación' });
    if (!added.ok) throw new Error(added.error);
    await facilitator.send('phase.set', { phase: 'vote' });
    expect((await participant.send('vote.cast', { noteId: added.noteId })).ok).toBe(true);
    expect((await participant.send('vote.cast', { noteId: added.noteId })).ok).toBe(true);
    await facilitator.send('phase.set', { phase: 'actions' });
    expect((await rapporteur.send('action.add', { boardId, row: 'hrm', text: 'Plan de rotación', ownerUnit: 'RR.HH.' })).ok).toBe(true);
    expect((await rapporteur.send('summary.set', { boardId, text: 'Resumen final' })).ok).toBe(true);
    expect((await rapporteur.send('workshop.freeze', {})).ok).toBe(true);

    const snapshot = JSON.parse(await exportText(server, workshop.id, rapporteur.person.token, 'json')) as WorkshopSnapshot;
    const board = snapshot.boards[0]!;
    expect(board.notes.find((n) => n.id === added.noteId)).toMatchObject({ text: 'Sin rotación', votes: 2, authorName: 'Ana', authorAdministration: 'SENAE' });
    expect(board.actions).toEqual([expect.objectContaining({ row: 'hrm', text: 'Plan de rotación', ownerUnit: 'RR.HH.', status: 'open' })]);
    expect(board.summary?.text).toBe('Resumen final');
    expect(snapshot.status.frozen).toMatchObject({ role: 'rapporteur', name: 'Lucía' });
    expect(snapshot.people.facilitators).toEqual([{ name: 'María', administration: 'DNA Uruguay' }]);

    const report = await exportText(server, workshop.id, rapporteur.person.token, 'md');
    expect(report).toContain('Final — congelado el');
    expect(report).toContain('Relator Lucía');
    expect(report).toContain('Votos: 2');
  });
});
