import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/redisServer.ts';
import { runServerUntilExit, spawnServerProcess, type ServerProcess } from '../helpers/serverProcess.ts';
import { mountSmallDisk } from '../helpers/smallDisk.ts';

const readOnly = mountSmallDisk(1, { readOnly: true });
const stackTrace = (lines: string[]) => lines.filter((line) => /^\s+at /.test(line));

describe('a server that cannot start', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    readOnly?.dispose();
  });

  it('says in one line that its data folder is in use by another process, and exits non-zero', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ib-locked-'));
    const first: ServerProcess = await spawnServerProcess({ DATA_DIR: dataDir, REDIS_URL: undefined });
    cleanups.push(async () => {
      first.child.kill('SIGKILL');
      await first.exited;
      await rm(dataDir, { recursive: true, force: true });
    });
    const second = await runServerUntilExit({ DATA_DIR: dataDir, REDIS_URL: undefined });
    expect(second.code).toBe(1);
    expect(second.lines).toContain(
      `Integrity Board could not start: the data folder ${dataDir} is in use by another process (its store is locked): stop that process, or set another DATA_DIR`,
    );
    expect(stackTrace(second.lines)).toEqual([]);
  });

  it.skipIf(!readOnly)('says in one line that a read-only data folder cannot be written, and exits non-zero', async () => {
    const result = await runServerUntilExit({ DATA_DIR: readOnly!.dir, REDIS_URL: undefined });
    expect(result.code).toBe(1);
    expect(result.lines.filter((line) => line.startsWith('Integrity Board could not start:'))).toEqual([
      `Integrity Board could not start: the data folder ${readOnly!.dir} cannot be written (EROFS): make it writable by this user, or set another DATA_DIR`,
    ]);
    expect(stackTrace(result.lines)).toEqual([]);
  });

  it('says in one line that Redis is unreachable, and exits non-zero', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const result = await runServerUntilExit({ REDIS_URL: url });
    expect(result.code).toBe(1);
    const said = result.lines.filter((line) => line.startsWith('Integrity Board could not start:'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(new RegExp(`^Integrity Board could not start: Redis at ${url}/? is unreachable \\(.+\\): check REDIS_URL and that Redis runs$`));
    expect(stackTrace(result.lines)).toEqual([]);
  });

  it('says in one line which setting is invalid, and exits non-zero', async () => {
    const result = await runServerUntilExit({ PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([expect.stringMatching(/^Integrity Board could not start: Invalid configuration: PORT: /)]);
  });
});
