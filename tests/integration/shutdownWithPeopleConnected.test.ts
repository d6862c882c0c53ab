import { afterEach, describe, expect, it } from 'vitest';
import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import { YJS_CLOSE } from '../../shared/protocol/index.ts';
import { openReplica } from '../helpers/clients.ts';
import { ServersOnOneDataDir } from '../helpers/serverProcess.ts';
import { createWorkshop, joinAs } from '../helpers/workshops.ts';

describe('SIGTERM while people are connected', () => {
  const servers = new ServersOnOneDataDir();
  afterEach(() => servers.dispose());
  const start = () => servers.start();

  it('tells every client, exits 0 without waiting for their connections, and keeps every acknowledged note', async () => {
    const first = await start();
    const workshop = await createWorkshop(first);
    const ana = await joinAs(first, workshop, 'participant', 'Ana');
    const ben = await joinAs(first, workshop, 'participant', 'Ben');
    const replica = await openReplica(first, workshop.id, ana.person.token);
    const boardId = readBoards(replica.doc)[0]!.id;
    const acknowledged = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? ana : ben).send('note.add', { boardId, row: 'audit_investigation', column: 'gaps', text: `Finding ${i}` })),
    );
    const ids = acknowledged.flatMap((r) => (r.ok ? [r.noteId] : []));
    expect(ids).toHaveLength(20);
    // The replica stops reconnecting once told the server is going away, so its close code is the one the server sent.
    const yjsClosed = new Promise<number>((resolve) =>
      replica.provider.once('connection-close', (event) => {
        replica.provider.shouldConnect = false;
        resolve(event?.code ?? 0);
      }),
    );
    const anaTold = new Promise<string>((resolve) => ana.socket.once('disconnect', (reason) => resolve(reason)));

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(await anaTold).toBe('io server disconnect');
    expect(await yjsClosed).toBe(YJS_CLOSE.GOING_AWAY.code);
    ana.close();
    ben.close();
    replica.destroy();

    const second = await start();
    const again = await openReplica(second, workshop.id, ana.person.token);
    expect(readNotes(again.doc).map((n) => n.id).sort()).toEqual([...ids].sort());
    again.destroy();
  });
});
