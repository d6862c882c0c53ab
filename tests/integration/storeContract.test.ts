import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { rollUpClaimKey } from '../../server/breakouts/bringEveryoneBack.ts';
import { ClassicLevel } from 'classic-level';
import { createClient, RESP_TYPES } from 'redis';
import * as Y from 'yjs';
import type { PrivateNote } from '../../shared/protocol/workshopTypes.ts';
import type { DocumentStore } from '../../server/storage/DocumentStore.ts';
import { JoinCodeTakenError } from '../../server/storage/JoinCodeTakenError.ts';
import { LevelStore } from '../../server/storage/LevelDocumentStore.ts';
import type { CompactionEvent } from '../../server/storage/redis/RedisDocumentStore.ts';
import { RedisStore, type RedisStoreOptions } from '../../server/storage/redis/RedisStore.ts';
import type { LinkRecord, SessionRecord, WorkshopRecord } from '../../server/storage/WorkshopStore.ts';
import { startRedis, uniqueKeyPrefix } from '../helpers/redisServer.ts';
import { eraseWorkshopData } from '../../server/workshops/eraseWorkshopData.ts';

const redis = await startRedis();
afterAll(() => redis?.dispose());

type Stores = Pick<LevelStore, 'documents' | 'ownership' | 'workshops' | 'privateNotes' | 'votes' | 'quotas' | 'merges' | 'receipts'>;

interface Opened {
  store: Stores;
  /** The same data through a second connection (Redis); the same instance for LevelDB, which one process owns. */
  peer: Stores;
  /** Closes the store and opens it again over the same data. */
  reopen(): Promise<Stores>;
  /** Every stored key and value, as text, read around the store (LevelDB: closed, read raw, reopened). */
  rawEntries(): Promise<string[]>;
  close(): Promise<void>;
}

interface Implementation {
  name: string;
  available: boolean;
  open(): Promise<Opened>;
}

const implementations: Implementation[] = [
  {
    name: 'LevelStore',
    available: true,
    async open() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'ib-store-'));
      let store = await LevelStore.open(dir);
      return {
        get store() {
          return store;
        },
        get peer() {
          return store;
        },
        async reopen() {
          await store.close();
          store = await LevelStore.open(dir);
          return store;
        },
        async rawEntries() {
          await store.close();
          const raw = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
          const entries: string[] = [];
          for await (const [k, value] of raw.iterator()) entries.push(`${k} = ${Buffer.from(value).toString('latin1')}`);
          await raw.close();
          store = await LevelStore.open(dir);
          return entries;
        },
        async close() {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'RedisStore',
    available: redis !== null,
    async open() {
      const options = { keyPrefix: uniqueKeyPrefix('contract') };
      let store = await RedisStore.connect(redis!.url, options);
      const peer = await RedisStore.connect(redis!.url, options);
      return {
        store,
        peer,
        async reopen() {
          await store.close();
          store = await RedisStore.connect(redis!.url, options);
          return store;
        },
        async rawEntries() {
          const client = createClient({ url: redis!.url }).withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
          await client.connect();
          const entries: string[] = [];
          try {
            for await (const keys of client.scanIterator({ MATCH: `${options.keyPrefix}*`, COUNT: 500 })) {
              for (const k of keys) {
                const name = k.toString();
                const type = String(await client.type(name));
                const values: Buffer[] =
                  type === 'string' ? [(await client.get(name))!]
                  : type === 'hash' ? Object.entries(await client.hGetAll(name)).flatMap(([f, v]) => [Buffer.from(f), v])
                  : type === 'list' ? await client.lRange(name, 0, -1)
                  : type === 'set' ? await client.sMembers(name)
                  : [Buffer.from(`unexpected type ${type}`)];
                entries.push(`${name} = ${values.map((v) => Buffer.from(v).toString('latin1')).join(' | ')}`);
              }
            }
          } finally {
            client.destroy();
          }
          return entries;
        },
        async close() {
          await Promise.all([store.close(), peer.close()]);
        },
      };
    },
  },
];

/** One Yjs update per item pushed to the `items` array of a document of its own. */
function itemUpdates(count: number, label: string): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const items = doc.getArray<string>('items');
  for (let i = 0; i < count; i++) items.push([`${label}-${i}`]);
  doc.destroy();
  return updates;
}

function itemsOf(state: Uint8Array | null): string[] {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  const items = doc.getArray<string>('items').toArray();
  doc.destroy();
  return items;
}

async function appendAll(documents: DocumentStore, docId: string, updates: Uint8Array[], inFlight = 100): Promise<void> {
  for (let i = 0; i < updates.length; i += inFlight) {
    await Promise.all(updates.slice(i, i + inFlight).map((update) => documents.append(docId, update)));
  }
}

const workshop = (id: string, joinCode: string): WorkshopRecord => ({
  id,
  joinCode,
  createdAt: 1_700_000_000_000,
  title: 'Integrity workshop, Quito',
  description: 'Arusha self-assessment',
  dates: '2026-03-02/2026-03-04',
  languages: ['es', 'en'],
  anonymous: true,
  template: 'arusha',
});

const link = (workshopId: string, id: string, secretHash: string, createdAt = 1): LinkRecord => ({
  id,
  workshopId,
  role: 'participant',
  secretHash,
  label: `Link ${id}`,
  createdAt,
  revokedAt: null,
});

const session = (workshopId: string, tokenHash: string, createdAt: number): SessionRecord => ({
  tokenHash,
  workshopId,
  participantId: `participant-${tokenHash}`,
  linkId: 'link-1',
  role: 'participant',
  displayName: 'Ana',
  administration: 'SENAE',
  createdAt,
});

const privateNote = (id: string, ownerId: string, createdAt: number): PrivateNote => ({
  id,
  ownerId,
  boardId: 'board-1',
  row: 'transparency',
  column: 'gaps',
  text: `Hidden ${id}: ñ, ع, 漢字`,
  colour: 'yellow',
  authorName: null,
  authorAdministration: null,
  groupId: null,
  mergedFrom: [],
  mergedInto: null,
  createdAt,
  updatedAt: createdAt,
});

