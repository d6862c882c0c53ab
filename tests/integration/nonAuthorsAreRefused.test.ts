import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readNote } from '../../shared/board/boardDocument.ts';
import { connectParticipant, openReplica, type Participant } from '../helpers/clients.ts';
import { createBoard, removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';

describe('only a note author may change it', () => {
  let server: TestServer;
  let boardId: string;
  let ana: Participant;
  let bruno: Participant;
  let noteId: string;

  beforeEach(async () => {
    server = await startTestServer();
    boardId = await createBoard(server);
    ana = await connectParticipant(server, { displayName: 'Ana' });
    bruno = await connectParticipant(server, { displayName: 'Bruno' });
    await ana.send('board.join', { boardId });
    await bruno.send('board.join', { boardId });
    const added = await ana.send('note.add', { boardId, factor: 'code_of_conduct', column: 'gaps', text: 'Nobody has read it' });
    noteId = (added as { noteId: string }).noteId;
  });
  afterEach(async () => {
    ana.close();
    bruno.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  async function boardState(): Promise<Uint8Array> {
    const replica = await openReplica(server, boardId);
    const state = Y.encodeStateAsUpdate(replica.doc);
    replica.destroy();
    return state;
  }

  it('refuses an edit by someone else with NOT_AUTHOR and leaves the note as it was', async () => {
    const before = await boardState();
    expect(await bruno.send('note.edit', { boardId, noteId, text: 'Rewritten' })).toEqual({ ok: false, error: 'NOT_AUTHOR' });
    expect(await boardState()).toEqual(before);
  });

  it('refuses a delete by someone else with NOT_AUTHOR and keeps the note', async () => {
    expect(await bruno.send('note.delete', { boardId, noteId })).toEqual({ ok: false, error: 'NOT_AUTHOR' });
    const replica = await openReplica(server, boardId);
    expect(readNote(replica.doc, noteId)?.text).toBe('Nobody has read it');
    replica.destroy();
  });

  it('names each bad request and changes nothing', async () => {
    const before = await boardState();
    const missing = 'AAAAAAAAAAAAAAAA';
    expect(await ana.send('note.edit', { boardId, noteId: missing, text: 'x' })).toEqual({ ok: false, error: 'NOTE_NOT_FOUND' });
    expect(await ana.send('note.delete', { boardId, noteId: missing })).toEqual({ ok: false, error: 'NOTE_NOT_FOUND' });
    expect(await ana.send('note.add', { boardId, factor: 'hrm', column: 'gaps', text: '   ' })).toMatchObject({ ok: false, error: 'TEXT_EMPTY' });
    expect(await ana.send('note.add', { boardId, factor: 'hrm', column: 'gaps', text: 'x'.repeat(501) })).toMatchObject({ ok: false, error: 'TEXT_TOO_LONG' });
    expect(await ana.sendRaw('note.add', { boardId, factor: 'bribery', column: 'gaps', text: 'x' })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(await ana.sendRaw('note.add', { boardId, factor: 'hrm', column: 'gaps', text: 'x', authorName: 'Someone else' })).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(await ana.sendRaw('note.add', 'not an object')).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
    expect(await ana.send('note.add', { boardId: 'AAAAAAAAAAAAAAAA', factor: 'hrm', column: 'gaps', text: 'x' })).toEqual({ ok: false, error: 'NOT_JOINED' });
    expect(await ana.send('board.join', { boardId: 'AAAAAAAAAAAAAAAA' })).toEqual({ ok: false, error: 'BOARD_NOT_FOUND' });
    expect(await boardState()).toEqual(before);
  });

  it('refuses a handshake with the wrong protocol version or no identity', async () => {
    await expect(connectParticipant(server, {}, { protocolVersion: 999, participantId: 'x'.repeat(20), displayName: 'Eve' })).rejects.toThrow('PROTOCOL_MISMATCH');
    await expect(connectParticipant(server, {}, { protocolVersion: 1 })).rejects.toThrow('UNAUTHENTICATED');
    await expect(connectParticipant(server, {}, {})).rejects.toThrow('PROTOCOL_MISMATCH');
  });

  it('rate-limits a flood of commands from one connection with RATE_LIMITED', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, () => bruno.send('note.edit', { boardId, noteId, text: 'spam' })),
    );
    const errors = results.map((r) => (r.ok ? 'ok' : r.error));
    expect(errors).toContain('RATE_LIMITED');
    expect(errors.filter((e) => e !== 'RATE_LIMITED').every((e) => e === 'NOT_AUTHOR')).toBe(true);
  });
});
