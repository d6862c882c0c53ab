import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import { readRound } from '../../shared/breakouts/breakoutDocument.ts';
import { connectClient, openReplica, type Client, type Replica } from '../helpers/clients.ts';
import { waitForPresence } from '../helpers/presence.ts';
import type { TestWorkshop } from '../helpers/workshops.ts';
import { benchWorkshop, participants, watchNotes } from './benchWorkshop.ts';
import { type Summary, summarise } from './stats.ts';

export interface BreakoutBenchResult {
  participants: number;
  groups: number;
  notesPerGroup: number;
  /** note.add by a group's writer → all of that group's replicas have it; per group, then summarised over groups. */
  groupP50: Summary;
  groupP95: Summary;
  /** The fastest group's p50. */
  groupP50Best: number;
  /** Every note of every group, together. */
  all: Summary;
  /** Yjs bytes one participant's browser received (plenary + own group's board), mean and max. */
  bytesPerParticipantMean: number;
  bytesPerParticipantMax: number;
  /** What each would have received with one shared document holding every group's notes. */
  bytesSharedDocument: number;
  /** breakout.bringBack → ack, and → a plenary replica holds every note. */
  rollUpAckMs: number;
  rollUpVisibleMs: number;
  rolledUp: number;
  setupMs: number;
}

const bytesOf = (replica: Replica) => replica.updates.reduce((sum, u) => sum + u.byteLength, 0);

/**
 * `count` participants split into `groups` groups (mix units, a share of factors each); in every group
 * at once one member writes `notesPerGroup` notes, one after another, each timed until every member's
 * replica of the group's board has it. Then everyone is brought back and the roll-up is timed.
 */
