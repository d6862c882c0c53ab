import type { WorkshopStore } from '../storage/WorkshopStore.ts';
import { authenticateToken, type AuthResult } from './authenticate.ts';

/** Uses of one session closer together than this are recorded once (a store write per command would cost too much). */
const MAX_TOUCH_EVERY_MS = 60_000;
/** Sessions whose last recorded use this node remembers, at most. */
const MAX_REMEMBERED = 50_000;

/**
 * Authenticates tokens with the idle policy and records uses: a session unused for `idleMs`
 * expires (SESSION_EXPIRED); each authentication or command refreshes it.
 */
export class SessionGate {
  readonly #workshops: WorkshopStore;
  readonly #idleMs: number;
  readonly #now: () => number;
  readonly #touchEveryMs: number;
  /** tokenHash → when this node last recorded a use. */
  readonly #touched = new Map<string, number>();

  constructor(workshops: WorkshopStore, idleMs: number, now: () => number) {
    this.#workshops = workshops;
    this.#idleMs = idleMs;
    this.#now = now;
    this.#touchEveryMs = Math.min(MAX_TOUCH_EVERY_MS, Math.floor(idleMs / 4));
  }

  get idleMs(): number {
    return this.#idleMs;
  }

  /** Checks the token and counts the check as a use. */
  async authenticate(token: unknown): Promise<AuthResult> {
    const result = await authenticateToken(this.#workshops, token, { idleMs: this.#idleMs, now: this.#now() });
    // A use that could not be recorded only makes the session look idle a little earlier.
    if (result.ok) await this.use(result.principal.tokenHash).catch(() => undefined);
    return result;
  }

  /** Records a use of the session (at most once per touch interval per node). */
  async use(tokenHash: string): Promise<void> {
    const now = this.#now();
    const last = this.#touched.get(tokenHash);
    if (last !== undefined && now - last < this.#touchEveryMs) return;
    this.#touched.delete(tokenHash);
    this.#touched.set(tokenHash, now);
    if (this.#touched.size > MAX_REMEMBERED) this.#touched.delete(this.#touched.keys().next().value!);
    await this.#workshops.touchSession(tokenHash, now);
  }

  /** Why the session may no longer be used (SESSION_ENDED, SESSION_EXPIRED, gone), or null while it may. */
  async refusal(tokenHash: string): Promise<'SESSION_ENDED' | 'SESSION_EXPIRED' | 'UNAUTHENTICATED' | null> {
    const session = await this.#workshops.findSessionByTokenHash(tokenHash);
    if (!session) return 'UNAUTHENTICATED';
    if (session.endedAt) return 'SESSION_ENDED';
    if (this.#now() - (session.lastSeenAt ?? session.createdAt) > this.#idleMs) return 'SESSION_EXPIRED';
    return null;
  }

  /** Forgets what this node recorded for a session (it ended). */
  forget(tokenHash: string): void {
    this.#touched.delete(tokenHash);
  }
}
