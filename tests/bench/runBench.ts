// `npm run bench`: measures latency, fan-out and memory on loopback, prints the tables and writes
// docs/BENCHMARKS.md. Starts its own redis-server when REDIS_URL is unset (Redis parts are skipped
// when there is none). Bounded loops; stops by itself.
//
//   npm run bench                                  every scenario (side by side, then the classic set)
//   npm run bench -- --scenario connect,restart    only those (see SCENARIOS below)
//   npm run bench -- --before ../speed-base        adds a baseline tree's server to every side-by-side run
//   npm run bench -- --only after                  runs only some of reference, before, after (with BENCH_CPU_PROF=<dir>: profiles)
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { spawnServerProcess, type ServerProcess } from '../helpers/serverProcess.ts';
import { exportSpeed } from './exportBench.ts';
import type { HeapProbeResult } from './heapProbe.ts';
import { commandRoundTrip, crossNodeLatency, fanOut, joinLeaveMemory } from './measurements.ts';
import { type BenchResults, benchmarksMarkdown, describeMachine, loadAverage, resultTables } from './report.ts';
import { boardAtRate, connecting, joinLargeBoard, manyBoards, pinGenerator, restartStorm, type ScenarioResult, type Target } from './sideBySide.ts';
import { sideBySideSection, writeScenarios } from './sideBySideReport.ts';

/** Side-by-side scenarios by name; `classic` is the product-only set below (Redis, exports, memory cycles). */
const SCENARIOS: Record<string, (targets: Target[]) => Promise<ScenarioResult>> = {
  'board-500-50': (t) => boardAtRate(t, 500, 50, 4),
  'board-1000-50': (t) => boardAtRate(t, 1000, 50, 4),
  'board-1000-100': (t) => boardAtRate(t, 1000, 100, 4),
  connect: (t) => connecting(t, 1000),
  'join-5000': (t) => joinLargeBoard(t, 5000, 50),
  restart: (t) => restartStorm(t, 1000),
  'boards-30x10': (t) => manyBoards(t, 30, 10, 5),
};
const SIDE_BY_SIDE_PREAMBLE = [
  'Each scenario runs the reference y-websocket server (`@y/websocket-server` 0.1.1, documents in memory, no checks,',
  'no storage; its writer is a Yjs client writing the same note record) and Integrity Board (embedded store; its writer',
  'sends `note.add` and is acknowledged once the note is durable) one after the other, the server pinned to core 0 and',
  'the load generator to core 1 (`taskset`). Participants are raw y-websocket peers (tests/bench/rawPeer.ts: they ask',
  'for the state and look for note markers in frames without running Yjs, so the generator is not the bottleneck);',
  'for Integrity Board each also holds its Socket.IO connection and has joined. "before" is the server of a baseline',
  'tree (`--before <dir>`) run in the same session. The load average before each run is in the last row: the',
  'machine is shared, compare ratios within one table rather than figures across tables.',
  '',
].join('\n');
import { BENCH_NODE_ENV, BREAKOUT_BENCH } from './benchSettings.ts';
import { breakoutScenario } from './breakoutBench.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ROUND_TRIPS = 1000;
const CROSS_NODE_SAMPLES = 500;
const FAN_OUT_REPLICAS = 300;
const FAN_OUT_NOTES = 50;
// The baseline is a warmed node (V8 grows its heap to a working size first); 10 s settles let idle GC run.
const MEMORY = { workshops: 10, notesEach: 30, cycles: 1000, rounds: 3, warmUp: 1000, inFlight: 8, settleMs: 10_000, idleUnloadMs: 200 };
/** Everything stops after this, whatever is still running. */
const DEADLINE_MS = 30 * 60_000;
const NODE_ENV = BENCH_NODE_ENV;
const EXPORT = { notes: 5000, samples: 5, inFlight: 8 };

// y-websocket adds a process 'exit' listener per provider in Node.
process.setMaxListeners(Math.max(FAN_OUT_REPLICAS, 2 * BREAKOUT_BENCH.participants) + 50);

