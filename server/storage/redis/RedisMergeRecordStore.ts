import type { MergeRecord, MergeRecordStore } from '../FacilitationStore.ts';
import type { RedisConnection } from './redisClient.ts';
import type { RedisKeys } from './redisKeys.ts';

/** One hash per workshop: merged note id → MergeRecord JSON. */
export class RedisMergeRecordStore implements MergeRecordStore {
  readonly #redis: RedisConnection;
  readonly #keys: RedisKeys;

  constructor(redis: RedisConnection, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async put(workshopId: string, record: MergeRecord): Promise<void> {
    await this.#redis.run((client) => client.hSet(this.#keys.merges(workshopId), record.noteId, JSON.stringify(record)));
  }

  async get(workshopId: string, noteId: string): Promise<MergeRecord | null> {
    const json = await this.#redis.run((client) => client.hGet(this.#keys.merges(workshopId), noteId));
    return json ? (JSON.parse(json) as MergeRecord) : null;
  }

  async delete(workshopId: string, noteId: string): Promise<void> {
    await this.#redis.run((client) => client.hDel(this.#keys.merges(workshopId), noteId));
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    await this.#redis.run((client) => client.del(this.#keys.merges(workshopId)));
  }
}
