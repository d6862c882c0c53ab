import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as wsModule from 'ws';
import { WebSocket, WebSocketServer, type ServerOptions } from 'ws';
import { binaryFrame, writeFrame } from '../../server/realtime/frameOnce.ts';

type FrameOptions = { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean };
/** ws's own framing (not in its type definitions), as `ws.send` frames a binary message on a server socket. */
const wsFrame = (wsModule as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } }).Sender.frame;

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real ws server on port 0 and one client of it: the server's side of the socket, and the messages the client got. */
async function connectedPair(options: ServerOptions = {}) {
  const server = new WebSocketServer({ port: 0, ...options });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { perMessageDeflate: options.perMessageDeflate !== undefined });
  const received: Buffer[] = [];
  const waiters: Array<() => void> = [];
  client.on('message', (data: Buffer) => {
    received.push(data);
    waiters.shift()?.();
  });
  await new Promise((resolve) => client.once('open', resolve));
  const nextMessage = () => new Promise<Buffer>((resolve) => (received.length > 0 ? resolve(received.shift()!) : waiters.push(() => resolve(received.shift()!))));
  return { socket: await accepted, client, nextMessage };
}

const payloadOf = (length: number) => Buffer.from(Array.from({ length }, (_, i) => i % 251));

describe('a frame built once for a fan-out', () => {
  it('holds the bytes ws itself frames, for every length encoding', () => {
    for (const length of [0, 1, 125, 126, 65_535, 65_536, 70_000]) {
      const payload = payloadOf(length);
      const expected = Buffer.concat(wsFrame(payload, { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false }));
      expect(binaryFrame(new Uint8Array(payload)).equals(expected), `length ${length}`).toBe(true);
    }
  });

  it('is written to an open socket and read by the client as the message', async () => {
    const { socket, nextMessage } = await connectedPair();
    const payload = payloadOf(70_000);
    expect(writeFrame(socket, binaryFrame(payload))).toBe(true);
    expect(writeFrame(socket, binaryFrame(payloadOf(3)))).toBe(true);
    expect((await nextMessage()).equals(payload)).toBe(true);
    expect((await nextMessage()).equals(payloadOf(3))).toBe(true);
  });

  it('is refused once the socket is closing, so nothing follows the close frame', async () => {
    const { socket, client } = await connectedPair();
    const closed = new Promise<number>((resolve) => client.once('close', resolve));
    socket.close(1000);
    expect(writeFrame(socket, binaryFrame(payloadOf(5)))).toBe(false);
    expect(await closed).toBe(1000);
  });

  it('is refused on a socket with permessage-deflate, where only ws.send may frame', async () => {
    const { socket, nextMessage } = await connectedPair({ perMessageDeflate: { threshold: 0 } });
    expect(socket.extensions).toContain('permessage-deflate');
    expect(writeFrame(socket, binaryFrame(payloadOf(200)))).toBe(false);
    socket.send(payloadOf(200));
    expect((await nextMessage()).equals(payloadOf(200))).toBe(true);
  });
});
