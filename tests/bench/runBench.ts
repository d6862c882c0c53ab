// `npm run bench`: measures latency, fan-out and memory on loopback, prints the tables and writes
// docs/BENCHMARKS.md. Starts its own redis-server when REDIS_URL is unset (Redis parts are skipped
// when there is none). Bounded loops; stops by itself.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { spawnServerProcess, type ServerProcess } from '../helpers/serverProcess.ts';
import { exportSpeed } from './exportBench.ts';
import type { HeapProbeResult } from './heapProbe.ts';
import { commandRoundTrip, crossNodeLatency, fanOut, joinLeaveMemory } from './measurements.ts';
import { type BenchResults, benchmarksMarkdown, describeMachine, loadAverage, resultTables } from './report.ts';
import { BREAKOUT_BENCH } from './benchSettings.ts';
import { breakoutScenario } from './breakoutBench.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ROUND_TRIPS = 1000;
const CROSS_NODE_SAMPLES = 500;
const FAN_OUT_REPLICAS = 300;
const FAN_OUT_NOTES = 50;
// The baseline is a warmed node (V8 grows its heap to a working size first); 10 s settles let idle GC run.
const MEMORY = { workshops: 10, notesEach: 30, cycles: 1000, rounds: 3, warmUp: 1000, inFlight: 8, settleMs: 10_000, idleUnloadMs: 200 };
/** Everything stops after this, whatever is still running. */
const DEADLINE_MS = 8 * 60_000;
// The bench drives hundreds of people from one address: per-address and per-session limits are lifted.
const NODE_ENV = {
  LOG_LEVEL: 'warn',
  COMMANDS_PER_SECOND: '100000',
  COMMANDS_PER_SESSION_PER_SECOND: '1000000',
  COMMANDS_PER_ADDRESS_PER_SECOND: '1000000',
  CONNECTIONS_PER_SESSION: '100000',
  CONNECTIONS_PER_ADDRESS: '100000',
  SESSIONS_PER_LINK_PER_ADDRESS_PER_HOUR: '1000000',
  WORKSHOPS_PER_ADDRESS_PER_HOUR: '1000000',
};
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

async function main(): Promise<void> {
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
  await writeFile(file, benchmarksMarkdown(results));
  console.log(`Written to ${path.relative(process.cwd(), file) || file}.`);
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
