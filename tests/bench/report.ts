import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { ExportBenchResult } from './exportBench.ts';
import { breakoutTable, type BreakoutBenchResult } from './breakoutBench.ts';
import type { HeapProbeResult } from './heapProbe.ts';
import type { CrossNodeResult, FanOutResult, MemoryResult } from './measurements.ts';
import { type Summary, mib, ms } from './stats.ts';

export interface Machine {
  date: string;
  nproc: string;
  cpu: string;
  memory: string;
  node: string;
  redis: string;
  loadAtStart: string;
}

export const loadAverage = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' / ');

export function describeMachine(redisUrl: string | null): Machine {
  const run = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: run('nproc', []),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    redis: redisUrl ? run('redis-server', ['--version']).replace(/^Redis server v=(\S+).*$/, '$1') : 'none (Redis parts skipped)',
    loadAtStart: loadAverage(),
  };
}

export interface BenchResults {
  machine: Machine;
  embeddedRoundTrip: Summary;
  exports: ExportBenchResult;
  redisRoundTrip: Summary | null;
  crossNode: CrossNodeResult | null;
  fanOut: FanOutResult | null;
  breakouts: BreakoutBenchResult | null;
  memory: MemoryResult;
  heap: HeapProbeResult | null;
  durationMs: number;
  loadAtEnd: string;
  notices: string[];
}

export const CROSS_NODE_TARGET_P99_MS = 100;
export const EXPORT_TARGET_MS = 2000;

const signed = (kib: number) => `${kib >= 0 ? '+' : '−'}${mib(Math.abs(kib))}`;
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const latencyRow = (name: string, setup: string, s: Summary | null | undefined, extra = '') =>
  s ? row([name, setup, String(s.n), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), extra]) : row([name, setup, '–', '–', '–', '–', '–', 'skipped: no Redis']);

/** Export of the big workshop per format, and another workshop's commands meanwhile. */
function exportTable(e: ExportBenchResult): string {
  const formats = Object.entries(e.formats).map(([format, s]) =>
    latencyRow(
      `export ${format} (GET → last byte)`,
      `1 node, embedded, ${e.notes} notes, lang=es`,
      s,
      `${(s.bytes / 1024).toFixed(0)} KiB; target < ${EXPORT_TARGET_MS / 1000} s: **${s.max < EXPORT_TARGET_MS ? 'pass' : 'FAIL'}**`,
    ),
  );
  return [
    row(['measurement', 'setup', 'samples', 'p50', 'p95', 'p99', 'max', 'notes']),
    row(Array.from({ length: 8 }, () => '---')),
    ...formats,
    latencyRow('another workshop: note.add round trip during the exports', 'same node', e.otherWorkshop, `filling the ${e.notes} notes took ${(e.fillMs / 1000).toFixed(0)} s`),
  ].join('\n');
}

