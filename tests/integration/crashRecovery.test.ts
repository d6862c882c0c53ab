import { appendFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import { openReplica } from '../helpers/clients.ts';
import { ServersOnOneDataDir } from '../helpers/serverProcess.ts';
import { api, createWorkshop, joinAs } from '../helpers/workshops.ts';

describe('a server process that dies keeps what it acknowledged', () => {
  const servers = new ServersOnOneDataDir();
  afterEach(() => servers.dispose());
  const start = () => servers.start();

  it('every acknowledged note is there after kill -9, and a torn last write does not stop the next start', async () => {
    const first = await start();
    const workshop = await createWorkshop(first);
    const ana = await joinAs(first, workshop, 'participant', 'Ana');
    const replica0 = await openReplica(first, workshop.id, ana.person.token);
    const boardId = readBoards(replica0.doc)[0]!.id;
    replica0.destroy();
    const acknowledged = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        ana.send('note.add', { boardId, row: 'audit_investigation', column: 'gaps', text: `Finding ${i}` }),
      ),
    );
    const ids = acknowledged.flatMap((r) => (r.ok ? [r.noteId] : []));
    expect(ids).toHaveLength(30);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    ana.close();

    // Simulate a write torn by the crash: half a record at the end of LevelDB's write-ahead log.
    const storeDir = path.join(servers.dataDir, 'store');
    const logFile = (await readdir(storeDir)).find((f) => f.endsWith('.log') && f !== 'LOG');
    expect(logFile).toBeDefined();
    await appendFile(path.join(storeDir, logFile!), Buffer.from([0x12, 0x34, 0x56, 0x78, 0x40, 0x00, 0x01, 0xde, 0xad]));

    const second = await start();
    const replica = await openReplica(second, workshop.id, ana.person.token);
    expect(readNotes(replica.doc).map((n) => n.id).sort()).toEqual([...ids].sort());
    replica.destroy();
  });

  it('SIGTERM flushes the store and exits with code 0', async () => {
    const p = await start();
    const workshop = await createWorkshop(p);
    p.child.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    const again = await start();
    const res = await api<{ title: string }>(again, 'GET', `/api/workshops/${workshop.id}`, undefined, workshop.secrets.observer);
    expect(res).toEqual({ status: 200, body: expect.objectContaining({ title: 'SENAE integrity workshop', role: 'observer' }) });
  });
});
