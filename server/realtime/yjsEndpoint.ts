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
/** y-websocket clients reconnect after 30 s without a message: a heartbeat keeps quiet boards open. */
const HEARTBEAT_MS = 10_000;
/** An awareness update with no entries: a heartbeat that relays nobody's presence. */
const EMPTY_AWARENESS_MESSAGE = (() => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, new Uint8Array([0]));
  return encoding.toUint8Array(encoder);
})();

/**
 * While the store is unreachable, a session this node checked successfully within this time may
 * still open a board the node holds in memory (read-only), so a reader who reloads keeps the board.
 */
const OFFLINE_AUTH_MS = 10 * 60_000;
/** Sessions remembered for that, at most (the oldest are forgotten first). */
const OFFLINE_AUTH_MAX = 10_000;

type CloseReason = (typeof YJS_CLOSE)[keyof typeof YJS_CLOSE];

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
  /** Open connections and the link each one's session was made through. */
  readonly #connections = new Map<WebSocket, string>();
  /** The workshop each open connection reads. */
  readonly #workshopOf = new Map<WebSocket, string>();
  readonly #heartbeat: NodeJS.Timeout;
  /** Token hash → the session's last successful check on this node (see OFFLINE_AUTH_MS). */
  readonly #checked = new Map<string, { principal: Principal; at: number }>();

  constructor(registry: DocumentRegistry, workshops: WorkshopStore, log: Logger) {
    this.#registry = registry;
    this.#workshops = workshops;
    this.#log = log.child({ module: 'yjs' });
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      handleProtocols: (protocols) => (protocols.has(YJS_SUBPROTOCOL) ? YJS_SUBPROTOCOL : false),
    });
    this.#heartbeat = setInterval(() => {
      for (const ws of this.#connections.keys()) if (ws.readyState === ws.OPEN) ws.send(EMPTY_AWARENESS_MESSAGE);
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
    const workshopId = idSchema.safeParse(pathname?.slice(YJS_PATH.length + 1));
    if (!pathname?.startsWith(`${YJS_PATH}/`) || !workshopId.success) {
      refuseUpgrade(socket, 400, 'Bad Request');
      return true;
    }
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const token = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      // Frames that arrive while the token is checked are kept, up to a bound.
      const early: Uint8Array[] = [];
      const keepEarly = (raw: RawData) => {
        if (early.length >= MAX_QUEUED_FRAMES) ws.close(YJS_CLOSE.BAD_MESSAGE.code, YJS_CLOSE.BAD_MESSAGE.reason);
        else early.push(toUint8Array(raw));
      };
      ws.on('message', keepEarly);
      this.#authenticate(token).then(
        (auth) => {
          ws.off('message', keepEarly);
          if (!auth.ok || auth.principal.workshopId !== workshopId.data) {
            ws.close(YJS_CLOSE.UNAUTHENTICATED.code, auth.ok ? YJS_CLOSE.UNAUTHENTICATED.reason : auth.error);
            return;
          }
          this.#accept(ws, workshopId.data, auth.principal.linkId, early);
        },
        (err: unknown) => {
          this.#log.error({ err }, 'yjs authentication failed');
          ws.close(YJS_CLOSE.GOING_AWAY.code, 'STORE_UNAVAILABLE');
        },
      );
    });
    return true;
  }

  /** The store's answer; when the store cannot answer, this node's recent answer for the same token. */
  async #authenticate(token: string | undefined): Promise<AuthResult> {
    const key = token ? hashSecret(token) : null;
    try {
      const result = await authenticateToken(this.#workshops, token);
      if (key) this.#checked.delete(key);
      if (key && result.ok) {
        this.#checked.set(key, { principal: result.principal, at: Date.now() });
        if (this.#checked.size > OFFLINE_AUTH_MAX) this.#checked.delete(this.#checked.keys().next().value!);
      }
      return result;
    } catch (err) {
      const known = key ? this.#checked.get(key) : undefined;
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
    for (const [ws, link] of this.#connections) {
      if (link === linkId) ws.close(YJS_CLOSE.UNAUTHENTICATED.code, 'LINK_REVOKED');
    }
  }

  /** Closes every connection to a deleted workshop with WORKSHOP_DELETED and forgets its recent sessions. */
  closeWorkshop(workshopId: string): void {
    for (const [key, known] of this.#checked) if (known.principal.workshopId === workshopId) this.#checked.delete(key);
    for (const [ws, id] of this.#workshopOf) {
      if (id === workshopId) ws.close(YJS_CLOSE.WORKSHOP_DELETED.code, YJS_CLOSE.WORKSHOP_DELETED.reason);
    }
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const ws of this.#connections.keys()) ws.close(YJS_CLOSE.GOING_AWAY.code, YJS_CLOSE.GOING_AWAY.reason);
    this.#wss.close();
  }

  #accept(ws: WebSocket, boardId: string, linkId: string, early: Uint8Array[]): void {
    if (ws.readyState !== ws.OPEN) return;
    this.#connections.set(ws, linkId);
    this.#workshopOf.set(ws, boardId);
    const queued: Uint8Array[] = [...early];
    let board: LoadedDocument | null = null;
    let unsubscribe: (() => void) | null = null;
    let closed = false;

    const close = (reason: CloseReason) => {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(reason.code, reason.reason);
    };

    const handle = (data: Uint8Array) => {
      if (!board) return;
      try {
        const reply = this.#handleMessage(board, data);
        if (reply === 'ignore') return;
        if ('code' in reply) {
          this.#log.info({ boardId, reason: reply.reason }, 'closing yjs connection');
          close(reply);
        } else ws.send(reply);
      } catch (err) {
        this.#log.warn({ boardId, err }, 'undecodable yjs frame');
        close(YJS_CLOSE.BAD_MESSAGE);
      }
    };

    ws.on('message', (raw: RawData) => {
      const data = toUint8Array(raw);
      if (board) return handle(data);
      if (queued.length >= MAX_QUEUED_FRAMES) return close(YJS_CLOSE.BAD_MESSAGE);
      queued.push(data);
    });
    ws.on('error', (err) => this.#log.debug({ err, boardId }, 'yjs socket error'));
    ws.on('close', () => {
      closed = true;
      this.#connections.delete(ws);
      this.#workshopOf.delete(ws);
      unsubscribe?.();
      if (board) this.#registry.release(board);
    });

    this.#registry.acquire(boardId).then(
      (loaded) => {
        if (!loaded) return close(YJS_CLOSE.BOARD_NOT_FOUND);
        if (closed) return this.#registry.release(loaded);
        board = loaded;
        unsubscribe = loaded.onDurableUpdate((update) => {
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          syncProtocol.writeUpdate(encoder, update);
          ws.send(encoding.toUint8Array(encoder));
        });
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(encoder, loaded.doc);
        ws.send(encoding.toUint8Array(encoder));
        for (const data of queued.splice(0)) handle(data);
      },
      (err: unknown) => {
        this.#log.error({ err, boardId }, 'board load failed');
        close(YJS_CLOSE.GOING_AWAY);
      },
    );
  }

  /** What to answer to one client frame: bytes to send, a close reason, or nothing. */
  #handleMessage(board: LoadedDocument, data: Uint8Array): Uint8Array | CloseReason | 'ignore' {
    const decoder = decoding.createDecoder(data);
    const messageType = decoding.readVarUint(decoder);
    switch (messageType) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          const stateVector = decoding.readVarUint8Array(decoder);
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
          encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(board.doc, stateVector));
          return encoding.toUint8Array(encoder);
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

function toUint8Array(raw: RawData): Uint8Array {
  if (Array.isArray(raw)) return new Uint8Array(Buffer.concat(raw));
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}
