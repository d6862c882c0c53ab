import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import type { JoinResult } from '../../shared/protocol/index.ts';
import { LevelStore } from '../../server/storage/LevelDocumentStore.ts';
import { RedisStore } from '../../server/storage/redis/RedisStore.ts';
import { copyWorkshop } from '../../scripts/migrate/copyWorkshop.ts';
import { compareWorkshop } from '../../scripts/migrate/verify.ts';
import { readWorkshopContent } from '../../scripts/migrate/workshopContent.ts';
import { connectClient, openReplica } from '../helpers/clients.ts';
import { startRedis, uniqueKeyPrefix } from '../helpers/redisServer.ts';
import { storeFingerprint } from '../helpers/serverState.ts';
import { makeDataDir, removeDataDir, startTestServer } from '../helpers/testServer.ts';
import { UNLIMITED_COMMANDS, withLimits } from '../helpers/limits.ts';
import { createWorkshop, joinAs, type Member } from '../helpers/workshops.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const redis = await startRedis();
const dataDirs: string[] = [];
afterAll(async () => {
  await Promise.all(dataDirs.map(removeDataDir));
  await redis?.dispose();
});

/** `scripts/migrate.ts` as its own process, as `npm run migrate` runs it. */
function runMigrate(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'migrate.ts'), ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function dataDir(): Promise<string> {
  const dir = await makeDataDir();
  dataDirs.push(dir);
  return dir;
}

const join = async (member: Member): Promise<JoinResult> => {
  const joined = await member.send('workshop.join', {});
  if (!joined.ok) throw new Error(`join failed: ${joined.error}`);
  return joined;
};

