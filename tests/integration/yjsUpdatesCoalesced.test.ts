import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roots } from '../../shared/board/boardDocument.ts';
import { openRawYjsClient, openReplica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, openSession, type Person, type TestWorkshop } from '../helpers/workshops.ts';

const MESSAGE_SYNC = 0;
const SYNC_UPDATE = 2;
const isUpdateFrame = (frame: Uint8Array) => frame[0] === MESSAGE_SYNC && frame[1] === SYNC_UPDATE;
const holds = (frame: Uint8Array, text: string) => Buffer.from(frame).includes(Buffer.from(text));

describe('durable updates of one event-loop turn reach each Yjs connection as one frame', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let reader: Person;

  beforeAll(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server);
    reader = await openSession(server, workshop, 'observer', 'Observer');
  });
  afterAll(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('sends two updates made durable together in one frame, and a later one in its own', async () => {
    const raw = await openRawYjsClient(server, workshop.id, reader.token);
    const replica = await openReplica(server, workshop.id, reader.token);
    const entry = (await server.services.registry.peek(workshop.id))!;
    const updates: Uint8Array[] = [];
    const capture = (update: Uint8Array) => updates.push(update);
    entry.doc.on('update', capture);
    entry.doc.transact(() => roots.notes(entry.doc).set('together-1', { text: 'first of the pair' }));
    entry.doc.transact(() => roots.notes(entry.doc).set('together-2', { text: 'second of the pair' }));
    entry.doc.transact(() => roots.notes(entry.doc).set('alone', { text: 'one on its own' }));
    entry.doc.off('update', capture);
    // As when two appends finish, or two updates from other nodes arrive, in the same turn.
    entry.emitDurableUpdate(updates[0]!);
    entry.emitDurableUpdate(updates[1]!);
    await replica.waitFor((doc) => roots.notes(doc).has('together-2'));
    entry.emitDurableUpdate(updates[2]!);
    await replica.waitFor((doc) => roots.notes(doc).has('alone'));

    const frames: Uint8Array[] = [];
    while (frames.length < 2) {
      const frame = await raw.nextMessage();
      if (isUpdateFrame(frame)) frames.push(frame);
    }
    expect(holds(frames[0]!, 'first of the pair') && holds(frames[0]!, 'second of the pair')).toBe(true);
    expect(holds(frames[1]!, 'one on its own')).toBe(true);
    expect(holds(frames[1]!, 'first of the pair')).toBe(false);
    expect(roots.notes(replica.doc).get('together-1')).toEqual({ text: 'first of the pair' });
    replica.destroy();
    raw.ws.close();
  });
});
