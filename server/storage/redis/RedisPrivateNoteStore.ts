import type { PrivateNote } from '../../../shared/protocol/workshopTypes.ts';
import type { PrivateNoteStore } from '../FacilitationStore.ts';
import { oldestFirst } from '../recordOrder.ts';
import type { RedisConnection } from './redisClient.ts';
import type { RedisKeys } from './redisKeys.ts';

export class RedisPrivateNoteStore implements PrivateNoteStore {
  readonly #redis: RedisConnection;
  readonly #keys: RedisKeys;

  constructor(redis: RedisConnection, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async put(workshopId: string, note: PrivateNote): Promise<void> {
    await this.#redis.run((client) => client.hSet(this.#keys.privateNotes(workshopId), note.id, JSON.stringify(note)));
  }

  async get(workshopId: string, noteId: string): Promise<PrivateNote | null> {
    const json = await this.#redis.run((client) => client.hGet(this.#keys.privateNotes(workshopId), noteId));
    return json ? (JSON.parse(json) as PrivateNote) : null;
  }

  async delete(workshopId: string, noteId: string): Promise<void> {
    await this.#redis.run((client) => client.hDel(this.#keys.privateNotes(workshopId), noteId));
  }

  async listAll(workshopId: string): Promise<PrivateNote[]> {
    const values = await this.#redis.run((client) => client.hVals(this.#keys.privateNotes(workshopId)));
    return values.map((json) => JSON.parse(json) as PrivateNote).sort(oldestFirst((note) => note.id));
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    await this.#redis.run((client) => client.del(this.#keys.privateNotes(workshopId)));
  }
}
