import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { isErrorCode, type ErrorCode } from '../../shared/protocol/errors.ts';
import { applyPresenceChange } from '../../shared/protocol/presenceChange.ts';
import type {
  ClientToServerEvents,
  CommandName,
  CommandResult,
  JoinResult,
  PresenceUpdate,
  ServerToClientEvents,
  WritingCounts,
} from '../../shared/protocol/events.ts';
import type { HandshakeInput } from '../../shared/protocol/schemas.ts';
import type { BreakoutEventName, BreakoutServerEvents } from '../../shared/protocol/breakoutProtocol.ts';
import type { PrivateNote } from '../../shared/protocol/workshopTypes.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { parseAck, readJoin, readPrivateNotes, readVotesByBoard } from './ackResult.ts';
import { measureClockOffset } from './clockSync.ts';

export type ChannelState = 'connecting' | 'connected' | 'offline';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type PayloadOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
/** The ack type a command's event declares. */
export type ResultOf<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** How long a command waits for its ack (and for the workshop to be joined) before TIMEOUT. */
export const ACK_TIMEOUT_MS = 8000;
/** How often the clock offset is measured again while connected. */
const CLOCK_RESYNC_MS = 5 * 60 * 1000;

/** Refusals after which the socket stops trying: reconnecting would be refused again. */
const FATAL_ERRORS: ReadonlySet<ErrorCode> = new Set([
  'WORKSHOP_NOT_FOUND',
  'PROTOCOL_MISMATCH',
  'UNAUTHENTICATED',
  'LINK_REVOKED',
  'SESSION_EXPIRED',
  'SESSION_ENDED',
  'WORKSHOP_DELETED',
]);

export interface ConnectionEvents {
  state: (state: ChannelState) => void;
  joined: (result: JoinResult) => void;
  clockOffset: (offsetMs: number) => void;
  presence: (update: PresenceUpdate) => void;
  privateNotes: (notes: PrivateNote[]) => void;
  writingCounts: (counts: WritingCounts) => void;
  myVotes: (votes: Record<string, Record<string, number>>) => void;
  /** A refusal that retrying cannot fix; the connection is closed. */
  fatal: (code: ErrorCode) => void;
  /** A non-fatal failure worth telling the person about. */
  error: (code: ErrorCode) => void;
}

/**
 * The Socket.IO side of a workshop: handshake with the session token, `workshop.join` on every
 * connect, clock sync, the per-person events, and commands with acks. Commands sent before the
 * workshop is joined wait for the join.
 */
export class WorkshopConnection {
  readonly #on: ConnectionEvents;
  readonly #socket: ClientSocket;
  #joined = false;
  #closed = false;
  #waiters = new Set<(joined: boolean) => void>();
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #clockTimer: ReturnType<typeof setInterval> | null = null;
  /** The presence list as the last full list and the changes since made it. */
  #presence: PresenceUpdate | null = null;

