import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';

describe('an install under a folder whose name starts with a dot', () => {
  let server: TestServer;
  let root: string;
  beforeAll(async () => {
    root = await makeDataDir();
    const clientDir = path.join(root, '.local', 'share', 'integrity-board', 'dist', 'client');
    await mkdir(path.join(clientDir, 'assets'), { recursive: true });
    await writeFile(path.join(clientDir, 'index.html'), '<!doctype html><title>Integrity Board</title>');
    await writeFile(path.join(clientDir, 'assets', 'app.js'), 'export {};');
    await writeFile(path.join(clientDir, '.env'), 'SECRET=1');
    server = await startTestServer({ clientDir });
  });
  afterAll(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
    await removeDataDir(root);
  });

  it('serves the page at / and at a deep client route', async () => {
    for (const route of ['/', '/w/abc']) {
      const res = await fetch(`${server.url}${route}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>Integrity Board</title>');
    }
  });

  it('serves built assets', async () => {
    const res = await fetch(`${server.url}/assets/app.js`);
    expect(res.status).toBe(200);
  });

  it('still refuses dot files inside the client folder', async () => {
    const res = await fetch(`${server.url}/.env`);
    expect(await res.text()).not.toContain('SECRET');
  });
});
