import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { WebSocket as WsWebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  PROTOCOL_VERSION,
  YJS_PATH,
  type ClientToServerEvents,
  type HandshakeInput,
  type ServerToClientEvents,
} from '../../shared/protocol/index.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type Events = ClientToServerEvents;
type PayloadOf<E extends keyof Events> = Parameters<Events[E]>[0];
type ResultOf<E extends keyof Events> = Parameters<Parameters<Events[E]>[1]>[0];

export interface Participant {
  socket: TestSocket;
  participantId: string;
  send<E extends keyof Events>(event: E, payload: PayloadOf<E>): Promise<ResultOf<E>>;
  /** Sends anything at all, as a crafted client would. */
  sendRaw(event: string, payload: unknown): Promise<unknown>;
  close(): void;
}

export function newParticipantId(): string {
  return randomBytes(18).toString('base64url');
}

/** A real socket.io-client, connected and authenticated (or rejected: the promise then fails with the code). */
export async function connectParticipant(
  server: { url: string },
  identity: Partial<HandshakeInput> = {},
  authOverride?: unknown,
): Promise<Participant> {
  const participantId = identity.participantId ?? newParticipantId();
  const auth = authOverride ?? {
    protocolVersion: PROTOCOL_VERSION,
    participantId,
    displayName: identity.displayName ?? 'Ana',
    administration: identity.administration ?? 'SENAE',
    language: identity.language ?? 'en',
  };
  const socket: TestSocket = io(server.url, {
    auth: auth as Record<string, unknown>,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  const untyped = socket as unknown as Socket;
  return {
    socket,
    participantId,
    send: (event, payload) =>
      (untyped.timeout(10_000).emitWithAck as (e: string, p: unknown) => Promise<never>)(event, payload),
    sendRaw: (event, payload) => untyped.timeout(10_000).emitWithAck(event, payload),
    close: () => socket.close(),
  };
}

export interface Replica {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves when `predicate(doc)` holds, checked after every update; rejects after `timeoutMs`. */
  waitFor(predicate: (doc: Y.Doc) => boolean, timeoutMs?: number): Promise<void>;
  destroy(): void;
}

/** A real y-websocket provider in Node (no BroadcastChannel), as a read-only replica of a board. */
export async function openReplica(server: { url: string }, boardId: string, doc = new Y.Doc()): Promise<Replica> {
  const provider = new WebsocketProvider(server.url.replace(/^http/, 'ws') + YJS_PATH, boardId, doc, {
    WebSocketPolyfill: WsWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    provider.once('sync', (synced: boolean) => synced && resolve());
  });
  const waitFor = (predicate: (d: Y.Doc) => boolean, timeoutMs = 5_000) =>
    new Promise<void>((resolve, reject) => {
      if (predicate(doc)) return resolve();
      const timer = setTimeout(() => {
        doc.off('update', check);
        reject(new Error('replica did not reach the expected state'));
      }, timeoutMs);
      const check = () => {
        if (!predicate(doc)) return;
        clearTimeout(timer);
        doc.off('update', check);
        resolve();
      };
      doc.on('update', check);
    });
  return {
    doc,
    provider,
    waitFor,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export interface RawYjsClient {
  ws: WsWebSocket;
  received: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  nextMessage(): Promise<Uint8Array>;
}

/** A bare WebSocket speaking the y-websocket protocol by hand, as a crafted client would. */
export async function openRawYjsClient(server: { url: string }, boardId: string): Promise<RawYjsClient> {
  const ws = new WsWebSocket(`${server.url.replace(/^http/, 'ws')}${YJS_PATH}/${boardId}`);
  ws.binaryType = 'nodebuffer';
  const received: Uint8Array[] = [];
  const waiters: Array<(m: Uint8Array) => void> = [];
  ws.on('message', (data: Buffer) => {
    const message = new Uint8Array(data);
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else received.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    received,
    closed,
    nextMessage: () =>
      new Promise((resolve) => {
        const queued = received.shift();
        if (queued) resolve(queued);
        else waiters.push(resolve);
      }),
  };
}
