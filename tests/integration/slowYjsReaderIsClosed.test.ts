import type { Socket } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards, writeNote } from '../../shared/board/boardDocument.ts';
import { YJS_CLOSE } from '../../shared/protocol/index.ts';
import { commandOrigin } from '../../server/documents/updateOrigin.ts';
import { openRawYjsClient } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, openSession, type Person, type TestWorkshop } from '../helpers/workshops.ts';

const MAX_BUFFERED = 4 * 1024 * 1024;
/** A sync step 1 with an empty state vector: 4 bytes that ask for the whole document. */
const SYNC_STEP_1 = new Uint8Array([0, 0, 1, 0]);

/** Memory outside the JS heap, where socket buffers live (after a collection when the test runs with --expose-gc). */
function externalBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().arrayBuffers;
}

describe('a Yjs reader that stops reading', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let observer: Person;

  beforeAll(async () => {
    // Frames are not rate-limited here, so the bound on queued bytes is what holds.
    server = await startTestServer({ yjsFramesPerSecond: 1_000_000, yjsMaxBufferedBytes: MAX_BUFFERED });
    workshop = await createWorkshop(server);
    observer = await openSession(server, workshop, 'observer', 'Quiet observer');
    const board = await server.services.registry.acquire(workshop.id);
    if (!board) throw new Error('workshop document missing');
    const boardId = readBoards(board.doc)[0]!.id;
    await server.services.registry.apply(board, commandOrigin('note.add'), (doc) => {
      for (let i = 0; i < 300; i++) {
        writeNote(doc, {
          id: `note${String(i).padStart(12, '0')}`,
          boardId,
          row: 'transparency',
          column: 'strengths',
          text: `Declarations are checked against the manifest before release, case ${i}, with a written reason for every exception`,
          colour: 'yellow',
          authorName: `Participant ${i}`,
          authorAdministration: 'SENAE',
          groupId: null,
          mergedFrom: [],
          mergedInto: null,
          createdAt: 1,
          updatedAt: 1,
        });
      }
    });
    server.services.registry.release(board);
  });
  afterAll(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('is closed with SLOW_READER once its unread answers pass the bound, and the server stops queueing', async () => {
    const raw = await openRawYjsClient(server, workshop.id, observer.token);
    const serverClient = [...stateVectorOf(await raw.nextMessage()).keys()][0]!;
    const before = externalBytes();
    const tcp = (raw.ws as unknown as { _socket: Socket })._socket;
    tcp.pause();
    // Each request names a different state vector, so no answer can be shared: the bound must hold.
    for (let i = 1; i <= 1500; i++) raw.ws.send(syncStep1(new Map([[serverClient, i]])));

    let peakQueued = 0;
    let peakExternal = 0;
    await expect
      .poll(
        () => {
          peakQueued = Math.max(peakQueued, server.yjs.bufferedBytes);
          peakExternal = Math.max(peakExternal, process.memoryUsage().arrayBuffers - before);
          return server.yjs.closures.SLOW_READER ?? 0;
        },
        { timeout: 20_000, interval: 20 },
      )
      .toBe(1);
    // The old server queued the whole document once per frame: about 160 MB for these 1,500 frames.
    expect(peakQueued).toBeLessThan(MAX_BUFFERED + 256 * 1024);
    expect(peakExternal).toBeLessThan(48 * 1024 * 1024);

    tcp.resume();
    expect(await raw.closed).toEqual({ code: YJS_CLOSE.SLOW_READER.code, reason: 'SLOW_READER' });
    await expect.poll(() => server.yjs.connectionCount).toBe(0);
  });

  it('does not queue the same answer again while the first is still unread', async () => {
    const raw = await openRawYjsClient(server, workshop.id, observer.token);
    const serverClient = [...stateVectorOf(await raw.nextMessage()).keys()][0]!;
    const tcp = (raw.ws as unknown as { _socket: Socket })._socket;
    tcp.pause();
    for (let i = 0; i < 1500; i++) raw.ws.send(SYNC_STEP_1);
    // A different request last: its answer marks the end of what the server queued for the 1,500.
    raw.ws.send(syncStep1(new Map([[serverClient, 1]])));
    tcp.resume();
    let fullAnswers = 0;
    let fullAnswer: Uint8Array | null = null;
    for (;;) {
      const message = await raw.nextMessage();
      if (message[0] !== 0 || message[1] !== 1) continue; // heartbeats
      fullAnswer ??= message;
      if (message.byteLength !== fullAnswer.byteLength) break;
      fullAnswers++;
    }
    expect(fullAnswers).toBeGreaterThanOrEqual(1);
    // Only what the operating system took before the socket filled up: the old server answered all 1,500.
    expect(fullAnswers).toBeLessThan(300);
    expect(server.yjs.closures.SLOW_READER ?? 0).toBe(1);
    raw.ws.close();
    await raw.closed;
  });
});

function syncStep1(stateVector: Map<number, number>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(stateVector));
  return encoding.toUint8Array(encoder);
}

function stateVectorOf(serverSyncStep1: Uint8Array): Map<number, number> {
  const decoder = decoding.createDecoder(serverSyncStep1);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return Y.decodeStateVector(decoding.readVarUint8Array(decoder));
}