/** The result tables (Markdown), printed by the bench and written into docs/BENCHMARKS.md. */
export function resultTables(r: BenchResults): string {
  const verdict = r.crossNode
    ? r.crossNode.otherNode.p99 < CROSS_NODE_TARGET_P99_MS
      ? `target p99 < ${CROSS_NODE_TARGET_P99_MS} ms: **pass**`
      : `target p99 < ${CROSS_NODE_TARGET_P99_MS} ms: **FAIL**`
    : '';
  const timeouts = (n: number | undefined) => (n ? `; ${n} timed out (10 s)` : '');
  const m = r.memory;
  return [
    row(['measurement', 'setup', 'samples', 'p50', 'p95', 'p99', 'max', 'notes']),
    row(Array.from({ length: 8 }, () => '---')),
    latencyRow('command round trip (note.add → ack)', '1 node, embedded LevelDB (fsync)', r.embeddedRoundTrip),
    latencyRow('command round trip (note.add → ack)', '1 node, Redis (AOF everysec)', r.redisRoundTrip),
    latencyRow('cross-node: note.add on A → replica on B', '3 nodes, Redis', r.crossNode?.otherNode, verdict + timeouts(r.crossNode?.timeouts)),
    latencyRow('same node: note.add on A → replica on A', '3 nodes, Redis', r.crossNode?.sameNode, 'reference: no Redis hop'),
    latencyRow(
      `fan-out: note.add → all ${r.fanOut?.replicas ?? 300} replicas have it`,
      '3 nodes, Redis, replicas spread evenly',
      r.fanOut?.all,
      r.fanOut ? `setup (sessions + replicas) ${(r.fanOut.setupMs / 1000).toFixed(1)} s${timeouts(r.fanOut.timeouts)}` : '',
    ),
    latencyRow('fan-out: note.add → first replica has it', '3 nodes, Redis', r.fanOut?.first),
    '',
    exportTable(r.exports),
    '',
    ...(r.breakouts ? [breakoutTable(r.breakouts), ''] : []),
    row(['memory (VmRSS of a node unless said)', 'value']),
    row(['---', '---']),
    row(['just started (tsx, no workshop loaded)', mib(m.startedKiB)]),
    row([`after creating ${m.workshops} workshops`, mib(m.freshKiB)]),
    row([`baseline (after warm-up, ${(m.settleMs / 1000).toFixed(0)} s settle)`, mib(m.baselineKiB)]),
    ...m.afterRoundsKiB.map((kib, i) => row([`after ${(i + 1) * m.cycles} join/leave cycles (${(m.settleMs / 1000).toFixed(0)} s settle)`, mib(kib)])),
    row([`delta after ${m.cycles} cycles (after − baseline)`, signed(m.afterRoundsKiB[0]! - m.baselineKiB)]),
    ...(m.afterRoundsKiB.length > 1
      ? [
          row([`delta over the last ${m.cycles} cycles`, signed(m.afterRoundsKiB.at(-1)! - m.afterRoundsKiB.at(-2)!)]),
          row([
            `range after each round (${m.afterRoundsKiB.length} × ${m.cycles})`,
            `${mib(Math.min(...m.afterRoundsKiB))} – ${mib(Math.max(...m.afterRoundsKiB))}`,
          ]),
        ]
      : []),
    row(['peak (VmHWM)', mib(m.peakKiB)]),
    row([`the first ${m.cycles} cycles took`, `${(m.cyclesMs / 1000).toFixed(1)} s (${(m.cycles / (m.cyclesMs / 1000)).toFixed(0)} cycles/s)`]),
    ...(r.heap
      ? [
          row(['heap after forced GC (probe): baseline', `${r.heap.baselineHeapMiB.toFixed(1)} MiB`]),
          ...r.heap.afterRoundsHeapMiB.map((heap, i) => row([`heap after forced GC (probe): after ${(i + 1) * m.cycles} cycles`, `${heap.toFixed(1)} MiB`])),
        ]
      : []),
    ...(r.fanOut
      ? [
          row([
            `node RSS during fan-out (mean of 3): before → with ${Math.round(r.fanOut.replicas / 3)} replicas each`,
            `${mib(r.fanOut.nodeRssBeforeKiB)} → ${mib(r.fanOut.nodeRssWithReplicasKiB)} (≈ ${((r.fanOut.nodeRssWithReplicasKiB - r.fanOut.nodeRssBeforeKiB) / (r.fanOut.replicas / 3)).toFixed(0)} KiB per replica connection)`,
          ]),
        ]
      : []),
  ].join('\n');
}

