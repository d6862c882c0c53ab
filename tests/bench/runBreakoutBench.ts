// The breakout scenario alone (`npx tsx tests/bench/runBreakoutBench.ts`): prints its table, writes nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnServerProcess } from '../helpers/serverProcess.ts';
import { BREAKOUT_BENCH, BENCH_NODE_ENV } from './benchSettings.ts';
import { breakoutScenario, breakoutTable } from './breakoutBench.ts';

process.setMaxListeners(2 * BREAKOUT_BENCH.participants + 100);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ib-bench-'));
const node = await spawnServerProcess({ ...BENCH_NODE_ENV, DATA_DIR: dataDir });
try {
  const result = await breakoutScenario(node, BREAKOUT_BENCH.participants, BREAKOUT_BENCH.groups, BREAKOUT_BENCH.notesPerGroup);
  console.log(breakoutTable(result));
} finally {
  node.child.kill('SIGTERM');
  await node.exited;
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
}
