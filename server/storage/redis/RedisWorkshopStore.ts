import { JoinCodeTakenError } from '../JoinCodeTakenError.ts';
import { oldestFirst } from '../recordOrder.ts';
import type { DeviceLinkRecord, LinkRecord, SessionRecord, WorkshopRecord, WorkshopStore } from '../WorkshopStore.ts';
import type { RedisConnection } from './redisClient.ts';
import type { RedisKeys } from './redisKeys.ts';

interface LinkRef {
  workshopId: string;
  linkId: string;
}

/** Records as JSON strings and hashes; a join code is claimed with SET NX, so two workshops never share one. */
export class RedisWorkshopStore implements WorkshopStore {
  readonly #redis: RedisConnection;
  readonly #keys: RedisKeys;

  constructor(redis: RedisConnection, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async createWorkshop(workshop: WorkshopRecord, links: LinkRecord[]): Promise<void> {
    await this.#claimJoinCode(workshop.joinCode, workshop.id);
    await this.#redis.run((client) => {
      const multi = client.multi().set(this.#keys.workshop(workshop.id), JSON.stringify(workshop)).sAdd(this.#keys.workshops(), workshop.id);
      for (const link of links) {
        multi.hSet(this.#keys.links(link.workshopId), link.id, JSON.stringify(link));
        multi.set(this.#keys.secret(link.secretHash), JSON.stringify(linkRef(link)));
      }
      return multi.exec();
    });
  }

  async getWorkshop(id: string): Promise<WorkshopRecord | null> {
    return parse<WorkshopRecord>(await this.#redis.run((client) => client.get(this.#keys.workshop(id))));
  }

  async updateWorkshop(workshop: WorkshopRecord): Promise<void> {
    const previous = await this.getWorkshop(workshop.id);
    await this.#claimJoinCode(workshop.joinCode, workshop.id);
    await this.#redis.run((client) =>
      client.multi().set(this.#keys.workshop(workshop.id), JSON.stringify(workshop)).sAdd(this.#keys.workshops(), workshop.id).execTyped(),
    );
    if (previous && previous.joinCode !== workshop.joinCode) {
      await this.#redis.run((client) => client.deleteIfEquals(this.#keys.joinCode(previous.joinCode), workshop.id));
    }
  }

  async listWorkshops(): Promise<string[]> {
    return (await this.#redis.run((client) => client.sMembers(this.#keys.workshops()))).sort();
  }

  async workshopIdForJoinCode(code: string): Promise<string | null> {
    return (await this.#redis.run((client) => client.get(this.#keys.joinCode(code)))) ?? null;
  }

  async putLink(link: LinkRecord): Promise<void> {
    await this.#redis.run((client) =>
      client
        .multi()
        .hSet(this.#keys.links(link.workshopId), link.id, JSON.stringify(link))
        .set(this.#keys.secret(link.secretHash), JSON.stringify(linkRef(link)))
        .execTyped(),
    );
  }

  async forgetSecretHash(secretHash: string): Promise<void> {
    await this.#redis.run((client) => client.del(this.#keys.secret(secretHash)));
  }

  async getLink(workshopId: string, linkId: string): Promise<LinkRecord | null> {
    return parse<LinkRecord>(await this.#redis.run((client) => client.hGet(this.#keys.links(workshopId), linkId)));
  }

  async findLinkBySecretHash(secretHash: string): Promise<LinkRecord | null> {
    const ref = parse<LinkRef>(await this.#redis.run((client) => client.get(this.#keys.secret(secretHash))));
    if (!ref) return null;
    const link = await this.getLink(ref.workshopId, ref.linkId);
    // A rotated secret stays invalid even if its index entry was never forgotten.
    return link && link.secretHash === secretHash ? link : null;
  }

  async listLinks(workshopId: string): Promise<LinkRecord[]> {
    const values = await this.#redis.run((client) => client.hVals(this.#keys.links(workshopId)));
    return values.map((json) => JSON.parse(json) as LinkRecord).sort(oldestFirst((link) => link.id));
  }

  async putSession(session: SessionRecord): Promise<void> {
    const { lastSeenAt: _seen, ...record } = session;
    await this.#redis.run((client) =>
      client
        .multi()
        .set(this.#keys.session(session.tokenHash), JSON.stringify(record))
        .sAdd(this.#keys.sessions(session.workshopId), session.tokenHash)
        .execTyped(),
    );
  }

  async findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const [json, seen] = await this.#redis.run((client) => client.mGet([this.#keys.session(tokenHash), this.#keys.sessionSeen(tokenHash)]));
    const session = parse<SessionRecord>(json);
    return session && seen ? { ...session, lastSeenAt: Number(seen) } : session;
  }

  async touchSession(tokenHash: string, at: number): Promise<void> {
    await this.#redis.run((client) => client.set(this.#keys.sessionSeen(tokenHash), String(at)));
  }

  async putDeviceLink(link: DeviceLinkRecord): Promise<void> {
    const ttlMs = Math.max(1, link.expiresAt - link.createdAt);
    const index = this.#keys.deviceLinks(link.workshopId);
    await this.#redis.run((client) =>
      client
        .multi()
        .set(this.#keys.deviceLink(link.secretHash), JSON.stringify(link), { expiration: { type: 'PX', value: ttlMs } })
        .sAdd(index, link.secretHash)
        .pExpire(index, ttlMs)
        .execTyped(),
    );
  }

  async getDeviceLink(workshopId: string, secretHash: string): Promise<DeviceLinkRecord | null> {
    const link = parse<DeviceLinkRecord>(await this.#redis.run((client) => client.get(this.#keys.deviceLink(secretHash))));
    return link && link.workshopId === workshopId ? link : null;
  }

  async listSessions(workshopId: string): Promise<SessionRecord[]> {
    const tokenHashes = await this.#redis.run((client) => client.sMembers(this.#keys.sessions(workshopId)));
    if (tokenHashes.length === 0) return [];
    const values = await this.#redis.run((client) => client.mGet(tokenHashes.map((tokenHash) => this.#keys.session(tokenHash))));
    const seen = await this.#redis.run((client) => client.mGet(tokenHashes.map((tokenHash) => this.#keys.sessionSeen(tokenHash))));
    return values
      .flatMap((json, i) => {
        const session = parse<SessionRecord>(json);
        if (!session) return [];
        const at = seen[i];
        return [at ? { ...session, lastSeenAt: Number(at) } : session];
      })
      .sort(oldestFirst((session) => session.tokenHash));
  }

  async deleteWorkshop(id: string): Promise<void> {
    const workshop = await this.getWorkshop(id);
    const links = await this.listLinks(id);
    const tokenHashes = await this.#redis.run((client) => client.sMembers(this.#keys.sessions(id)));
    const deviceLinks = await this.#redis.run((client) => client.sMembers(this.#keys.deviceLinks(id)));
    const keys = [
      this.#keys.deviceLinks(id),
      ...deviceLinks.map((secretHash) => this.#keys.deviceLink(secretHash)),
      this.#keys.workshop(id),
      this.#keys.links(id),
      this.#keys.sessions(id),
      ...links.map((link) => this.#keys.secret(link.secretHash)),
      ...tokenHashes.map((tokenHash) => this.#keys.session(tokenHash)),
      ...tokenHashes.map((tokenHash) => this.#keys.sessionSeen(tokenHash)),
    ];
    await this.#redis.run((client) => client.multi().del(keys).sRem(this.#keys.workshops(), id).execTyped());
    if (workshop) await this.#redis.run((client) => client.deleteIfEquals(this.#keys.joinCode(workshop.joinCode), id));
  }

  async #claimJoinCode(code: string, workshopId: string): Promise<void> {
    const key = this.#keys.joinCode(code);
    const claimed = await this.#redis.run((client) => client.set(key, workshopId, { condition: 'NX' }));
    if (claimed === null && (await this.#redis.run((client) => client.get(key))) !== workshopId) throw new JoinCodeTakenError(code);
  }
}

const linkRef = (link: LinkRecord): LinkRef => ({ workshopId: link.workshopId, linkId: link.id });
const parse = <T>(json: string | null | undefined): T | null => (json ? (JSON.parse(json) as T) : null);
