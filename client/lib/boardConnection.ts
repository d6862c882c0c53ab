import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { isErrorCode, type ErrorCode } from '../../shared/protocol/errors.ts';
import type {
  ClientToServerEvents,
  CommandResult,
  JoinResult,
  PresenceUpdate,
  ServerToClientEvents,
} from '../../shared/protocol/events.ts';
import type { AddNotePayload, DeleteNotePayload, EditNotePayload, HandshakeInput } from '../../shared/protocol/schemas.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { Identity } from './identity.ts';
import type { ChannelState } from './boardReplica.ts';
import { parseAck, readEmpty, readJoin, readNoteId } from './ackResult.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type TimedSocket = ReturnType<ClientSocket['timeout']>;

/** How long a command waits for its ack (and for the board to be joined) before TIMEOUT. */
export const ACK_TIMEOUT_MS = 8000;

/** Errors after which the socket stops trying: reconnecting would be refused again. */
const FATAL_JOIN_ERRORS: ReadonlySet<ErrorCode> = new Set(['BOARD_NOT_FOUND', 'PROTOCOL_MISMATCH', 'UNAUTHENTICATED']);

export interface ConnectionEvents {
  state: (state: ChannelState) => void;
  joined: (result: JoinResult) => void;
  presence: (update: PresenceUpdate) => void;
  /** A refusal that retrying cannot fix; the connection is closed. */
  fatal: (code: ErrorCode) => void;
  /** A non-fatal failure worth telling the person about. */
  error: (code: ErrorCode) => void;
}

/**
 * The Socket.IO side of a board: handshake, (re)joining the board on every connect, presence,
 * and commands with acks. Commands sent before the board is joined wait for the join.
 */
export class BoardConnection {
  readonly #boardId: string;
  readonly #on: ConnectionEvents;
  readonly #socket: ClientSocket;
  #joined = false;
  #closed = false;
  #waiters = new Set<(joined: boolean) => void>();
  #retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(boardId: string, identity: Identity, language: Language, on: ConnectionEvents) {
    this.#boardId = boardId;
    this.#on = on;
    const auth: HandshakeInput = {
      protocolVersion: PROTOCOL_VERSION,
      participantId: identity.participantId,
      displayName: identity.displayName,
      administration: identity.administration,
      language,
    };
    this.#socket = io({ auth, autoConnect: false });
    this.#socket.on('connect', () => void this.#join());
    this.#socket.on('disconnect', (reason) => {
      this.#joined = false;
      if (this.#closed) return;
      this.#on.state('offline');
      // The server let go of us on purpose (e.g. a restart): come back after a pause.
      if (reason === 'io server disconnect') {
        this.#retryTimer = setTimeout(() => this.#socket.connect(), 2000 + Math.random() * 3000);
      }
    });
    this.#socket.on('connect_error', (err) => {
      if (this.#closed) return;
      this.#on.state('offline');
      if (!this.#socket.active) this.#fail(isErrorCode(err.message) ? err.message : 'INTERNAL');
    });
    this.#socket.on('presence.update', (update) => {
      if (update.boardId === this.#boardId && Number.isFinite(update.count) && Array.isArray(update.people)) {
        this.#on.presence(update);
      }
    });
  }

  start(): void {
    this.#socket.connect();
  }

  /** The language sent with the next handshake (a reconnect), so server-side messages follow it. */
  setLanguage(language: Language): void {
    const auth = this.#socket.auth;
    if (typeof auth === 'object') this.#socket.auth = { ...auth, language };
  }

  destroy(): void {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#settleWaiters(false);
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }

  addNote(payload: AddNotePayload): Promise<CommandResult<{ noteId: string }>> {
    return this.#command((s) => s.emitWithAck('note.add', payload), readNoteId);
  }

  editNote(payload: EditNotePayload): Promise<CommandResult> {
    return this.#command((s) => s.emitWithAck('note.edit', payload), readEmpty);
  }

  deleteNote(payload: DeleteNotePayload): Promise<CommandResult> {
    return this.#command((s) => s.emitWithAck('note.delete', payload), readEmpty);
  }

  async #join(): Promise<void> {
    this.#on.state('connecting');
    const result = await this.#send((s) => s.emitWithAck('board.join', { boardId: this.#boardId }), readJoin);
    if (this.#closed || !this.#socket.connected) return;
    if (result.ok) {
      this.#on.joined({ title: result.title, ownNoteIds: result.ownNoteIds });
      this.#on.state('connected');
      this.#joined = true;
      this.#settleWaiters(true);
    } else if (FATAL_JOIN_ERRORS.has(result.error)) {
      this.#fail(result.error);
    } else {
      // Transient (TIMEOUT, STORE_UNAVAILABLE, RATE_LIMITED…): reconnect to join again.
      this.#on.error(result.error);
      this.#socket.disconnect();
      this.#retryTimer = setTimeout(() => this.#socket.connect(), 3000);
    }
  }

  #fail(code: ErrorCode): void {
    this.#on.state('offline');
    this.#on.fatal(code);
    this.destroy();
  }

  #settleWaiters(joined: boolean): void {
    for (const resolve of this.#waiters) resolve(joined);
    this.#waiters.clear();
  }

  /** Resolves true once the board is joined, false on close or after ACK_TIMEOUT_MS. */
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

  async #command<T extends object>(
    emit: (socket: TimedSocket) => Promise<unknown>,
    read: (body: Record<string, unknown>) => T | null,
  ): Promise<CommandResult<T>> {
    if (!(await this.#whenJoined())) return { ok: false, error: 'TIMEOUT' };
    return this.#send(emit, read);
  }

  async #send<T extends object>(
    emit: (socket: TimedSocket) => Promise<unknown>,
    read: (body: Record<string, unknown>) => T | null,
  ): Promise<CommandResult<T>> {
    try {
      return parseAck(await emit(this.#socket.timeout(ACK_TIMEOUT_MS)), read);
    } catch {
      return { ok: false, error: 'TIMEOUT' };
    }
  }
}
