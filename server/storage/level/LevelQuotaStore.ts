import type { Durability } from '../DocumentStore.ts';
import { isWorkshopCounter, type QuotaCounter, type QuotaStore } from '../FacilitationStore.ts';
import { KeyedMutex } from './KeyedMutex.ts';
import { MemberIndex } from './MemberIndex.ts';
import { type Db, SYNC, decodeJson, encodeJson, key, range } from './levelDb.ts';

// q\0<key> → count (JSON number); only counters without a window are stored.
const quotaKey = (k: string) => key('q', k);
/** `done:<workshop>:<epoch>:<participant>` → [`done:<workshop>:<epoch>:`, `<participant>`]; null without a `:`. */
const groupOf = (k: string): [string, string] | null => {
  const i = k.lastIndexOf(':');
  return i < 0 ? null : [k.slice(0, i + 1), k.slice(i + 1)];
};

const SWEEP_EVERY_MS = 60_000;
/** Expired leases are dropped from a set at most this often (and whenever the set looks full). */
const LEASE_SWEEP_MS = 1_000;

interface WindowedCounter {
  count: number;
  expiresAt: number;
}

/**
 * Counters without a window persist in LevelDB (one lock per key); counters with a window are
 * rate limits and live in memory only (JavaScript runs them to completion, so they are atomic).
 */
export class LevelQuotaStore implements QuotaStore {
  readonly #db: Db;
  readonly #locks = new KeyedMutex();
  readonly #windowed = new Map<string, WindowedCounter>();
  /** Lease sets (open connections): one node only, so in memory. */
  readonly #leases = new Map<string, Map<string, number>>();
  /** When each lease set last dropped its expired leases. */
  readonly #sweptAt = new Map<string, number>();
  #nextSweep = Date.now() + SWEEP_EVERY_MS;
  /**
   * Which stored counters exist, by the key up to its last `:` (everyone marked done in a phase,
   * everyone with notes on a board): reading a counter nobody ever wrote (most people joining)
   * touches no disk.
   */
  readonly #present = new MemberIndex();

  constructor(db: Db) {
    this.#db = db;
  }

