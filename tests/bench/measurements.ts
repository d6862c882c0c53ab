import { readFileSync } from 'node:fs';
import { connectClient, openReplica } from '../helpers/clients.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';
import { benchWorkshop, openReplicas, participants, watchNotes } from './benchWorkshop.ts';
import { type Summary, summarise } from './stats.ts';

const ARRIVAL_TIMEOUT_MS = 10_000;

/** Resolves each awaited note text with the time it was seen (once every expected replica saw it). */
class Arrivals {
  readonly #waiting = new Map<string, { remaining: number; first: number; resolve: (times: { first: number; last: number }) => void }>();
  timeouts = 0;

  expect(text: string, replicas: number): Promise<{ first: number; last: number } | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(text);
        this.timeouts++;
        resolve(null);
      }, ARRIVAL_TIMEOUT_MS);
      this.#waiting.set(text, {
        remaining: replicas,
        first: Number.NaN,
        resolve: (times) => {
          clearTimeout(timer);
          resolve(times);
        },
      });
    });
  }

  seen(text: string): void {
    const now = performance.now();
    const waiting = this.#waiting.get(text);
    if (!waiting) return;
    if (Number.isNaN(waiting.first)) waiting.first = now;
    if (--waiting.remaining > 0) return;
    this.#waiting.delete(text);
    waiting.resolve({ first: waiting.first, last: now });
  }
}

/** note.add from a Socket.IO client to its ack, one after another on one workshop. */
/** Deliberate pauses of the benchmark (settling before a memory reading, spacing samples). */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function commandRoundTrip(server: ServerProcess, samples: number, warmUp = 50): Promise<Summary> {
  const bench = await benchWorkshop(server, 'Round trip');
  const times: number[] = [];
  try {
    for (let i = 0; i < warmUp + samples; i++) {
      const started = performance.now();
      await bench.addNote(`round trip ${i}`);
      if (i >= warmUp) times.push(performance.now() - started);
    }
  } finally {
    bench.close();
  }
  return summarise(times);
}

export interface CrossNodeResult {
  /** From sending note.add on node A until a replica on node B has the note. */
  otherNode: Summary;
  /** The same for a replica on node A itself (no Redis hop), for comparison. */
  sameNode: Summary;
  timeouts: number;
}

export async function crossNodeLatency(nodes: ServerProcess[], samples: number, warmUp = 20): Promise<CrossNodeResult> {
  const [nodeA, nodeB] = nodes as [ServerProcess, ServerProcess];
  const bench = await benchWorkshop(nodeA, 'Cross-node latency');
  const [reader] = await participants([nodeB], bench.workshop, 1);
  const onB = await openReplica(nodeB, bench.workshop.id, reader!.token);
  const onA = await openReplica(nodeA, bench.workshop.id, reader!.token);
  const [arrivalsB, arrivalsA] = [new Arrivals(), new Arrivals()];
  watchNotes(onB.doc, (text) => arrivalsB.seen(text));
  watchNotes(onA.doc, (text) => arrivalsA.seen(text));
  const [other, same]: [number[], number[]] = [[], []];
  try {
    for (let i = 0; i < warmUp + samples; i++) {
      const text = `cross ${i}`;
      const atB = arrivalsB.expect(text, 1);
      const atA = arrivalsA.expect(text, 1);
      const started = performance.now();
      await bench.addNote(text);
      const [b, a] = await Promise.all([atB, atA]);
      if (i < warmUp) continue;
      if (b) other.push(b.last - started);
      if (a) same.push(a.last - started);
    }
  } finally {
    onA.destroy();
    onB.destroy();
    bench.close();
  }
  return { otherNode: summarise(other), sameNode: summarise(same), timeouts: arrivalsA.timeouts + arrivalsB.timeouts };
}

export interface FanOutResult {
  replicas: number;
  /** Until every replica has the note. */
  all: Summary;
  /** Until the first replica has it. */
  first: Summary;
  setupMs: number;
  timeouts: number;
  /** Mean VmRSS of the nodes before the replicas connect and once they are all synced (KiB). */
  nodeRssBeforeKiB: number;
  nodeRssWithReplicasKiB: number;
}

const meanRss = (nodes: ServerProcess[]) => nodes.reduce((sum, node) => sum + memoryOf(node.child.pid!).rssKiB, 0) / nodes.length;

