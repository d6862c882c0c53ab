import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards, readNote, readNotes, writeNote } from '../../shared/board/boardDocument.ts';
import { YJS_CLOSE } from '../../shared/protocol/index.ts';
import { openRawYjsClient, openReplica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function forgedNoteUpdate(): Uint8Array {
  const forger = new Y.Doc();
  writeNote(forger, {
    id: 'forgedNote000001',
    boardId: 'anyBoard00000001',
    row: 'transparency',
    column: 'strengths',
    text: 'Written around the rules',
    colour: 'yellow',
    authorName: 'Someone else',
    authorAdministration: 'X',
    groupId: null,
    mergedFrom: [],
    mergedInto: null,
    createdAt: 1,
    updatedAt: 1,
  });
  return Y.encodeStateAsUpdate(forger);
}

let token = '';

async function serverState(server: TestServer, boardId: string): Promise<Uint8Array> {
  const replica = await openReplica(server, boardId, token);
  const state = Y.encodeStateAsUpdate(replica.doc);
  replica.destroy();
  return state;
}

describe('y-websocket clients are read-only peers', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let boardId: string;
  let workshopId: string;
  let ana: Member;

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server);
    workshopId = workshop.id;
    ana = await joinAs(server, workshop, 'participant', 'Ana');
    token = ana.person.token;
    const replica = await openReplica(server, workshopId, token);
    boardId = readBoards(replica.doc)[0]!.id;
    replica.destroy();
    await ana.send('note.add', { boardId, row: 'automation', column: 'strengths', text: 'Electronic declarations' });
  });
  afterEach(async () => {
    ana.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('closes a client that pushes an update with CLIENT_WRITE_FORBIDDEN and keeps the document unchanged', async () => {
    const before = await serverState(server, workshopId);
    const raw = await openRawYjsClient(server, workshopId, token);
    raw.ws.send(syncMessage((e) => syncProtocol.writeUpdate(e, forgedNoteUpdate())));
    expect(await raw.closed).toEqual({ code: YJS_CLOSE.CLIENT_WRITE_FORBIDDEN.code, reason: 'CLIENT_WRITE_FORBIDDEN' });
    expect(await serverState(server, workshopId)).toEqual(before);
  });

  it('never applies a sync step 2 and tells a client that is ahead to reset its replica', async () => {
    const before = await serverState(server, workshopId);
    const raw = await openRawYjsClient(server, workshopId, token);
    raw.ws.send(syncMessage((e) => {
      encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(e, forgedNoteUpdate());
    }));
    expect(await raw.closed).toEqual({ code: YJS_CLOSE.REPLICA_RESET.code, reason: 'REPLICA_RESET' });
    expect(await serverState(server, workshopId)).toEqual(before);
  });

  it('drops awareness from clients without relaying it or closing the connection', async () => {
    const watcher = await openRawYjsClient(server, workshopId, token);
    const talker = await openRawYjsClient(server, workshopId, token);
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: 'Ana', administration: 'SENAE' } });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]));
    talker.ws.send(encoding.toUint8Array(encoder));
    // A command after the awareness frame: the watcher sees the note's update and no awareness before it.
    await ana.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Rotation is rare' });
    for (;;) {
      const message = await watcher.nextMessage();
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      if (type === 1) {
        expect(decoding.readVarUint8Array(decoder)).toEqual(new Uint8Array([0]));
        continue;
      }
      if (type === 0 && decoding.readVarUint(decoder) === syncProtocol.messageYjsUpdate) break;
    }
    expect(talker.ws.readyState).toBe(talker.ws.OPEN);
    awareness.destroy();
    watcher.ws.close();
    talker.ws.close();
  });

  it('closes a client that sends an undecodable frame with BAD_MESSAGE', async () => {
    const raw = await openRawYjsClient(server, workshopId, token);
    raw.ws.send(new Uint8Array([0, 0, 200]));
    expect(await raw.closed).toEqual({ code: YJS_CLOSE.BAD_MESSAGE.code, reason: 'BAD_MESSAGE' });
  });

  it('closes a connection without a valid token, or for another workshop, with UNAUTHENTICATED', async () => {
    const noToken = await openRawYjsClient(server, workshopId, null);
    expect(await noToken.closed).toEqual({ code: YJS_CLOSE.UNAUTHENTICATED.code, reason: 'UNAUTHENTICATED' });
    const forged = await openRawYjsClient(server, workshopId, 'x'.repeat(43));
    expect(await forged.closed).toEqual({ code: YJS_CLOSE.UNAUTHENTICATED.code, reason: 'UNAUTHENTICATED' });
    const other = await createWorkshop(server, { title: 'Another administration' });
    const elsewhere = await openRawYjsClient(server, other.id, token);
    expect(await elsewhere.closed).toEqual({ code: YJS_CLOSE.UNAUTHENTICATED.code, reason: 'UNAUTHENTICATED' });
  });

  it('does not reset a client that reconnects after notes were deleted while it was away', async () => {
    const extra = await ana.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'To be deleted' });
    const noteId = (extra as { noteId: string }).noteId;
    const replica = await openReplica(server, workshopId, token);
    await replica.waitFor((doc) => readNote(doc, noteId) !== null);
    replica.provider.disconnect();
    expect(await ana.send('note.delete', { noteId })).toEqual({ ok: true });

    const closes: number[] = [];
    replica.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    replica.provider.connect();
    await replica.waitFor((doc) => readNote(doc, noteId) === null);
    // One more command round trip: had the server asked for a reset, the close would have arrived first.
    await ana.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'After reconnect' });
    await replica.waitFor((doc) => readNotes(doc).some((n) => n.text === 'After reconnect'));
    expect(closes).toEqual([]);
    expect(replica.provider.wsconnected).toBe(true);
    replica.destroy();
  });

  it('tells a client whose replica is ahead of a restored server to reset, once', async () => {
    const replica = await openReplica(server, workshopId, token);
    // The replica holds content the server never had (as after the server restored older data).
    Y.applyUpdate(replica.doc, forgedNoteUpdate());
    replica.provider.disconnect();
    const closes: number[] = [];
    replica.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    replica.provider.connect();
    await new Promise<void>((resolve) => replica.provider.once('connection-close', () => resolve()));
    expect(closes).toEqual([YJS_CLOSE.REPLICA_RESET.code]);
    replica.destroy();
    const fresh = await openReplica(server, workshopId, token);
    expect(readNote(fresh.doc, 'forgedNote000001')).toBeNull();
    expect(readNotes(fresh.doc)).toHaveLength(1);
    fresh.destroy();
  });
});
