import { isWorkshopCounter, type QuotaStore } from '../FacilitationStore.ts';
import type { RedisConnection } from './redisClient.ts';
import type { RedisKeys } from './redisKeys.ts';
import { globLiteral, scanKeys } from './scanKeys.ts';

/** Counters as Redis strings; a windowed one carries a TTL set at its first increment (all in Lua). */
export class RedisQuotaStore implements QuotaStore {
  readonly #redis: RedisConnection;
  readonly #keys: RedisKeys;

  constructor(redis: RedisConnection, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async tryIncrement(key: string, limit: number, windowMs?: number): Promise<boolean> {
    const window = Math.max(0, Math.ceil(windowMs ?? 0));
    return (await this.#redis.run((client) => client.quotaIncrement(this.#keys.quota(key), limit, window))) === 1;
  }

  async decrement(key: string): Promise<void> {
    await this.#redis.run((client) => client.quotaDecrement(this.#keys.quota(key)));
  }

  async get(key: string): Promise<number> {
    return Number((await this.#redis.run((client) => client.get(this.#keys.quota(key)))) ?? 0);
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    const prefix = this.#keys.quota('');
    const candidates = await scanKeys(this.#redis, `${globLiteral(prefix)}*:${globLiteral(workshopId)}:*`);
    const doomed = candidates.filter((key) => isWorkshopCounter(key.slice(prefix.length), workshopId));
    if (doomed.length > 0) await this.#redis.run((client) => client.del(doomed));
  }
}
