import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readNotes } from '../../shared/board/boardDocument.ts';
import { readCips } from '../../shared/cips/cipsDocument.ts';
import type { WorkshopSnapshot } from '../../shared/export/workshopSnapshot.ts';
import type { CreatedWorkshop } from '../../shared/protocol/workshopTypes.ts';
import { openReplica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { joinAs, openSession, secretOf, type TestWorkshop } from '../helpers/workshops.ts';
import { richWorkshop } from '../fixtures/richWorkshop.ts';

async function importFile(server: TestServer, body: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/workshops/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function imported(server: TestServer, snapshot: unknown): Promise<TestWorkshop> {
  const res = await importFile(server, JSON.stringify(snapshot));
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
  const created = res.body as unknown as CreatedWorkshop;
  const secrets = Object.fromEntries(Object.entries(created.links).map(([role, link]) => [role, secretOf(link)])) as TestWorkshop['secrets'];
  return { ...created, secrets };
}

async function exportJson(server: TestServer, workshop: TestWorkshop): Promise<WorkshopSnapshot> {
  const { token } = await openSession(server, workshop, 'facilitator', 'María', 'DNA Uruguay');
  const res = await fetch(`${server.url}/api/workshops/${workshop.id}/export?format=json&lang=es&board=all`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as WorkshopSnapshot;
}

/** The content of a snapshot apart from ids, secrets, times and who attended (people are sessions, not carried over). */
function content(s: WorkshopSnapshot) {
  return {
    format: s.format,
    formatVersion: s.formatVersion,
    meta: { ...s.meta, createdAt: undefined },
    status: {
      phase: s.status.phase,
      frozen: s.status.frozen ? { role: s.status.frozen.role, name: s.status.frozen.name } : null,
      history: s.status.history.map(({ at: _at, ...entry }) => entry),
    },
    boards: s.boards.map((b) => {
      const noteKey = (id: string | null) => {
        const n = b.notes.find((x) => x.id === id);
        return n ? `${n.row}|${n.column}|${n.text}` : null;
      };
      const groupKey = (id: string | null) => {
        const g = b.groups.find((x) => x.id === id);
        return g ? `${g.row}|${g.column}|${g.name}` : null;
      };
      const sorted = <T extends object>(list: T[]) => list.map((x) => JSON.stringify(x, Object.keys(x).sort())).sort();
      return {
        title: b.title,
        template: b.template,
        rows: b.rows.map((a) => a.key).sort(),
        columns: b.columns.map((a) => a.key).sort(),
        notes: sorted(b.notes.map(({ id: _id, createdAt: _c, updatedAt: _u, ...n }) => ({ ...n, groupId: groupKey(n.groupId), mergedInto: noteKey(n.mergedInto) }))),
        groups: sorted(b.groups.map(({ id: _id, ...g }) => g)),
        actions: sorted(b.actions.map(({ id: _id, createdAt: _c, updatedAt: _u, ...a }) => ({ ...a, noteId: noteKey(a.noteId) }))),
        summary: b.summary?.text ?? null,
      };
    }),
    cips: s.cips ? { ...s.cips, importedAt: undefined } : null,
  };
}

describe('POST /api/workshops/import', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it.each([false, true])('export → import → export keeps the content apart from ids, secrets and times (anonymous: %s)', async (anonymous) => {
    const fixture = richWorkshop({ anonymous });
    const first = await imported(server, fixture);
    const exported = await exportJson(server, first);
    expect(content(exported)).toEqual(content(fixture));

    const second = await imported(server, exported);
    expect(second.id).not.toBe(first.id);
    expect(second.joinCode).not.toBe(first.joinCode);
    for (const role of ['facilitator', 'participant', 'rapporteur', 'observer'] as const) expect(second.secrets[role]).not.toBe(first.secrets[role]);
    const again = await exportJson(server, second);
    expect(content(again)).toEqual(content(exported));

    const noteIds = (s: WorkshopSnapshot) => new Set(s.boards.flatMap((b) => b.notes.map((n) => n.id)));
    const shared = [...noteIds(again)].filter((id) => noteIds(exported).has(id));
    expect(shared).toEqual([]);
    if (anonymous) expect(again.boards[0]!.notes.every((n) => n.authorName === null && n.createdAt % 60_000 === 0)).toBe(true);
  });

  it('lands every part in the new workshop’s document, with stacks remapped and votes published', async () => {
    const workshop = await imported(server, richWorkshop());
    const observer = await openSession(server, workshop, 'observer', 'WCO');
    const replica = await openReplica(server, workshop.id, observer.token);
    const notes = readNotes(replica.doc);
    const top = notes.find((n) => n.text === 'Las investigaciones internas tardan demasiado')!;
    const under = notes.filter((n) => n.mergedInto === top.id);
    expect(under.map((n) => n.text).sort()).toEqual(['Demoras en asuntos internos', 'Enquêtes trop lentes']);
    expect([...top.mergedFrom].sort()).toEqual(under.map((n) => n.id).sort());
    expect(replica.doc.getMap('votes').get(top.id)).toBe(9);
    expect(readCips(replica.doc)?.surveyId).toBe(richWorkshop().cips!.surveyId);
    replica.destroy();
  });

  it('prepares a workshop from a template without notes, ready to write in', async () => {
    const workshop = await imported(server, {
      format: 'integrity-board-workshop',
      formatVersion: 1,
      meta: { title: 'Plantilla de la sesión de seguimiento', languages: ['es'] },
      boards: [{ id: 'arusha', title: 'Factores', template: 'arusha', actions: [{ id: 'a1', row: 'hrm', text: 'Revisar la rotación' }] }],
    });
    const participant = await joinAs(server, workshop, 'participant', 'Jorge');
    const boardId = (await exportJson(server, workshop)).boards[0]!.id;
    expect(await participant.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Sin rotación real' })).toMatchObject({ ok: true });
    const exported = await exportJson(server, workshop);
    expect(exported.boards[0]!.actions.map((a) => a.text)).toEqual(['Revisar la rotación']);
    expect(exported.boards[0]!.notes.map((n) => n.text)).toEqual(['Sin rotación real']);
    participant.close();
  });

  it('gives imported notes to nobody: a participant cannot edit them, a facilitator can', async () => {
    const fixture = richWorkshop();
    fixture.status = { phase: 'write', frozen: null, history: [] };
    const workshop = await imported(server, fixture);
    const participant = await joinAs(server, workshop, 'participant', 'Jorge');
    const facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    const observer = await openSession(server, workshop, 'observer', 'WCO');
    const replica = await openReplica(server, workshop.id, observer.token);
    const note = readNotes(replica.doc).find((n) => n.text.startsWith('Fortaleza del factor 1'))!;
    expect(await participant.send('note.edit', { noteId: note.id, text: 'cambiado' })).toMatchObject({ ok: false, error: 'NOT_AUTHOR' });
    expect(await facilitator.send('note.edit', { noteId: note.id, text: 'Fortaleza del factor 1, revisada' })).toMatchObject({ ok: true });
    replica.destroy();
    participant.close();
    facilitator.close();
  });

  it('refuses a bad file with every error and its JSON path, creating nothing', async () => {
    const before = (await server.services.stores.workshops.listWorkshops()).length;
    const bad = richWorkshop() as unknown as { meta: Record<string, unknown>; boards: { notes: Record<string, unknown>[] }[] };
    bad.meta.title = '';
    bad.boards[0]!.notes[3]!.colour = 'red';
    bad.boards[0]!.notes[4]!.votes = 'many';
    const res = await importFile(server, JSON.stringify(bad));
    expect(res).toMatchObject({
      status: 400,
      body: {
        error: 'IMPORT_INVALID',
        errors: [
          { path: 'meta.title', code: 'EMPTY' },
          { path: 'boards[0].notes[3].colour', code: 'NOT_ALLOWED' },
          { path: 'boards[0].notes[4].votes', code: 'WRONG_TYPE' },
        ],
      },
    });
    expect(await importFile(server, 'not json')).toMatchObject({ status: 400, body: { errors: [{ path: '', code: 'NOT_JSON' }] } });
    const huge = await fetch(`${server.url}/api/workshops/import`, { method: 'POST', body: new Blob([new Uint8Array(17 * 1024 * 1024)]) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: 'IMPORT_INVALID', errors: [{ code: 'FILE_TOO_LARGE' }] });
    expect((await server.services.stores.workshops.listWorkshops()).length).toBe(before);
  });
});
