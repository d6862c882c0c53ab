import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards, readVoteCounts } from '../../shared/board/boardDocument.ts';
import { connectClient, openReplica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { UNLIMITED_COMMANDS, withLimits } from '../helpers/limits.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

describe('dot voting: budgets hold and nobody learns who voted for what', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitator: Member;
  let voter: Member;
  let boardId: string;
  let noteIds: string[];

  beforeEach(async () => {
    server = await startTestServer(withLimits(UNLIMITED_COMMANDS, { commandsPerSecond: 1000 }));
    workshop = await createWorkshop(server);
    facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    voter = await joinAs(server, workshop, 'participant', 'Ana');
    const replica = await openReplica(server, workshop.id, voter.person.token);
    boardId = readBoards(replica.doc)[0]!.id;
    replica.destroy();
    noteIds = [];
    for (let i = 0; i < 4; i++) {
      const r = await facilitator.send('note.add', { boardId, row: 'transparency', column: 'gaps', text: `Gap ${i}` });
      noteIds.push((r as { noteId: string }).noteId);
    }
  });
  afterEach(async () => {
    facilitator.close();
    voter.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('20 votes fired at once over two connections of one participant never exceed the budget', async () => {
    await facilitator.send('voting.configure', { votesPerParticipant: 5, maxPerNote: 3, showLive: false });
    await facilitator.send('phase.set', { phase: 'vote' });
    const secondTab = await connectClient(server, voter.person.token);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? secondTab : voter).send('vote.cast', { noteId: noteIds[i % 4]! })),
    );
    secondTab.close();
    const accepted = results.filter((r) => r.ok).length;
    const refusals = new Set(results.flatMap((r) => (r.ok ? [] : [r.error])));
    expect(accepted).toBe(5);
    expect([...refusals].every((e) => e === 'VOTE_BUDGET_EXCEEDED' || e === 'VOTE_NOTE_MAX_REACHED')).toBe(true);
    let total = 0;
    for (const id of noteIds) total += (await server.services.stores.votes.totals(workshop.id, boardId))[id] ?? 0;
    expect(total).toBe(5);
    const mine = await server.services.stores.votes.votesOf(workshop.id, boardId, voter.person.participantId);
    expect(Object.values(mine).every((n) => n <= 3)).toBe(true);
  });

  it('refuses a fourth vote on one note, hides counts until voting closes, then ranks by counts only', async () => {
    await facilitator.send('phase.set', { phase: 'vote' });
    const replica = await openReplica(server, workshop.id, voter.person.token);
    for (let i = 0; i < 3; i++) expect(await voter.send('vote.cast', { noteId: noteIds[1]! })).toMatchObject({ ok: true });
    expect(await voter.send('vote.cast', { noteId: noteIds[1]! })).toEqual({ ok: false, error: 'VOTE_NOTE_MAX_REACHED' });
    expect(await voter.send('vote.retract', { noteId: noteIds[0]! })).toEqual({ ok: false, error: 'NO_VOTE_TO_RETRACT' });
    expect(await voter.send('vote.cast', { noteId: noteIds[2]! })).toMatchObject({ ok: true, remaining: 1, myVotes: { [noteIds[1]!]: 3, [noteIds[2]!]: 1 } });
    expect(readVoteCounts(replica.doc)).toEqual({});
    await facilitator.send('phase.set', { phase: 'discuss' });
    await replica.waitFor((doc) => Object.keys(readVoteCounts(doc)).length === 2);
    expect(readVoteCounts(replica.doc)).toEqual({ [noteIds[1]!]: 3, [noteIds[2]!]: 1 });
    expect(JSON.stringify(replica.doc.toJSON())).not.toContain(voter.person.participantId);
    expect(await voter.send('vote.cast', { noteId: noteIds[0]! })).toEqual({ ok: false, error: 'PHASE_FORBIDS' });
    replica.destroy();
  });

  it('shows counts live when the facilitator chose so', async () => {
    await facilitator.send('voting.configure', { votesPerParticipant: 5, maxPerNote: 3, showLive: true });
    await facilitator.send('phase.set', { phase: 'vote' });
    const replica = await openReplica(server, workshop.id, facilitator.person.token);
    await voter.send('vote.cast', { noteId: noteIds[3]! });
    await replica.waitFor((doc) => readVoteCounts(doc)[noteIds[3]!] === 1);
    replica.destroy();
  });
});
