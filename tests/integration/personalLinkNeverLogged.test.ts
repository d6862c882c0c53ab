import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServerProcess, type ServerProcess } from '../helpers/serverProcess.ts';
import { makeDataDir, removeDataDir } from '../helpers/testServer.ts';
import { api, createWorkshop, openSession } from '../helpers/workshops.ts';

describe('personal links and the sessions they open never reach the logs', () => {
  let server: ServerProcess;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await makeDataDir();
    server = await spawnServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    await removeDataDir(dataDir);
  });

  it('at debug level, minting, opening, reusing and a malformed body log no secret, token or link', async () => {
    const workshop = await createWorkshop(server);
    const ana = await openSession(server, workshop, 'participant', 'Ana');
    const minted = await api<{ url: string }>(server, 'POST', `/api/workshops/${workshop.id}/device-links`, {}, ana.token);
    expect(minted.status).toBe(201);
    const secret = new URL(minted.body.url).hash.slice('#d='.length);
    const opened = await api<{ token: string }>(server, 'POST', `/api/workshops/${workshop.id}/device-sessions`, { secret });
    expect(opened.status).toBe(201);
    expect((await api(server, 'POST', `/api/workshops/${workshop.id}/device-sessions`, { secret })).body).toEqual({ error: 'DEVICE_LINK_USED' });
    expect((await api(server, 'POST', `/api/workshops/${workshop.id}/device-sessions`, { secret: `${secret}!` })).status).toBe(400);
    // The server did log what happened, by workshop and role only.
    await expect.poll(() => server.lines.some((line) => line.includes('session opened on another device'))).toBe(true);
    const logs = server.lines.join('\n');
    for (const value of [secret, opened.body.token, ana.token, minted.body.url]) expect(logs).not.toContain(value);
  });
});