/** One writer on node A; `replicaCount` y-websocket replicas spread evenly over the nodes. */
export async function fanOut(nodes: ServerProcess[], replicaCount: number, notes: number): Promise<FanOutResult> {
  const setupStarted = performance.now();
  const bench = await benchWorkshop(nodes[0]!, 'Fan-out');
  const people = await participants(nodes, bench.workshop, replicaCount);
  const nodeRssBeforeKiB = meanRss(nodes);
  const replicas = await openReplicas(
    people.map((person, i) => ({ server: nodes[i % nodes.length]!, token: person.token })),
    bench.workshop.id,
  );
  const arrivals = new Arrivals();
  for (const replica of replicas) watchNotes(replica.doc, (text) => arrivals.seen(text));
  const setupMs = performance.now() - setupStarted;
  // A measured settle, not a wait for an event: RSS is read after the replicas' sync traffic has passed.
  await sleep(1000);
  const nodeRssWithReplicasKiB = meanRss(nodes);
  const [all, first]: [number[], number[]] = [[], []];
  try {
    for (let i = 0; i < notes + 3; i++) {
      const text = `fan-out ${i}`;
      const arrived = arrivals.expect(text, replicas.length);
      const started = performance.now();
      await bench.addNote(text);
      const times = await arrived;
      if (i >= 3 && times) {
        all.push(times.last - started);
        first.push(times.first - started);
      }
      // Spaces the samples so one note's fan-out does not overlap the next one's.
      await sleep(50);
    }
  } finally {
    for (const replica of replicas) replica.destroy();
    bench.close();
  }
  return {
    replicas: replicas.length,
    all: summarise(all),
    first: summarise(first),
    setupMs,
    timeouts: arrivals.timeouts,
    nodeRssBeforeKiB,
    nodeRssWithReplicasKiB,
  };
}

/** Resident and peak memory of a process, from /proc (KiB). */
export function memoryOf(pid: number): { rssKiB: number; hwmKiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

export interface MemoryResult {
  workshops: number;
  /** Right after the node started, before any request. */
  startedKiB: number;
  /** Cycles per round. */
  cycles: number;
  /** After creating the workshops, before any cycle. */
  freshKiB: number;
  /** After a warm-up of cycles and the settle period. */
  baselineKiB: number;
  /** After each round of `cycles` cycles and the settle period. */
  afterRoundsKiB: number[];
  peakKiB: number;
  /** Duration of the first round. */
  cyclesMs: number;
  settleMs: number;
  idleUnloadMs: number;
}


export interface Seat {
  workshopId: string;
  token: string;
}

/** `count` workshops with `notesEach` notes, and one participant session in each. */
export async function prepareSeats(server: { url: string }, count: number, notesEach: number): Promise<Seat[]> {
  const seats: Seat[] = [];
  for (let w = 0; w < count; w++) {
    const bench = await benchWorkshop(server, `Memory ${w}`);
    for (let n = 0; n < notesEach; n++) await bench.addNote(`Memory ${w} note ${n}: ${'x'.repeat(80)}`);
    const [person] = await participants([server], bench.workshop, 1);
    seats.push({ workshopId: bench.workshop.id, token: person!.token });
    bench.close();
  }
  return seats;
}

/**
 * Runs join/leave cycles `from`..`from + count`, `inFlight` at a time: each connects a Socket.IO
 * client and a replica to one of the seats' workshops, joins, and closes both.
 */
export async function joinLeaveCycles(server: { url: string }, seats: Seat[], from: number, count: number, inFlight: number): Promise<void> {
  const cycle = async (i: number) => {
    const seat = seats[i % seats.length]!;
    const client = await connectClient(server, seat.token);
    const replica = await openReplica(server, seat.workshopId, seat.token);
    const joined = await client.send('workshop.join', {});
    client.close();
    replica.destroy();
    if (!joined.ok) throw new Error(`join failed: ${joined.error}`);
  };
  let next = from;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < from + count) await cycle(next++);
    }),
  );
}

/** Join/leave cycles on a node whose idle documents unload quickly; RSS is read from outside (no forced GC). */
export async function joinLeaveMemory(
  node: ServerProcess,
  options: {
    workshops: number;
    notesEach: number;
    cycles: number;
    rounds: number;
    warmUp: number;
    inFlight: number;
    settleMs: number;
    idleUnloadMs: number;
  },
): Promise<MemoryResult> {
  const pid = node.child.pid!;
  const startedKiB = memoryOf(pid).rssKiB;
  const seats = await prepareSeats(node, options.workshops, options.notesEach);
  const run = (from: number, count: number) => joinLeaveCycles(node, seats, from, count, options.inFlight);
  await sleep(options.settleMs);
  const freshKiB = memoryOf(pid).rssKiB;
  await run(0, options.warmUp);
  await sleep(options.settleMs);
  const baselineKiB = memoryOf(pid).rssKiB;
  const afterRoundsKiB: number[] = [];
  let cyclesMs = 0;
  for (let round = 0; round < options.rounds; round++) {
    const started = performance.now();
    await run(options.warmUp + round * options.cycles, options.cycles);
    if (round === 0) cyclesMs = performance.now() - started;
    await sleep(options.settleMs);
    afterRoundsKiB.push(memoryOf(pid).rssKiB);
  }
  return {
    workshops: options.workshops,
    startedKiB,
    cycles: options.cycles,
    freshKiB,
    baselineKiB,
    afterRoundsKiB,
    peakKiB: memoryOf(pid).hwmKiB,
    cyclesMs,
    settleMs: options.settleMs,
    idleUnloadMs: options.idleUnloadMs,
  };
}
