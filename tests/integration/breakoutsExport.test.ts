import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import { readBreakoutGroups } from '../../shared/breakouts/breakoutDocument.ts';
import type { WorkshopSnapshot } from '../../shared/export/workshopSnapshot.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

async function download(server: TestServer, workshopId: string, query: string, token: string): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${server.url}/api/workshops/${workshopId}/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('breakouts: the plenary is read-only for participants; one group’s board exports with its provenance', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitator: Member;
  let rapporteur: Member;
  let observer: Member;
  let people: Member[];
  let boardId: string;
  let secondBoardId: string;

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server, { title: 'Breakout export' });
    facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    rapporteur = await joinAs(server, workshop, 'rapporteur', 'Lucía');
    observer = await joinAs(server, workshop, 'observer', 'Olga');
    people = [
      await joinAs(server, workshop, 'participant', 'Carla', 'SENAE'),
      await joinAs(server, workshop, 'participant', 'Diego', 'SENAE'),
      await joinAs(server, workshop, 'participant', 'Esther', 'DIAN'),
      await joinAs(server, workshop, 'participant', 'Fabio', 'DIAN'),
    ];
    const plenary = (await server.services.registry.peek(workshop.id))!.doc;
    boardId = readBoards(plenary)[0]!.id;
    const added = await facilitator.send('board.add', { title: 'Second board', template: 'arusha' });
    if (!added.ok) throw new Error(added.error);
    secondBoardId = added.boardId;
    expect(await people[0]!.send('note.add', { boardId, row: 'transparency', column: 'gaps', text: 'Written in plenary', colour: 'yellow' })).toMatchObject({ ok: true });
    await expect.poll(async () => {
      const r = await facilitator.send('breakout.preview', { groupCount: 2, rule: 'keepUnits', factorMode: 'shares', seed: 1 });
      return r.ok ? r.preview.groups.flatMap((g) => g.members).length : 0;
    }).toBe(4);
    const preview = await facilitator.send('breakout.preview', { groupCount: 2, rule: 'keepUnits', factorMode: 'shares', seed: 1 });
    if (!preview.ok) throw new Error(preview.error);
    const started = await facilitator.send('breakout.start', {
      rule: 'keepUnits',
      groups: preview.preview.groups.map((g) => ({ name: g.name, factors: g.factors as never, memberKeys: g.members.map((m) => m.key) })),
    });
    expect(started).toEqual({ ok: true, round: 1 });
  });

  afterEach(async () => {
    for (const m of [facilitator, rapporteur, observer, ...people]) m.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  const plenaryNotes = async () => readNotes((await server.services.registry.peek(workshop.id))!.doc).map((n) => n.text);

  it('refuses, by name, a participant’s writes addressed to the plenary while groups work, and changes nothing there', async () => {
    const participant = people[0]!;
    const plenaryNote = readNotes((await server.services.registry.peek(workshop.id))!.doc)[0]!;
    // A plenary board the group does not have, a plenary note, and a plenary cell outside the group's factors.
    expect(await participant.send('note.add', { boardId: secondBoardId, row: 'transparency', column: 'gaps', text: 'Into the plenary', colour: 'yellow' })).toMatchObject({ ok: false, error: 'BOARD_NOT_FOUND' });
    expect(await participant.send('note.edit', { noteId: plenaryNote.id, text: 'Rewritten during breakouts' })).toMatchObject({ ok: false, error: 'NOTE_NOT_FOUND' });
    expect(await participant.send('note.delete', { noteId: plenaryNote.id })).toMatchObject({ ok: false, error: 'NOTE_NOT_FOUND' });
    const entered = await participant.send('breakout.enter', { groupId: null });
    if (!entered.ok) throw new Error(entered.error);
    const plenary = (await server.services.registry.peek(workshop.id))!.doc;
    const mine = readBreakoutGroups(plenary, 1).find((g) => g.id === entered.groupId)!;
    const foreignRow = readBreakoutGroups(plenary, 1).find((g) => g.id !== mine.id)!.factors[0]!;
    expect(await participant.send('note.add', { boardId, row: foreignRow, column: 'gaps', text: 'Into the plenary', colour: 'yellow' })).toMatchObject({ ok: false, error: 'INVALID_CELL' });
    // Asking to enter the plenary does not put a participant there: they stay in their group.
    expect(entered.groupId).toBe(mine.id);
    expect(await plenaryNotes()).toEqual(['Written in plenary']);
    // A facilitator still writes the plenary.
    expect(await facilitator.send('note.add', { boardId, row: 'transparency', column: 'gaps', text: 'Facilitator in plenary', colour: 'yellow' })).toMatchObject({ ok: true });
    expect(await plenaryNotes()).toEqual(['Written in plenary', 'Facilitator in plenary']);
  });

  it('exports one group’s notes and not another’s, says which group, round and factors, and refuses bad ids and participants', async () => {
    const plenary = (await server.services.registry.peek(workshop.id))!.doc;
    const groups = readBreakoutGroups(plenary, 1);
    const written = new Map<string, string[]>();
    for (const person of people) {
      const entered = await person.send('breakout.enter', { groupId: null });
      if (!entered.ok) throw new Error(entered.error);
      const group = groups.find((g) => g.id === entered.groupId)!;
      const text = `${group.id} idea by ${person.person.displayName}`;
      const r = await person.send('note.add', { boardId, row: group.factors[0]!, column: 'gaps', text, colour: 'yellow' });
      expect(r).toMatchObject({ ok: true });
      written.set(group.id, [...(written.get(group.id) ?? []), text]);
    }
    const [a, b] = groups;
    expect(written.get(a!.id)).toHaveLength(2);

    const md = await download(server, workshop.id, `format=md&lang=en&group=${a!.id}`, facilitator.person.token);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-disposition')).toContain(`-${a!.id}-`);
    for (const text of written.get(a!.id)!) expect(md.text).toContain(text);
    for (const text of written.get(b!.id)!) expect(md.text).not.toContain(text);
    expect(md.text).not.toContain('Written in plenary');
    expect(md.text).toContain(`Group ${a!.name}, round 1`);
    expect(md.text).toMatch(/Factors: 1\. /);

    // The data export names the group on the snapshot and on every note (the rapporteur may download too).
    const json = await download(server, workshop.id, `format=json&group=${a!.id}`, rapporteur.person.token);
    expect(json.status).toBe(200);
    const snapshot = JSON.parse(json.text) as WorkshopSnapshot;
    expect(snapshot.breakoutGroup).toEqual({ round: 1, id: a!.id, name: a!.name, factors: a!.factors });
    expect(snapshot.boards.flatMap((x) => x.notes).map((n) => [n.text, n.breakout?.groupName])).toEqual(written.get(a!.id)!.map((t) => [t, a!.name]));

    // Importing the group's export keeps each note's group label (and accepts the group line).
    const imported = await fetch(`${server.url}/api/workshops/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json.text });
    expect(imported.status, await imported.clone().text()).toBe(201);
    const copy = (await imported.json()) as { id: string };
    const copyDoc = (await server.services.registry.acquire(copy.id))!;
    try {
      expect(readNotes(copyDoc.doc).map((n) => [n.text, n.breakout?.groupName, n.breakout?.round]).sort()).toEqual(written.get(a!.id)!.map((t) => [t, a!.name, 1]).sort());
    } finally {
      server.services.registry.release(copyDoc);
    }

    const csv = await download(server, workshop.id, `format=csv&lang=en&group=${b!.id}`, facilitator.person.token);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(`Breakout export — Group ${b!.name}, round 1`);
    for (const text of written.get(a!.id)!) expect(csv.text).not.toContain(text);

    // Refused by name: a malformed group id, a group that does not exist, a participant.
    for (const bad of ['plenary', 'r1g1;drop', '../r1g1']) {
      const r = await download(server, workshop.id, `format=md&group=${encodeURIComponent(bad)}`, facilitator.person.token);
      expect([r.status, JSON.parse(r.text).error]).toEqual([400, 'INVALID_PAYLOAD']);
    }
    const unknown = await download(server, workshop.id, 'format=md&group=r9g9', facilitator.person.token);
    expect([unknown.status, JSON.parse(unknown.text).error]).toEqual([404, 'BREAKOUT_GROUP_NOT_FOUND']);
    const participant = await download(server, workshop.id, `format=md&group=${a!.id}`, people[0]!.person.token);
    expect([participant.status, JSON.parse(participant.text).error]).toEqual([403, 'FORBIDDEN_ROLE']);
    expect(participant.text).not.toContain(written.get(a!.id)![0]!);
    // Observers as for any export: while the workshop allows it, and not once a facilitator turned it off.
    expect((await download(server, workshop.id, `format=md&group=${a!.id}`, observer.person.token)).status).toBe(200);
    expect(await facilitator.send('export.allowObservers', { allowed: false })).toMatchObject({ ok: true });
    const refused = await download(server, workshop.id, `format=md&group=${a!.id}`, observer.person.token);
    expect([refused.status, JSON.parse(refused.text).error]).toEqual([403, 'FORBIDDEN_ROLE']);
  });
});
