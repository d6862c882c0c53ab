// Run by runBench.ts as `node --expose-gc --import tsx tests/bench/heapProbe.ts '<options JSON>'`.
// The same join/leave cycles as the memory measurement, but with the server in this process so that
// garbage collection can be forced before each reading: a heap that keeps growing after a full GC
// is a leak; RSS that grows while this stays flat is garbage the collector had not returned yet.
// Prints one line: `HEAP_PROBE <json>`. (Server and clients share this heap; clients are destroyed each cycle.)
import { withLimits } from '../helpers/limits.ts';
import { startTestServer } from '../helpers/testServer.ts';
import { joinLeaveCycles, prepareSeats } from './measurements.ts';

export interface HeapProbeOptions {
  workshops: number;
  notesEach: number;
  cycles: number;
  rounds: number;
  warmUp: number;
  inFlight: number;
  idleUnloadMs: number;
  settleMs: number;
}

export interface HeapProbeResult {
  baselineHeapMiB: number;
  afterRoundsHeapMiB: number[];
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const options = JSON.parse(process.argv[2] ?? '{}') as HeapProbeOptions;
const server = await startTestServer(
  withLimits(
    {
      commandsPerSessionPerSecond: 1_000_000,
      commandsPerAddressPerSecond: 1_000_000,
      connectionsPerSession: 100_000,
      connectionsPerAddress: 100_000,
      sessionsPerLinkPerAddressPerHour: 1_000_000,
      workshopsPerAddressPerHour: 1_000_000,
    },
    { commandsPerSecond: 100_000, boardIdleUnloadMs: options.idleUnloadMs },
  ),
);
const heapAfterGc = async () => {
  await new Promise((resolve) => setTimeout(resolve, options.settleMs));
  gc();
  gc();
  return Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
};
try {
  const seats = await prepareSeats(server, options.workshops, options.notesEach);
  await joinLeaveCycles(server, seats, 0, options.warmUp, options.inFlight);
  const result: HeapProbeResult = { baselineHeapMiB: await heapAfterGc(), afterRoundsHeapMiB: [] };
  for (let round = 0; round < options.rounds; round++) {
    await joinLeaveCycles(server, seats, options.warmUp + round * options.cycles, options.cycles, options.inFlight);
    result.afterRoundsHeapMiB.push(await heapAfterGc());
  }
  console.log(`HEAP_PROBE ${JSON.stringify(result)}`);
} finally {
  await server.close();
}
process.exit(0);
