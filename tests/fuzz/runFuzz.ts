import { parseArgs } from 'node:util';
import { runFuzz, type FuzzReport } from './harness.ts';
import { startFuzzServer } from './fuzzServer.ts';
import { fuzzTargets } from './targets/index.ts';

/**
 * The long fuzz run: `npm run fuzz -- --seed 7 --count 20000` (or FUZZ_SEED, FUZZ_COUNT). Prints
 * progress, then the inputs tried, refusals by name, crashes, hangs and the server's peak RSS.
 * Exits 1 when anything crashed, hung or was refused without a name.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: process.env.FUZZ_SEED ?? '1' },
    count: { type: 'string', default: process.env.FUZZ_COUNT ?? '2000' },
    timeout: { type: 'string', default: process.env.FUZZ_TIMEOUT_MS ?? '5000' },
    target: { type: 'string', default: process.env.FUZZ_TARGET },
  },
});
const seed = Number(values.seed);
const count = Number(values.count);
const timeoutMs = Number(values.timeout);
if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) throw new Error('--seed and --count must be integers');

const mib = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
const server = await startFuzzServer(timeoutMs);
const targets = fuzzTargets().filter((t) => !values.target || t.name.toLowerCase().includes(values.target.toLowerCase()));
console.log(`fuzz: seed ${seed}, ${count} inputs over ${targets.map((t) => t.name).join(', ')}; server pid ${server.process.child.pid}`);
let report: FuzzReport;
try {
  report = await runFuzz({
    seed,
    count,
    targets,
    context: server.context,
    timeoutMs,
    serverAlive: server.alive,
    serverRss: server.rss,
    onProgress(done, r) {
      if (done % 1000 === 0) console.log(`  ${done}/${count} inputs, crashes ${r.crashes}, hangs ${r.hangs}, unnamed ${r.unnamed}, peak RSS ${mib(r.peakRssBytes)}`);
    },
  });
} finally {
  await server.stop().catch(() => undefined);
}
const errorLines = server.errorLines();
console.log(`\ninputs tried: ${report.inputsTried} in ${(report.durationMs / 1000).toFixed(1)} s`);
console.log(`crashes: ${report.crashes} (server exited: ${report.serverExited}), hangs: ${report.hangs}, unnamed refusals: ${report.unnamed}`);
console.log(`server RSS: start ${mib(report.startRssBytes)}, peak ${mib(report.peakRssBytes)}`);
console.log(`error-level log lines: ${errorLines.length}`);
console.log('\nper target (tried / accepted / refused):');
for (const [name, s] of Object.entries(report.byTarget)) console.log(`  ${name}: ${s.tried} / ${s.accepted} / ${s.refused}`);
console.log('\nrefusals by name:');
for (const [name, n] of Object.entries(report.refusalsByName).sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${name}`);
if (report.failures.length) {
  console.log('\nfailures (replay with the same seed; input i comes from new Prng(seed, i)):');
  for (const f of report.failures) console.log(`  #${f.index} ${f.target} ${f.kind}: ${f.detail}\n    input: ${f.input}`);
}
for (const line of errorLines.slice(0, 10)) console.log(`  error line: ${line.slice(0, 400)}`);
process.exit(report.crashes || report.hangs || report.unnamed ? 1 : 0);
