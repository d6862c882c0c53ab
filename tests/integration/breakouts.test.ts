import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards, readNotes, readSession } from '../../shared/board/boardDocument.ts';
import { readBreakoutGroups, readRound } from '../../shared/breakouts/breakoutDocument.ts';
import type { BreakoutPreview } from '../../shared/protocol/index.ts';
import { openRawYjsClient, openReplica, type Replica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

/** Everything one person's browser received on both sockets, as searchable text (decoded Yjs updates too). */
function receivedText(member: Member, replicas: Replica[]): string {
  const frames = member.received.map(([event, payload]) => `${event} ${JSON.stringify(payload)}`);
  const updates = replicas.flatMap((r) => r.updates.map((u) => JSON.stringify(Y.decodeUpdate(u)) + Buffer.from(u).toString('latin1')));
  return [...frames, ...updates].join('\n');
}

async function enter(member: Member, groupId: string | null = null) {
  const r = await member.send('breakout.enter', { groupId });
  if (!r.ok) throw new Error(`enter failed: ${r.error}`);
  return r;
}

describe('breakouts: split, run in isolation, bring everyone back', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitator: Member;
  let people: Member[];
  const replicas: Replica[] = [];

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server);
    facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    people = [
      await joinAs(server, workshop, 'participant', 'Carla', 'SENAE'),
      await joinAs(server, workshop, 'participant', 'Diego', 'SENAE'),
      await joinAs(server, workshop, 'participant', 'Esther', 'DIAN'),
      await joinAs(server, workshop, 'participant', 'Fabio', 'DIAN'),
    ];
  });
  afterEach(async () => {
    for (const m of [facilitator, ...people]) m.close();
    for (const r of replicas.splice(0)) r.destroy();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  const open = async (path: string, member: Member) => {
    const r = await openReplica(server, path, member.person.token);
    replicas.push(r);
    return r;
  };

  async function previewAndStart(rule: 'mixUnits' | 'keepUnits', factorMode: 'all' | 'shares' = 'shares'): Promise<BreakoutPreview> {
    await expect.poll(async () => {
      const r = await facilitator.send('breakout.preview', { groupCount: 2, rule, factorMode, seed: 1 });
      return r.ok ? r.preview.groups.flatMap((g) => g.members).length : 0;
    }).toBe(4);
    const r = await facilitator.send('breakout.preview', { groupCount: 2, rule, factorMode, seed: 1 });
    if (!r.ok) throw new Error(r.error);
    const started = await facilitator.send('breakout.start', {
      rule,
      groups: r.preview.groups.map((g) => ({ name: g.name, factors: g.factors as never, memberKeys: g.members.map((m) => m.key) })),
    });
    expect(started).toEqual({ ok: true, round: 1 });
    return r.preview;
  }

  it('groups by unit work their own factors; nobody receives another group’s notes; everything comes back once', async () => {
    const preview = await previewAndStart('keepUnits');
    // By unit: each group holds one administration whole.
    expect(preview.groups.map((g) => new Set(g.members.map((m) => m.administration)).size)).toEqual([1, 1]);
    expect(preview.groups.map((g) => g.members.length)).toEqual([2, 2]);
    expect(preview.groups.map((g) => g.factors.length)).toEqual([5, 5]);

    const plenary = await open(workshop.id, people[0]!);
    const boardId = readBoards(plenary.doc)[0]!.id;
    const entered = await Promise.all(people.map((p) => enter(p)));
    const groupIds = entered.map((e) => e.groupId!);
    expect(new Set(groupIds).size).toBe(2);
    const groupReplicas = await Promise.all(people.map((p, i) => open(`${workshop.id}/${groupIds[i]}`, p)));
    const groups = readBreakoutGroups(plenary.doc, 1);
    const factorsOf = (groupId: string) => groups.find((g) => g.id === groupId)!.factors;

    // The group's board is the plenary board restricted to its factors, on its own document.
    expect(readBoards(groupReplicas[0]!.doc)[0]!.rows.map((r) => r.key)).toEqual(factorsOf(groupIds[0]!));
    const written: Array<{ groupId: string; text: string; id: string }> = [];
    for (const [i, person] of people.entries()) {
      for (let n = 0; n < 2; n++) {
        const text = `Group ${groupIds[i]} note ${n} by ${person.person.displayName}`;
        const r = await person.send('note.add', { boardId, row: factorsOf(groupIds[i]!)[n]!, column: 'gaps', text, colour: 'yellow' });
        expect(r).toMatchObject({ ok: true, private: false });
        written.push({ groupId: groupIds[i]!, text, id: (r as { noteId: string }).noteId });
      }
    }
    // A factor outside the group's share is not a cell of its board.
    const foreign = factorsOf(groupIds[2]!)[0]!;
    expect(await people[0]!.send('note.add', { boardId, row: foreign, column: 'gaps', text: 'not my factor', colour: 'yellow' })).toMatchObject({ ok: false, error: 'INVALID_CELL' });
    await groupReplicas[0]!.waitFor((d) => readNotes(d).length === 4);
    // The plenary is read-only meanwhile: a participant's commands reach only their own group.
    expect(readNotes(plenary.doc)).toHaveLength(0);

    // A participant of group A can neither read group B's board on the Yjs socket ...
    const other = groupIds.find((g) => g !== groupIds[0])!;
    const raw = await openRawYjsClient(server, `${workshop.id}/${other}`, people[0]!.person.token).catch((err: unknown) => err);
    const closed = raw instanceof Error ? null : await (raw as { closed: Promise<{ code: number }> }).closed;
    expect(raw instanceof Error || closed?.code === 4403).toBe(true);
    // ... nor choose it on Socket.IO: entering names their own group whatever they ask.
    expect((await enter(people[0]!, other)).groupId).toBe(groupIds[0]);
    // ... nor touch its notes by id.
    const bNote = written.find((w) => w.groupId === other)!;
    expect(await people[0]!.send('note.edit', { noteId: bNote.id, text: 'hijacked' })).toMatchObject({ ok: false, error: 'NOTE_NOT_FOUND' });
    expect(await people[0]!.send('note.delete', { noteId: bNote.id })).toMatchObject({ ok: false });

    // Oversight: every group at a glance; a message to one group reaches only its members; one timer for all.
    const overview = await facilitator.send('breakout.overview', {});
    if (!overview.ok) throw new Error(overview.error);
    expect(overview.groups.map((g) => [g.group.id, g.notes, g.memberKeys.length, g.phase])).toEqual(groups.map((g) => [g.id, 4, 2, 'write']));
    const secret = 'Only for the first group: take factor one first';
    const heard = people.filter((_, i) => groupIds[i] === groupIds[0]).map((p) => p.next('breakout.message'));
    expect(await facilitator.send('breakout.message', { groupId: groupIds[0]!, text: secret })).toEqual({ ok: true });
    expect((await Promise.all(heard)).map((m) => m.text)).toEqual([secret, secret]);
    expect(await facilitator.send('breakout.timer', { groupId: null, durationMs: 600_000 })).toEqual({ ok: true });
    await Promise.all(groupReplicas.map((r) => r.waitFor((d) => readSession(d).timer?.status === 'running')));
    expect(new Set(groupReplicas.map((r) => readSession(r.doc).timer?.endsAt)).size).toBe(1);
    expect(readSession(plenary.doc).timer).toBeNull();

    // Nothing of group B (text, id, author, messages) reached a participant of group A, on either socket.
    for (const [i, person] of people.entries()) {
      const seen = receivedText(person, [plenary, groupReplicas[i]!].filter((r, k) => k > 0 || i === 0));
      for (const w of written.filter((x) => x.groupId !== groupIds[i])) {
        expect(seen).not.toContain(w.text);
        expect(seen).not.toContain(w.id);
      }
      for (const author of people.filter((_, k) => groupIds[k] !== groupIds[i])) expect(seen).not.toContain(`"authorName":"${author.person.displayName}"`);
      if (groupIds[i] !== groupIds[0]) expect(seen).not.toContain(secret);
    }

    // Bring everyone back: each note once in the plenary, in its factor and column, with its group.
    const back = await facilitator.send('breakout.bringBack', { countdownSeconds: 0 });
    expect(back).toEqual({ ok: true, status: 'ended', returnAt: null, rolledUp: 8 });
    await plenary.waitFor((d) => readNotes(d).length === 8 && readRound(d)?.status === 'ended');
    for (const w of written) {
      const rolled = readNotes(plenary.doc).filter((n) => n.text === w.text);
      expect(rolled).toHaveLength(1);
      expect(rolled[0]!.breakout).toMatchObject({ groupId: w.groupId, noteId: w.id });
      expect(rolled[0]!.groupId).toBeNull();
    }
    // Exports carry where each note came from.
    const exported = async (format: string) => {
      const res = await fetch(`${server.url}/api/workshops/${workshop.id}/export?format=${format}&lang=en`, { headers: { authorization: `Bearer ${facilitator.person.token}` } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const json = JSON.parse(await exported('json')) as { boards: Array<{ notes: Array<{ text: string; breakout?: { groupName: string } }> }> };
    for (const w of written) {
      const group = groups.find((g) => g.id === w.groupId)!;
      expect(json.boards[0]!.notes.find((n) => n.text === w.text)?.breakout?.groupName).toBe(group.name);
    }
    expect(await exported('md')).toMatch(/From Group [12]/);
    // Again: nothing is added twice.
    expect(await facilitator.send('breakout.bringBack', { countdownSeconds: 0 })).toEqual({ ok: true, status: 'ended', returnAt: null, rolledUp: 0 });
    expect(readNotes(plenary.doc)).toHaveLength(8);
    // Group boards stay readable, frozen; participants are back on the plenary.
    await groupReplicas[0]!.waitFor((d) => readSession(d).phase === 'closed');
    expect(readNotes(groupReplicas[0]!.doc)).toHaveLength(4);
    expect(await people[0]!.send('note.add', { boardId, row: 'transparency', column: 'gaps', text: 'Back in plenary', colour: 'pink' })).toMatchObject({ ok: true });
    await plenary.waitFor((d) => readNotes(d).length === 9);
  });

  it('a group lead runs their group, and only their group; plenary commands stay the facilitator’s', async () => {
    await previewAndStart('mixUnits', 'all');
    const plenary = await open(workshop.id, facilitator);
    const [lead, ...rest] = people;
    const mine = await enter(lead!);
    const mateIndex = (await Promise.all(rest.map((p) => enter(p)))).findIndex((e) => e.groupId === mine.groupId);
    const mate = rest[mateIndex]!;
    const outsider = rest.find((_, k) => k !== mateIndex)!;
    const others = (await enter(outsider)).groupId!;
    // Only a facilitator promotes, and only a member of the group.
    expect(await lead!.send('breakout.setLead', { groupId: mine.groupId!, personKey: mine.join.presenceKey })).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(await facilitator.send('breakout.setLead', { groupId: others, personKey: mine.join.presenceKey })).toMatchObject({ ok: false, error: 'BREAKOUT_INVALID_SPLIT' });
    expect(await facilitator.send('breakout.setLead', { groupId: mine.groupId!, personKey: mine.join.presenceKey })).toEqual({ ok: true });
    expect((await enter(lead!)).lead).toBe(true);

    const groupDoc = await open(`${workshop.id}/${mine.groupId}`, lead!);
    const otherDoc = await open(`${workshop.id}/${others}`, facilitator);
    expect(await lead!.send('phase.set', { phase: 'vote' })).toEqual({ ok: true });
    expect(await lead!.send('timer.start', { durationMs: 60_000, lockAtZero: false })).toEqual({ ok: true });
    await groupDoc.waitFor((d) => readSession(d).phase === 'vote' && readSession(d).timer?.status === 'running');
    // The plenary and the other group are untouched.
    expect(readSession(plenary.doc).phase).toBe('write');
    expect(readSession(otherDoc.doc).phase).toBe('write');
    // Plenary commands and breakout commands are refused to a lead.
    for (const [event, payload] of [
      ['board.add', { title: 'Mine', template: 'arusha' }],
      ['workshop.freeze', {}],
      ['export.allowObservers', { allowed: false }],
    ] as const) {
      expect(await lead!.sendRaw(event, payload)).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    }
    for (const [event, payload] of [
      ['breakout.bringBack', { countdownSeconds: 0 }],
      ['breakout.timer', { groupId: null, durationMs: 60_000 }],
      ['breakout.move', { personKey: mine.join.presenceKey, groupId: others }],
      ['breakout.message', { groupId: others, text: 'hello' }],
    ] as const) {
      expect(await lead!.sendRaw(event, payload)).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    }
    // A member who is not the lead has no such powers.
    expect(await mate.send('phase.set', { phase: 'discuss' })).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(readSession(otherDoc.doc).phase).toBe('write');
    expect(readSession(groupDoc.doc).phase).toBe('vote');
  });

  it('late joiners are placed by the rule, a person can be moved live, and moving closes their old board', async () => {
    await previewAndStart('mixUnits');
    const first = await enter(people[0]!);
    const oldBoard = await open(`${workshop.id}/${first.groupId}`, people[0]!);
    const late = await joinAs(server, workshop, 'participant', 'Gloria', 'SENAE');
    people.push(late);
    const placed = await enter(late);
    expect(placed.groupId).not.toBeNull();
    const overview = await facilitator.send('breakout.overview', {});
    if (!overview.ok) throw new Error(overview.error);
    expect(overview.groups.map((g) => g.memberKeys.length).sort()).toEqual([2, 3]);

    const target = overview.groups.find((g) => g.group.id !== first.groupId)!.group.id;
    const told = people[0]!.next('breakout.changed');
    const closed = new Promise<number>((resolve) => oldBoard.provider.once('connection-close', (e) => resolve(e?.code ?? 0)));
    expect(await facilitator.send('breakout.move', { personKey: first.join.presenceKey, groupId: target })).toEqual({ ok: true });
    await told;
    expect(await closed).toBe(4403);
    expect((await enter(people[0]!)).groupId).toBe(target);
    const boardId = readBoards(oldBoard.doc)[0]!.id;
    const moved = await open(`${workshop.id}/${target}`, people[0]!);
    const row = readBoards(moved.doc)[0]!.rows[0]!.key;
    expect(await people[0]!.send('note.add', { boardId, row, column: 'strengths', text: 'Written after the move', colour: 'blue' })).toMatchObject({ ok: true });
    await moved.waitFor((d) => readNotes(d).some((n) => n.text === 'Written after the move'));
  });

  it('a group still writing gets a countdown, then everyone comes back with hidden notes revealed and rolled up', async () => {
    await previewAndStart('mixUnits');
    const plenary = await open(workshop.id, facilitator);
    const boardId = readBoards(plenary.doc)[0]!.id;
    const entered = await enter(people[0]!);
    const groupDoc = await open(`${workshop.id}/${entered.groupId}`, facilitator);
    await enter(facilitator, entered.groupId);
    expect(await facilitator.send('phase.set', { phase: 'write', privateWriting: true })).toEqual({ ok: true });
    await groupDoc.waitFor((d) => readSession(d).privateWriting);
    expect(readSession(plenary.doc).privateWriting).toBe(false);
    const row = readBoards(groupDoc.doc)[0]!.rows[0]!.key;
    expect(await people[0]!.send('note.add', { boardId, row, column: 'gaps', text: 'Hidden until the end', colour: 'yellow' })).toMatchObject({ ok: true, private: true });
    await enter(facilitator, null);
    const back = await facilitator.send('breakout.bringBack', { countdownSeconds: 1 });
    expect(back).toMatchObject({ ok: true, status: 'countdown' });
    await plenary.waitFor((d) => readRound(d)?.status === 'ended', 10_000);
    const rolled = readNotes(plenary.doc).find((n) => n.text === 'Hidden until the end');
    expect(rolled?.breakout?.groupId).toBe(entered.groupId);
  });

  it('deleting the workshop erases its groups’ boards too', async () => {
    await previewAndStart('mixUnits');
    const entered = await enter(people[0]!);
    const board = await open(`${workshop.id}/${entered.groupId}`, people[0]!);
    const row = readBoards(board.doc)[0]!.rows[0]!.key;
    expect(await people[0]!.send('note.add', { boardId: readBoards(board.doc)[0]!.id, row, column: 'gaps', text: 'to be erased', colour: 'yellow' })).toMatchObject({ ok: true });
    const groupDocs = async () => (await server.services.stores.documents.list()).filter((id) => id.startsWith(`${workshop.id}_`));
    expect(await groupDocs()).toHaveLength(2);
    await server.deleteWorkshop(workshop.id);
    expect(await groupDocs()).toEqual([]);
    expect(await server.services.stores.ownership.listOwners(`${workshop.id}_${entered.groupId}`)).toEqual([]);
  });

  it('refuses what a split may not be', async () => {
    const r = await facilitator.send('breakout.preview', { groupCount: 2, rule: 'random', factorMode: 'shares', seed: 3 });
    if (!r.ok) throw new Error(r.error);
    const groups = r.preview.groups.map((g) => ({ name: g.name, factors: g.factors as never, memberKeys: g.members.map((m) => m.key) }));
    expect(await facilitator.send('breakout.start', { rule: 'random', groups: [groups[0]!, { ...groups[1]!, factors: ['transparency'] as never }] })).toMatchObject({ ok: false, error: 'BREAKOUT_INVALID_SPLIT' });
    expect(await facilitator.send('breakout.start', { rule: 'random', groups: [groups[0]!, { ...groups[1]!, memberKeys: groups[0]!.memberKeys }] })).toMatchObject({ ok: false, error: 'BREAKOUT_INVALID_SPLIT' });
    expect(await facilitator.sendRaw('breakout.start', { rule: 'random', groups: [groups[0]] })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(await people[0]!.send('breakout.start', { rule: 'random', groups })).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(await facilitator.send('breakout.bringBack', { countdownSeconds: 0 })).toMatchObject({ ok: false, error: 'BREAKOUT_NOT_RUNNING' });
    // Nothing was started by any of these.
    const plenary = await open(workshop.id, facilitator);
    expect(readRound(plenary.doc)).toBeNull();
  });
});
