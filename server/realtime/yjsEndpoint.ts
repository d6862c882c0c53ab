import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { YJS_CLOSE, YJS_PATH } from '../../shared/protocol/index.ts';
import { idSchema } from '../../shared/protocol/schemas.ts';
import { authenticateToken, type AuthResult } from '../auth/authenticate.ts';
import type { Principal } from '../auth/Principal.ts';
import { hashSecret } from '../auth/secrets.ts';
import { decodedRequestPath, refuseUpgrade } from '../http/requestPath.ts';
import type { DocumentRegistry, LoadedDocument } from '../documents/DocumentRegistry.ts';
import type { Logger } from '../logger.ts';
import type { WorkshopStore } from '../storage/WorkshopStore.ts';
import { TokenBucket } from './rateLimiter.ts';
import type { BreakoutReadAccess } from '../breakouts/breakoutReadAccess.ts';
import { GROUP_ID_PATTERN } from '../../shared/breakouts/types.ts';
import { syncStep2Answer } from './syncAnswers.ts';
import { binaryFrame, writeFrame } from './frameOnce.ts';

/** The WebSocket subprotocol every client asks for; the token rides as a second one (`ib.token.<token>`). */
export const YJS_SUBPROTOCOL = 'ib.v1';
const TOKEN_PROTOCOL_PREFIX = 'ib.token.';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/** Largest frame a client may send (a sync step 2 carries its whole delete set). */
const MAX_FRAME_BYTES = 2 * 1024 * 1024;
/** Frames a client may send before its board has loaded. */
const MAX_QUEUED_FRAMES = 16;
/** Bytes of those frames, together: an unauthenticated client may not make the server hold more. */
const MAX_QUEUED_BYTES = 256 * 1024;
/** y-websocket clients reconnect after 30 s without a message: a heartbeat keeps quiet boards open. */
const HEARTBEAT_MS = 10_000;
/** An awareness update with no entries: a heartbeat that relays nobody's presence. */
const EMPTY_AWARENESS_MESSAGE = (() => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, new Uint8Array([0]));
  return encoding.toUint8Array(encoder);
})();
const EMPTY_AWARENESS_FRAME = binaryFrame(EMPTY_AWARENESS_MESSAGE);

/**
 * While the store is unreachable, a session this node checked successfully within this time may
 * still open a board the node holds in memory (read-only), so a reader who reloads keeps the board.
 */
const OFFLINE_AUTH_MS = 10 * 60_000;
/** Sessions remembered for that, at most (the oldest are forgotten first). */
const OFFLINE_AUTH_MAX = 10_000;

/** After a slow reader is told to close, the socket is destroyed this long later if it still has not read. */
const SLOW_READER_GRACE_MS = 5_000;

type CloseReason = (typeof YJS_CLOSE)[keyof typeof YJS_CLOSE];

/** What one connection may cost the server. */
export interface YjsConnectionLimits {
  /** Bytes queued for one connection (unread by its client) past which it is closed as a slow reader. */
  maxBufferedBytes: number;
  /** Frames one connection may send per second (bursts of twice that); past it the connection is closed. */
  framesPerSecond: number;
}

export const DEFAULT_YJS_LIMITS: YjsConnectionLimits = { maxBufferedBytes: 4 * 1024 * 1024, framesPerSecond: 20 };

/** One durable update as a y-websocket message, encoded once for every connection that shows it. */
const updateMessages = new WeakMap<Uint8Array, Uint8Array>();
function updateMessage(update: Uint8Array): Uint8Array {
  let message = updateMessages.get(update);
  if (!message) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    message = encoding.toUint8Array(encoder);
    updateMessages.set(update, message);
  }
  return message;
}

/** Several durable updates of one document, pending in the same event-loop turn, as one message. */
function mergedUpdateMessage(updates: Uint8Array[]): Uint8Array {
  if (updates.length === 1) return updateMessage(updates[0]!);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, Y.mergeUpdates(updates));
  return encoding.toUint8Array(encoder);
}

/**
 * The connections of one loaded board on this node and the durable updates waiting to go to them:
 * one listener per board (not per connection), each update encoded once, and the updates of one
 * event-loop turn sent together as one frame per connection.
 */