describe.each(implementations)('$name', (implementation) => {
  describe.skipIf(!implementation.available)('keeps the store contract', () => {
    let opened: Opened;
    let store: Stores;
    let peer: Stores;
    beforeEach(async () => {
      opened = await implementation.open();
      ({ store, peer } = opened);
    });
    afterEach(() => opened.close());

    describe('documents', () => {
      test('a document never written loads as null and is not listed', async () => {
        expect(await store.documents.load('nothing')).toBeNull();
        expect(await store.documents.logLength('nothing')).toBe(0);
        expect(await store.documents.list()).toEqual([]);
      });

      test('an appended update comes back byte for byte, every byte value included', async () => {
        const bytes = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256);
        await store.documents.append('binary', bytes);
        const loaded = await store.documents.load('binary');
        expect(loaded).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(loaded!).equals(Buffer.from(bytes))).toBe(true);
        expect(await store.documents.logLength('binary')).toBe(1);
      });

      test('load merges the snapshot with every update appended after it', async () => {
        const updates = itemUpdates(30, 'a');
        await appendAll(store.documents, 'board', updates.slice(0, 20));
        await store.documents.compact('board');
        await appendAll(store.documents, 'board', updates.slice(20));
        expect(await store.documents.logLength('board')).toBe(10);
        expect(itemsOf(await store.documents.load('board'))).toEqual(Array.from({ length: 30 }, (_, i) => `a-${i}`));
      });

      test('compaction folds the log into one snapshot and empties the log', async () => {
        await appendAll(store.documents, 'board', itemUpdates(50, 'a'));
        expect(await store.documents.logLength('board')).toBe(50);
        await store.documents.compact('board');
        expect(await store.documents.logLength('board')).toBe(0);
        expect(itemsOf(await store.documents.load('board'))).toHaveLength(50);
        await store.documents.compact('board');
        expect(itemsOf(await store.documents.load('board'))).toHaveLength(50);
      });

      test('no update is lost when 10,000 are appended from two connections while compaction runs repeatedly', async () => {
        const updates = [itemUpdates(5000, 'a'), itemUpdates(5000, 'b')] as const;
        let appending = true;
        let compactions = 0;
        const compactUntilDone = async (documents: DocumentStore) => {
          while (appending) {
            await documents.compact('busy-board');
            compactions++;
          }
        };
        const compacting = Promise.all([compactUntilDone(store.documents), compactUntilDone(peer.documents)]);
        const started = performance.now();
        await Promise.all([appendAll(store.documents, 'busy-board', updates[0]), appendAll(peer.documents, 'busy-board', updates[1])]);
        appending = false;
        await compacting;
        const appendMs = performance.now() - started;
        const items = itemsOf(await store.documents.load('busy-board'));
        expect(items).toHaveLength(10_000);
        expect(new Set(items).size).toBe(10_000);
        expect(compactions).toBeGreaterThan(2);
        expect(await store.documents.logLength('busy-board')).toBeLessThan(10_000);
        await store.documents.compact('busy-board');
        expect(await store.documents.logLength('busy-board')).toBe(0);
        expect(itemsOf(await peer.documents.load('busy-board'))).toHaveLength(10_000);
        console.info(`${implementation.name}: 10,000 appends with ${compactions} compactions alongside took ${appendMs.toFixed(0)} ms`);
      });

      test('delete forgets a document and list names the stored ones', async () => {
        await store.documents.append('one', itemUpdates(1, 'a')[0]!);
        await store.documents.append('two', itemUpdates(1, 'b')[0]!);
        await store.documents.compact('two');
        expect((await store.documents.list()).sort()).toEqual(['one', 'two']);
        await store.documents.delete('two');
        expect(await store.documents.load('two')).toBeNull();
        expect(await store.documents.logLength('two')).toBe(0);
        expect(await store.documents.list()).toEqual(['one']);
        await store.documents.append('two', itemUpdates(1, 'c')[0]!);
        expect(itemsOf(await store.documents.load('two'))).toEqual(['c-0']);
      });

      test('acknowledged updates are still there after the store is opened again', async () => {
        const later = itemUpdates(6, 'b');
        await appendAll(store.documents, 'kept', itemUpdates(5, 'a'));
        await store.documents.compact('kept');
        await store.documents.append('kept', later[5]!);
        store = await opened.reopen();
        expect(await store.documents.logLength('kept')).toBe(1);
        // Updates may arrive out of order: Yjs holds the early one until what it builds on is there.
        await appendAll(store.documents, 'kept', later.slice(0, 5));
        expect(itemsOf(await store.documents.load('kept'))).toHaveLength(11);
      });
    });

    describe('note ownership', () => {
      test('owners are recorded, read, listed per participant and deleted, per workshop', async () => {
        await store.ownership.setOwner('w1', 'n1', 'ana');
        await store.ownership.setOwner('w1', 'n2', 'ana');
        await store.ownership.setOwner('w1', 'n3', 'luis');
        await store.ownership.setOwner('w2', 'n4', 'ana');
        expect(await peer.ownership.getOwner('w1', 'n1')).toBe('ana');
        expect(await store.ownership.getOwner('w2', 'n1')).toBeNull();
        expect((await store.ownership.notesOwnedBy('w1', 'ana')).sort()).toEqual(['n1', 'n2']);
        await store.ownership.deleteOwner('w1', 'n1');
        expect(await store.ownership.getOwner('w1', 'n1')).toBeNull();
        expect(await store.ownership.notesOwnedBy('w1', 'ana')).toEqual(['n2']);
        expect(await store.ownership.notesOwnedBy('w2', 'ana')).toEqual(['n4']);
      });

      test('a note given to another owner (merged sessions) is listed for the new owner only', async () => {
        await store.ownership.setOwner('w3', 'n1', 'ana');
        await store.ownership.setOwner('w3', 'n2', 'ana');
        expect((await store.ownership.notesOwnedBy('w3', 'ana')).sort()).toEqual(['n1', 'n2']);
        await store.ownership.setOwner('w3', 'n1', 'bea');
        expect(await store.ownership.notesOwnedBy('w3', 'ana')).toEqual(['n2']);
        expect(await store.ownership.notesOwnedBy('w3', 'bea')).toEqual(['n1']);
      });

      test('every owner of a workshop is listed by note id, and nothing of another workshop', async () => {
        await store.ownership.setOwner('w1', 'n3', 'luis');
        await store.ownership.setOwner('w1', 'n1', 'ana');
        await store.ownership.setOwner('w1', 'n2', 'ana');
        await store.ownership.setOwner('w12', 'n9', 'eva');
        expect(await peer.ownership.listOwners('w1')).toEqual([
          ['n1', 'ana'],
          ['n2', 'ana'],
          ['n3', 'luis'],
        ]);
        await store.ownership.deleteOwner('w1', 'n2');
        expect(await store.ownership.listOwners('w1')).toEqual([
          ['n1', 'ana'],
          ['n3', 'luis'],
        ]);
        expect(await store.ownership.listOwners('w2')).toEqual([]);
      });
    });

    describe('workshops', () => {
      test('a workshop is stored with its first links and found by its join code', async () => {
        const links = [link('w1', 'l1', 'hash-1', 1), link('w1', 'l2', 'hash-2', 2)];
        await store.workshops.createWorkshop(workshop('w1', 'ABC123'), links);
        expect(await peer.workshops.getWorkshop('w1')).toEqual(workshop('w1', 'ABC123'));
        expect(await store.workshops.getWorkshop('w2')).toBeNull();
        expect(await store.workshops.workshopIdForJoinCode('ABC123')).toBe('w1');
        expect(await store.workshops.workshopIdForJoinCode('ZZZ999')).toBeNull();
        expect(await store.workshops.listLinks('w1')).toEqual(links);
        expect(await store.workshops.getLink('w1', 'l2')).toEqual(links[1]);
        expect(await store.workshops.getLink('w1', 'l3')).toBeNull();
        await store.workshops.createWorkshop(workshop('w0', 'XYZ789'), []);
        expect(await store.workshops.listWorkshops()).toEqual(['w0', 'w1']);
      });

      test('a personal link is found by its workshop and secret hash only, by every node', async () => {
        const now = Date.now();
        const record = { secretHash: 'device-hash-1', workshopId: 'w1', tokenHash: 'token-hash-1', createdAt: now, expiresAt: now + 600_000 };
        await store.workshops.putDeviceLink(record);
        expect(await peer.workshops.getDeviceLink('w1', 'device-hash-1')).toEqual(record);
        expect(await store.workshops.getDeviceLink('w2', 'device-hash-1')).toBeNull();
        expect(await store.workshops.getDeviceLink('w1', 'device-hash-2')).toBeNull();
      });

      test('a join code held by another workshop is refused', async () => {
        await store.workshops.createWorkshop(workshop('w1', 'ABC123'), []);
        await expect(peer.workshops.createWorkshop(workshop('w2', 'ABC123'), [])).rejects.toBeInstanceOf(JoinCodeTakenError);
        expect(await store.workshops.getWorkshop('w2')).toBeNull();
        await store.workshops.createWorkshop(workshop('w2', 'DEF456'), []);
        await expect(store.workshops.updateWorkshop(workshop('w2', 'ABC123'))).rejects.toBeInstanceOf(JoinCodeTakenError);
        expect(await store.workshops.workshopIdForJoinCode('ABC123')).toBe('w1');
      });

      test('updating a workshop keeps its record and moves its join code', async () => {
        await store.workshops.createWorkshop(workshop('w1', 'ABC123'), []);
        const renamed = { ...workshop('w1', 'NEW000'), title: 'Renamed' };
        await store.workshops.updateWorkshop(renamed);
        expect(await store.workshops.getWorkshop('w1')).toEqual(renamed);
        expect(await store.workshops.workshopIdForJoinCode('NEW000')).toBe('w1');
        expect(await store.workshops.workshopIdForJoinCode('ABC123')).toBeNull();
        await store.workshops.updateWorkshop({ ...renamed, title: 'Same code' });
        expect(await store.workshops.workshopIdForJoinCode('NEW000')).toBe('w1');
      });

      test('a link is found by the hash of its secret until that secret is rotated or forgotten', async () => {
        await store.workshops.createWorkshop(workshop('w1', 'ABC123'), [link('w1', 'l1', 'old-hash')]);
        expect(await peer.workshops.findLinkBySecretHash('old-hash')).toEqual(link('w1', 'l1', 'old-hash'));
        expect(await store.workshops.findLinkBySecretHash('unknown')).toBeNull();
        const rotated = link('w1', 'l1', 'new-hash');
        await store.workshops.putLink(rotated);
        expect(await store.workshops.findLinkBySecretHash('new-hash')).toEqual(rotated);
        expect(await store.workshops.findLinkBySecretHash('old-hash')).toBeNull();
        await store.workshops.forgetSecretHash('old-hash');
        await store.workshops.putLink({ ...rotated, revokedAt: 5 });
        expect(await store.workshops.findLinkBySecretHash('new-hash')).toMatchObject({ id: 'l1', revokedAt: 5 });
        await store.workshops.forgetSecretHash('new-hash');
        expect(await store.workshops.findLinkBySecretHash('new-hash')).toBeNull();
        expect(await store.workshops.listLinks('w1')).toEqual([{ ...rotated, revokedAt: 5 }]);
      });

      test('sessions are found by the hash of their token and listed per workshop, oldest first', async () => {
        await store.workshops.putSession(session('w1', 'token-b', 2));
        await store.workshops.putSession(session('w1', 'token-a', 1));
        await store.workshops.putSession(session('w2', 'token-c', 3));
        expect(await peer.workshops.findSessionByTokenHash('token-b')).toEqual(session('w1', 'token-b', 2));
        expect(await store.workshops.findSessionByTokenHash('token-x')).toBeNull();
        expect(await store.workshops.listSessions('w1')).toEqual([session('w1', 'token-a', 1), session('w1', 'token-b', 2)]);
        expect(await store.workshops.listSessions('w3')).toEqual([]);
        const renamed = { ...session('w1', 'token-a', 1), displayName: 'Ana María' };
        await store.workshops.putSession(renamed);
        expect(await store.workshops.findSessionByTokenHash('token-a')).toEqual(renamed);
        expect(await store.workshops.listSessions('w1')).toHaveLength(2);
      });

      test('deleting a workshop forgets its record, join code, links, secrets and sessions, and nothing of another', async () => {
        await store.workshops.createWorkshop(workshop('w1', 'ABC123'), [link('w1', 'l1', 'hash-1'), link('w1', 'l2', 'hash-2', 2)]);
        await store.workshops.createWorkshop(workshop('w2', 'DEF456'), [link('w2', 'l1', 'hash-3')]);
        await store.workshops.putSession(session('w1', 'token-a', 1));
        await store.workshops.putSession(session('w2', 'token-b', 2));
        await store.workshops.deleteWorkshop('w1');
        expect(await peer.workshops.getWorkshop('w1')).toBeNull();
        expect(await store.workshops.listWorkshops()).toEqual(['w2']);
        expect(await store.workshops.workshopIdForJoinCode('ABC123')).toBeNull();
        expect(await store.workshops.listLinks('w1')).toEqual([]);
        expect(await store.workshops.findLinkBySecretHash('hash-1')).toBeNull();
        expect(await store.workshops.findSessionByTokenHash('token-a')).toBeNull();
        expect(await store.workshops.listSessions('w1')).toEqual([]);
        expect(await store.workshops.findLinkBySecretHash('hash-3')).toEqual(link('w2', 'l1', 'hash-3'));
        expect(await store.workshops.findSessionByTokenHash('token-b')).toEqual(session('w2', 'token-b', 2));
        await store.workshops.createWorkshop(workshop('w1', 'ABC123'), []);
        expect(await store.workshops.workshopIdForJoinCode('ABC123')).toBe('w1');
        await store.workshops.deleteWorkshop('never-created');
      });

      test('deleting a workshop leaves its old join code alone once another workshop holds it', async () => {
        await store.workshops.createWorkshop(workshop('w1', 'ABC123'), []);
        await store.workshops.updateWorkshop(workshop('w1', 'NEW000'));
        await store.workshops.createWorkshop(workshop('w2', 'ABC123'), []);
        await store.workshops.deleteWorkshop('w1');
        expect(await store.workshops.workshopIdForJoinCode('ABC123')).toBe('w2');
        expect(await store.workshops.workshopIdForJoinCode('NEW000')).toBeNull();
      });
    });

    describe('deleting a workshop', () => {
      /** Everything one workshop can leave in the stores, every id and text carrying `tag`. */
      async function fill(target: Stores, tag: string, joinCode: string): Promise<void> {
        const id = `${tag}-workshop`;
        await target.workshops.createWorkshop(workshop(id, joinCode), [link(id, `${tag}-link`, `${tag}-secret-hash`)]);
        await target.workshops.putSession(session(id, `${tag}-token-hash`, 1));
        await target.documents.append(id, itemUpdates(1, `${tag}-text`)[0]!);
        await target.documents.compact(id);
        await target.documents.append(id, itemUpdates(2, `${tag}-later`)[1]!);
        await target.ownership.setOwner(id, `${tag}-note`, `${tag}-person`);
        await target.privateNotes.put(id, privateNote(`${tag}-hidden`, `${tag}-person`, 1));
        await target.votes.cast(id, `${tag}-board`, `${tag}-person`, `${tag}-note`, { budget: 3, maxPerNote: 2 });
        await target.votes.cast(id, `${tag}-board-2`, `${tag}-person`, `${tag}-note`, { budget: 3, maxPerNote: 2 });
        await target.quotas.tryIncrement(`notes:${id}:${tag}-board:${tag}-person`, 5);
        await target.quotas.tryIncrement(`done:${id}:1:${tag}-person`, 1);
        await target.quotas.tryIncrement(`lockAtZero:${id}:123`, 1, 60_000);
        await target.workshops.touchSession(`${tag}-token-hash`, 2);
        await target.workshops.putDeviceLink({ secretHash: `${tag}-device-hash`, workshopId: id, tokenHash: `${tag}-token-hash`, createdAt: Date.now(), expiresAt: Date.now() + 600_000 });
        await target.quotas.tryIncrement(`devicelink:${id}:${tag}-device-hash`, 1, 600_000);
        await target.merges.put(id, {
          noteId: `${tag}-merged-note`,
          targetId: `${tag}-note`,
          boardId: `${tag}-board`,
          row: 'hrm',
          column: 'gaps',
          groupId: null,
          votes: [{ participantId: `${tag}-person`, moved: 1, refunded: 0 }],
          mergedAt: 3,
        });
      }

      test('leaves no key and no value of the workshop in the store, and everything of another', async () => {
        await fill(store, 'gone', 'GONE23');
        await fill(store, 'kept', 'KEPT23');
        expect((await opened.rawEntries()).filter((entry) => entry.includes('gone-')).length).toBeGreaterThan(8);

        await eraseWorkshopData(opened.store, null, 'gone-workshop');
        const after = await opened.rawEntries();
        expect(after.filter((entry) => entry.includes('gone-'))).toEqual([]);
        expect(after.filter((entry) => entry.includes('kept-')).length).toBeGreaterThan(8);

        const now = opened.store;
        expect(await now.workshops.getWorkshop('gone-workshop')).toBeNull();
        expect(await now.workshops.workshopIdForJoinCode('GONE23')).toBeNull();
        expect(await now.workshops.findSessionByTokenHash('gone-token-hash')).toBeNull();
        expect(await now.documents.load('gone-workshop')).toBeNull();
        expect(await now.documents.list()).toEqual(['kept-workshop']);
        expect(await now.votes.totals('kept-workshop', 'kept-board')).toEqual({ 'kept-note': 1 });
        expect(await now.privateNotes.listAll('kept-workshop')).toHaveLength(1);
        expect(await now.ownership.listOwners('kept-workshop')).toEqual([['kept-note', 'kept-person']]);
      });

      test('counters with a window (rate limits, once-only keys) of the workshop are forgotten too, another\'s kept', async () => {
        await fill(store, 'gone', 'GONE23');
        await fill(store, 'kept', 'KEPT23');
        expect(await store.quotas.get('lockAtZero:gone-workshop:123')).toBe(1);
        await eraseWorkshopData(store, null, 'gone-workshop');
        expect(await store.quotas.get('lockAtZero:gone-workshop:123')).toBe(0);
        expect(await store.quotas.get('notes:gone-workshop:gone-board:gone-person')).toBe(0);
        expect(await store.quotas.get('lockAtZero:kept-workshop:123')).toBe(1);
        expect(await store.quotas.get('done:kept-workshop:1:kept-person')).toBe(1);
      });

      test('deleting a workshop that was never stored, or twice, changes nothing else', async () => {
        await fill(store, 'kept', 'KEPT23');
        const before = (await opened.rawEntries()).sort();
        await eraseWorkshopData(opened.store, null, 'never-stored');
        await eraseWorkshopData(opened.store, null, 'never-stored');
        expect((await opened.rawEntries()).sort()).toEqual(before);
      });
    });

    describe('private notes', () => {
      test('private notes are stored, replaced, listed per workshop and deleted', async () => {
        await store.privateNotes.put('w1', privateNote('n2', 'ana', 2));
        await store.privateNotes.put('w1', privateNote('n1', 'luis', 1));
        await store.privateNotes.put('w2', privateNote('n3', 'ana', 3));
        expect(await peer.privateNotes.get('w1', 'n2')).toEqual(privateNote('n2', 'ana', 2));
        expect(await store.privateNotes.get('w2', 'n2')).toBeNull();
        expect(await store.privateNotes.listAll('w1')).toEqual([privateNote('n1', 'luis', 1), privateNote('n2', 'ana', 2)]);
        const edited = { ...privateNote('n2', 'ana', 2), text: 'Edited' };
        await store.privateNotes.put('w1', edited);
        expect(await store.privateNotes.get('w1', 'n2')).toEqual(edited);
        await store.privateNotes.delete('w1', 'n1');
        expect(await store.privateNotes.listAll('w1')).toEqual([edited]);
        expect(await store.privateNotes.listAll('w3')).toEqual([]);
      });
    });

    describe('votes', () => {
      const limits = { budget: 5, maxPerNote: 2 };

      test('a cast vote counts for its voter and in the totals of its board only', async () => {
        expect(await store.votes.cast('w1', 'b1', 'ana', 'n1', limits)).toBe('ok');
        expect(await store.votes.cast('w1', 'b1', 'ana', 'n1', limits)).toBe('ok');
        expect(await store.votes.cast('w1', 'b1', 'luis', 'n1', limits)).toBe('ok');
        expect(await store.votes.cast('w1', 'b1', 'luis', 'n2', limits)).toBe('ok');
        expect(await store.votes.cast('w1', 'b2', 'ana', 'n9', limits)).toBe('ok');
        expect(await peer.votes.votesOf('w1', 'b1', 'ana')).toEqual({ n1: 2 });
        expect(await store.votes.votesOf('w1', 'b1', 'luis')).toEqual({ n1: 1, n2: 1 });
        expect(await store.votes.votesOf('w1', 'b1', 'nobody')).toEqual({});
        expect(await store.votes.totals('w1', 'b1')).toEqual({ n1: 3, n2: 1 });
        expect(await store.votes.totals('w1', 'b2')).toEqual({ n9: 1 });
        expect(await store.votes.totals('w2', 'b1')).toEqual({});
      });

      test('a vote past the budget or past the per-note maximum is refused by name', async () => {
        expect(await store.votes.cast('w1', 'b1', 'ana', 'n1', limits)).toBe('ok');
        expect(await store.votes.cast('w1', 'b1', 'ana', 'n1', limits)).toBe('ok');
        expect(await store.votes.cast('w1', 'b1', 'ana', 'n1', limits)).toBe('VOTE_NOTE_MAX_REACHED');
        for (const note of ['n2', 'n3', 'n4']) expect(await store.votes.cast('w1', 'b1', 'ana', note, limits)).toBe('ok');
        expect(await store.votes.cast('w1', 'b1', 'ana', 'n5', limits)).toBe('VOTE_BUDGET_EXCEEDED');
        expect(await store.votes.cast('w1', 'b2', 'ana', 'n5', limits)).toBe('ok');
        expect(await store.votes.votesOf('w1', 'b1', 'ana')).toEqual({ n1: 2, n2: 1, n3: 1, n4: 1 });
      });

      test('20 concurrent casts from two connections never spend more than the budget', async () => {
        const notes = ['n1', 'n2', 'n3'];
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? peer : store).votes.cast('w1', 'b1', 'ana', notes[i % 3]!, limits)),
        );
        expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(5);
        const mine = await store.votes.votesOf('w1', 'b1', 'ana');
        expect(Object.values(mine).reduce((sum, n) => sum + n, 0)).toBe(5);
        for (const count of Object.values(mine)) expect(count).toBeLessThanOrEqual(2);
        expect(await store.votes.totals('w1', 'b1')).toEqual(mine);
      });

      test('20 concurrent casts on one note never pass the per-note maximum', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? peer : store).votes.cast('w1', 'b1', 'ana', 'n1', { budget: 10, maxPerNote: 3 })),
        );
        expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(3);
        expect(outcomes.filter((outcome) => outcome === 'VOTE_NOTE_MAX_REACHED')).toHaveLength(17);
        expect(await store.votes.votesOf('w1', 'b1', 'ana')).toEqual({ n1: 3 });
      });

      test('retracting gives a vote back and tells whether there was one', async () => {
        await store.votes.cast('w1', 'b1', 'ana', 'n1', limits);
        await store.votes.cast('w1', 'b1', 'ana', 'n1', limits);
        await store.votes.cast('w1', 'b1', 'luis', 'n1', limits);
        expect(await store.votes.retract('w1', 'b1', 'ana', 'n1')).toBe(true);
        expect(await store.votes.votesOf('w1', 'b1', 'ana')).toEqual({ n1: 1 });
        expect(await store.votes.retract('w1', 'b1', 'ana', 'n1')).toBe(true);
        expect(await store.votes.retract('w1', 'b1', 'ana', 'n1')).toBe(false);
        expect(await store.votes.retract('w1', 'b1', 'ana', 'n2')).toBe(false);
        expect(await store.votes.votesOf('w1', 'b1', 'ana')).toEqual({});
        expect(await store.votes.totals('w1', 'b1')).toEqual({ n1: 1 });
        for (let i = 0; i < 5; i++) expect(await store.votes.cast('w1', 'b1', 'ana', `m${i}`, limits)).toBe('ok');
      });

      test('moving votes merges them within each voter’s per-note maximum and returns the excess to the budget', async () => {
        await store.votes.cast('w1', 'b1', 'ana', 'from', limits);
        await store.votes.cast('w1', 'b1', 'ana', 'from', limits);
        await store.votes.cast('w1', 'b1', 'ana', 'to', limits);
        await store.votes.cast('w1', 'b1', 'luis', 'from', limits);
        await store.votes.cast('w1', 'b1', 'eva', 'to', limits);
        await store.votes.cast('w1', 'b1', 'eva', 'other', limits);
        const moves = await store.votes.moveVotes('w1', 'b1', 'from', 'to', 2);
        expect(moves.sort((a, b) => a.participantId.localeCompare(b.participantId))).toEqual([
          { participantId: 'ana', moved: 1, refunded: 1 },
          { participantId: 'luis', moved: 1, refunded: 0 },
        ]);
        expect(await store.votes.votesOf('w1', 'b1', 'ana')).toEqual({ to: 2 });
        expect(await store.votes.votesOf('w1', 'b1', 'luis')).toEqual({ to: 1 });
        expect(await store.votes.votesOf('w1', 'b1', 'eva')).toEqual({ to: 1, other: 1 });
        expect(await store.votes.totals('w1', 'b1')).toEqual({ to: 4, other: 1 });
        for (let i = 0; i < 3; i++) expect(await store.votes.cast('w1', 'b1', 'ana', `m${i}`, limits)).toBe('ok');
        expect(await store.votes.cast('w1', 'b1', 'ana', 'm9', limits)).toBe('VOTE_BUDGET_EXCEEDED');
      });

      test('restoring moved votes brings back what moved and re-casts refunded votes only within the budget', async () => {
        // ana: 2 on `from`, 1 on `to`; the merge keeps 2 on `to` and refunds 1.
        for (const note of ['from', 'from', 'to']) await store.votes.cast('w1', 'b1', 'ana', note, limits);
        await store.votes.cast('w1', 'b1', 'luis', 'from', limits);
        const moves = await store.votes.moveVotes('w1', 'b1', 'from', 'to', 2);
        const ana = moves.find((m) => m.participantId === 'ana')!;
        const luis = moves.find((m) => m.participantId === 'luis')!;
        // luis spends his whole budget meanwhile: nothing refunded could come back, but he had none refunded.
        // ana spends her refunded vote and the rest of her budget elsewhere: only the moved vote comes back.
        for (const note of ['x1', 'x2', 'x3']) expect(await store.votes.cast('w1', 'b1', 'ana', note, limits)).toBe('ok');
        const restored = await peer.votes.restoreVotes('w1', 'b1', 'to', 'from', [ana, luis], limits);
        expect(restored).toEqual([
          { participantId: 'ana', moved: 1, refunded: 0 },
          { participantId: 'luis', moved: 1, refunded: 0 },
        ]);
        expect(await store.votes.votesOf('w1', 'b1', 'ana')).toEqual({ from: 1, to: 1, x1: 1, x2: 1, x3: 1 });
        expect(await store.votes.votesOf('w1', 'b1', 'luis')).toEqual({ from: 1 });
        expect(await store.votes.totals('w1', 'b1')).toEqual({ from: 2, to: 1, x1: 1, x2: 1, x3: 1 });
        expect(await store.votes.cast('w1', 'b1', 'ana', 'x4', limits)).toBe('VOTE_BUDGET_EXCEEDED');
      });

      test('restoring re-casts a refunded vote while the voter still has budget, and never takes more than is left on the top', async () => {
        for (const note of ['from', 'from', 'to']) await store.votes.cast('w1', 'b1', 'ana', note, limits);
        const [ana] = await store.votes.moveVotes('w1', 'b1', 'from', 'to', 2);
        expect(await store.votes.retract('w1', 'b1', 'ana', 'to')).toBe(true);
        expect(await store.votes.retract('w1', 'b1', 'ana', 'to')).toBe(true);
        const restored = await store.votes.restoreVotes('w1', 'b1', 'to', 'from', [ana!], limits);
        expect(restored).toEqual([{ participantId: 'ana', moved: 0, refunded: 1 }]);
        expect(await store.votes.votesOf('w1', 'b1', 'ana')).toEqual({ from: 1 });
        expect(await store.votes.totals('w1', 'b1')).toEqual({ from: 1 });
      });

      test('dropping a note removes its votes and gives them back to their voters’ budgets', async () => {
        for (const note of ['gone', 'gone', 'a', 'b', 'c']) await store.votes.cast('w1', 'b1', 'ana', note, limits);
        await store.votes.cast('w1', 'b1', 'luis', 'gone', limits);
        await store.votes.dropNote('w1', 'b1', 'gone');
        expect(await store.votes.votesOf('w1', 'b1', 'ana')).toEqual({ a: 1, b: 1, c: 1 });
        expect(await store.votes.votesOf('w1', 'b1', 'luis')).toEqual({});
        expect(await store.votes.totals('w1', 'b1')).toEqual({ a: 1, b: 1, c: 1 });
        expect(await store.votes.cast('w1', 'b1', 'ana', 'd', limits)).toBe('ok');
        expect(await store.votes.cast('w1', 'b1', 'ana', 'e', limits)).toBe('ok');
        expect(await store.votes.cast('w1', 'b1', 'ana', 'f', limits)).toBe('VOTE_BUDGET_EXCEEDED');
      });
    });

    describe('merge records', () => {
      test('a merge record is kept per workshop and note until deleted, across reconnection', async () => {
        const record = {
          noteId: 'n2',
          targetId: 'n1',
          boardId: 'b1',
          row: 'hrm',
          column: 'gaps',
          groupId: null,
          votes: [{ participantId: 'ana', moved: 1, refunded: 1 }],
          mergedAt: 1_700_000_000_000,
        };
        await store.merges.put('w1', record);
        await store.merges.put('w2', { ...record, row: 'other' });
        expect(await peer.merges.get('w1', 'n2')).toEqual(record);
        expect(await store.merges.get('w1', 'n1')).toBeNull();
        const reopened = await opened.reopen();
        expect(await reopened.merges.get('w1', 'n2')).toEqual(record);
        await reopened.merges.delete('w1', 'n2');
        expect(await reopened.merges.get('w1', 'n2')).toBeNull();
        expect((await reopened.merges.get('w2', 'n2'))?.row).toBe('other');
      });
    });

    describe('vote export and import', () => {
      const limits = { budget: 3, maxPerNote: 2 };

      test('a board’s votes are exported by voter and note, and imported elsewhere with totals and spent budgets', async () => {
        await store.votes.cast('w1', 'b1', 'luis', 'n2', limits);
        await store.votes.cast('w1', 'b1', 'ana', 'n1', limits);
        await store.votes.cast('w1', 'b1', 'ana', 'n1', limits);
        await store.votes.cast('w1', 'b1', 'ana', 'n2', limits);
        await store.votes.cast('w1', 'b2', 'eva', 'n9', limits);
        const exported = await peer.votes.exportBoard('w1', 'b1');
        expect(exported).toEqual([
          { participantId: 'ana', noteId: 'n1', count: 2 },
          { participantId: 'ana', noteId: 'n2', count: 1 },
          { participantId: 'luis', noteId: 'n2', count: 1 },
        ]);
        expect(await store.votes.exportBoard('w1', 'b3')).toEqual([]);

        await store.votes.importBoard('w2', 'b1', exported);
        expect(await peer.votes.exportBoard('w2', 'b1')).toEqual(exported);
        expect(await store.votes.totals('w2', 'b1')).toEqual({ n1: 2, n2: 2 });
        expect(await store.votes.votesOf('w2', 'b1', 'ana')).toEqual({ n1: 2, n2: 1 });
        expect(await store.votes.cast('w2', 'b1', 'ana', 'n3', limits)).toBe('VOTE_BUDGET_EXCEEDED');
        expect(await store.votes.cast('w2', 'b1', 'luis', 'n2', limits)).toBe('ok');
        expect(await store.votes.cast('w2', 'b1', 'luis', 'n2', limits)).toBe('VOTE_NOTE_MAX_REACHED');
        expect(await store.votes.retract('w2', 'b1', 'ana', 'n1')).toBe(true);
        expect(await store.votes.totals('w2', 'b1')).toEqual({ n1: 1, n2: 3 });
      });

      test('an import replaces every vote the board held, and an empty one clears it', async () => {
        await store.votes.cast('w1', 'b1', 'ana', 'old', limits);
        await store.votes.cast('w1', 'b2', 'ana', 'kept', limits);
        await store.votes.importBoard('w1', 'b1', [{ participantId: 'luis', noteId: 'new', count: 2 }]);
        expect(await store.votes.exportBoard('w1', 'b1')).toEqual([{ participantId: 'luis', noteId: 'new', count: 2 }]);
        expect(await store.votes.votesOf('w1', 'b1', 'ana')).toEqual({});
        expect(await store.votes.totals('w1', 'b1')).toEqual({ new: 2 });
        for (let i = 0; i < 3; i++) expect(await store.votes.cast('w1', 'b1', 'ana', `m${i}`, limits)).toBe('ok');
        await store.votes.importBoard('w1', 'b1', []);
        expect(await store.votes.exportBoard('w1', 'b1')).toEqual([]);
        expect(await store.votes.totals('w1', 'b1')).toEqual({});
        expect(await store.votes.totals('w1', 'b2')).toEqual({ kept: 1 });
      });
    });

    describe('quotas', () => {
      test('a counter stops at its limit, also under concurrent increments from two connections', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? peer : store).quotas.tryIncrement('notes:ana', 7)));
        expect(results.filter(Boolean)).toHaveLength(7);
        expect(await store.quotas.get('notes:ana')).toBe(7);
        expect(await store.quotas.get('notes:luis')).toBe(0);
      });

      test('the breakout roll-up claim: one of many concurrent claims from two connections wins; released, it can be taken again', async () => {
        const key = rollUpClaimKey('w1', 1);
        const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? peer : store).quotas.tryIncrement(key, 1, 60_000)));
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await store.quotas.tryIncrement(rollUpClaimKey('w1', 2), 1, 60_000)).toBe(true);
        await store.quotas.decrement(key);
        expect(await peer.quotas.tryIncrement(key, 1, 60_000)).toBe(true);
        await store.quotas.deleteWorkshop('w1');
        expect(await store.quotas.get(key)).toBe(0);
      });

      test('decrement lowers a counter, never below zero, and frees room under the limit', async () => {
        expect(await store.quotas.tryIncrement('q', 2)).toBe(true);
        expect(await store.quotas.tryIncrement('q', 2)).toBe(true);
        expect(await store.quotas.tryIncrement('q', 2)).toBe(false);
        await store.quotas.decrement('q');
        expect(await store.quotas.get('q')).toBe(1);
        expect(await store.quotas.tryIncrement('q', 2)).toBe(true);
        await store.quotas.decrement('q');
        await store.quotas.decrement('q');
        await store.quotas.decrement('q');
        expect(await store.quotas.get('q')).toBe(0);
        expect(await store.quotas.tryIncrement('q', 1)).toBe(true);
      });

      test('a windowed counter refuses past its limit and starts again once its window has passed', async () => {
        const windowMs = 300;
        const results = await Promise.all(Array.from({ length: 10 }, () => store.quotas.tryIncrement('tries:10.0.0.1', 3, windowMs)));
        expect(results.filter(Boolean)).toHaveLength(3);
        expect(await store.quotas.get('tries:10.0.0.1')).toBe(3);
        await expect.poll(() => store.quotas.get('tries:10.0.0.1'), { timeout: 5_000, interval: 50 }).toBe(0);
        expect(await store.quotas.tryIncrement('tries:10.0.0.1', 3, windowMs)).toBe(true);
        expect(await store.quotas.get('tries:10.0.0.1')).toBe(1);
      });

      test('a counter without a window is still there after the store is opened again', async () => {
        await store.quotas.tryIncrement('notes:ana', 10);
        await store.quotas.tryIncrement('notes:ana', 10);
        store = await opened.reopen();
        expect(await store.quotas.get('notes:ana')).toBe(2);
      });
    });
  });
});