export function benchmarksMarkdown(r: BenchResults): string {
  const machine = r.machine;
  return `# Benchmarks

Written by \`npm run bench\` (tests/bench/runBench.ts) on ${machine.date}; rerun it to refresh this page.
Everything runs on 127.0.0.1: the server nodes are separate processes (\`server/main.ts\`, as \`npm start\`
runs it), the clients are real Socket.IO clients and y-websocket providers (\`disableBc: true\`) inside
the bench process. \`npm ci\` and \`npm test\` times are measured separately.

## Machine

| | |
| --- | --- |
| CPUs (\`nproc\`) | ${machine.nproc} (${machine.cpu}) |
| memory | ${machine.memory} |
| Node | ${machine.node} |
| Redis | ${machine.redis} |
| load average at start / end (1, 5, 15 min) | ${machine.loadAtStart} — ${r.loadAtEnd} |

## Results

${resultTables(r)}

Whole run: ${(r.durationMs / 1000).toFixed(0)} s.${r.notices.length > 0 ? `\n\n${r.notices.map((n) => `> ${n}`).join('\n>\n')}` : ''}

## How each number is taken

- **Command round trip**: one facilitator connection sends \`note.add\` and waits for the ack before the
  next (after 50 unmeasured warm-up commands). The ack comes after authorisation, the Yjs transaction
  and the durable write (LevelDB with fsync; Redis \`RPUSH\` + ownership \`HSET\`, with the bench's
  Redis at \`appendonly yes\`, \`appendfsync everysec\`). No replica is connected, so this is the
  command path alone.
- **Cross-node latency**: three nodes on one Redis; the note is sent through node A, and the time is
  taken when a y-websocket replica connected to node B sees it in its document (Redis pub/sub to B,
  B applies, B sends the update). 20 warm-up notes, then one note at a time.
- **Fan-out**: one writer on node A; replicas (one participant session each) spread evenly over the
  three nodes; the time runs from sending \`note.add\` until the last replica has the note. All
  replicas live in the one bench process, so their decoding shares one core with the client side of
  the measurement: on a small machine this number is an upper bound.
- **Export**: one node with the embedded store; a workshop of ${r.exports.notes} notes over the ten
  factors (written by 8 facilitator connections); the rapporteur's \`GET /api/workshops/:id/export\`
  timed until the last byte, one warm-up then ${r.exports.formats.md.n} runs per format, one after another.
  Meanwhile a facilitator of another workshop on the same node sends \`note.add\` after \`note.add\`:
  its round trips show whether exporting stalls other workshops (rendering runs in a worker thread).
- **Breakouts**: one node with the embedded store; ${r.breakouts?.participants ?? 300} participants (a Socket.IO client, a plenary
  replica and their group's replica each) split into ${r.breakouts?.groups ?? 30} groups; in every group at once one member
  writes notes one after another, each timed until all the group's replicas have it. Bytes are the Yjs
  updates each participant's two replicas received while the groups wrote; the shared-document figure is
  what every participant would receive if all groups wrote into one document (the sum over all group
  boards). The roll-up is timed from \`breakout.bringBack\` to its ack with one plenary replica open.
- **Memory**: one node with the embedded store and \`BOARD_IDLE_UNLOAD_MS=${r.memory.idleUnloadMs}\`;
  ${r.memory.workshops} workshops with notes; ${r.memory.afterRoundsKiB.length} rounds of ${r.memory.cycles} cycles after a warm-up. Each cycle connects a
  Socket.IO client and a replica, joins, and closes both (several cycles in flight). RSS is VmRSS from \`/proc/<pid>/status\` after a settle period; no
  garbage collection is forced, so RSS includes heap the collector has not returned to the system.
- **Heap after forced GC** (the probe): the same workshops and cycles, but with the server started
  inside a process run with \`--expose-gc\` (tests/bench/heapProbe.ts), so a full collection can run
  before each reading of \`heapUsed\`. Server and clients share that heap (clients are destroyed each
  cycle). A heap that stays flat while RSS grows means the growth is garbage not yet collected or
  memory V8 keeps for reuse, not a leak.
- All processes (nodes, Redis, the bench) share the machine's cores: on a 2-core machine the three
  nodes, Redis and the clients compete, so the multi-node numbers are pessimistic compared with
  nodes on their own machines.
`;
}
