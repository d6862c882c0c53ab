import type { DeviceLinkRecord, LinkRecord, SessionRecord, WorkshopRecord, WorkshopStore } from '../WorkshopStore.ts';
import { JoinCodeTakenError } from '../JoinCodeTakenError.ts';
import { oldestFirst } from '../recordOrder.ts';
import { KeyedMutex } from './KeyedMutex.ts';
import { type Db, SYNC, decodeJson, decodeText, encodeJson, encodeText, getJson, key, listJson, range } from './levelDb.ts';

// w\0<workshopId>              WorkshopRecord
// j\0<joinCode>                workshop id (UTF-8)
// l\0<workshopId>\0<linkId>    LinkRecord
// h\0<secretHash>              { workshopId, linkId }
// t\0<tokenHash>               SessionRecord
// T\0<workshopId>\0<tokenHash> empty (index for listSessions)
// a\0<tokenHash>              last use of the session (ms, JSON)
// K\0<workshopId>\0<secretHash> DeviceLinkRecord (expired ones are dropped when the workshop gets a new one)
const workshopKey = (id: string) => key('w', id);
const joinCodeKey = (code: string) => key('j', code);
const linkKey = (workshopId: string, linkId: string) => key('l', workshopId, linkId);
const secretKey = (secretHash: string) => key('h', secretHash);
const sessionKey = (tokenHash: string) => key('t', tokenHash);
const sessionIndexKey = (workshopId: string, tokenHash: string) => key('T', workshopId, tokenHash);
const sessionSeenKey = (tokenHash: string) => key('a', tokenHash);
const deviceLinkKey = (workshopId: string, secretHash: string) => key('K', workshopId, secretHash);

/** Sessions whose records (and last use) this process keeps in memory, at most: the most recently written or read. */
const MAX_KEPT_SESSIONS = 5_000;

interface LinkRef {
  workshopId: string;
  linkId: string;
}

export class LevelWorkshopStore implements WorkshopStore {
  readonly #db: Db;
  /** Serialises changes to the join-code index, so two workshops never claim one code. */
  readonly #joinCodes = new KeyedMutex();
  /**
   * Recently opened or checked sessions, as the disk holds them: this process is the only writer of
   * its database, so a session opened a moment ago is checked on connect without a read.
   */
  readonly #sessions = new Map<string, SessionRecord>();
  /** Bumped when sessions are deleted: a read that started before is not kept. */
  #generation = 0;

  constructor(db: Db) {
    this.#db = db;
  }

