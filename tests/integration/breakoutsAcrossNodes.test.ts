import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import { readRound } from '../../shared/breakouts/breakoutDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

const redis = await startRedis();

describe.skipIf(!redis)('breakouts on two nodes sharing Redis', () => {
  let cluster: Cluster;
  let workshop: TestWorkshop;
  const open: Array<{ close(): void } | { destroy(): void }> = [];
  const track = <T extends { close(): void } | { destroy(): void }>(x: T): T => (open.push(x), x);

  beforeAll(async () => {
    cluster = await startCluster(redis as TestRedis, 2, { PRESENCE_TTL_MS: '3000' });
    workshop = await createWorkshop(cluster.nodes[0]!);
  });
  afterAll(async () => {
    for (const x of open) ('close' in x ? x.close() : x.destroy());
    await cluster?.stop();
    await redis?.dispose();
  });

  it('isolation holds across nodes, a move on one node closes the board on the other, and two nodes bringing everyone back at once roll each note up once', async () => {
    const [nodeA, nodeB] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const facilitatorA = track(await joinAs(nodeA!, workshop, 'facilitator', 'María'));
    const facilitatorB = track(await joinAs(nodeB!, workshop, 'facilitator', 'Lucía'));
    const people: Member[] = [];
    for (let i = 0; i < 6; i++) people.push(track(await joinAs(cluster.nodes[i % 2]!, workshop, 'participant', `Person ${i}`, i % 3 === 0 ? 'SENAE' : i % 3 === 1 ? 'DIAN' : 'SAT')));
    await expect.poll(async () => {
      const r = await facilitatorA.send('breakout.preview', { groupCount: 3, rule: 'mixUnits', factorMode: 'shares', seed: 5 });
      return r.ok ? r.preview.groups.flatMap((g) => g.members).length : 0;
    }, { timeout: 10_000 }).toBe(6);
    const preview = await facilitatorA.send('breakout.preview', { groupCount: 3, rule: 'mixUnits', factorMode: 'shares', seed: 5 });
    if (!preview.ok) throw new Error(preview.error);
    const groups = preview.preview.groups.map((g) => ({ name: g.name, factors: g.factors as never, memberKeys: g.members.map((m) => m.key) }));
    expect(await facilitatorA.send('breakout.start', { rule: 'mixUnits', groups })).toEqual({ ok: true, round: 1 });

    const nodeOf = (i: number) => cluster.nodes[i % 2]!;
    const plenary = track(await openReplica(nodeB!, workshop.id, people[0]!.person.token));
    await plenary.waitFor((d) => readRound(d)?.status === 'running');
    const boardId = readBoards(plenary.doc)[0]!.id;
    const entered = await Promise.all(people.map((p) => p.send('breakout.enter', { groupId: null })));
    const groupIds = entered.map((e) => (e.ok ? e.groupId! : ''));
    const boards: Replica[] = await Promise.all(people.map((p, i) => openReplica(nodeOf(i), `${workshop.id}/${groupIds[i]}`, p.person.token).then(track)));

    const written: Array<{ groupId: string; text: string; id: string }> = [];
    await Promise.all(
      people.map(async (p, i) => {
        const row = readBoards(boards[i]!.doc)[0]!.rows[0]!.key;
        for (let n = 0; n < 5; n++) {
          const text = `Across nodes ${groupIds[i]} ${i}.${n}`;
          const r = await p.send('note.add', { boardId, row, column: 'gaps', text, colour: 'green' });
          expect(r).toMatchObject({ ok: true });
          written.push({ groupId: groupIds[i]!, text, id: (r as { noteId: string }).noteId });
        }
      }),
    );
    // Each board converges on its own group's 10 notes and nothing else, whichever node wrote them.
    await Promise.all(boards.map((b, i) => b.waitFor((d) => readNotes(d).length === written.filter((w) => w.groupId === groupIds[i]).length, 10_000)));
    for (const [i, b] of boards.entries()) {
      const seen = b.updates.map((u) => Buffer.from(u).toString('latin1')).join('\n') + people[i]!.received.map((e) => JSON.stringify(e)).join('\n');
      for (const w of written.filter((x) => x.groupId !== groupIds[i])) {
        expect(seen).not.toContain(w.text);
        expect(seen).not.toContain(w.id);
      }
    }

    // A move made on node A closes the person's board connection on node B.
    const movedIndex = people.findIndex((_, i) => nodeOf(i) === nodeB);
    const movedKey = (entered[movedIndex] as { join: { presenceKey: string } }).join.presenceKey;
    const closed = new Promise<number>((resolve) => boards[movedIndex]!.provider.once('connection-close', (e) => resolve(e?.code ?? 0)));
    const to = groupIds.find((g) => g !== groupIds[movedIndex])!;
    expect(await facilitatorA.send('breakout.move', { personKey: movedKey, groupId: to })).toEqual({ ok: true });
    expect(await closed).toBe(4403);

    // Both facilitators bring everyone back at the same moment, on different nodes.
    const [a, b] = await Promise.all([
      facilitatorA.send('breakout.bringBack', { countdownSeconds: 0 }),
      facilitatorB.send('breakout.bringBack', { countdownSeconds: 0 }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const rolled = (a.ok ? a.rolledUp : 0) + (b.ok ? b.rolledUp : 0);
    expect(rolled).toBe(30);
    await plenary.waitFor((d) => readNotes(d).length === 30 && readRound(d)?.status === 'ended', 10_000);
    for (const w of written) expect(readNotes(plenary.doc).filter((n) => n.breakout?.noteId === w.id)).toHaveLength(1);
  });
});
