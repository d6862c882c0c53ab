import { io, type Socket } from 'socket.io-client';
import { WebSocket as WsWebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  PROTOCOL_VERSION,
  YJS_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/protocol/index.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type Events = ClientToServerEvents;
type PayloadOf<E extends keyof Events> = Parameters<Events[E]>[0];
export type ResultOf<E extends keyof Events> = Parameters<Parameters<Events[E]>[1]>[0];

export interface Client {
  socket: TestSocket;
  /** Every Socket.IO event this client received, in order, as [event, payload]. */
  received: Array<[string, unknown]>;
  send<E extends keyof Events>(event: E, payload: PayloadOf<E>): Promise<ResultOf<E>>;
  /** Sends anything at all, as a crafted client would. */
  sendRaw(event: string, payload: unknown): Promise<unknown>;
  /** Resolves with the next event of that name (or an earlier one matching `where`). */
  next<E extends keyof ServerToClientEvents>(event: E, where?: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean): Promise<Parameters<ServerToClientEvents[E]>[0]>;
  close(): void;
}

/** A real socket.io-client authenticated with a session token (or any auth: crafted clients). */
export async function connectClient(server: { url: string }, token: string | null, authOverride?: unknown): Promise<Client> {
  const auth = authOverride ?? { protocolVersion: PROTOCOL_VERSION, token, language: 'en' };
  const socket: TestSocket = io(server.url, {
    auth: auth as Record<string, unknown>,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const received: Array<[string, unknown]> = [];
  const waiters: Array<{ event: string; where: (p: never) => boolean; resolve: (p: never) => void }> = [];
  socket.onAny((event: string, payload: unknown) => {
    received.push([event, payload]);
    for (const w of [...waiters]) {
      if (w.event === event && w.where(payload as never)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload as never);
      }
    }
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
    received,
    send: (event, payload) => (untyped.timeout(10_000).emitWithAck as (e: string, p: unknown) => Promise<never>)(event, payload),
    sendRaw: (event, payload) => untyped.timeout(10_000).emitWithAck(event, payload),
    next: (event, where = () => true) =>
      new Promise((resolve) => {
        waiters.push({ event, where: where as (p: never) => boolean, resolve: resolve as (p: never) => void });
      }),
    close: () => socket.close(),
  };
}

export interface Replica {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Every raw update message payload received (for leak and anonymity checks). */
  updates: Uint8Array[];
  /** Resolves when `predicate(doc)` holds, checked after every update; rejects after `timeoutMs`. */
  waitFor(predicate: (doc: Y.Doc) => boolean, timeoutMs?: number): Promise<void>;
  destroy(): void;
}

export function yjsProtocols(token: string): string[] {
  return ['ib.v1', `ib.token.${token}`];
}

/** A real y-websocket provider in Node (no BroadcastChannel), as a read-only replica of a workshop. */
export async function openReplica(server: { url: string }, workshopId: string, token: string, doc = new Y.Doc()): Promise<Replica> {
  const provider = new WebsocketProvider(server.url.replace(/^http/, 'ws') + YJS_PATH, workshopId, doc, {
    WebSocketPolyfill: WsWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    protocols: yjsProtocols(token),
  });
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  await new Promise<void>((resolve, reject) => {
    if (provider.synced) return resolve();
    provider.once('sync', (synced: boolean) => synced && resolve());
    provider.once('connection-close', (event) => {
      if (event && event.code >= 4000) reject(new Error(`closed ${event.code} ${event.reason}`));
    });
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
    updates,
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
export async function openRawYjsClient(server: { url: string }, workshopId: string, token: string | null): Promise<RawYjsClient> {
  const ws = new WsWebSocket(`${server.url.replace(/^http/, 'ws')}${YJS_PATH}/${workshopId}`, token ? yjsProtocols(token) : ['ib.v1']);
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