  createWorkshop(workshop: WorkshopRecord, links: LinkRecord[]): Promise<void> {
    return this.#joinCodes.run('', async () => {
      await this.#assertJoinCodeFree(workshop.joinCode, workshop.id);
      await this.#db.batch(
        [
          { type: 'put', key: workshopKey(workshop.id), value: encodeJson(workshop) },
          { type: 'put', key: joinCodeKey(workshop.joinCode), value: encodeText(workshop.id) },
          ...links.flatMap((link) => linkPuts(link)),
        ],
        SYNC,
      );
    });
  }

  getWorkshop(id: string): Promise<WorkshopRecord | null> {
    return getJson<WorkshopRecord>(this.#db, workshopKey(id));
  }

  updateWorkshop(workshop: WorkshopRecord): Promise<void> {
    return this.#joinCodes.run('', async () => {
      const previous = await this.getWorkshop(workshop.id);
      await this.#assertJoinCodeFree(workshop.joinCode, workshop.id);
      const dropOldCode =
        previous && previous.joinCode !== workshop.joinCode ? [{ type: 'del' as const, key: joinCodeKey(previous.joinCode) }] : [];
      await this.#db.batch(
        [
          { type: 'put', key: workshopKey(workshop.id), value: encodeJson(workshop) },
          { type: 'put', key: joinCodeKey(workshop.joinCode), value: encodeText(workshop.id) },
          ...dropOldCode,
        ],
        SYNC,
      );
    });
  }

  async listWorkshops(): Promise<string[]> {
    const prefix = key('w', '');
    const ids: string[] = [];
    for await (const k of this.#db.keys(range(prefix))) ids.push(k.slice(prefix.length));
    return ids;
  }

  async workshopIdForJoinCode(code: string): Promise<string | null> {
    const value = await this.#db.get(joinCodeKey(code));
    return value === undefined ? null : decodeText(value);
  }

  async putLink(link: LinkRecord): Promise<void> {
    await this.#db.batch(linkPuts(link), SYNC);
  }

  async forgetSecretHash(secretHash: string): Promise<void> {
    await this.#db.del(secretKey(secretHash), SYNC);
  }

  getLink(workshopId: string, linkId: string): Promise<LinkRecord | null> {
    return getJson<LinkRecord>(this.#db, linkKey(workshopId, linkId));
  }

  async findLinkBySecretHash(secretHash: string): Promise<LinkRecord | null> {
    const ref = await getJson<LinkRef>(this.#db, secretKey(secretHash));
    if (!ref) return null;
    const link = await this.getLink(ref.workshopId, ref.linkId);
    // A rotated secret stays invalid even if its index entry was never forgotten.
    return link && link.secretHash === secretHash ? link : null;
  }

  async listLinks(workshopId: string): Promise<LinkRecord[]> {
    return (await listJson<LinkRecord>(this.#db, key('l', workshopId, ''))).sort(oldestFirst((link) => link.id));
  }

  async putSession(session: SessionRecord): Promise<void> {
    const { lastSeenAt, ...record } = session;
    const bytes = encodeJson(record);
    const kept = this.#sessions.get(session.tokenHash);
    this.#sessions.delete(session.tokenHash);
    await this.#db.batch(
      [
        { type: 'put', key: sessionKey(session.tokenHash), value: bytes },
        { type: 'put', key: sessionIndexKey(session.workshopId, session.tokenHash), value: new Uint8Array() },
      ],
      SYNC,
    );
    // Kept as a read would return it: the last use is stored apart and survives a rewrite (callers
    // rewrite what they read, last use included; a new session has none).
    const seen = Math.max(kept?.lastSeenAt ?? -Infinity, lastSeenAt ?? -Infinity);
    const written = decodeJson<SessionRecord>(bytes);
    this.#keep(Number.isFinite(seen) ? { ...written, lastSeenAt: seen } : written);
  }

  async findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const kept = this.#sessions.get(tokenHash);
    if (kept) return { ...kept };
    const generation = this.#generation;
    // One read of both keys: every connection of every participant authenticates through here.
    const [record, seenBytes] = await this.#db.getMany([sessionKey(tokenHash), sessionSeenKey(tokenHash)]);
    if (record === undefined) return null;
    const decoded = decodeJson<SessionRecord>(record);
    const session = seenBytes === undefined ? decoded : { ...decoded, lastSeenAt: decodeJson<number>(seenBytes) };
    // Not kept when a write to the session ran meanwhile (it keeps its own answer, or none).
    if (!this.#sessions.has(tokenHash) && generation === this.#generation) this.#keep(session);
    return { ...session };
  }

  async touchSession(tokenHash: string, at: number): Promise<void> {
    // Not synced: a use lost in a crash only makes the session look idle a little earlier.
    await this.#db.put(sessionSeenKey(tokenHash), encodeJson(at));
    const kept = this.#sessions.get(tokenHash);
    if (kept) this.#sessions.set(tokenHash, { ...kept, lastSeenAt: Math.max(kept.lastSeenAt ?? 0, at) });
  }

  /** Remembers a session as stored (the most recent last). */
  #keep(session: SessionRecord): void {
    this.#sessions.delete(session.tokenHash);
    this.#sessions.set(session.tokenHash, session);
    if (this.#sessions.size > MAX_KEPT_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value!);
  }

  async putDeviceLink(link: DeviceLinkRecord): Promise<void> {
    const expired = (await listJson<DeviceLinkRecord>(this.#db, key('K', link.workshopId, ''))).filter((d) => d.expiresAt < link.createdAt);
    await this.#db.batch(
      [
        ...expired.map((d) => ({ type: 'del' as const, key: deviceLinkKey(d.workshopId, d.secretHash) })),
        { type: 'put' as const, key: deviceLinkKey(link.workshopId, link.secretHash), value: encodeJson(link) },
      ],
      SYNC,
    );
  }

  getDeviceLink(workshopId: string, secretHash: string): Promise<DeviceLinkRecord | null> {
    return getJson<DeviceLinkRecord>(this.#db, deviceLinkKey(workshopId, secretHash));
  }

  async listSessions(workshopId: string): Promise<SessionRecord[]> {
    const prefix = key('T', workshopId, '');
    const sessions: SessionRecord[] = [];
    for await (const k of this.#db.keys(range(prefix))) {
      const session = await this.findSessionByTokenHash(k.slice(prefix.length));
      if (session) sessions.push(session);
    }
    return sessions.sort(oldestFirst((session) => session.tokenHash));
  }

  deleteWorkshop(id: string): Promise<void> {
    return this.#joinCodes.run('', async () => {
      const workshop = await this.getWorkshop(id);
      const keys = [workshopKey(id)];
      if (workshop && (await this.workshopIdForJoinCode(workshop.joinCode)) === id) keys.push(joinCodeKey(workshop.joinCode));
      for (const link of await this.listLinks(id)) keys.push(linkKey(id, link.id), secretKey(link.secretHash));
      for await (const k of this.#db.keys(range(key('K', id, '')))) keys.push(k);
      const sessionIndex = key('T', id, '');
      for await (const k of this.#db.keys(range(sessionIndex))) {
        keys.push(k, sessionKey(k.slice(sessionIndex.length)), sessionSeenKey(k.slice(sessionIndex.length)));
      }
      try {
        await this.#db.batch(
          keys.map((k) => ({ type: 'del' as const, key: k })),
          SYNC,
        );
      } finally {
        this.#generation++;
        for (const [tokenHash, session] of this.#sessions) if (session.workshopId === id) this.#sessions.delete(tokenHash);
      }
    });
  }

  async #assertJoinCodeFree(code: string, workshopId: string): Promise<void> {
    const value = await this.#db.get(joinCodeKey(code));
    if (value !== undefined && decodeText(value) !== workshopId) throw new JoinCodeTakenError(code);
  }
}

function linkPuts(link: LinkRecord) {
  const ref: LinkRef = { workshopId: link.workshopId, linkId: link.id };
  return [
    { type: 'put' as const, key: linkKey(link.workshopId, link.id), value: encodeJson(link) },
    { type: 'put' as const, key: secretKey(link.secretHash), value: encodeJson(ref) },
  ];
}
