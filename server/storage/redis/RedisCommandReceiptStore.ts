import { randomBytes } from 'node:crypto';
import type { CommandReceiptStore, ReceiptClaim, ReceiptScope } from '../CommandReceiptStore.ts';
import type { RedisConnection } from './redisClient.ts';
import type { RedisKeys } from './redisKeys.ts';
import { globLiteral, scanKeys } from './scanKeys.ts';

/**
 * One string per receipt, with a TTL: `P:<token>` while claimed (the lease), `D:<result JSON>` once
 * done. Each step is one Lua script, so a claim and a concurrent claim on another node cannot both
 * win, and only the claim's holder completes or releases it.
 */
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v then return v end
redis.call('SET', KEYS[1], 'P:' .. ARGV[1], 'PX', ARGV[2])
return ''`;

const COMPLETE = `
local v = redis.call('GET', KEYS[1])
if v and v ~= 'P:' .. ARGV[1] then return 0 end
redis.call('SET', KEYS[1], 'D:' .. ARGV[2], 'PX', ARGV[3])
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == 'P:' .. ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0`;

export class RedisCommandReceiptStore implements CommandReceiptStore {
  readonly #redis: RedisConnection;
  readonly #keys: RedisKeys;

  constructor(redis: RedisConnection, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async claim(scope: ReceiptScope, leaseMs: number): Promise<ReceiptClaim> {
    const token = randomBytes(12).toString('base64url');
    const reply = String(
      await this.#redis.run((client) => client.eval(CLAIM, { keys: [this.#key(scope)], arguments: [token, String(leaseMs)] })),
    );
    if (reply === '') return { state: 'claimed', token };
    if (reply.startsWith('D:')) return { state: 'done', resultJson: reply.slice(2) };
    return { state: 'running' };
  }

  async complete(scope: ReceiptScope, token: string, resultJson: string, keepMs: number): Promise<void> {
    await this.#redis.run((client) => client.eval(COMPLETE, { keys: [this.#key(scope)], arguments: [token, resultJson, String(keepMs)] }));
  }

  async release(scope: ReceiptScope, token: string): Promise<void> {
    await this.#redis.run((client) => client.eval(RELEASE, { keys: [this.#key(scope)], arguments: [token] }));
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    const keys = await scanKeys(this.#redis, `${globLiteral(this.#keys.receipt(workshopId, '', '').replace(/::$/, ''))}:*`);
    for (let i = 0; i < keys.length; i += 500) {
      const page = keys.slice(i, i + 500);
      await this.#redis.run((client) => client.del(page));
    }
  }

  #key(scope: ReceiptScope): string {
    return this.#keys.receipt(scope.workshopId, scope.participantId, scope.commandId);
  }
}
