import type { LinkRecord, WorkshopStore } from '../storage/WorkshopStore.ts';
import { authenticateTokenHash, tokenHashOf, type AuthResult } from './authenticate.ts';
import type { Principal } from './Principal.ts';

/** Uses of one session closer together than this are recorded once (a store write per command would cost too much). */
const MAX_TOUCH_EVERY_MS = 60_000;
/** Sessions whose last recorded use this node remembers, at most. */
const MAX_REMEMBERED = 50_000;
/**
 * A positive answer is reused for this long (at most a quarter of the idle time): a participant's
 * Yjs socket, opened right after their Socket.IO handshake, is not checked in the store again.
 */
const MAX_RECENT_MS = 5_000;
/** Recent positive answers (and links) kept, at most. */
const MAX_RECENT = 10_000;

/**
 * Authenticates tokens with the idle policy and records uses: a session unused for `idleMs`
 * expires (SESSION_EXPIRED); each authentication or command refreshes it.
 *
 * Positive answers are kept for a few seconds, so one person's two sockets cost one store check.
 * Whatever can make a kept answer wrong goes through this gate first, on every node: a session
 * ended ({@link forget}), a link revoked ({@link forgetLink}), a workshop deleted
 * ({@link forgetWorkshop}). Idle expiry cannot pass within the short reuse time (see the constructor).
 */
export class SessionGate {
  readonly #workshops: WorkshopStore;
  readonly #idleMs: number;
  readonly #now: () => number;
  readonly #touchEveryMs: number;
  readonly #recentMs: number;
  /** tokenHash → when this node last recorded a use. */
  readonly #touched = new Map<string, number>();
  /** tokenHash → a recent positive answer and when it was read. */
  readonly #recent = new Map<string, { principal: Principal; at: number }>();
  /** `workshopId\0linkId` → a recently read link. */
  readonly #links = new Map<string, { link: LinkRecord | null; at: number }>();
  /** Bumped by every forget: an answer read from the store before a forget is not kept after it. */
  #generation = 0;

  constructor(workshops: WorkshopStore, idleMs: number, now: () => number) {
    this.#workshops = workshops;
    this.#idleMs = idleMs;
    this.#now = now;
    this.#touchEveryMs = Math.min(MAX_TOUCH_EVERY_MS, Math.floor(idleMs / 4));
    // The store's last use is at most #touchEveryMs older than a kept answer (the answer recorded a
    // use), so a kept answer reused within another quarter of the idle time is never an expired session.
    this.#recentMs = Math.min(MAX_RECENT_MS, Math.floor(idleMs / 4));
  }

  get idleMs(): number {
    return this.#idleMs;
  }

  /** Checks the token and counts the check as a use. */
  async authenticate(token: unknown): Promise<AuthResult> {
    const tokenHash = tokenHashOf(token);
    if (tokenHash === null) return { ok: false, error: 'UNAUTHENTICATED' };
    const now = this.#now();
    const recent = this.#recent.get(tokenHash);
    if (recent && now - recent.at <= this.#recentMs) {
      await this.use(tokenHash).catch(() => undefined);
      return { ok: true, principal: recent.principal };
    }
    const generation = this.#generation;
    const result = await authenticateTokenHash(this.#workshops, tokenHash, { idleMs: this.#idleMs, now }, (w, l) => this.#link(w, l, now));
    if (!result.ok) {
      this.#recent.delete(tokenHash);
      return result;
    }
    // The store already holds a use recent enough (a session opened a moment ago): no write needed.
    if (!this.#touched.has(tokenHash) && now - result.lastUseAt < this.#touchEveryMs) remember(this.#touched, tokenHash, result.lastUseAt, MAX_REMEMBERED);
    // A use that could not be recorded only makes the session look idle a little earlier (and is not kept).
    const recorded = await this.use(tokenHash).then(
      () => true,
      () => false,
    );
    if (recorded && generation === this.#generation) remember(this.#recent, tokenHash, { principal: result.principal, at: now });
    return { ok: true, principal: result.principal };
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

  /** Why the session may no longer be used (SESSION_ENDED, SESSION_EXPIRED, gone), or null while it may. Always asks the store. */
  async refusal(tokenHash: string): Promise<'SESSION_ENDED' | 'SESSION_EXPIRED' | 'UNAUTHENTICATED' | null> {
    const session = await this.#workshops.findSessionByTokenHash(tokenHash);
    if (!session) return 'UNAUTHENTICATED';
    if (session.endedAt) return 'SESSION_ENDED';
    if (this.#now() - (session.lastSeenAt ?? session.createdAt) > this.#idleMs) return 'SESSION_EXPIRED';
    return null;
  }

  /** Forgets what this node recorded for a session (it ended, here or on another node). */
  forget(tokenHash: string): void {
    this.#generation++;
    this.#touched.delete(tokenHash);
    this.#recent.delete(tokenHash);
  }

  /** Forgets the kept answers of sessions made through a link (it was revoked). */
  forgetLink(linkId: string): void {
    this.#generation++;
    for (const [tokenHash, { principal }] of this.#recent) if (principal.linkId === linkId) this.#recent.delete(tokenHash);
    for (const [k, { link }] of this.#links) if (link === null || link.id === linkId) this.#links.delete(k);
  }

  /** Forgets every kept answer of a workshop (it was deleted). */
  forgetWorkshop(workshopId: string): void {
    this.#generation++;
    for (const [tokenHash, { principal }] of this.#recent) if (principal.workshopId === workshopId) this.#recent.delete(tokenHash);
    for (const [k, { link }] of this.#links) if (link === null || link.workshopId === workshopId) this.#links.delete(k);
  }

  /** A link, read from the store at most once per reuse time (a plenary's participants share one). */
  async #link(workshopId: string, linkId: string, now: number): Promise<LinkRecord | null> {
    const k = `${workshopId}\u0000${linkId}`;
    const kept = this.#links.get(k);
    if (kept && kept.link !== null && now - kept.at <= this.#recentMs) return kept.link;
    const generation = this.#generation;
    const link = await this.#workshops.getLink(workshopId, linkId);
    if (link && generation === this.#generation) remember(this.#links, k, { link, at: now });
    return link;
  }
}

/** Puts an entry last in insertion order, dropping the oldest beyond `max`. */
function remember<V>(map: Map<string, V>, k: string, value: V, max = MAX_RECENT): void {
  map.delete(k);
  map.set(k, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}
