import { isWorkshopCounter, type QuotaCounter, type QuotaStore } from '../FacilitationStore.ts';
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

  async tryIncrementAll(counters: readonly QuotaCounter[], windowMs: number): Promise<number> {
    const keys = counters.map((c) => this.#keys.quota(c.key));
    const limits = counters.map((c) => c.limit);
    const refused = await this.#redis.run((client) => client.quotaIncrementAll(keys, limits, Math.max(1, Math.ceil(windowMs))));
    return refused - 1;
  }

  async acquireLease(sets: readonly QuotaCounter[], member: string, ttlMs: number): Promise<number> {
    const keys = sets.map((s) => this.#keys.lease(s.key));
    const limits = sets.map((s) => s.limit);
    return (await this.#redis.run((client) => client.leaseAcquire(keys, limits, member, Math.ceil(ttlMs)))) - 1;
  }

  async renewLease(sets: readonly string[], member: string, ttlMs: number): Promise<void> {
    const keys = sets.map((s) => this.#keys.lease(s));
    await this.#redis.run((client) => client.leaseRenew(keys, member, Math.ceil(ttlMs)));
  }

  async leaseCount(set: string): Promise<number> {
    // Node and Redis clocks may differ a little: a lease about to expire may still count.
    return this.#redis.run((client) => client.zCount(this.#keys.lease(set), Date.now(), '+inf'));
  }

  async releaseLease(sets: readonly string[], member: string): Promise<void> {
    await this.#redis.run(async (client) => {
      for (const set of sets) await client.zRem(this.#keys.lease(set), member);
    });
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    const prefix = this.#keys.quota('');
    const candidates = await scanKeys(this.#redis, `${globLiteral(prefix)}*:${globLiteral(workshopId)}:*`);
    const doomed = candidates.filter((key) => isWorkshopCounter(key.slice(prefix.length), workshopId));
    if (doomed.length > 0) await this.#redis.run((client) => client.del(doomed));
  }
}