describe.skipIf(!redis)('RedisStore across nodes and outages', () => {
  const opened: RedisStore[] = [];
  const connect = async (keyPrefix: string, options: RedisStoreOptions = {}) => {
    const store = await RedisStore.connect(redis!.url, { keyPrefix, ...options });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  /** A promise to resolve from outside, so a test can hold a compaction open exactly as long as it needs. */
  function gate() {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  }

  test('only one compaction of a document runs at a time across two nodes', async () => {
    const prefix = uniqueKeyPrefix('lock');
    const held = gate();
    const entered = gate();
    const eventsA: CompactionEvent[] = [];
    const eventsB: CompactionEvent[] = [];
    const nodeA = await connect(prefix, {
      compaction: {
        onCompaction: (event) => eventsA.push(event),
        whileCompacting: async () => {
          entered.open();
          await held.opened;
        },
      },
    });
    const nodeB = await connect(prefix, { compaction: { onCompaction: (event) => eventsB.push(event) } });
    const updates = itemUpdates(5, 'a');
    await appendAll(nodeA.documents, 'doc', updates.slice(0, 3));

    const first = nodeA.documents.compact('doc');
    await entered.opened;
    await nodeB.documents.compact('doc');
    expect(eventsB.map((event) => event.outcome)).toEqual(['busy']);
    await appendAll(nodeB.documents, 'doc', updates.slice(3));
    held.open();
    await first;

    expect(eventsA).toMatchObject([{ outcome: 'compacted', folded: 3 }]);
    expect(await nodeB.documents.logLength('doc')).toBe(2);
    expect(itemsOf(await nodeB.documents.load('doc'))).toHaveLength(5);
  });

  test('compactions started together on two nodes never overlap, however often they race', async () => {
    const prefix = uniqueKeyPrefix('race');
    let inside = 0;
    let mostInside = 0;
    const outcomes: CompactionEvent['outcome'][] = [];
    const compaction = {
      onCompaction: (event: CompactionEvent) => outcomes.push(event.outcome),
      whileCompacting: async () => {
        mostInside = Math.max(mostInside, ++inside);
        await new Promise((resolve) => setImmediate(resolve));
        inside--;
      },
    };
    const nodes = [await connect(prefix, { compaction }), await connect(prefix, { compaction })] as const;
    const updates = itemUpdates(200, 'a');
    for (let round = 0; round < 50; round++) {
      await appendAll(nodes[round % 2]!.documents, 'doc', updates.slice(round * 4, round * 4 + 4));
      await Promise.all([nodes[0].documents.compact('doc'), nodes[1].documents.compact('doc')]);
    }
    expect(mostInside).toBe(1);
    expect(outcomes.filter((outcome) => outcome === 'busy').length).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => outcome === 'compacted').length).toBeGreaterThan(0);
    expect(itemsOf(await nodes[0].documents.load('doc'))).toHaveLength(200);
  });

  test('a compaction whose lock expired writes nothing, so updates folded and appended meanwhile survive', async () => {
    const prefix = uniqueKeyPrefix('expired');
    const held = gate();
    const entered = gate();
    const eventsA: CompactionEvent[] = [];
    const eventsB: CompactionEvent[] = [];
    const slow = await connect(prefix, {
      compaction: {
        lockMs: 200,
        onCompaction: (event) => eventsA.push(event),
        whileCompacting: async () => {
          entered.open();
          await held.opened;
        },
      },
    });
    const other = await connect(prefix, { compaction: { onCompaction: (event) => eventsB.push(event) } });
    const updates = itemUpdates(6, 'a');
    await appendAll(slow.documents, 'doc', updates.slice(0, 3));
    const first = slow.documents.compact('doc');
    await entered.opened;
    await appendAll(other.documents, 'doc', updates.slice(3, 5));
    // The lock's expiry is a timer inside Redis, with no event to await: ask until the lock is free.
    await expect
      .poll(
        async () => {
          await other.documents.compact('doc');
          return eventsB.at(-1)?.outcome;
        },
        { timeout: 5_000, interval: 25 },
      )
      .toBe('compacted');
    await other.documents.append('doc', updates[5]!);
    held.open();
    await first;
    expect(eventsA).toMatchObject([{ outcome: 'lost-lock', folded: 0 }]);
    expect(await other.documents.logLength('doc')).toBe(1);
    expect(itemsOf(await other.documents.load('doc'))).toHaveLength(6);
  });

  test('a document deleted while it is being compacted stays deleted', async () => {
    const prefix = uniqueKeyPrefix('deleted');
    const held = gate();
    const entered = gate();
    const events: CompactionEvent[] = [];
    const node = await connect(prefix, {
      compaction: {
        onCompaction: (event) => events.push(event),
        whileCompacting: async () => {
          entered.open();
          await held.opened;
        },
      },
    });
    await appendAll(node.documents, 'doc', itemUpdates(3, 'a'));
    const compaction = node.documents.compact('doc');
    await entered.opened;
    await node.documents.delete('doc');
    held.open();
    await compaction;
    expect(events).toMatchObject([{ outcome: 'lost-lock' }]);
    expect(await node.documents.load('doc')).toBeNull();
  });

  test('connecting to an address where nothing listens rejects instead of waiting forever', async () => {
    const started = performance.now();
    await expect(RedisStore.connect('redis://127.0.0.1:1', { connectTimeoutMs: 500 })).rejects.toThrow(/could not connect to Redis/);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  test.skipIf(!redis?.controllable)('operations reject while Redis is down and work again once the client has reconnected', async () => {
    const store = await connect(uniqueKeyPrefix('outage'));
    const healthChanges: boolean[] = [];
    store.onHealthChange((healthy) => healthChanges.push(healthy));
    await store.documents.append('doc', itemUpdates(1, 'a')[0]!);
    await store.votes.cast('w1', 'b1', 'ana', 'n1', { budget: 5, maxPerNote: 2 });
    expect(store.isHealthy()).toBe(true);

    await redis!.stop();
    await store.whenHealthy(false);
    expect(store.isHealthy()).toBe(false);
    const started = performance.now();
    await expect(store.documents.append('doc', itemUpdates(2, 'b')[1]!)).rejects.toThrow(Error);
    await expect(store.documents.load('doc')).rejects.toThrow(Error);
    await expect(store.votes.cast('w1', 'b1', 'ana', 'n1', { budget: 5, maxPerNote: 2 })).rejects.toThrow(Error);
    await expect(store.quotas.tryIncrement('q', 3)).rejects.toThrow(Error);
    await expect(store.workshops.putSession(session('w1', 'token', 1))).rejects.toThrow(Error);
    expect(performance.now() - started).toBeLessThan(1_000);

    await redis!.restart();
    await store.whenHealthy();
    expect(healthChanges).toEqual([false, true]);
    expect(itemsOf(await store.documents.load('doc'))).toEqual(['a-0']);
    expect(await store.votes.votesOf('w1', 'b1', 'ana')).toEqual({ n1: 1 });

    await redis!.kill();
    await store.whenHealthy(false);
    await expect(store.documents.append('doc', itemUpdates(2, 'b')[1]!)).rejects.toThrow(Error);
    await redis!.restart();
    await store.whenHealthy();
    await store.documents.append('doc', itemUpdates(2, 'c')[1]!);
  });

  test.skipIf(!redis?.controllable)('an operation on a Redis that stopped answering rejects after the command timeout, and the store recovers', async () => {
    const store = await connect(uniqueKeyPrefix('hung'), { commandTimeoutMs: 300 });
    await store.quotas.tryIncrement('q', 10);
    redis!.pause();
    try {
      const started = performance.now();
      await expect(store.quotas.tryIncrement('q', 10)).rejects.toThrow(/did not answer within 300 ms/);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(store.isHealthy()).toBe(false);
      await expect(store.documents.load('doc')).rejects.toThrow(/not connected/);
    } finally {
      redis!.resume();
    }
    await store.whenHealthy();
    expect(await store.quotas.tryIncrement('q', 10)).toBe(true);
    expect(await store.quotas.get('q')).toBeGreaterThanOrEqual(2);
  });
});