  constructor(token: string, language: Language, on: ConnectionEvents) {
    this.#on = on;
    const auth: HandshakeInput = { protocolVersion: PROTOCOL_VERSION, token, language };
    // WebSocket first, so several nodes behind a load balancer need no sticky sessions; long-polling
    // only where a network blocks WebSockets (then the balancer must be sticky, see docs/DEPLOYMENT.md).
    this.#socket = io({ auth, autoConnect: false, transports: ['websocket', 'polling'], tryAllTransports: true });
    this.#socket.on('connect', () => void this.#join());
    this.#socket.on('disconnect', (reason) => {
      this.#joined = false;
      if (this.#closed) return;
      this.#on.state('offline');
      // The server let go of us on purpose (e.g. a restart): come back after a pause.
      if (reason === 'io server disconnect') this.#retryLater(2000 + Math.random() * 3000);
    });
    this.#socket.on('connect_error', (err) => {
      if (this.#closed) return;
      this.#on.state('offline');
      const code = isErrorCode(err.message) ? err.message : null;
      if (code && FATAL_ERRORS.has(code)) this.#fail(code);
      else if (code === 'TOO_MANY_CONNECTIONS') {
        // Other windows of this session hold every place: say so, and try again much later.
        this.#on.error(code);
        this.#retryLater(15_000 + Math.random() * 15_000);
      }
      // Refused by the server for a passing reason (STORE_UNAVAILABLE…): Socket.IO gave up, so retry ourselves.
      else if (!this.#socket.active) this.#retryLater(3000 + Math.random() * 2000);
    });
    this.#socket.on('session.ended', (reason) => this.#fail(isErrorCode(reason) ? reason : 'LINK_REVOKED'));
    this.#socket.on('presence.update', (update) => {
      if (update && Number.isFinite(update.count) && Array.isArray(update.people)) {
        this.#presence = update;
        this.#on.presence(update);
      }
    });
    this.#socket.on('presence.changed', (change) => {
      if (!change || !Number.isFinite(change.count) || !Array.isArray(change.added) || !Array.isArray(change.removed)) return;
      this.#presence = applyPresenceChange(this.#presence, change);
      this.#on.presence(this.#presence);
    });
    this.#socket.on('private.notes', (notes) => this.#on.privateNotes(readPrivateNotes(notes)));
    this.#socket.on('writing.counts', (counts) => {
      if (counts && Number.isFinite(counts.total)) this.#on.writingCounts(counts);
    });
    this.#socket.on('votes.mine', (votes) => this.#on.myVotes(readVotesByBoard(votes)));
    if (typeof window !== 'undefined') window.addEventListener('offline', this.#networkLost);
  }

  /**
   * The device lost its network: close the transport now, as a dropped connection, rather than wait
   * for the heartbeat to notice (up to a minute), so notes written meanwhile show as waiting at once.
   * Socket.IO reconnects on its own, with back-off, until the network is back.
   */
  readonly #networkLost = (): void => {
    if (!this.#closed && this.#socket.connected) this.#socket.io.engine?.close();
  };

  start(): void {
    this.#socket.connect();
  }

  /** The workshop is joined now: a command sent goes out at once instead of waiting for the join. */
  get isJoined(): boolean {
    return this.#joined;
  }

  /** The language sent with the next handshake (a reconnect), so server-side messages follow it. */
  setLanguage(language: Language): void {
    const auth = this.#socket.auth;
    if (typeof auth === 'object') this.#socket.auth = { ...auth, language };
  }

  destroy(): void {
    this.#closed = true;
    if (typeof window !== 'undefined') window.removeEventListener('offline', this.#networkLost);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#clockTimer) clearInterval(this.#clockTimer);
    this.#settleWaiters(false);
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }

  /** Sends a command once the workshop is joined; resolves to its ack (TIMEOUT when none came). */
  async command<E extends CommandName>(event: E, payload: PayloadOf<E>): Promise<ResultOf<E>> {
    if (!(await this.#whenJoined())) return { ok: false, error: 'TIMEOUT' };
    return (await this.#send(event, payload)) as ResultOf<E>;
  }

  /** A breakout command (client/lib/breakouts.svelte.ts checks its answer). */
  async breakout<E extends BreakoutEventName>(event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<CommandResult<Record<string, unknown>>> {
    if (!(await this.#whenJoined())) return { ok: false, error: 'TIMEOUT' };
    return this.#send(event, payload);
  }

  /** Breakout notices from the server (a message, or "your group changed"). */
  onBreakout<E extends keyof BreakoutServerEvents>(event: E, handler: BreakoutServerEvents[E]): void {
    (this.#socket as unknown as { on(e: string, h: (...args: never[]) => void): void }).on(event, handler as (...args: never[]) => void);
  }

  async #send(event: keyof ClientToServerEvents, payload: unknown, check?: (body: Record<string, unknown>) => boolean): Promise<CommandResult<Record<string, unknown>>> {
    const timed = this.#socket.timeout(ACK_TIMEOUT_MS);
    const emit = timed.emitWithAck as unknown as (this: typeof timed, ev: string, p: unknown) => Promise<unknown>;
    try {
      return parseAck(await emit.call(timed, event, payload), check);
    } catch {
      return { ok: false, error: 'TIMEOUT' };
    }
  }

  async #join(): Promise<void> {
    this.#on.state('connecting');
    const result = await this.#send('workshop.join', {}, (body) => readJoin(body) !== null);
    if (this.#closed || !this.#socket.connected) return;
    if (result.ok) {
      const joined = readJoin(result);
      if (!joined) return;
      // Joined before the listeners hear of it, so that what they send (a queued note) goes at once.
      this.#joined = true;
      this.#on.joined(joined);
      this.#on.state('connected');
      this.#settleWaiters(true);
      void this.#syncClock();
      if (this.#clockTimer) clearInterval(this.#clockTimer);
      this.#clockTimer = setInterval(() => void this.#syncClock(), CLOCK_RESYNC_MS);
    } else if (FATAL_ERRORS.has(result.error)) {
      this.#fail(result.error);
    } else {
      // Transient (TIMEOUT, STORE_UNAVAILABLE, RATE_LIMITED…): reconnect to join again.
      this.#on.error(result.error);
      this.#socket.disconnect();
      this.#retryLater(3000);
    }
  }

  async #syncClock(): Promise<void> {
    const offset = await measureClockOffset(async () => {
      if (this.#closed || !this.#socket.connected) return null;
      const result = await this.#send('clock.sync', {}, (b) => typeof b.serverTime === 'number');
      return result.ok ? (result.serverTime as number) : null;
    });
    if (offset !== null && !this.#closed) this.#on.clockOffset(offset);
  }

  #retryLater(delayMs: number): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (!this.#closed) this.#socket.connect();
    }, delayMs);
  }

  #fail(code: ErrorCode): void {
    if (this.#closed) return;
    this.#on.state('offline');
    this.#on.fatal(code);
    this.destroy();
  }

  #settleWaiters(joined: boolean): void {
    for (const resolve of this.#waiters) resolve(joined);
    this.#waiters.clear();
  }

  /** Resolves true once the workshop is joined, false on close or after ACK_TIMEOUT_MS. */
  #whenJoined(): Promise<boolean> {
    if (this.#joined) return Promise.resolve(true);
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (joined: boolean): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve(joined);
      };
      const timer = setTimeout(() => done(false), ACK_TIMEOUT_MS);
      this.#waiters.add(done);
    });
  }
}
