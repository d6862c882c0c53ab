import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readActions,
  readBoards,
  readGroups,
  readHistory,
  readNote,
  readNotes,
  readSession,
  readSummary,
  readVoteCounts,
} from '../../shared/board/boardDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

describe('facilitation: notes, groups, merges, actions, summary, spotlight, done, freeze', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let f: Member;
  let ana: Member;
  let bruno: Member;
  let rapporteur: Member;
  let replica: Replica;
  let boardId: string;

  const add = async (m: Member, text: string, row = 'hrm', column = 'gaps') => {
    const r = await m.send('note.add', { boardId, row, column, text });
    if (!r.ok) throw new Error(r.error);
    return r.noteId;
  };

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server);
    f = await joinAs(server, workshop, 'facilitator', 'María', 'DNA Uruguay');
    ana = await joinAs(server, workshop, 'participant', 'Ana');
    bruno = await joinAs(server, workshop, 'participant', 'Bruno');
    rapporteur = await joinAs(server, workshop, 'rapporteur', 'Rosa', 'WCO');
    replica = await openReplica(server, workshop.id, ana.person.token);
    boardId = readBoards(replica.doc)[0]!.id;
  });
  afterEach(async () => {
    for (const m of [f, ana, bruno, rapporteur]) m.close();
    replica.destroy();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('moves own notes by command, refuses moves of others and to cells that do not exist', async () => {
    const mine = await add(ana, 'Rotation is rare');
    const theirs = await add(bruno, 'Pay is low');
    expect(await ana.send('note.move', { noteId: mine, row: 'morale_culture', column: 'strengths' })).toEqual({ ok: true });
    expect(await ana.send('note.move', { noteId: theirs, row: 'hrm', column: 'strengths' })).toEqual({ ok: false, error: 'NOT_AUTHOR' });
    expect(await ana.send('note.move', { noteId: mine, row: 'bribery', column: 'gaps' })).toEqual({ ok: false, error: 'INVALID_CELL' });
    expect(await f.send('note.move', { noteId: theirs, row: 'hrm', column: 'strengths' })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, theirs)?.column === 'strengths' && readNote(doc, mine)?.row === 'morale_culture');
  });

  it('caps notes per participant per board with NOTE_LIMIT_REACHED and gives the quota back on delete', async () => {
    expect(await f.send('notes.setLimit', { notesPerParticipant: 2 })).toEqual({ ok: true });
    const first = await add(ana, 'one');
    await add(ana, 'two');
    expect(await ana.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'three' })).toEqual({ ok: false, error: 'NOTE_LIMIT_REACHED' });
    expect(await ana.send('note.delete', { noteId: first })).toEqual({ ok: true });
    expect(await ana.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'three' })).toMatchObject({ ok: true });
  });

  it('groups notes of a cell, refuses notes of another cell, renames and ungroups', async () => {
    const a = await add(ana, 'Low pay');
    const b = await add(bruno, 'Pay below private sector');
    const other = await add(bruno, 'Leaders do not model integrity', 'leadership_commitment');
    await f.send('phase.set', { phase: 'group' });
    expect(await f.send('group.create', { boardId, row: 'hrm', column: 'gaps', name: 'Pay', noteIds: [a, other] })).toEqual({ ok: false, error: 'INVALID_CELL' });
    const g = await f.send('group.create', { boardId, row: 'hrm', column: 'gaps', name: 'Pay', noteIds: [a, b] });
    expect(g).toMatchObject({ ok: true });
    const groupId = (g as { groupId: string }).groupId;
    expect(await f.send('group.rename', { groupId, name: 'Pay and benefits' })).toEqual({ ok: true });
    await replica.waitFor((doc) => readGroups(doc)[0]?.name === 'Pay and benefits' && readNote(doc, b)?.groupId === groupId);
    expect(await f.send('note.setGroup', { noteId: other, groupId })).toEqual({ ok: false, error: 'INVALID_CELL' });
    expect(await f.send('group.delete', { groupId })).toEqual({ ok: true });
    await replica.waitFor((doc) => readGroups(doc).length === 0 && readNote(doc, a)?.groupId === null);
  });

  it('merges duplicates: sources go under the kept note, votes move to it within each person’s maximum', async () => {
    const keep = await add(ana, 'Brokers pay for speed');
    const dup = await add(bruno, 'Brokers pay to go faster');
    await f.send('voting.configure', { votesPerParticipant: 5, maxPerNote: 2, showLive: true });
    await f.send('phase.set', { phase: 'vote' });
    for (const id of [keep, keep, dup, dup]) await ana.send('vote.cast', { noteId: id });
    await bruno.send('vote.cast', { noteId: dup });
    expect(await f.send('note.merge', { targetId: keep, sourceIds: [dup] })).toEqual({ ok: true });
    await replica.waitFor((doc) => readNote(doc, dup)?.mergedInto === keep && readVoteCounts(doc)[keep] === 3);
    expect(readNote(replica.doc, keep)?.mergedFrom).toEqual([dup]);
    expect(await f.send('note.merge', { targetId: keep, sourceIds: ['AAAAAAAAAAAAAAAA'] })).toEqual({ ok: false, error: 'NOTE_NOT_FOUND' });
  });

  it('actions, summary, spotlight, done count, extra boards and a recorded freeze and reopening', async () => {
    expect(await f.send('spotlight.set', { spotlight: { kind: 'row', boardId, row: 'transparency' } })).toEqual({ ok: true });
    expect(await f.send('spotlight.set', { spotlight: { kind: 'row', boardId, row: 'nope' } })).toEqual({ ok: false, error: 'INVALID_CELL' });
    expect(await ana.send('done.set', { done: true })).toEqual({ ok: true });
    expect(await ana.send('done.set', { done: true })).toEqual({ ok: true });
    expect(await bruno.send('done.set', { done: true })).toEqual({ ok: true });
    await replica.waitFor((doc) => readSession(doc).doneCount === 2 && readSession(doc).spotlight?.kind === 'row');
    expect(await bruno.send('done.set', { done: false })).toEqual({ ok: true });
    await replica.waitFor((doc) => readSession(doc).doneCount === 1);

    const plan = await f.send('board.add', { title: 'Action plan', template: 'action_plan' });
    const custom = await f.send('board.add', { title: 'Breakout A', template: 'custom', rows: [{ key: 'risks', label: 'Risks' }], columns: [{ key: 'ideas', label: 'Ideas' }] });
    expect(plan.ok && custom.ok).toBe(true);
    const planId = (plan as { boardId: string }).boardId;
    expect(await ana.send('note.add', { boardId: planId, row: 'hrm', column: 'gaps', text: 'no notes on plans' })).toEqual({ ok: false, error: 'INVALID_CELL' });
    expect(await f.send('board.setCurrent', { boardId: planId })).toEqual({ ok: true });

    await f.send('phase.set', { phase: 'actions' });
    const action = await rapporteur.send('action.add', { boardId: planId, row: 'hrm', text: 'Publish promotion criteria', ownerUnit: 'HR', dueDate: '2023-06-30', indicator: 'Criteria online' });
    expect(action).toMatchObject({ ok: true });
    expect(await rapporteur.send('action.add', { boardId: planId, row: 'hrm', text: 'x', dueDate: '30/06/2023' })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(await rapporteur.send('action.edit', { actionId: (action as { actionId: string }).actionId, status: 'in_progress' })).toEqual({ ok: true });
    expect(await rapporteur.send('summary.set', { boardId, text: 'Pay and rotation dominate the gaps.' })).toEqual({ ok: true });
    expect(await ana.send('summary.set', { boardId, text: 'hijack' })).toEqual({ ok: false, error: 'FORBIDDEN_ROLE' });

    expect(await rapporteur.send('workshop.freeze', {})).toEqual({ ok: true });
    expect(await f.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'after freeze' })).toEqual({ ok: false, error: 'FROZEN' });
    expect(await rapporteur.send('workshop.reopen', {})).toEqual({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(await f.send('workshop.reopen', {})).toEqual({ ok: true });
    await replica.waitFor((doc) => readSession(doc).phase === 'actions' && readHistory(doc).some((h) => h.kind === 'reopened'));
    const history = readHistory(replica.doc);
    expect(history.filter((h) => h.kind === 'frozen')).toEqual([expect.objectContaining({ role: 'rapporteur', phase: 'actions' })]);
    expect(history.filter((h) => h.kind === 'reopened')).toEqual([expect.objectContaining({ role: 'facilitator', phase: 'actions' })]);
    expect(readActions(replica.doc, planId)).toEqual([expect.objectContaining({ status: 'in_progress', ownerUnit: 'HR', dueDate: '2023-06-30' })]);
    expect(readSummary(replica.doc, boardId)?.text).toBe('Pay and rotation dominate the gaps.');
    expect(readBoards(replica.doc).map((b) => b.template)).toEqual(['arusha', 'action_plan', 'custom']);
    expect(readSession(replica.doc).currentBoardId).toBe(planId);
    expect(readNotes(replica.doc)).toEqual([]);
  });
});
