import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards, readNotes, readSession } from '../../shared/board/boardDocument.ts';
import { connectClient, openRawYjsClient, openReplica, type Replica } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { waitForPresence } from '../helpers/presence.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { api, createWorkshop, joinAs, secretOf, type Member, type TestWorkshop } from '../helpers/workshops.ts';

const redis = await startRedis();

describe.skipIf(!redis)('several server nodes on one Redis serve one workshop', () => {
  let cluster: Cluster;
  let workshop: TestWorkshop;
  let boardId: string;
  const open: Array<{ close(): void } | { destroy(): void }> = [];
  const track = <T extends { close(): void } | { destroy(): void }>(x: T): T => (open.push(x), x);

  beforeAll(async () => {
    cluster = await startCluster(redis as TestRedis, 3, { PRESENCE_TTL_MS: '3000' });
    workshop = await createWorkshop(cluster.nodes[0]!);
  });
  afterAll(async () => {
    for (const x of open) ('close' in x ? x.close() : x.destroy());
    await cluster?.stop();
    await redis?.dispose();
  });

  it('clients spread over three nodes converge, and presence counts agree on every node', async () => {
    const facilitator = track(await joinAs(cluster.nodes[0]!, workshop, 'facilitator', 'María'));
    const people: Array<{ m: Member; replica: Replica }> = [];
    for (let i = 0; i < 6; i++) {
      const node = cluster.nodes[i % 3]!;
      const m = track(await joinAs(node, workshop, 'participant', `Person ${i}`));
      const replica = track(await openReplica(node, workshop.id, m.person.token));
      people.push({ m, replica });
    }
    boardId = readBoards(people[0]!.replica.doc)[0]!.id;
    const presenceSeen = people.map(({ m }) => waitForPresence(m, (u) => u.count === 7));
    await Promise.all(
      people.flatMap(({ m }, i) =>
        [0, 1, 2].map((k) => m.send('note.add', { boardId, row: 'transparency', column: 'gaps', text: `note ${i}.${k}` })),
      ),
    );
    await Promise.all(people.map(({ replica }) => replica.waitFor((doc) => readNotes(doc).length === 18, 10_000)));
    const texts = people.map(({ replica }) => JSON.stringify(readNotes(replica.doc).map((n) => n.text).sort()));
    expect(new Set(texts).size).toBe(1);
    const counts = await Promise.all(presenceSeen);
    expect(counts.every((u) => u.count === 7 && u.byRole.participant === 6 && u.byRole.facilitator === 1)).toBe(true);

    // Phase and lock set on node 1 hold on nodes 2 and 3.
    expect(await facilitator.send('lock.set', { locked: true })).toEqual({ ok: true });
    await Promise.all(people.map(({ replica }) => replica.waitFor((doc) => readSession(doc).locked)));
    expect(await people[2]!.m.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'late' })).toEqual({ ok: false, error: 'BOARD_LOCKED' });
    expect(await facilitator.send('lock.set', { locked: false })).toEqual({ ok: true });
    await Promise.all(people.map(({ replica }) => replica.waitFor((doc) => !readSession(doc).locked)));
  });

  it('one participant connected to two nodes at once cannot exceed the vote budget', async () => {
    const facilitator = track(await joinAs(cluster.nodes[0]!, workshop, 'facilitator', 'Lucía'));
    const voter = track(await joinAs(cluster.nodes[1]!, workshop, 'participant', 'Voter'));
    const otherTab = track(await connectClient(cluster.nodes[2]!, voter.person.token));
    const replica = track(await openReplica(cluster.nodes[2]!, workshop.id, voter.person.token));
    const notes = readNotes(replica.doc).slice(0, 4).map((n) => n.id);
    await facilitator.send('voting.configure', { votesPerParticipant: 5, maxPerNote: 3, showLive: true });
    await facilitator.send('phase.set', { phase: 'vote' });
    await replica.waitFor((doc) => readSession(doc).phase === 'vote');
    const total = (v: Record<string, Record<string, number>>) => Object.values(v).flatMap((b) => Object.values(b)).reduce((a, c) => a + c, 0);
    // The second tab, on another node, hears about its own votes through the adapter.
    const heard = otherTab.next('votes.mine', (v) => total(v) === 5);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? otherTab : voter).send('vote.cast', { noteId: notes[i % 4]! })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(total(await heard)).toBe(5);
    await facilitator.send('phase.set', { phase: 'discuss' });
  });

  it('revoking a link on one node closes its connections on every node', async () => {
    const lead = track(await joinAs(cluster.nodes[0]!, workshop, 'facilitator', 'Lead'));
    const minted = await api<{ url: string; link: { id: string } }>(cluster.nodes[0]!, 'POST', `/api/workshops/${workshop.id}/links`, { role: 'observer', label: 'donor' }, lead.person.token);
    const session = await api<{ token: string }>(cluster.nodes[1]!, 'POST', `/api/workshops/${workshop.id}/sessions`, { secret: secretOf(minted.body.url), displayName: 'Donor' });
    const client = track(await connectClient(cluster.nodes[2]!, session.body.token));
    const raw = await openRawYjsClient(cluster.nodes[1]!, workshop.id, session.body.token);
    const ended = client.next('session.ended');
    expect((await api(cluster.nodes[0]!, 'POST', `/api/workshops/${workshop.id}/links/${minted.body.link.id}/revoke`, undefined, lead.person.token)).status).toBe(200);
    expect(await ended).toBe('LINK_REVOKED');
    expect(await raw.closed).toEqual({ code: 4001, reason: 'LINK_REVOKED' });
  });

  it('the people of a killed node disappear from presence within the TTL', async () => {
    const watcher = track(await joinAs(cluster.nodes[0]!, workshop, 'observer', 'Watcher'));
    const doomed = await cluster.addNode('doomed');
    const victims = [];
    for (const name of ['Victim A', 'Victim B']) victims.push(track(await joinAs(doomed, workshop, 'participant', name)));
    const before = await waitForPresence(watcher, (u) => u.people.some((p) => p.displayName === 'Victim B'));
    const seenBefore = before.count;
    const gone = waitForPresence(watcher, (u) => u.count === seenBefore - 2);
    const killedAt = Date.now();
    await cluster.kill(doomed);
    const after = await gone;
    expect(after.count).toBe(seenBefore - 2);
    expect(Date.now() - killedAt).toBeLessThan(30_000);
  });
});
