import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFuzzServer, type FuzzServer } from '../fuzz/fuzzServer.ts';
import { runFuzz, type FuzzReport } from '../fuzz/harness.ts';
import { fuzzTargets } from '../fuzz/targets/index.ts';

/** A modest, fixed run inside `npm test`; `npm run fuzz -- --seed N --count M` runs the long one. */
const SEED = 20261201;
const COUNT = 910; // a multiple of the number of targets (7): each gets the same share
const MiB = 1024 * 1024;

describe('hostile input (seeded fuzz, every target)', () => {
  let server: FuzzServer;
  let report: FuzzReport;

  beforeAll(async () => {
    server = await startFuzzServer(5_000);
    report = await runFuzz({
      seed: SEED,
      count: COUNT,
      targets: fuzzTargets(),
      context: server.context,
      timeoutMs: 5_000,
      serverAlive: server.alive,
      serverRss: server.rss,
    });
  }, 120_000);
  afterAll(async () => {
    await server.stop();
  });

  it('tries every input on every target', () => {
    expect(report.inputsTried).toBe(COUNT);
    for (const stats of Object.values(report.byTarget)) expect(stats.tried).toBe(COUNT / fuzzTargets().length);
  });

  it('never stops the server process', () => {
    expect(report.serverExited).toBe(false);
    expect(server.alive()).toBe(true);
    expect(report.failures.filter((f) => f.kind === 'crash')).toEqual([]);
  });

  it('answers or closes every input within the bound', () => {
    expect(report.failures.filter((f) => f.kind === 'hang')).toEqual([]);
  });

  it('names every refusal', () => {
    expect(report.failures.filter((f) => f.kind === 'unnamed')).toEqual([]);
    expect(Object.keys(report.refusalsByName).length).toBeGreaterThan(10);
  });

  it('logs no error-level line for any of it', () => {
    expect(server.errorLines()).toEqual([]);
  });

  it('keeps the server resident memory bounded', () => {
    expect(report.peakRssBytes).not.toBeNull();
    expect(report.peakRssBytes! - report.startRssBytes!).toBeLessThan(120 * MiB);
  });
});
