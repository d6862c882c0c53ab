import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { api } from '../helpers/workshops.ts';

/** Sends a raw WebSocket upgrade request line and returns the status line the server answers (or '' if it hung up). */
function rawUpgrade(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ib.v1\r\n\r\n',
      );
    });
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', (err) => (answer ? resolve(answer.split('\r\n')[0] ?? '') : reject(err)));
  });
}

describe('malformed upgrade targets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it.each(['/yjs/%C0%AF', '/yjs/%', '/yjs/%E0%A4%A', 'http://[', '/yjs/..%2F..%2Fetc', '/yjs/' + 'a'.repeat(5000)])(
    'refuses %s and keeps serving',
    async (target) => {
      const status = await rawUpgrade(server.port, target);
      expect(status === '' || /^HTTP\/1\.1 (400|404)/.test(status)).toBe(true);
      const health = await api(server, 'GET', '/api/health');
      expect(health.status).toBe(200);
    },
  );

  it('answers a bad Yjs path with 400 Bad Request, by name', async () => {
    expect(await rawUpgrade(server.port, '/yjs/%C0%AF')).toBe('HTTP/1.1 400 Bad Request');
  });
});
