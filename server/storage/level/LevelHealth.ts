import { StoreUnavailableError } from '../StoreUnavailableError.ts';
import type { Db } from './levelDb.ts';
import { SYNC, encodeText, decodeText, key } from './levelDb.ts';

type Write = (...args: unknown[]) => Promise<unknown>;
const WRITES = ['put', 'del', 'batch'] as const;
const PROBE_KEY = key('h', 'probe');
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5_000;

/**
 * Never trusts the embedded store after a failed write. LevelDB, after one ENOSPC, may go on
 * answering later sync writes with success while nothing reaches the disk, so the first write error
 * marks the store unhealthy: every later write is refused at once (`StoreUnavailableError`), and the
 * database is closed, re-opened (which replays what is really on disk) and checked with a synced
 * write read back, again and again with back-off, before it is used again.
 */
export class LevelHealth {
  readonly #db: Db;
  readonly #listeners = new Set<(healthy: boolean) => void>();
  readonly #onEvent: (event: { healthy: boolean; error?: unknown }) => void;
  #healthy = true;
  #verifying = false;

  constructor(db: Db, onEvent: (event: { healthy: boolean; error?: unknown }) => void = () => undefined) {
    this.#db = db;
    this.#onEvent = onEvent;
    for (const name of WRITES) {
      const original = (db[name] as unknown as Write).bind(db);
      (db as unknown as Record<string, Write>)[name] = async (...args: unknown[]) => {
        if (!this.#healthy) throw new StoreUnavailableError('the embedded store failed a write and is not verified yet');
        try {
          return await original(...args);
        } catch (err) {
          this.#fail(err);
          throw new StoreUnavailableError('the embedded store failed a write', { cause: err });
        }
      };
    }
  }

  isHealthy(): boolean {
    return this.#healthy && this.#db.status === 'open';
  }

  onHealthChange(listener: (healthy: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops verifying (the store is closing). */
  stop(): void {
    this.#listeners.clear();
    this.#verifying = false;
  }

  #fail(error: unknown): void {
    if (!this.#healthy) return;
    this.#healthy = false;
    this.#onEvent({ healthy: false, error });
    for (const listener of [...this.#listeners]) listener(false);
    void this.#verifyUntilHealthy();
  }

  async #verifyUntilHealthy(): Promise<void> {
    if (this.#verifying) return;
    this.#verifying = true;
    let delay = RETRY_FIRST_MS;
    while (this.#verifying && !this.#healthy) {
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      if (!this.#verifying) return;
      try {
        await this.#reopenAndProbe();
        this.#healthy = true;
        this.#onEvent({ healthy: true });
        for (const listener of [...this.#listeners]) listener(true);
      } catch (error) {
        this.#onEvent({ healthy: false, error });
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    }
    this.#verifying = false;
  }

  async #reopenAndProbe(): Promise<void> {
    if (this.#db.status === 'open') await this.#db.close();
    await this.#db.open();
    const written = `${Date.now()}-${Math.random()}`;
    const put = (Object.getPrototypeOf(this.#db) as { put: Write }).put.bind(this.#db);
    await put(PROBE_KEY, encodeText(written), SYNC);
    const read = await this.#db.get(PROBE_KEY);
    if (!read || decodeText(read) !== written) throw new Error('the probe written to the embedded store did not read back');
  }
}
