import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrivateNote } from '../../shared/protocol/workshopTypes.ts';
import { LevelStore } from '../../server/storage/LevelDocumentStore.ts';

/**
 * The embedded store answers "this person has nothing here" from memory (who has votes on a board,
 * who owns notes, which counters exist, a workshop's hidden notes). What it answers must always be
 * what the disk holds: after writes, with reads racing writes, and after reopening.
 */
const note = (id: string, ownerId: string): PrivateNote => ({
  id,
  ownerId,
  boardId: 'b1',
  row: 'hrm',
  column: 'gaps',
  text: `hidden ${id}`,
  colour: 'yellow',
  authorName: 'Ana',
  authorAdministration: 'SENAE',
  groupId: null,
  mergedFrom: [],
  mergedInto: null,
  createdAt: 1,
  updatedAt: 1,
});
const limits = { budget: 100, maxPerNote: 100 };

describe('the embedded store’s in-memory read indexes', () => {
  let dir: string;
  let store: LevelStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ib-read-index-'));
    store = await LevelStore.open(dir);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** What a join reads for one person, straight from a store. */
  const joinReads = async (s: LevelStore, who: string) => ({
    votes: await s.votes.votesOf('w1', 'b1', who),
    owned: await s.ownership.notesOwnedBy('w1', who),
    hidden: (await s.privateNotes.listAll('w1')).filter((n) => n.ownerId === who).map((n) => n.id),
    done: await s.quotas.get(`done:w1:0:${who}`),
  });

  it('answers nothing for someone without records, then sees their writes, also after reopening', async () => {
    expect(await joinReads(store, 'ana')).toEqual({ votes: {}, owned: [], hidden: [], done: 0 });
    await store.votes.cast('w1', 'b1', 'ana', 'n1', limits);
    await store.ownership.setOwner('w1', 'n1', 'ana');
    await store.privateNotes.put('w1', note('p1', 'ana'));
    await store.quotas.tryIncrement('done:w1:0:ana', 1);
    const expected = { votes: { n1: 1 }, owned: ['n1'], hidden: ['p1'], done: 1 };
    expect(await joinReads(store, 'ana')).toEqual(expected);
    expect(await joinReads(store, 'bruno')).toEqual({ votes: {}, owned: [], hidden: [], done: 0 });
    await store.privateNotes.delete('w1', 'p1');
    expect((await joinReads(store, 'ana')).hidden).toEqual([]);
    await store.close();
    store = await LevelStore.open(dir);
    expect(await joinReads(store, 'ana')).toEqual({ ...expected, hidden: [] });
  });

  it('reads racing writes never miss a completed write', async () => {
    const people = Array.from({ length: 40 }, (_, i) => `p${i}`);
    await Promise.all(
      people.flatMap((who, i) => [
        joinReads(store, who),
        store.votes.cast('w1', 'b1', who, `n${i}`, limits),
        joinReads(store, who),
        store.ownership.setOwner('w1', `n${i}`, who),
        store.privateNotes.put('w1', note(`p${i}`, who)),
        joinReads(store, who),
        store.quotas.tryIncrement(`done:w1:0:${who}`, 1),
      ]),
    );
    for (const [i, who] of people.entries()) {
      expect(await joinReads(store, who)).toEqual({ votes: { [`n${i}`]: 1 }, owned: [`n${i}`], hidden: [`p${i}`], done: 1 });
    }
  });

  it('forgets a deleted workshop: nothing of it is answered afterwards', async () => {
    await store.votes.cast('w1', 'b1', 'ana', 'n1', limits);
    await store.ownership.setOwner('w1', 'n1', 'ana');
    await store.privateNotes.put('w1', note('p1', 'ana'));
    await store.quotas.tryIncrement('done:w1:0:ana', 1);
    expect((await joinReads(store, 'ana')).done).toBe(1);
    await Promise.all([store.votes.deleteWorkshop('w1'), store.ownership.deleteWorkshop('w1'), store.privateNotes.deleteWorkshop('w1'), store.quotas.deleteWorkshop('w1')]);
    expect(await joinReads(store, 'ana')).toEqual({ votes: {}, owned: [], hidden: [], done: 0 });
  });
});