class BoardPeers {
  readonly connections = new Set<YjsConnection>();
  pending: Uint8Array[] = [];
  scheduled = false;
  unsubscribe: () => void = () => undefined;
}

/** Session checks and connection limits the endpoint asks before it accepts a socket (see connectionLimiter.ts). */
export interface YjsGate {
  authenticate(token: string | undefined): Promise<AuthResult>;
  /** A release function when the connection may open, null when a limit refuses it. */
  admit(principal: Principal, request: IncomingMessage): Promise<(() => void) | null>;
}

/**
 * True when `update` holds structs the document lacks. Compares the update's per-client clock
 * ranges with the document's state vector; never the update's size, which always includes the
 * sender's whole delete set.
 */
export function updateHasContentDocLacks(doc: Y.Doc, update: Uint8Array): boolean {
  const { to } = Y.parseUpdateMeta(update);
  const known = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of to) {
    if (clock > (known.get(client) ?? 0)) return true;
  }
  return false;
}

/**
 * The server side of the y-websocket protocol, read-only for clients: it answers sync requests
 * and sends the board's durable updates, and never applies anything a client sends.
 */
export class YjsEndpoint {
  readonly #wss: WebSocketServer;
  readonly #registry: DocumentRegistry;
  readonly #log: Logger;
  readonly #workshops: WorkshopStore;
  /** Open connections (the link, workshop and session of each are on the connection). */
  readonly #connections = new Map<WebSocket, YjsConnection>();
  /** Connections of each loaded board, for fan-out. */
  readonly #peers = new Map<LoadedDocument, BoardPeers>();
  readonly #heartbeat: NodeJS.Timeout;
  /** Token hash → the session's last successful check on this node (see OFFLINE_AUTH_MS). */
  readonly #checked = new Map<string, { principal: Principal; at: number }>();
  readonly #limits: YjsConnectionLimits;
  /** Connections this endpoint closed, by reason (for metrics and tests). */
  readonly closures: Partial<Record<CloseReason['reason'], number>> = {};

  readonly #gate: YjsGate | undefined;
  readonly #onSocketError = (err: Error) => this.#log.debug({ error: err.message }, 'yjs socket error');
  readonly #breakouts: BreakoutReadAccess | undefined;

