import type { Logger } from '../logger.ts';
import type { QuotaStore } from '../storage/FacilitationStore.ts';
import { newRandomId } from '../ids.ts';

export interface ConnectionLimits {
  perSession: number;
  perAddress: number;
}

/**
 * Caps open connections (Socket.IO and Yjs together) per session and per address, across nodes:
 * each connection holds a lease in the quota store, renewed while it is open, so the connections
 * of a crashed node stop counting one lease time after it died.
 */
export class ConnectionLimiter {
  readonly #quotas: QuotaStore;
  readonly #limits: ConnectionLimits;
  readonly #leaseMs: number;
  readonly #log: Logger;
  /** Lease member → the sets it holds a lease in (this node's open connections). */
  readonly #held = new Map<string, string[]>();
  readonly #renewal: NodeJS.Timeout;

  constructor(quotas: QuotaStore, limits: ConnectionLimits, leaseMs: number, log: Logger) {
    this.#quotas = quotas;
    this.#limits = limits;
    this.#leaseMs = leaseMs;
    this.#log = log.child({ module: 'connections' });
    this.#renewal = setInterval(() => void this.#renewAll(), Math.max(250, Math.floor(leaseMs / 3)));
    this.#renewal.unref();
  }

  /**
   * A release function when one more connection of this session from this address may open; null
   * when either is at its limit (TOO_MANY_CONNECTIONS).
   */
  async tryAcquire(sessionKey: string, address: string): Promise<(() => void) | null> {
    const sets = [
      { key: `conn:s:${sessionKey}`, limit: this.#limits.perSession },
      { key: `conn:a:${address}`, limit: this.#limits.perAddress },
    ];
    const member = newRandomId();
    try {
      if ((await this.#quotas.acquireLease(sets, member, this.#leaseMs)) >= 0) return null;
    } catch (err) {
      // The store cannot count: let the connection in (what it may do is still checked) rather than
      // refuse everyone while it is away; its lease is taken at the next renewal that succeeds.
      this.#log.warn({ err: String(err) }, 'connection limit not checked: store unreachable');
    }
    const keys = sets.map((s) => s.key);
    this.#held.set(member, keys);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held.delete(member);
      this.#quotas.releaseLease(keys, member).catch((err: unknown) => this.#log.warn({ err }, 'connection lease release failed'));
    };
  }

  get held(): number {
    return this.#held.size;
  }

  stop(): void {
    clearInterval(this.#renewal);
  }

  async #renewAll(): Promise<void> {
    for (const [member, keys] of this.#held) {
      await this.#quotas.renewLease(keys, member, this.#leaseMs).catch((err: unknown) => this.#log.debug({ err: String(err) }, 'connection lease renewal failed'));
    }
  }
}
