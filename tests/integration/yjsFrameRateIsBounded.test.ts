import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { YJS_CLOSE } from '../../shared/protocol/index.ts';
import { openRawYjsClient, openReplica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, openSession, type Person, type TestWorkshop } from '../helpers/workshops.ts';

/** An awareness update with no entries: harmless on its own, dropped by the server. */
const EMPTY_AWARENESS = new Uint8Array([1, 1, 0]);

describe('frames per Yjs connection', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let reader: Person;

  beforeAll(async () => {
    server = await startTestServer({ yjsFramesPerSecond: 20 });
    workshop = await createWorkshop(server);
    reader = await openSession(server, workshop, 'observer', 'Observer');
  });
  afterAll(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('closes a connection that sends a burst of 400 frames with RATE_LIMITED', async () => {
    const raw = await openRawYjsClient(server, workshop.id, reader.token);
    await raw.nextMessage();
    for (let i = 0; i < 400; i++) raw.ws.send(EMPTY_AWARENESS);
    expect(await raw.closed).toEqual({ code: YJS_CLOSE.RATE_LIMITED.code, reason: 'RATE_LIMITED' });
    expect(server.yjs.closures.RATE_LIMITED).toBe(1);
  });

  it('keeps an honest y-websocket reader open and synced', async () => {
    const replica = await openReplica(server, workshop.id, reader.token);
    expect(readBoards(replica.doc).length).toBeGreaterThan(0);
    expect(server.yjs.closures.RATE_LIMITED).toBe(1);
    replica.destroy();
  });
});
