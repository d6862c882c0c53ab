import { randomBytes } from 'node:crypto';
import type { CommandReceiptStore, ReceiptClaim, ReceiptScope } from '../CommandReceiptStore.ts';
import { KeyedMutex } from './KeyedMutex.ts';
import { type Db, SYNC, decodeJson, encodeJson, key, range } from './levelDb.ts';

// r\0<workshopId>\0<participantId>\0<commandId> → { resultJson, expiresAt }
const receiptKey = (s: ReceiptScope) => key('r', s.workshopId, s.participantId, s.commandId);

interface StoredReceipt {
  resultJson: string;
  expiresAt: number;
}

const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * One process owns the embedded store (LevelDB locks its folder), so claims (leases) live in memory
 * under a per-id lock, and only completed results are written, with their expiry; expired ones are
 * skipped on read and swept now and then.
 */
export class LevelCommandReceiptStore implements CommandReceiptStore {
  readonly #db: Db;
  readonly #now: () => number;
  readonly #locks = new KeyedMutex();
  /** receipt key → the running claim's token and lease end. */
  readonly #claims = new Map<string, { token: string; until: number }>();
  #nextSweep: number;

  constructor(db: Db, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    this.#nextSweep = now() + SWEEP_EVERY_MS;
  }

  claim(scope: ReceiptScope, leaseMs: number): Promise<ReceiptClaim> {
    const k = receiptKey(scope);
    return this.#locks.run(k, async () => {
      const now = this.#now();
      if (now >= this.#nextSweep) void this.#sweep(now);
      const stored = await this.#read(k, now);
      if (stored) return { state: 'done', resultJson: stored.resultJson };
      const running = this.#claims.get(k);
      if (running && running.until > now) return { state: 'running' };
      const token = randomBytes(12).toString('base64url');
      this.#claims.set(k, { token, until: now + leaseMs });
      return { state: 'claimed', token };
    });
  }

  complete(scope: ReceiptScope, token: string, resultJson: string, keepMs: number): Promise<void> {
    const k = receiptKey(scope);
    return this.#locks.run(k, async () => {
      const running = this.#claims.get(k);
      if (running && running.token !== token && running.until > this.#now()) return;
      const value: StoredReceipt = { resultJson, expiresAt: this.#now() + keepMs };
      // Not fsynced: a receipt lost in a crash costs a re-run, and a re-run of note.add lands on the
      // same note (its id comes from the command id), so durability here would only add an fsync per note.
      await this.#db.put(k, encodeJson(value));
      this.#claims.delete(k);
    });
  }

  release(scope: ReceiptScope, token: string): Promise<void> {
    const k = receiptKey(scope);
    return this.#locks.run(k, async () => {
      if (this.#claims.get(k)?.token === token) this.#claims.delete(k);
    });
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    const prefix = key('r', workshopId, '');
    for (const k of this.#claims.keys()) if (k.startsWith(prefix)) this.#claims.delete(k);
    const doomed: string[] = [];
    for await (const k of this.#db.keys(range(prefix))) doomed.push(k);
    if (doomed.length > 0) await this.#db.batch(doomed.map((k) => ({ type: 'del' as const, key: k })), SYNC);
  }

  async #read(k: string, now: number): Promise<StoredReceipt | null> {
    const bytes = await this.#db.get(k);
    if (bytes === undefined) return null;
    const stored = decodeJson<StoredReceipt>(bytes);
    return stored.expiresAt > now ? stored : null;
  }

  async #sweep(now: number): Promise<void> {
    this.#nextSweep = now + SWEEP_EVERY_MS;
    const doomed: string[] = [];
    try {
      for await (const [k, bytes] of this.#db.iterator(range(key('r', '')))) {
        if (decodeJson<StoredReceipt>(bytes).expiresAt <= now) doomed.push(k);
      }
      if (doomed.length > 0) await this.#db.batch(doomed.map((k) => ({ type: 'del' as const, key: k })), SYNC);
    } catch {
      // A sweep that fails (store closing, disk trouble) is tried again at the next one; reads skip expired receipts anyway.
    }
  }
}
