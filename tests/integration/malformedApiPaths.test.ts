import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServerProcess, type ServerProcess } from '../helpers/serverProcess.ts';
import { makeDataDir, removeDataDir } from '../helpers/testServer.ts';

interface LogLine {
  level: number;
  msg: string;
  err?: { stack?: string };
  path?: string;
}

function logLines(server: ServerProcess): LogLine[] {
  return server.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
}

describe('malformed request paths', () => {
  let server: ServerProcess;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await makeDataDir();
    server = await spawnServerProcess({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    await removeDataDir(dataDir);
  });

  it.each(['/api/workshops/%E0%A4%A', '/api/workshops/%C0%AF/sessions', '/api/workshops/%/links'])(
    'answers %s with 400 INVALID_PATH',
    async (path) => {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'INVALID_PATH' });
    },
  );

  it('answers a malformed page path with a plain 400, without a stack', async () => {
    const res = await fetch(`${server.url}/assets/%C0%AF`);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('Bad Request');
  });

  it('logs each refusal as one warning line without a stack, and no error line', async () => {
    await fetch(`${server.url}/api/workshops/%E0%A4%A?secret=abc`);
    await expect.poll(() => logLines(server).filter((l) => l.msg === 'malformed request path refused').length).toBeGreaterThanOrEqual(5);
    const lines = logLines(server);
    const refusals = lines.filter((l) => l.msg === 'malformed request path refused');
    expect(refusals.every((l) => l.level === 40 && l.err === undefined)).toBe(true);
    expect(refusals.some((l) => l.path?.includes('secret'))).toBe(false);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('keeps serving valid requests after them', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
  });
});