  async tryIncrement(k: string, limit: number, windowMs?: number, durability: Durability = 'now'): Promise<boolean> {
    if (windowMs !== undefined && windowMs > 0) return this.#tryIncrementWindowed(k, limit, windowMs);
    return this.#locks.run(k, async () => {
      const count = await this.#stored(k);
      if (count >= limit) return false;
      // Noted even when the write fails: it may have landed all the same (the index may only over-count).
      await this.#db.put(quotaKey(k), encodeJson(count + 1), durability === 'now' ? SYNC : {}).finally(() => this.#wrote(k));
      return true;
    });
  }

  async decrement(k: string): Promise<void> {
    const windowed = this.#live(k);
    if (windowed) {
      windowed.count = Math.max(0, windowed.count - 1);
      return;
    }
    await this.#locks.run(k, async () => {
      const count = await this.#stored(k);
      if (count <= 1) await this.#db.del(quotaKey(k), SYNC);
      else await this.#db.put(quotaKey(k), encodeJson(count - 1), SYNC).finally(() => this.#wrote(k));
    });
  }

  async get(k: string): Promise<number> {
    return this.#live(k)?.count ?? (await this.#stored(k));
  }

  async tryIncrementAll(counters: readonly QuotaCounter[], windowMs: number): Promise<number> {
    const now = Date.now();
    const refused = counters.findIndex((c) => (this.#live(c.key, now)?.count ?? 0) >= c.limit);
    if (refused >= 0) return refused;
    for (const c of counters) this.#tryIncrementWindowed(c.key, c.limit, windowMs);
    return -1;
  }

  async acquireLease(sets: readonly QuotaCounter[], member: string, ttlMs: number): Promise<number> {
    const now = Date.now();
    const refused = sets.findIndex((s) => {
      const leases = this.#liveLeases(s.key, now);
      if (leases.has(member) || leases.size < s.limit) return false;
      // Full only if the expired leases still counted are dropped first.
      return this.#liveLeases(s.key, now, true).size >= s.limit;
    });
    if (refused >= 0) return refused;
    for (const s of sets) this.#liveLeases(s.key, now).set(member, now + ttlMs);
    return -1;
  }

  async renewLease(sets: readonly string[], member: string, ttlMs: number): Promise<void> {
    const expiresAt = Date.now() + ttlMs;
    for (const set of sets) this.#liveLeases(set, Date.now()).set(member, expiresAt);
  }

  async releaseLease(sets: readonly string[], member: string): Promise<void> {
    for (const set of sets) {
      const leases = this.#leases.get(set);
      leases?.delete(member);
      if (leases?.size === 0) {
        this.#leases.delete(set);
        this.#sweptAt.delete(set);
      }
    }
  }

  async leaseCount(set: string): Promise<number> {
    const leases = this.#leases.get(set);
    if (!leases) return 0;
    const now = Date.now();
    return [...leases.values()].filter((expiresAt) => expiresAt > now).length;
  }

  /**
   * A set's leases, expired ones dropped at most once a second (or now when `sweep`): walking a
   * thousand leases on every connection made a plenary's arrivals quadratic.
   */
  #liveLeases(set: string, now: number, sweep = false): Map<string, number> {
    let leases = this.#leases.get(set);
    if (!leases) {
      leases = new Map();
      this.#leases.set(set, leases);
    }
    if (sweep || now - (this.#sweptAt.get(set) ?? 0) >= LEASE_SWEEP_MS) {
      for (const [member, expiresAt] of leases) if (expiresAt <= now) leases.delete(member);
      this.#sweptAt.set(set, now);
    }
    return leases;
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    for (const name of this.#windowed.keys()) if (isWorkshopCounter(name, workshopId)) this.#windowed.delete(name);
    const prefix = quotaKey('');
    const doomed: string[] = [];
    for await (const k of this.#db.keys(range(prefix))) if (isWorkshopCounter(k.slice(prefix.length), workshopId)) doomed.push(k);
    if (doomed.length > 0) await this.#db.batch(doomed.map((k) => ({ type: 'del' as const, key: k })), SYNC);
    this.#present.forget('');
  }

  #tryIncrementWindowed(k: string, limit: number, windowMs: number): boolean {
    const now = Date.now();
    if (now >= this.#nextSweep) this.#sweep(now);
    let counter = this.#live(k, now);
    if (!counter) {
      counter = { count: 0, expiresAt: now + windowMs };
      this.#windowed.set(k, counter);
    }
    if (counter.count >= limit) return false;
    counter.count++;
    return true;
  }

  #live(k: string, now = Date.now()): WindowedCounter | undefined {
    const counter = this.#windowed.get(k);
    if (counter && counter.expiresAt <= now) {
      this.#windowed.delete(k);
      return undefined;
    }
    return counter;
  }

  #sweep(now: number): void {
    for (const [k, counter] of this.#windowed) if (counter.expiresAt <= now) this.#windowed.delete(k);
    for (const [set, leases] of this.#leases) {
      for (const [member, expiresAt] of leases) if (expiresAt <= now) leases.delete(member);
      if (leases.size === 0) this.#leases.delete(set);
    }
    this.#nextSweep = now + SWEEP_EVERY_MS;
  }

  async #stored(k: string): Promise<number> {
    const group = groupOf(k);
    if (group && !(await this.#present.mayHave(group[0], group[1], () => this.#groupMembers(group[0])))) return 0;
    const value = await this.#db.get(quotaKey(k));
    return value === undefined ? 0 : decodeJson<number>(value);
  }

  #wrote(k: string): void {
    const group = groupOf(k);
    if (group) this.#present.wrote(group[0], [group[1]]);
  }

  /** The last parts of every stored counter whose key starts with `group` (a superset of the group's members). */
  async #groupMembers(group: string): Promise<string[]> {
    const prefix = quotaKey(group);
    const members: string[] = [];
    for await (const k of this.#db.keys(range(prefix))) members.push(k.slice(prefix.length));
    return members;
  }
}
