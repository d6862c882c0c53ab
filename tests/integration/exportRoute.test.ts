import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/protocol/index.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

interface Download {
  status: number;
  headers: Headers;
  text: string;
  bytes: Buffer;
}

async function download(server: TestServer, workshopId: string, query: string, token?: string): Promise<Download> {
  const res = await fetch(`${server.url}/api/workshops/${workshopId}/export?${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
}

/** The readable text of any export (the Word file read back by mammoth). */
async function readable(d: Download, format: ExportFormat): Promise<string> {
  return format === 'docx' ? (await mammoth.extractRawText({ buffer: d.bytes })).value : d.text;
}

describe('the export route', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let people: Record<'facilitator' | 'participant' | 'rapporteur' | 'observer', Member>;
  let other: { workshop: TestWorkshop; facilitator: Member };

  beforeAll(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server, { title: 'Taller de integridad: «SENAE» / 2023', languages: ['es'] });
    people = {
      facilitator: await joinAs(server, workshop, 'facilitator', 'María Facilitadora', 'DNA Uruguay'),
      participant: await joinAs(server, workshop, 'participant', 'Pedro Participante', 'SENAE'),
      rapporteur: await joinAs(server, workshop, 'rapporteur', 'Lucía Relatora', 'SENAE'),
      observer: await joinAs(server, workshop, 'observer', 'Olga Observadora', 'OMA'),
    };
    const entry = await server.services.registry.peek(workshop.id);
    const boardId = readBoards(entry!.doc)[0]!.id;
    const added = await people.participant.send('note.add', { boardId, row: 'transparency', column: 'gaps', text: 'Los plazos no se publican' });
    expect(added.ok).toBe(true);
    const other1 = await createWorkshop(server, { title: 'Another workshop' });
    other = { workshop: other1, facilitator: await joinAs(server, other1, 'facilitator', 'Someone Else') };
  });

  afterAll(async () => {
    for (const m of [...Object.values(people), other.facilitator]) m.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it.each(EXPORT_FORMATS)('gives the rapporteur a %s download with a safe file name, no caching and the notes', async (format) => {
    const d = await download(server, workshop.id, `format=${format}&lang=es&board=all`, people.rapporteur.person.token);
    expect(d.status).toBe(200);
    expect(d.headers.get('cache-control')).toBe('no-store');
    const disposition = d.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(new RegExp(`^attachment; filename="Taller-de-integridad-SENAE-2023-\\d{4}-\\d{2}-\\d{2}\\.${format}"`));
    expect(await readable(d, format)).toContain('Los plazos no se publican');
  });

  it('serves the printable page with a policy that allows only its own stylesheet', async () => {
    const d = await download(server, workshop.id, 'format=html&lang=fr', people.facilitator.person.token);
    expect(d.status).toBe(200);
    const csp = d.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(csp).not.toContain('unsafe-inline');
    expect(d.text).toContain('<html lang="fr" dir="ltr">');
    expect(d.text).not.toMatch(/<script/i);
  });

  it('names headings in the chosen language', async () => {
    const fr = await download(server, workshop.id, 'format=md&lang=fr', people.rapporteur.person.token);
    expect(fr.text).toContain('Transparence');
    const en = await download(server, workshop.id, 'format=md&lang=en', people.rapporteur.person.token);
    expect(en.text).toContain('Transparency');
    expect(en.text).toContain('Draft');
  });

  it('exports one board when asked, and every board by default', async () => {
    const added = await people.facilitator.send('board.add', { title: 'Definiciones de cultura', template: 'culture' });
    if (!added.ok) throw new Error(added.error);
    const one = JSON.parse((await download(server, workshop.id, `format=json&board=${added.boardId}`, people.rapporteur.person.token)).text) as { boards: { id: string }[] };
    expect(one.boards.map((b) => b.id)).toEqual([added.boardId]);
    const all = JSON.parse((await download(server, workshop.id, 'format=json', people.rapporteur.person.token)).text) as { boards: { id: string }[] };
    expect(all.boards).toHaveLength(2);
  });

  it('refuses participants with FORBIDDEN_ROLE', async () => {
    const d = await download(server, workshop.id, 'format=json', people.participant.person.token);
    expect(d.status).toBe(403);
    expect(JSON.parse(d.text)).toMatchObject({ error: 'FORBIDDEN_ROLE' });
  });

  it('refuses a missing token, a token of another workshop, a bad format and an unknown board', async () => {
    expect((await download(server, workshop.id, 'format=json')).status).toBe(401);
    const foreign = await download(server, workshop.id, 'format=json', other.facilitator.person.token);
    expect(foreign.status).toBe(401);
    const bad = await download(server, workshop.id, 'format=exe', people.facilitator.person.token);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: 'INVALID_PAYLOAD' });
    const badLang = await download(server, workshop.id, 'format=md&lang=de', people.facilitator.person.token);
    expect(badLang.status).toBe(400);
    const board = await download(server, workshop.id, 'format=md&board=nosuchboard1', people.facilitator.person.token);
    expect(board.status).toBe(404);
    expect(JSON.parse(board.text)).toMatchObject({ error: 'BOARD_NOT_FOUND' });
  });

  it('lets observers export until a facilitator turns it off, and only a facilitator can', async () => {
    expect((await download(server, workshop.id, 'format=csv', people.observer.person.token)).status).toBe(200);
    const byRapporteur = await people.rapporteur.send('export.allowObservers', { allowed: false });
    expect(byRapporteur).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect((await download(server, workshop.id, 'format=csv', people.observer.person.token)).status).toBe(200);

    expect(await people.facilitator.send('export.allowObservers', { allowed: false })).toMatchObject({ ok: true });
    const refused = await download(server, workshop.id, 'format=csv', people.observer.person.token);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ error: 'FORBIDDEN_ROLE' });
    expect((await download(server, workshop.id, 'format=csv', people.rapporteur.person.token)).status).toBe(200);

    expect(await people.facilitator.send('export.allowObservers', { allowed: true })).toMatchObject({ ok: true });
    expect((await download(server, workshop.id, 'format=csv', people.observer.person.token)).status).toBe(200);
  });

  it('puts no join code, link secret, session token, link id or participant id in any format', async () => {
    const sessions = await server.services.stores.workshops.listSessions(workshop.id);
    const links = await server.services.stores.workshops.listLinks(workshop.id);
    const secrets = [
      workshop.joinCode,
      ...Object.values(workshop.secrets),
      ...Object.values(people).map((m) => m.person.token),
      ...sessions.map((s) => s.participantId),
      ...links.map((l) => l.id),
    ];
    for (const format of EXPORT_FORMATS) {
      const text = await readable(await download(server, workshop.id, `format=${format}`, people.facilitator.person.token), format);
      for (const secret of secrets) expect(text, `${format} holds ${secret}`).not.toContain(secret);
    }
  });
});
