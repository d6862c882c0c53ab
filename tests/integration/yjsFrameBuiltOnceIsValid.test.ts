import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roots } from '../../shared/board/boardDocument.ts';
import { YJS_CLOSE } from '../../shared/protocol/index.ts';
import { commandOrigin } from '../../server/documents/updateOrigin.ts';
import type { LoadedDocument } from '../../server/documents/DocumentRegistry.ts';
import { openRawYjsClient, openReplica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, openSession, type Person, type TestWorkshop } from '../helpers/workshops.ts';

const MESSAGE_SYNC = 0;
const SYNC_UPDATE = 2;
const isUpdateFrame = (frame: Uint8Array) => frame[0] === MESSAGE_SYNC && frame[1] === SYNC_UPDATE;
const MAX_BUFFERED = 512 * 1024;

// The fan-out frames each update once and writes the same bytes to every socket: the three WebSocket
// length encodings (7-bit, 16-bit, 64-bit) must each reach real clients that decode them.
describe('an update framed once for every Yjs connection of a board', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let reader: Person;
  let board: LoadedDocument;

  beforeAll(async () => {
    server = await startTestServer({ yjsFramesPerSecond: 1_000_000, yjsMaxBufferedBytes: MAX_BUFFERED });
    workshop = await createWorkshop(server);
    reader = await openSession(server, workshop, 'observer', 'Observer');
    board = (await server.services.registry.acquire(workshop.id))!;
  });
  afterAll(async () => {
    server.services.registry.release(board);
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('reaches two peers whole, large (over 65,535 bytes), middling and small (under 126 bytes), and their documents converge', async () => {
    const first = await openReplica(server, workshop.id, reader.token);
    const second = await openReplica(server, workshop.id, reader.token);
    const raw = await openRawYjsClient(server, workshop.id, reader.token);
    const large = 'L'.repeat(70_000);
    const middling = 'M'.repeat(1_000);

    const apply = async (change: Parameters<typeof server.services.registry.apply>[2], until: (doc: typeof first.doc) => boolean) => {
      await server.services.registry.apply(board, commandOrigin('note.add'), change);
      await Promise.all([first.waitFor(until), second.waitFor(until)]);
    };
    await apply((doc) => roots.notes(doc).set('large', { text: large }), (doc) => roots.notes(doc).has('large'));
    await apply((doc) => roots.notes(doc).set('middling', { text: middling }), (doc) => roots.notes(doc).has('middling'));
    await apply((doc) => roots.notes(doc).delete('large'), (doc) => !roots.notes(doc).has('large'));

    const sizes: number[] = [];
    while (sizes.length < 3) {
      const frame = await raw.nextMessage();
      if (isUpdateFrame(frame)) sizes.push(frame.byteLength);
    }
    expect(sizes[0]).toBeGreaterThan(65_535);
    expect(sizes[1]).toBeGreaterThan(125);
    expect(sizes[1]).toBeLessThan(65_536);
    expect(sizes[2]).toBeLessThan(126);

    for (const replica of [first, second]) {
      expect(roots.notes(replica.doc).get('middling')).toEqual({ text: middling });
      expect(roots.notes(replica.doc).has('large')).toBe(false);
      expect(replica.doc.getMap('notes').size).toBe(board.doc.getMap('notes').size);
    }
    expect(first.provider.wsconnected && second.provider.wsconnected).toBe(true);
    first.destroy();
    second.destroy();
    raw.ws.close();
    await raw.closed;
  });

  it('closes a peer that stops reading the fan-out with SLOW_READER, and keeps sending to the others', async () => {
    const healthy = await openReplica(server, workshop.id, reader.token);
    const slow = await openRawYjsClient(server, workshop.id, reader.token);
    (slow.ws as unknown as { _socket: Socket })._socket.pause();
    const closuresBefore = server.yjs.closures.SLOW_READER ?? 0;

    let peakQueued = 0;
    for (let i = 0; i < 400 && (server.yjs.closures.SLOW_READER ?? 0) === closuresBefore; i++) {
      await server.services.registry.apply(board, commandOrigin('note.add'), (doc) => roots.notes(doc).set(`bulk-${i}`, { text: `${i} `.repeat(20_000) }));
      peakQueued = Math.max(peakQueued, server.yjs.bufferedBytes);
      await healthy.waitFor((doc) => roots.notes(doc).has(`bulk-${i}`));
    }
    expect(server.yjs.closures.SLOW_READER ?? 0).toBe(closuresBefore + 1);
    // One message past the bound at most was queued for the slow peer (the healthy one reads as it goes).
    expect(peakQueued).toBeLessThan(MAX_BUFFERED + 256 * 1024);

    await server.services.registry.apply(board, commandOrigin('note.add'), (doc) => roots.notes(doc).set('after', { text: 'still delivered' }));
    await healthy.waitFor((doc) => roots.notes(doc).has('after'));
    (slow.ws as unknown as { _socket: Socket })._socket.resume();
    expect(await slow.closed).toEqual({ code: YJS_CLOSE.SLOW_READER.code, reason: 'SLOW_READER' });
    healthy.destroy();
  });
});
