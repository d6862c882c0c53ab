import type { NoteOwnershipStore } from '../DocumentStore.ts';
import type { RedisConnection } from './redisClient.ts';
import type { RedisKeys } from './redisKeys.ts';

export class RedisOwnershipStore implements NoteOwnershipStore {
  readonly #redis: RedisConnection;
  readonly #keys: RedisKeys;

  constructor(redis: RedisConnection, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async setOwner(workshopId: string, noteId: string, participantId: string): Promise<void> {
    await this.#redis.run((client) => client.hSet(this.#keys.owners(workshopId), noteId, participantId));
  }

  async getOwner(workshopId: string, noteId: string): Promise<string | null> {
    return (await this.#redis.run((client) => client.hGet(this.#keys.owners(workshopId), noteId))) ?? null;
  }

  async deleteOwner(workshopId: string, noteId: string): Promise<void> {
    await this.#redis.run((client) => client.hDel(this.#keys.owners(workshopId), noteId));
  }

  async notesOwnedBy(workshopId: string, participantId: string): Promise<string[]> {
    const owners = await this.#redis.run((client) => client.hGetAll(this.#keys.owners(workshopId)));
    return Object.entries(owners)
      .filter(([, owner]) => owner === participantId)
      .map(([noteId]) => noteId)
      .sort();
  }

  async listOwners(workshopId: string): Promise<Array<[string, string]>> {
    const owners = await this.#redis.run((client) => client.hGetAll(this.#keys.owners(workshopId)));
    return Object.entries(owners).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    await this.#redis.run((client) => client.del(this.#keys.owners(workshopId)));
  }
}