const cleanups: Array<() => Promise<void>> = [];
/** Outlives the per-measurement clean-ups; disposed last. */
let redis: TestRedis | null = null;
const started = performance.now();
const step = (what: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${what}`);

async function embeddedNode(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ib-bench-'));
  const node = await spawnServerProcess({ ...NODE_ENV, DATA_DIR: dataDir, ...env });
  cleanups.push(async () => {
    await stopNode(node);
    await rm(dataDir, { recursive: true, force: true });
  });
  return node;
}

async function stopNode(node: ServerProcess): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  node.child.kill('SIGTERM');
  const timer = setTimeout(() => node.child.kill('SIGKILL'), 5000);
  await node.exited;
  clearTimeout(timer);
}

async function cluster(redis: TestRedis, count: number): Promise<Cluster> {
  const started = await startCluster(redis, count, NODE_ENV);
  cleanups.push(() => started.stop());
  return started;
}

/** heapProbe.ts in its own process with --expose-gc; null (with a notice) when it fails. */
function heapProbe(notices: string[]): Promise<HeapProbeResult | null> {
  const { workshops, notesEach, cycles, rounds, warmUp, inFlight, idleUnloadMs } = MEMORY;
  const options = JSON.stringify({ workshops, notesEach, cycles, rounds, warmUp, inFlight, idleUnloadMs, settleMs: 1000 });
  const script = path.join(import.meta.dirname, 'heapProbe.ts');
  return new Promise((resolve) => {
    execFile(process.execPath, ['--expose-gc', '--import', 'tsx', script, options], { cwd: ROOT, timeout: 120_000 }, (error, stdout) => {
      const line = /^HEAP_PROBE (.*)$/m.exec(stdout)?.[1];
      if (error || !line) {
        notices.push(`The heap probe failed (${error?.message ?? 'no result'}); only RSS is reported.`);
        return resolve(null);
      }
      resolve(JSON.parse(line) as HeapProbeResult);
    });
  });
}

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
}

async function cleanUpAll(): Promise<void> {
  await cleanUp();
  await redis?.dispose().catch(() => undefined);
  redis = null;
}

async function classic(): Promise<void> {
  const notices: string[] = [];
  redis = await startRedis().catch((error: unknown) => {
    notices.push(`Redis could not be started (${(error as Error).message}): the Redis measurements are skipped.`);
    return null;
  });
  if (!redis && notices.length === 0) notices.push('No redis-server on PATH and no REDIS_URL: the Redis measurements are skipped.');
  const machine = describeMachine(redis?.url ?? null);

  step(`command round trip, embedded store (${ROUND_TRIPS} commands)`);
  const embedded = await embeddedNode();
  const embeddedRoundTrip = await commandRoundTrip(embedded, ROUND_TRIPS);
  await cleanUp();

  step(`export of a ${EXPORT.notes}-note workshop in every format (${EXPORT.samples} each), embedded store`);
  const exports = await exportSpeed(await embeddedNode(), EXPORT);
  await cleanUp();

  step(`memory: ${MEMORY.rounds} × ${MEMORY.cycles} join/leave cycles on one node`);
  const memoryNode = await embeddedNode({ BOARD_IDLE_UNLOAD_MS: String(MEMORY.idleUnloadMs) });
  const memory = await joinLeaveMemory(memoryNode, MEMORY);
  await cleanUp();
  step('heap after forced GC over the same cycles (server in the probe process)');
  const heap = await heapProbe(notices);

  const { participants, groups, notesPerGroup } = BREAKOUT_BENCH;
  step(`breakouts: ${participants} participants in ${groups} groups, each group writing ${notesPerGroup} notes, embedded store`);
  const breakouts = await breakoutScenario(await embeddedNode(), participants, groups, notesPerGroup);
  await cleanUp();

  let redisRoundTrip = null;
  let crossNode = null;
  let fanOutResult = null;
  if (redis) {
    step(`command round trip, Redis (${ROUND_TRIPS} commands)`);
    const single = await cluster(redis, 1);
    redisRoundTrip = await commandRoundTrip(single.nodes[0]!, ROUND_TRIPS);
    await single.stop();

    step(`cross-node latency, 3 nodes (${CROSS_NODE_SAMPLES} notes)`);
    const three = await cluster(redis, 3);
    crossNode = await crossNodeLatency(three.nodes, CROSS_NODE_SAMPLES);
    step(`fan-out: ${FAN_OUT_REPLICAS} replicas on 3 nodes (${FAN_OUT_NOTES} notes)`);
    fanOutResult = await fanOut(three.nodes, FAN_OUT_REPLICAS, FAN_OUT_NOTES);
  }
  await cleanUp();

  const results: BenchResults = {
    machine,
    embeddedRoundTrip,
    exports,
    redisRoundTrip,
    crossNode,
    fanOut: fanOutResult,
    breakouts,
    memory,
    heap,
    durationMs: performance.now() - started,
    loadAtEnd: loadAverage(),
    notices,
  };
  console.log(`\n${resultTables(results)}\n`);
  for (const notice of notices) console.warn(notice);
  const file = path.join(ROOT, 'docs', 'BENCHMARKS.md');
  const kept = sideBySideSection(await readFile(file, 'utf8').catch(() => ''));
  await writeFile(file, kept ? `${benchmarksMarkdown(results).trimEnd()}\n\n${kept}\n` : benchmarksMarkdown(results));
  console.log(`Written to ${path.relative(process.cwd(), file) || file}.`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scenario: { type: 'string', multiple: true }, before: { type: 'string' }, only: { type: 'string' } },
  });
  const wanted = (values.scenario ?? []).flatMap((s) => s.split(',')).filter(Boolean);
  const names = wanted.length > 0 ? wanted : [...Object.keys(SCENARIOS), 'classic'];
  for (const name of names) {
    if (name !== 'classic' && !SCENARIOS[name]) throw new Error(`unknown scenario ${name}; known: ${[...Object.keys(SCENARIOS), 'classic'].join(', ')}`);
  }
  const everyTarget: Target[] = [
    { name: 'reference', root: ROOT },
    ...(values.before ? [{ name: 'before' as const, root: path.resolve(values.before) }] : []),
    { name: 'after', root: ROOT },
  ];
  const targets = everyTarget.filter((target) => !values.only || values.only.split(',').includes(target.name));
  const sideBySide = names.filter((name) => name !== 'classic');
  if (sideBySide.length > 0) {
    // The product starts from its built JavaScript, as `npm start` runs it.
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'buildServer.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (!pinGenerator()) console.warn('taskset is unavailable (or one core): servers and generator are not pinned.');
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    for (const name of sideBySide) {
      step(`side by side: ${name}`);
      const result = await SCENARIOS[name]!(targets);
      console.log(JSON.stringify(result));
      await writeScenarios(path.join(ROOT, 'docs', 'BENCHMARKS.md'), [result], date, SIDE_BY_SIDE_PREAMBLE);
    }
  }
  if (names.includes('classic')) await classic();
}

const deadline = setTimeout(() => {
  console.error(`The bench did not finish within ${DEADLINE_MS / 60_000} minutes: stopping.`);
  void cleanUpAll().finally(() => process.exit(1));
}, DEADLINE_MS);

try {
  await main();
  process.exitCode = 0;
} catch (error) {
  console.error('The bench failed:', error);
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  await cleanUpAll();
  // Providers and sockets are destroyed; exit even if a library keeps a timer alive.
  process.exit(process.exitCode ?? 0);
}