export async function breakoutScenario(server: { url: string }, count: number, groups: number, notesPerGroup: number): Promise<BreakoutBenchResult> {
  const setupStarted = performance.now();
  const bench = await benchWorkshop(server, 'Breakouts');
  const workshop: TestWorkshop = bench.workshop;
  const people = await participants([server], workshop, count);
  const clients: Client[] = [];
  const replicas: Replica[] = [];
  const facilitatorReplicas: Replica[] = [];
  try {
    for (let i = 0; i < people.length; i += 25) {
      const batch = people.slice(i, i + 25).map(async (person) => {
        const client = await connectClient(server, person.token);
        const joined = await client.send('workshop.join', {});
        if (!joined.ok) throw new Error(joined.error);
        return client;
      });
      clients.push(...(await Promise.all(batch)));
    }
    const f = bench.facilitator;
    // Presence entries land asynchronously after each connection: the split waits until everyone is present.
    await waitForPresence(f, (presence) => presence.byRole.participant >= count);
    const preview = await f.send('breakout.preview', { groupCount: groups, rule: 'mixUnits', factorMode: 'shares', seed: 1 });
    if (!preview.ok) throw new Error(preview.error);
    const started = await f.send('breakout.start', {
      rule: 'mixUnits',
      groups: preview.preview.groups.map((g) => ({ name: g.name, factors: g.factors as never, memberKeys: g.members.map((m) => m.key) })),
    });
    if (!started.ok) throw new Error(started.error);

    // Each participant: enter, then a plenary replica and their group's replica, as a browser does.
    const groupOf: string[] = [];
    const plenaryReplicas: Replica[] = [];
    for (let i = 0; i < clients.length; i += 25) {
      const batch = clients.slice(i, i + 25).map(async (client, k) => {
        const entered = await client.send('breakout.enter', { groupId: null });
        if (!entered.ok || !entered.groupId) throw new Error('enter failed');
        groupOf[i + k] = entered.groupId;
        const token = people[i + k]!.token;
        plenaryReplicas[i + k] = await openReplica(server, workshop.id, token);
        replicas[i + k] = await openReplica(server, `${workshop.id}/${entered.groupId}`, token);
      });
      await Promise.all(batch);
    }
    const groupIds = [...new Set(groupOf)].sort();
    for (const id of groupIds) facilitatorReplicas.push(await openReplica(server, `${workshop.id}/${id}`, f.person.token));
    const setupMs = performance.now() - setupStarted;
    const before = replicas.map(bytesOf).map((b, i) => b + bytesOf(plenaryReplicas[i]!));
    const facilitatorBefore = facilitatorReplicas.map(bytesOf);
    const plenaryBefore = bytesOf(plenaryReplicas[0]!);

    // Arrivals per note text: how many of the group's members still lack it.
    const waiting = new Map<string, { remaining: number; resolve: (at: number) => void }>();
    replicas.forEach((replica) =>
      watchNotes(replica.doc, (text) => {
        const w = waiting.get(text);
        if (w && --w.remaining === 0) {
          waiting.delete(text);
          w.resolve(performance.now());
        }
      }),
    );
    const perGroup = new Map<string, number[]>();
    await Promise.all(
      groupIds.map(async (groupId) => {
        const members = groupOf.flatMap((g, i) => (g === groupId ? [i] : []));
        const writer = clients[members[0]!]!;
        const boardId = bench.boardId;
        const row = readBoards(replicas[members[0]!]!.doc)[0]!.rows[0]!.key;
        const times: number[] = [];
        for (let n = 0; n < notesPerGroup; n++) {
          const text = `${groupId} note ${n}`;
          const arrived = new Promise<number>((resolve) => waiting.set(text, { remaining: members.length, resolve }));
          const sent = performance.now();
          const r = await writer.send('note.add', { boardId, row, column: 'gaps', text });
          if (!r.ok) throw new Error(`note.add: ${r.error}`);
          times.push((await arrived) - sent);
        }
        perGroup.set(groupId, times);
      }),
    );
    const received = replicas.map((r, i) => bytesOf(r) + bytesOf(plenaryReplicas[i]!) - before[i]!);
    const allGroupsBytes = facilitatorReplicas.reduce((sum, r, i) => sum + bytesOf(r) - facilitatorBefore[i]!, 0);
    const plenaryDuring = bytesOf(plenaryReplicas[0]!) - plenaryBefore;

    // The roll-up is timed with one plenary replica (the facilitator's): 300 replicas decoding the
    // plenary update in this one bench process would measure the bench, not the server.
    const watcher = plenaryReplicas.shift()!;
    for (const r of [...plenaryReplicas, ...replicas]) r.destroy();
    plenaryReplicas.length = 0;
    replicas.length = 0;
    plenaryReplicas.push(watcher);
    const rollStarted = performance.now();
    const back = await f.send('breakout.bringBack', { countdownSeconds: 0 });
    const rollUpAckMs = performance.now() - rollStarted;
    if (!back.ok) throw new Error(back.error);
    const total = groupIds.length * notesPerGroup;
    await plenaryReplicas[0]!.waitFor((d) => readNotes(d).length >= total && readRound(d)?.status === 'ended', 30_000);
    const rollUpVisibleMs = performance.now() - rollStarted;
    for (const r of plenaryReplicas) r.destroy();

    const p50s = [...perGroup.values()].map((t) => summarise(t).p50);
    const p95s = [...perGroup.values()].map((t) => summarise(t).p95);
    return {
      participants: clients.length,
      groups: groupIds.length,
      notesPerGroup,
      groupP50: summarise(p50s),
      groupP95: summarise(p95s),
      groupP50Best: Math.min(...p50s),
      all: summarise([...perGroup.values()].flat()),
      bytesPerParticipantMean: received.reduce((a, b) => a + b, 0) / received.length,
      bytesPerParticipantMax: Math.max(...received),
      bytesSharedDocument: allGroupsBytes + plenaryDuring,
      rollUpAckMs,
      rollUpVisibleMs,
      rolledUp: back.rolledUp,
      setupMs,
    };
  } finally {
    for (const r of [...replicas, ...facilitatorReplicas]) r?.destroy();
    for (const c of clients) c.close();
    bench.close();
  }
}

export function breakoutTable(r: BreakoutBenchResult | null): string {
  if (!r) return '';
  const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    row([`breakouts: ${r.participants} participants in ${r.groups} groups, each group writing ${r.notesPerGroup} notes at once`, 'value']),
    row(['---', '---']),
    row(['note.add → every member of the group has it: p50 over all notes', ms(r.all.p50)]),
    row(['… p95 / p99 / max over all notes', `${ms(r.all.p95)} / ${ms(r.all.p99)} / ${ms(r.all.max)}`]),
    row(['per-group p50: best / median / worst group', `${ms(r.groupP50Best)} / ${ms(r.groupP50.p50)} / ${ms(r.groupP50.max)}`]),
    row(['per-group p95: median / worst group', `${ms(r.groupP95.p50)} / ${ms(r.groupP95.max)}`]),
    row(['Yjs bytes one participant received while groups wrote (plenary + own group): mean / max', `${kib(r.bytesPerParticipantMean)} / ${kib(r.bytesPerParticipantMax)}`]),
    row(['… with one shared document holding every group (every participant would receive)', `${kib(r.bytesSharedDocument)} (${(r.bytesSharedDocument / r.bytesPerParticipantMean).toFixed(1)} ×)`]),
    row([`bring everyone back: ${r.groups} boards closed, ${r.rolledUp} notes rolled up → ack (one plenary replica open)`, ms(r.rollUpAckMs)]),
    row(['… → the plenary replica holds every note', ms(r.rollUpVisibleMs)]),
    row(['setup (sessions, split, 2 replicas each)', `${(r.setupMs / 1000).toFixed(1)} s`]),
  ].join('\n');
}