  constructor(
    registry: DocumentRegistry,
    workshops: WorkshopStore,
    log: Logger,
    options: { limits?: YjsConnectionLimits; gate?: YjsGate; breakouts?: BreakoutReadAccess } = {},
  ) {
    this.#gate = options.gate;
    this.#breakouts = options.breakouts;
    const limits = options.limits ?? DEFAULT_YJS_LIMITS;
    this.#registry = registry;
    this.#workshops = workshops;
    this.#limits = limits;
    this.#log = log.child({ module: 'yjs' });
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      // The endpoint keeps its own map of connections: ws's set (and its per-socket close listener) would be a second.
      clientTracking: false,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(YJS_SUBPROTOCOL) ? YJS_SUBPROTOCOL : false),
    });
    this.#heartbeat = setInterval(() => {
      for (const ws of this.#connections.keys()) {
        if (ws.readyState === ws.OPEN && ws.bufferedAmount === 0 && !writeFrame(ws, EMPTY_AWARENESS_FRAME)) ws.send(EMPTY_AWARENESS_MESSAGE);
      }
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /**
   * Takes the upgrade when the path is `/yjs/<workshopId>`; returns false to let others handle it.
   * The session token travels in `Sec-WebSocket-Protocol`, never in the URL (which proxies log).
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (!request.url?.startsWith(`${YJS_PATH}/`)) return false;
    const pathname = decodedRequestPath(request.url);
    // `/yjs/<workshopId>` (the plenary) or `/yjs/<workshopId>/<groupId>` (a breakout group's board).
    const [workshopPart, groupId, ...rest] = (pathname?.slice(YJS_PATH.length + 1) ?? '').split('/');
    const workshopId = idSchema.safeParse(workshopPart);
    if (!pathname?.startsWith(`${YJS_PATH}/`) || !workshopId.success || rest.length > 0 || (groupId !== undefined && !GROUP_ID_PATTERN.test(groupId))) {
      refuseUpgrade(socket, 400, 'Bad Request');
      return true;
    }
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const token = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      this.#open(ws, token, workshopId.data, groupId, request).catch((err: unknown) => {
        this.#log.error({ err, workshopId: workshopId.data }, 'yjs connection setup failed');
        ws.terminate();
      });
    });
    return true;
  }

  /**
   * Checks the session and the limits, then accepts the socket. Nothing made here that lives as long
   * as the connection refers to the upgrade request (its headers carry the token): the closures kept
   * are made by `releasing` and `closer` below, which see only what they are given.
   */
  async #open(ws: WebSocket, token: string | undefined, workshopId: string, groupId: string | undefined, request: IncomingMessage): Promise<void> {
    // A protocol violation (bad opcode, unmasked frame, oversized frame) is emitted as 'error': unheard, it would stop the process.
    ws.on('error', this.#onSocketError);
    // Frames that arrive while the token is checked are kept, up to a bound.
    const early: Uint8Array[] = [];
    const keepEarly = (raw: RawData) => {
      const frame = toUint8Array(raw);
      if (early.length >= MAX_QUEUED_FRAMES || queuedBytes(early) + frame.byteLength > MAX_QUEUED_BYTES) {
        ws.close(YJS_CLOSE.BAD_MESSAGE.code, YJS_CLOSE.BAD_MESSAGE.reason);
      } else early.push(frame);
    };
    ws.on('message', keepEarly);
    let auth: AuthResult;
    try {
      auth = await this.#authenticate(token);
    } catch (err) {
      this.#log.error({ err }, 'yjs authentication failed');
      ws.close(YJS_CLOSE.GOING_AWAY.code, 'STORE_UNAVAILABLE');
      return;
    }
    if (!auth.ok || auth.principal.workshopId !== workshopId) {
      ws.off('message', keepEarly);
      ws.close(YJS_CLOSE.UNAUTHENTICATED.code, auth.ok ? YJS_CLOSE.UNAUTHENTICATED.reason : auth.error);
      return;
    }
    const { principal } = auth;
    const release = this.#gate ? await this.#gate.admit(principal, request) : () => undefined;
    ws.off('message', keepEarly);
    if (!release) return ws.close(YJS_CLOSE.TOO_MANY_CONNECTIONS.code, YJS_CLOSE.TOO_MANY_CONNECTIONS.reason);
    if (ws.readyState !== ws.OPEN) return release();
    const grant = groupId === undefined ? null : await this.#breakouts?.open(principal, groupId);
    if (groupId !== undefined && !grant) {
      release();
      return ws.close(YJS_CLOSE.BREAKOUT_FORBIDDEN.code, YJS_CLOSE.BREAKOUT_FORBIDDEN.reason);
    }
    if (ws.readyState !== ws.OPEN) {
      release();
      return grant?.watch(() => undefined)();
    }
    const stopWatching = grant?.watch(closer(ws, YJS_CLOSE.BREAKOUT_FORBIDDEN));
    // A group's board is read through its own document; deleting the workshop closes it too. The ids
    // are the principal's strings (kept for offline checks anyway), not copies cut from the URL.
    this.#accept(ws, grant?.docId ?? principal.workshopId, principal.workshopId, principal, releasing(release, stopWatching), early);
  }

  /** The store's answer; when the store cannot answer, this node's recent answer for the same token. */
  async #authenticate(token: string | undefined): Promise<AuthResult> {
    try {
      const result = this.#gate ? await this.#gate.authenticate(token) : await authenticateToken(this.#workshops, token);
      // The session's hash is the key: the principal's own string when there is one (no second copy, no second hash).
      const key = result.ok ? result.principal.tokenHash : token ? hashSecret(token) : null;
      if (key) this.#checked.delete(key);
      if (key && result.ok) {
        this.#checked.set(key, { principal: result.principal, at: Date.now() });
        if (this.#checked.size > OFFLINE_AUTH_MAX) this.#checked.delete(this.#checked.keys().next().value!);
      }
      return result;
    } catch (err) {
      const known = token ? this.#checked.get(hashSecret(token)) : undefined;
      if (known && Date.now() - known.at < OFFLINE_AUTH_MS) {
        this.#log.warn({ err, workshopId: known.principal.workshopId }, 'store unreachable: yjs session accepted from this node\'s last check');
        return { ok: true, principal: known.principal };
      }
      throw err;
    }
  }

  /** Closes every connection whose session was made through `linkId` (the link was revoked). */
  closeLink(linkId: string): void {
    for (const [key, known] of this.#checked) if (known.principal.linkId === linkId) this.#checked.delete(key);
    for (const [ws, connection] of this.#connections) {
      if (connection.linkId === linkId) ws.close(YJS_CLOSE.UNAUTHENTICATED.code, 'LINK_REVOKED');
    }
  }

  /** Closes every connection of one session (ended by a facilitator, merged or expired). */
  closeSession(tokenHash: string, reason: string): void {
    for (const [key, known] of this.#checked) if (known.principal.tokenHash === tokenHash) this.#checked.delete(key);
    for (const [ws, connection] of this.#connections) if (connection.tokenHash === tokenHash) ws.close(YJS_CLOSE.UNAUTHENTICATED.code, reason);
  }

  /** Token hashes of the sessions with an open connection here. */
  openSessions(): Set<string> {
    return new Set([...this.#connections.values()].map((connection) => connection.tokenHash));
  }

  /** Closes every connection to a deleted workshop with WORKSHOP_DELETED and forgets its recent sessions. */
  closeWorkshop(workshopId: string): void {
    for (const [key, known] of this.#checked) if (known.principal.workshopId === workshopId) this.#checked.delete(key);
    for (const [ws, connection] of this.#connections) {
      if (connection.workshopId === workshopId) ws.close(YJS_CLOSE.WORKSHOP_DELETED.code, YJS_CLOSE.WORKSHOP_DELETED.reason);
    }
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Bytes queued for every open connection together, not yet taken by their clients. */
  get bufferedBytes(): number {
    let total = 0;
    for (const ws of this.#connections.keys()) total += ws.bufferedAmount;
    return total;
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const ws of this.#connections.keys()) ws.close(YJS_CLOSE.GOING_AWAY.code, YJS_CLOSE.GOING_AWAY.reason);
    this.#wss.close();
  }

  #accept(ws: WebSocket, boardId: string, workshopId: string, principal: Principal, release: () => void, early: Uint8Array[]): void {
    if (ws.readyState !== ws.OPEN) return release();
    const connection = new YjsConnection(this, ws, boardId, workshopId, principal, release, early);
    this.#connections.set(ws, connection);
    connectionOf.set(ws, connection);
    ws.on('message', onConnectionMessage);
    ws.on('close', onConnectionClose);

    this.#registry.acquire(boardId).then(
      (loaded) => {
        if (!loaded) return connection.close(YJS_CLOSE.BOARD_NOT_FOUND);
        if (connection.closed) return this.#registry.release(loaded);
        connection.board = loaded;
        this.#join(connection, loaded);
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(encoder, loaded.doc);
        connection.send(encoding.toUint8Array(encoder));
        for (const data of connection.takeQueued()) connection.handle(data);
      },
      (err: unknown) => {
        this.#log.error({ err, boardId }, 'board load failed');
        connection.close(YJS_CLOSE.GOING_AWAY);
      },
    ).catch((err: unknown) => {
      this.#log.error({ err, boardId }, 'yjs connection setup failed');
      connection.close(YJS_CLOSE.GOING_AWAY);
    });
  }

  /** @internal Called by a connection once its socket closed. */
  connectionClosed(connection: YjsConnection): void {
    this.#connections.delete(connection.ws);
    connection.release();
    const board = connection.board;
    if (!board) return;
    const peers = this.#peers.get(board);
    if (peers) {
      peers.connections.delete(connection);
      if (peers.connections.size === 0) {
        peers.unsubscribe();
        this.#peers.delete(board);
      }
    }
    this.#registry.release(board);
  }

  #join(connection: YjsConnection, board: LoadedDocument): void {
    let peers = this.#peers.get(board);
    if (!peers) {
      const created = new BoardPeers();
      created.unsubscribe = board.onDurableUpdate((update) => this.#queue(created, update));
      this.#peers.set(board, created);
      peers = created;
    }
    peers.connections.add(connection);
  }

  #queue(peers: BoardPeers, update: Uint8Array): void {
    peers.pending.push(update);
    if (peers.scheduled) return;
    peers.scheduled = true;
    setImmediate(() => this.#flush(peers));
  }

  #flush(peers: BoardPeers): void {
    peers.scheduled = false;
    const updates = peers.pending;
    peers.pending = [];
    if (updates.length === 0 || peers.connections.size === 0) return;
    const message = mergedUpdateMessage(updates);
    // Framed once: every connection is written the same bytes.
    const frame = binaryFrame(message);
    for (const connection of peers.connections) {
      try {
        connection.sendFrame(frame, message);
      } catch (err) {
        this.#log.warn({ boardId: connection.boardId, error: err instanceof Error ? err.message : String(err) }, 'yjs update not sent');
        connection.close(YJS_CLOSE.GOING_AWAY);
      }
    }
  }

  /** @internal */
  get log(): Logger {
    return this.#log;
  }

  /** @internal */
  get limits(): YjsConnectionLimits {
    return this.#limits;
  }

  /** @internal */
  countClosure(reason: CloseReason): void {
    this.closures[reason.reason] = (this.closures[reason.reason] ?? 0) + 1;
  }

  /** What to answer to one client frame: bytes to send, a close reason, or nothing. Throws on an undecodable frame. */
  handleMessage(board: LoadedDocument, data: Uint8Array): Uint8Array | CloseReason | 'ignore' {
    const decoder = decoding.createDecoder(data);
    const messageType = decoding.readVarUint(decoder);
    switch (messageType) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          return syncStep2Answer(board.doc, decoding.readVarUint8Array(decoder));
        }
        if (syncType === syncProtocol.messageYjsSyncStep2) {
          const update = decoding.readVarUint8Array(decoder);
          // Never applied. A replica ahead of the server (after lost or restored data) is told to reset.
          return updateHasContentDocLacks(board.doc, update) ? YJS_CLOSE.REPLICA_RESET : 'ignore';
        }
        if (syncType === syncProtocol.messageYjsUpdate) return YJS_CLOSE.CLIENT_WRITE_FORBIDDEN;
        return YJS_CLOSE.BAD_MESSAGE;
      }
      case MESSAGE_AWARENESS:
      case MESSAGE_QUERY_AWARENESS:
        // Presence goes through Socket.IO; client awareness is dropped, never relayed.
        return 'ignore';
      default:
        return YJS_CLOSE.BAD_MESSAGE;
    }
  }
}

const connectionOf = new WeakMap<WebSocket, YjsConnection>();

/** Shared by every connection (`this` is the socket): a connection holds no listener closures of its own. */
function onConnectionMessage(this: WebSocket, raw: RawData): void {
  connectionOf.get(this)?.onMessage(raw);
}

function onConnectionClose(this: WebSocket): void {
  connectionOf.get(this)?.onClose();
}

/** One client's Yjs socket: what it may send, what it was sent, and its board once loaded. */
class YjsConnection {
  readonly endpoint: YjsEndpoint;
  readonly ws: WebSocket;
  /** The document this connection reads: the plenary's, or a breakout group's. */
  readonly boardId: string;
  /** The workshop (the plenary document's id). */
  readonly workshopId: string;
  readonly linkId: string;
  readonly tokenHash: string;
  readonly release: () => void;
  /** Frames received before the board loaded (afterwards a shared empty list). */
  queued: Uint8Array[];
  readonly frames: TokenBucket;
  board: LoadedDocument | null = null;
  closed = false;
  /** Set once this connection is being closed: later frames are neither handled nor logged. */
  closing = false;
  /** The sync answer queued and not yet written to the socket: the same request again is not queued twice. */
  pendingAnswer: Uint8Array | null = null;

  constructor(endpoint: YjsEndpoint, ws: WebSocket, boardId: string, workshopId: string, principal: Principal, release: () => void, early: Uint8Array[]) {
    this.endpoint = endpoint;
    this.ws = ws;
    this.boardId = boardId;
    this.workshopId = workshopId;
    this.linkId = principal.linkId;
    this.tokenHash = principal.tokenHash;
    this.release = release;
    this.queued = early;
    this.frames = new TokenBucket(endpoint.limits.framesPerSecond);
  }

  /** The frames received before the board loaded; the connection keeps no list of its own afterwards. */
  takeQueued(): Uint8Array[] {
    const queued = this.queued;
    this.queued = NO_FRAMES;
    return queued;
  }

  close(reason: CloseReason): void {
    if (this.closing) return;
    this.closing = true;
    this.endpoint.countClosure(reason);
    const ws = this.ws;
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(reason.code, reason.reason);
  }

  /** Sends unless the client has left too much unread; then closes it rather than queue without bound. */
  send(data: Uint8Array, onWritten?: () => void): void {
    if (this.mayQueue(data.byteLength)) this.ws.send(data, onWritten);
  }

  /** Sends `message` as `frame` (built once by `binaryFrame` for every connection of the board), with the same bound as `send`. */
  sendFrame(frame: Buffer, message: Uint8Array): void {
    if (this.mayQueue(frame.byteLength) && !writeFrame(this.ws, frame)) this.ws.send(message);
  }

  /** True when `bytes` more may be queued; false when closing, or when the client left too much unread (it is then closed). */
  mayQueue(bytes: number): boolean {
    const ws = this.ws;
    if (this.closing || ws.readyState !== ws.OPEN) return false;
    const buffered = ws.bufferedAmount;
    if (buffered > 0 && buffered + bytes > this.endpoint.limits.maxBufferedBytes) {
      this.endpoint.log.warn({ boardId: this.boardId, bufferedBytes: buffered }, 'closing yjs connection: the client does not read');
      this.close(YJS_CLOSE.SLOW_READER);
      // Its close frame waits behind what it did not read: a reader that never reads is cut off.
      setTimeout(() => ws.terminate(), SLOW_READER_GRACE_MS).unref();
      return false;
    }
    return true;
  }

  handle(data: Uint8Array): void {
    const board = this.board;
    if (!board || this.closing) return;
    if (!this.frames.tryTake()) {
      this.endpoint.log.warn({ boardId: this.boardId }, 'closing yjs connection: too many frames');
      return this.close(YJS_CLOSE.RATE_LIMITED);
    }
    let reply: Uint8Array | CloseReason | 'ignore';
    try {
      reply = this.endpoint.handleMessage(board, data);
    } catch (err) {
      // Once per connection: the connection closes on its first bad frame. No stack: the input is the fault.
      this.endpoint.log.warn({ boardId: this.boardId, error: err instanceof Error ? err.message : String(err) }, 'undecodable yjs frame');
      return this.close(YJS_CLOSE.BAD_MESSAGE);
    }
    if (reply === 'ignore') return;
    if ('code' in reply) {
      this.endpoint.log.info({ boardId: this.boardId, reason: reply.reason }, 'closing yjs connection');
      return this.close(reply);
    }
    if (reply === this.pendingAnswer) return;
    this.pendingAnswer = reply;
    this.send(reply, () => {
      if (this.pendingAnswer === reply) this.pendingAnswer = null;
    });
  }

  onMessage(raw: RawData): void {
    if (this.closing) return;
    const data = toUint8Array(raw);
    if (this.board) return this.handle(data);
    if (this.queued.length >= MAX_QUEUED_FRAMES || queuedBytes(this.queued) + data.byteLength > MAX_QUEUED_BYTES) return this.close(YJS_CLOSE.BAD_MESSAGE);
    this.queued.push(data);
  }

  onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.closing = true;
    this.endpoint.connectionClosed(this);
  }
}

/** The queue of every connection whose board has loaded (never pushed to: frames then go straight to `handle`). */
const NO_FRAMES: Uint8Array[] = [];

/** One release for a connection's limit lease and its breakout watch, closing over nothing else. */
function releasing(release: () => void, stopWatching: (() => void) | undefined): () => void {
  if (!stopWatching) return release;
  return () => {
    release();
    stopWatching();
  };
}

/** Closes `ws` with `reason`, closing over nothing else. */
function closer(ws: WebSocket, reason: CloseReason): () => void {
  return () => ws.close(reason.code, reason.reason);
}

function queuedBytes(frames: readonly Uint8Array[]): number {
  let total = 0;
  for (const frame of frames) total += frame.byteLength;
  return total;
}

function toUint8Array(raw: RawData): Uint8Array {
  if (Array.isArray(raw)) return new Uint8Array(Buffer.concat(raw));
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}
