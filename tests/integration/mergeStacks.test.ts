import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards, readNote, readVoteCounts, roots } from '../../shared/board/boardDocument.ts';
import { commandOrigin } from '../../server/documents/updateOrigin.ts';
import { readStacks } from '../../shared/board/stacks.ts';
import type { NoteColour } from '../../shared/board/types.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { startRedis, uniqueKeyPrefix } from '../helpers/redisServer.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

const redis = await startRedis();
afterAll(() => redis?.dispose());

const stores = [
  { name: 'embedded store', available: true, config: () => ({}) },
  { name: 'Redis', available: redis !== null, config: () => ({ redisUrl: redis!.url, redisKeyPrefix: uniqueKeyPrefix('stacks') }) },
];

describe.each(stores.filter((s) => s.available))('merging makes a stack that keeps every participant’s words, and undoing it ($name)', (store) => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let f: Member;
  let ana: Member;
  let bruno: Member;
  let carla: Member;
  let replica: Replica;
  let boardId: string;

  const add = async (m: Member, text: string, row: string, column: string, colour: NoteColour) => {
    const r = await m.send('note.add', { boardId, row, column, text, colour });
    if (!r.ok) throw new Error(r.error);
    return r.noteId;
  };

  beforeEach(async () => {
    server = await startTestServer(store.config());
    workshop = await createWorkshop(server);
    f = await joinAs(server, workshop, 'facilitator', 'María', 'DNA Uruguay');
    ana = await joinAs(server, workshop, 'participant', 'Ana', 'SENAE');
    bruno = await joinAs(server, workshop, 'participant', 'Bruno', 'AFIP');
    carla = await joinAs(server, workshop, 'participant', 'Carla', 'SAT');
    replica = await openReplica(server, workshop.id, carla.person.token);
    boardId = readBoards(replica.doc)[0]!.id;
  });
  afterEach(async () => {
    for (const m of [f, ana, bruno, carla]) m.close();
    replica.destroy();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('merging three notes from different authors keeps every text, author, colour and time, readable by a replica', async () => {
    const top = await add(ana, 'Brokers pay for speed', 'hrm', 'gaps', 'yellow');
    const b = await add(bruno, 'Los agentes pagan para ir más rápido', 'hrm', 'gaps', 'pink');
    const c = await add(carla, 'Les courtiers paient pour aller vite', 'transparency', 'strengths', 'blue');
    const d = await add(f, 'وسطاء يدفعون للسرعة', 'hrm', 'strengths', 'green');
    await replica.waitFor((doc) => readNote(doc, d) !== null);
    const before = [b, c, d].map((id) => readNote(replica.doc, id)!);

    expect(await f.send('note.merge', { targetId: top, sourceIds: [b, c, d] })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, d)?.mergedInto === top);

    const kept = readNote(replica.doc, top)!;
    expect(kept.mergedFrom).toEqual([b, c, d]);
    expect(kept.mergedInto).toBeNull();
    for (const original of before) {
      const now = readNote(replica.doc, original.id)!;
      expect(now).toMatchObject({
        text: original.text,
        authorName: original.authorName,
        authorAdministration: original.authorAdministration,
        colour: original.colour,
        createdAt: original.createdAt,
        mergedInto: top,
        row: 'hrm',
        column: 'gaps',
      });
    }
    expect(before.map((n) => n.authorName)).toEqual(['Bruno', 'Carla', 'María']);
    const stacks = readStacks(replica.doc, boardId);
    expect(stacks).toHaveLength(1);
    expect(stacks[0]!.top.id).toBe(top);
    expect(stacks[0]!.members.map((n) => n.text)).toEqual(before.map((n) => n.text));
    expect(stacks[0]!.missing).toBe(0);
  });

  it('undo puts notes back in their cells and groups, with votes back within each voter’s budget; a vote the voter re-spent stays spent elsewhere', async () => {
    const top = await add(ana, 'Pay scales are secret', 'hrm', 'gaps', 'yellow');
    const dup = await add(bruno, 'Nobody knows the pay scales', 'transparency', 'gaps', 'pink');
    const other = await add(carla, 'Rotation is rare', 'hrm', 'strengths', 'blue');
    await f.send('phase.set', { phase: 'group' });
    const group = await f.send('group.create', { boardId, row: 'transparency', column: 'gaps', name: 'Pay', noteIds: [dup] });
    if (!group.ok) throw new Error(group.error);
    await f.send('voting.configure', { votesPerParticipant: 3, maxPerNote: 2, showLive: true });
    await f.send('phase.set', { phase: 'vote' });
    // Bruno: 2 on his note, 1 on the top (budget spent). Ana: 1 on Bruno's note.
    for (const id of [dup, dup, top]) expect(await bruno.send('vote.cast', { noteId: id })).toMatchObject({ ok: true });
    expect(await ana.send('vote.cast', { noteId: dup })).toMatchObject({ ok: true });

    const brunoVotes = bruno.next('votes.mine');
    expect(await f.send('note.merge', { targetId: top, sourceIds: [dup] })).toEqual({ ok: true });
    expect((await brunoVotes)[boardId]).toEqual({ [top]: 2 });
    await replica.waitFor((doc) => readNote(doc, dup)?.mergedInto === top && readVoteCounts(doc)[top] === 3);
    expect(readNote(replica.doc, dup)).toMatchObject({ row: 'hrm', column: 'gaps', groupId: null });
    // The vote over Bruno's per-note maximum went back to his budget; he spends it elsewhere.
    expect(await bruno.send('vote.cast', { noteId: other })).toMatchObject({ ok: true, remaining: 0 });
    // A stacked note takes no votes: they belong to the stack's top.
    expect(await ana.send('vote.cast', { noteId: dup })).toEqual({ ok: false, error: 'NOTE_IN_STACK' });

    expect(await f.send('note.unmerge', { noteId: dup })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, dup)?.mergedInto === null && readVoteCounts(doc)[dup] === 2);
    expect(readNote(replica.doc, dup)).toMatchObject({ row: 'transparency', column: 'gaps', groupId: group.groupId, mergedInto: null });
    expect(readNote(replica.doc, top)?.mergedFrom).toEqual([]);
    // Bruno gets back the vote that moved (1), not the refunded one he re-spent; Ana's comes back whole.
    expect(readVoteCounts(replica.doc)).toMatchObject({ [top]: 1, [dup]: 2, [other]: 1 });
    const bruno2 = await bruno.send('vote.retract', { noteId: dup });
    expect(bruno2).toMatchObject({ ok: true, myVotes: { [top]: 1, [other]: 1 } });
    expect(await f.send('note.unmerge', { noteId: dup })).toEqual({ ok: false, error: 'NOT_A_STACK' });
  });

  it('merging a stack’s top brings its stack along, and undoing the top unstacks every note back to its own cell', async () => {
    const a = await add(ana, 'Gifts at the border', 'hrm', 'gaps', 'yellow');
    const b = await add(bruno, 'Small gifts are normal', 'transparency', 'gaps', 'pink');
    const c = await add(carla, 'Gift registers are not kept', 'hrm', 'strengths', 'blue');
    expect(await f.send('note.merge', { targetId: a, sourceIds: [b] })).toEqual({ ok: true });
    expect(await f.send('note.merge', { targetId: c, sourceIds: [a] })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, a)?.mergedInto === c && readNote(doc, b)?.mergedInto === c);
    expect(readNote(replica.doc, c)?.mergedFrom).toEqual([a, b]);
    expect(readNote(replica.doc, a)?.mergedFrom).toEqual([]);
    expect(readStacks(replica.doc, boardId).map((s) => [s.top.id, s.members.map((m) => m.id)])).toEqual([[c, [a, b]]]);
    // Stacked notes are not merge targets, nor sources, until they leave their stack.
    expect(await f.send('note.merge', { targetId: b, sourceIds: [c] })).toEqual({ ok: false, error: 'NOTE_IN_STACK' });
    expect(await f.send('note.move', { noteId: b, row: 'automation', column: 'gaps' })).toEqual({ ok: false, error: 'NOTE_IN_STACK' });
    // Moving the top moves the stack.
    expect(await f.send('note.move', { noteId: c, row: 'automation', column: 'gaps' })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, b)?.row === 'automation');

    expect(await f.send('note.unmerge', { noteId: c })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, a)?.mergedInto === null && readNote(doc, b)?.mergedInto === null);
    expect(readNote(replica.doc, a)).toMatchObject({ row: 'hrm', column: 'gaps' });
    expect(readNote(replica.doc, b)).toMatchObject({ row: 'transparency', column: 'gaps' });
    expect(readNote(replica.doc, c)).toMatchObject({ row: 'automation', column: 'gaps', mergedFrom: [] });
    expect(readStacks(replica.doc, boardId)).toHaveLength(3);
  });

  it('undoing a flattened stack gives each note back its own votes, and a voter’s own vote on the top stays there', async () => {
    const a = await add(ana, 'Audits are announced', 'hrm', 'gaps', 'yellow');
    const b = await add(bruno, 'Audit dates leak', 'hrm', 'gaps', 'pink');
    const c = await add(carla, 'Audits are predictable', 'hrm', 'gaps', 'blue');
    await f.send('voting.configure', { votesPerParticipant: 5, maxPerNote: 3, showLive: true });
    await f.send('phase.set', { phase: 'vote' });
    for (const id of [b, c]) expect(await ana.send('vote.cast', { noteId: id })).toMatchObject({ ok: true });
    expect(await f.send('note.merge', { targetId: a, sourceIds: [b] })).toEqual({ ok: true });
    expect(await f.send('note.merge', { targetId: c, sourceIds: [a] })).toEqual({ ok: true });
    await replica.waitFor((doc) => readVoteCounts(doc)[c] === 2 && readNote(doc, b)?.mergedInto === c);
    expect(await f.send('note.unmerge', { noteId: c })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, a)?.mergedInto === null && readNote(doc, b)?.mergedInto === null);
    expect(readVoteCounts(replica.doc)).toEqual({ [b]: 1, [c]: 1 });
  });

  it('a document from before stacks, whose mergedFrom names notes that are gone, keeps working', async () => {
    const top = await add(ana, 'Seals are reused', 'hrm', 'gaps', 'yellow');
    const later = await add(bruno, 'Seals are not counted', 'hrm', 'gaps', 'pink');
    // As an older server left it: the merged note deleted, only its id kept, no `mergedInto` field at all.
    const entry = await server.services.registry.peek(workshop.id);
    await server.services.registry.apply(entry!, commandOrigin('test.schema2'), (doc) => {
      const { mergedInto: _dropped, ...schema2 } = readNote(doc, top)!;
      roots.notes(doc).set(top, { ...schema2, mergedFrom: ['GoneNote00000001'] });
    });
    await replica.waitFor((doc) => readNote(doc, top)?.mergedFrom.length === 1);
    expect(readStacks(replica.doc, boardId).find((s) => s.top.id === top)).toMatchObject({ members: [], missing: 1 });
    expect(await f.send('note.unmerge', { noteId: top })).toEqual({ ok: false, error: 'NOT_A_STACK' });

    expect(await f.send('note.merge', { targetId: top, sourceIds: [later] })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, later)?.mergedInto === top);
    expect(readNote(replica.doc, top)?.mergedFrom).toEqual(['GoneNote00000001', later]);
    expect(readStacks(replica.doc, boardId)).toMatchObject([{ members: [{ id: later }], missing: 1 }]);
    expect(await f.send('note.unmerge', { noteId: later })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, later)?.mergedInto === null);
    expect(readNote(replica.doc, top)?.mergedFrom).toEqual(['GoneNote00000001']);
  });

  it('participants can neither merge nor unmerge, and cannot delete a stack’s top; a facilitator deleting the top deletes the stack', async () => {
    const top = await add(ana, 'Seized goods go missing', 'hrm', 'gaps', 'yellow');
    const dup = await add(bruno, 'Seizures are not recorded', 'hrm', 'gaps', 'pink');
    expect(await ana.send('note.merge', { targetId: top, sourceIds: [dup] })).toEqual({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(await f.send('note.merge', { targetId: top, sourceIds: [dup] })).toEqual({ ok: true });
    expect(await bruno.send('note.unmerge', { noteId: dup })).toEqual({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(await ana.send('note.unmerge', { noteId: top })).toEqual({ ok: false, error: 'FORBIDDEN_ROLE' });
    // Ana's note holds Bruno's words now: she may not delete them with hers.
    expect(await ana.send('note.delete', { noteId: top })).toEqual({ ok: false, error: 'NOTE_IN_STACK' });
    await replica.waitFor((doc) => readNote(doc, dup)?.mergedInto === top);
    expect(await f.send('note.delete', { noteId: top })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, top) === null && readNote(doc, dup) === null);
  });

  it('deleting a stacked note takes it out of its stack only', async () => {
    const top = await add(ana, 'Overtime is paid in cash', 'hrm', 'gaps', 'yellow');
    const b = await add(bruno, 'Cash overtime', 'hrm', 'gaps', 'pink');
    const c = await add(carla, 'Overtime without records', 'hrm', 'gaps', 'blue');
    expect(await f.send('note.merge', { targetId: top, sourceIds: [b, c] })).toEqual({ ok: true });
    expect(await bruno.send('note.delete', { noteId: b })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, b) === null);
    expect(readNote(replica.doc, top)?.mergedFrom).toEqual([c]);
    expect(readNote(replica.doc, c)?.mergedInto).toBe(top);
  });

  it('on an anonymous workshop, stacked notes carry no author', async () => {
    const anonymous = await createWorkshop(server, { anonymous: true });
    const fa = await joinAs(server, anonymous, 'facilitator', 'María');
    const p1 = await joinAs(server, anonymous, 'participant', 'Ana');
    const p2 = await joinAs(server, anonymous, 'participant', 'Bruno');
    const anonReplica = await openReplica(server, anonymous.id, p1.person.token);
    try {
      const anonBoard = readBoards(anonReplica.doc)[0]!.id;
      const first = await p1.send('note.add', { boardId: anonBoard, row: 'hrm', column: 'gaps', text: 'Promotions are bought' });
      const second = await p2.send('note.add', { boardId: anonBoard, row: 'hrm', column: 'gaps', text: 'Promotions have a price' });
      if (!first.ok || !second.ok) throw new Error('notes not added');
      expect(await fa.send('note.merge', { targetId: first.noteId, sourceIds: [second.noteId] })).toEqual({ ok: true });
      await anonReplica.waitFor((doc) => readNote(doc, second.noteId)?.mergedInto === first.noteId);
      const [stack] = readStacks(anonReplica.doc, anonBoard);
      for (const note of [stack!.top, ...stack!.members]) {
        expect(note).toMatchObject({ authorName: null, authorAdministration: null });
      }
      expect(stack!.members[0]!.text).toBe('Promotions have a price');
    } finally {
      for (const m of [fa, p1, p2]) m.close();
      anonReplica.destroy();
    }
  });
});
