import type { PresenceEntry, PresenceStore } from '../PresenceStore.ts';
import type { RedisConnection } from './redisClient.ts';

/**
 * Presence in one hash per workshop (connectionId → entry JSON with its expiry). Redis 7.0 has no
 * per-field TTL, so expired fields are dropped when read, and the hash itself expires when nobody
 * refreshes it.
 */
export class RedisPresenceStore implements PresenceStore {
  readonly #context: RedisConnection;
  readonly #key: (workshopId: string) => string;

  constructor(context: RedisConnection, prefix: string) {
    this.#context = context;
    this.#key = (workshopId) => `${prefix}presence:${workshopId}`;
  }

  async put(workshopId: string, entry: PresenceEntry): Promise<void> {
    const key = this.#key(workshopId);
    await this.#context.run(async (client) => {
      await client.hSet(key, entry.connectionId, JSON.stringify(entry));
      await client.pExpireAt(key, entry.expiresAt + 60_000);
    });
  }

  async remove(workshopId: string, connectionId: string): Promise<void> {
    await this.#context.run((client) => client.hDel(this.#key(workshopId), connectionId));
  }

  async list(workshopId: string, now: number): Promise<PresenceEntry[]> {
    const key = this.#key(workshopId);
    const all = await this.#context.run((client) => client.hGetAll(key));
    const live: PresenceEntry[] = [];
    const expired: string[] = [];
    for (const [field, value] of Object.entries(all)) {
      const entry = JSON.parse(value) as PresenceEntry;
      if (entry.expiresAt > now) live.push(entry);
      else expired.push(field);
    }
    if (expired.length > 0) await this.#context.run((client) => client.hDel(key, expired));
    return live;
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    await this.#context.run((client) => client.del(this.#key(workshopId)));
  }
}