describe('npm run migrate', () => {
  test('refuses a source folder that holds no store, and names the problem', async () => {
    const result = await runMigrate(['--from', path.join(await dataDir(), 'missing'), '--to', await dataDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds no store/);
  });

  test('the check names what differs, even when the counts agree', async () => {
    const server = await startTestServer(withLimits(UNLIMITED_COMMANDS, { commandsPerSecond: 1000, dataDir: await dataDir() }));
    const workshop = await createWorkshop(server);
    const facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    const replica = await openReplica(server, workshop.id, facilitator.person.token);
    const boardId = readBoards(replica.doc)[0]!.id;
    replica.destroy();
    const noteIds: string[] = [];
    for (const text of ['One', 'Two']) {
      const added = await facilitator.send('note.add', { boardId, row: 'transparency', column: 'gaps', text });
      if (added.ok) noteIds.push(added.noteId);
    }
    await facilitator.send('phase.set', { phase: 'vote' });
    expect(await facilitator.send('vote.cast', { noteId: noteIds[0]! })).toMatchObject({ ok: true });
    facilitator.close();
    await server.close();

    const source = await LevelStore.open(path.join(server.dataDir, 'store'));
    const target = await LevelStore.open(path.join(await dataDir(), 'store'));
    try {
      const content = await readWorkshopContent(source, workshop.id);
      await copyWorkshop(content, source, target, false);
      expect((await compareWorkshop(source, content, target, await readWorkshopContent(target, workshop.id))).mismatches).toEqual([]);
      await target.votes.importBoard(workshop.id, boardId, [{ participantId: facilitator.person.participantId, noteId: noteIds[1]!, count: 1 }]);
      await target.workshops.updateWorkshop({ ...content.workshop!, title: 'Changed' });
      const compared = await compareWorkshop(source, content, target, await readWorkshopContent(target, workshop.id));
      expect(compared.mismatches).toEqual(['record', 'votes']);
      expect(compared.target.counts.votes).toBe(compared.source.counts.votes);
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });

  test.skipIf(!redis)(
    'a workshop moved from a data folder to Redis and on to another folder keeps its sessions, authors, votes, hidden notes and counters',
    async () => {
      // A workshop with public notes by three people, votes, a note limit, hidden notes and a "done".
      const server = await startTestServer(withLimits(UNLIMITED_COMMANDS, { commandsPerSecond: 1000, dataDir: await dataDir() }));
      const workshop = await createWorkshop(server);
      const facilitator = await joinAs(server, workshop, 'facilitator', 'María');
      const ana = await joinAs(server, workshop, 'participant', 'Ana');
      const luis = await joinAs(server, workshop, 'participant', 'Luis');
      const replica = await openReplica(server, workshop.id, facilitator.person.token);
      const boardId = readBoards(replica.doc)[0]!.id;
      replica.destroy();
      const add = async (member: Member, text: string) => {
        const added = await member.send('note.add', { boardId, row: 'transparency', column: 'gaps', text });
        if (!added.ok) throw new Error(`note.add failed: ${added.error}`);
        return added.noteId;
      };
      expect(await facilitator.send('notes.setLimit', { notesPerParticipant: 3 })).toEqual({ ok: true });
      const anasNote = await add(ana, 'Gifts are accepted at the border post');
      await add(ana, 'Nobody checks declarations of interest');
      const luisNote = await add(luis, 'Rotation of staff is rare');
      await add(facilitator, 'Parking lot');
      expect(await facilitator.send('phase.set', { phase: 'vote' })).toEqual({ ok: true });
      for (const noteId of [luisNote, luisNote]) expect(await ana.send('vote.cast', { noteId })).toMatchObject({ ok: true });
      expect(await luis.send('vote.cast', { noteId: anasNote })).toMatchObject({ ok: true });
      expect(await facilitator.send('phase.set', { phase: 'write', privateWriting: true })).toEqual({ ok: true });
      const hiddenNote = await add(ana, 'Hidden until reveal: a manager asked for a fee');
      expect(await luis.send('done.set', { done: true })).toEqual({ ok: true });

      const before = { ana: await join(ana), luis: await join(luis), fingerprint: await storeFingerprint(server, workshop.id) };
      expect(before.ana.privateNotes.map((n) => n.id)).toEqual([hiddenNote]);
      for (const member of [facilitator, ana, luis]) member.close();
      await server.close();

      // Folder → Redis → another folder, each step through the command line.
      const prefix = uniqueKeyPrefix('migrate');
      const finalDir = await dataDir();
      const toRedis = await runMigrate(['--from', server.dataDir, '--to', redis!.url, '--to-prefix', prefix]);
      expect(toRedis.stderr).toBe('');
      expect(toRedis.code).toBe(0);
      expect(toRedis.stdout).toMatch(/Every count and record matches/);
      expect(toRedis.stdout).toMatch(new RegExp(`${workshop.id}.*\\b4\\b.*\\b3\\b.*\\bok\\b`));

      const again = await runMigrate(['--from', server.dataDir, '--to', redis!.url, '--to-prefix', prefix]);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already holds workshop/);

      // What a target gained meanwhile is replaced, not mixed in, with --overwrite.
      const stray = await RedisStore.connect(redis!.url, { keyPrefix: prefix });
      await stray.workshops.putSession({
        tokenHash: 'stray',
        workshopId: workshop.id,
        participantId: 'stray-person',
        linkId: 'stray-link',
        role: 'participant',
        displayName: 'Stray',
        administration: 'Elsewhere',
        createdAt: 1,
      });
      await stray.ownership.setOwner(workshop.id, 'stray-note', 'stray-person');
      await stray.votes.importBoard(workshop.id, boardId, [{ participantId: 'stray-person', noteId: anasNote, count: 9 }]);
      await stray.close();
      const overwritten = await runMigrate(['--from', server.dataDir, '--to', redis!.url, '--to-prefix', prefix, '--overwrite']);
      expect(overwritten.code).toBe(0);
      expect(overwritten.stdout).toMatch(/Every count and record matches/);

      const back = await runMigrate(['--from', redis!.url, '--from-prefix', prefix, '--to', finalDir]);
      expect(back.stderr).toBe('');
      expect(back.code).toBe(0);

      // A server on the final folder: same tokens, same authors, same votes, every note.
      const moved = await startTestServer(withLimits(UNLIMITED_COMMANDS, { commandsPerSecond: 1000, dataDir: finalDir }));
      try {
        expect(await storeFingerprint(moved, workshop.id)).toBe(before.fingerprint);
        const anaAgain = Object.assign(await connectClient(moved, ana.person.token), { person: ana.person });
        const luisAgain = Object.assign(await connectClient(moved, luis.person.token), { person: luis.person });
        const facilitatorAgain = Object.assign(await connectClient(moved, facilitator.person.token), { person: facilitator.person });
        const after = { ana: await join(anaAgain), luis: await join(luisAgain) };
        await join(facilitatorAgain);
        expect(after.ana.participantId).toBe(before.ana.participantId);
        expect(after.ana.ownNoteIds.sort()).toEqual(before.ana.ownNoteIds.sort());
        expect(after.ana.privateNotes).toEqual(before.ana.privateNotes);
        expect(after.ana.myVotes).toEqual({ [boardId]: { [luisNote]: 2 } });
        expect(after.luis.myVotes).toEqual(before.luis.myVotes);
        expect(after.luis.done).toBe(true);
        expect(await moved.services.stores.votes.totals(workshop.id, boardId)).toEqual({ [luisNote]: 2, [anasNote]: 1 });

        expect(await anaAgain.send('note.edit', { noteId: anasNote, text: 'Gifts are refused now' })).toEqual({ ok: true });
        expect(await luisAgain.send('note.edit', { noteId: anasNote, text: 'Not mine' })).toEqual({ ok: false, error: 'NOT_AUTHOR' });
        expect(await anaAgain.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'A fourth note' })).toEqual({
          ok: false,
          error: 'NOTE_LIMIT_REACHED',
        });

        const movedReplica = await openReplica(moved, workshop.id, luis.person.token);
        expect(readNotes(movedReplica.doc)).toHaveLength(4);
        expect(readNotes(movedReplica.doc).find((n) => n.id === anasNote)?.text).toBe('Gifts are refused now');
        expect(await facilitatorAgain.send('phase.set', { phase: 'reveal' })).toEqual({ ok: true });
        await movedReplica.waitFor((doc) => readNotes(doc).length === 5);
        expect(readNotes(movedReplica.doc).map((n) => n.id)).toContain(hiddenNote);
        movedReplica.destroy();
        for (const member of [anaAgain, luisAgain, facilitatorAgain]) member.close();
      } finally {
        await moved.close();
      }
    },
    60_000,
  );
});
