import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { roots } from '../../shared/board/boardDocument.ts';
import { YJS_PATH } from '../../shared/protocol/version.ts';
import { YJS_CLOSE, isErrorCode, type ErrorCode } from '../../shared/protocol/errors.ts';
import type { IndexeddbPersistence } from 'y-indexeddb';
import { forgetDeviceCopy, openDeviceCopy } from './deviceCopy.ts';
import type { ChannelState } from './workshopConnection.ts';

export type RootName = keyof typeof roots;
export const ROOT_NAMES = Object.keys(roots) as RootName[];

export interface ReplicaEvents {
  /** The document after the first sync (every root) and after each later change (the roots it touched). */
  changed: (doc: Y.Doc, changed: ReadonlySet<RootName>) => void;
  state: (state: ChannelState) => void;
  /** The document cannot be served (it stops trying). */
  fatal: (code: ErrorCode) => void;
  /** After the first sync and every later change, whatever it touched (breakout state lives outside `roots`). */
  anyChange?: (doc: Y.Doc) => void;
}

/** WebSocket subprotocols: the protocol name, and the session token (never in the URL). */
export const YJS_SUBPROTOCOL = 'ib.v1';
const tokenProtocol = (token: string) => `ib.token.${token}`;

/** Close codes after which reconnecting with the same replica is pointless. */
const TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  YJS_CLOSE.REPLICA_RESET.code,
  YJS_CLOSE.CLIENT_WRITE_FORBIDDEN.code,
  YJS_CLOSE.BOARD_NOT_FOUND.code,
  YJS_CLOSE.UNAUTHENTICATED.code,
  YJS_CLOSE.WORKSHOP_DELETED.code,
]);

/** Close codes answered by dropping the replica and syncing a fresh one. */
const RESET_CLOSE_CODES: ReadonlySet<number> = new Set([YJS_CLOSE.REPLICA_RESET.code, YJS_CLOSE.CLIENT_WRITE_FORBIDDEN.code]);

const RESET_DELAY_MAX_MS = 8000;

export function yjsServerUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${YJS_PATH}`;
}

/**
 * A read-only replica of one workshop's Y.Doc, kept in sync over the y-websocket protocol.
 * It never writes to the document: the server is the only writer. When the server says the
 * replica has diverged (REPLICA_RESET) the doc and provider are thrown away and built afresh.
 * The copy kept on this device (deviceCopy.ts) is loaded before the provider exists, so what it
 * holds is shown at once (also offline) and is never sent as an update; after a reset it is deleted.
 */
export class WorkshopReplica {
  readonly #workshopId: string;
  readonly #serverUrl: string;
  readonly #token: string;
  readonly #on: ReplicaEvents;
  #doc: Y.Doc | null = null;
  #provider: WebsocketProvider | null = null;
  #deviceCopy: IndexeddbPersistence | null = null;
  /** The document was shown from the device copy before the server synced it. */
  #shownFromDevice = false;
  #state: ChannelState = 'connecting';
  #resets = 0;
  #resetTimer: ReturnType<typeof setTimeout> | null = null;
  #destroyed = false;

  constructor(workshopId: string, serverUrl: string, token: string, on: ReplicaEvents) {
    this.#workshopId = workshopId;
    this.#serverUrl = serverUrl;
    this.#token = token;
    this.#on = on;
  }

  start(): void {
    if (this.#destroyed || this.#doc) return;
    const doc = new Y.Doc();
    this.#doc = doc;
    this.#shownFromDevice = false;
    void openDeviceCopy(this.#workshopId, doc).then((copy) => {
      if (this.#doc !== doc) {
        void copy?.destroy();
        return;
      }
      this.#deviceCopy = copy;
      if (doc.store.clients.size > 0) {
        this.#shownFromDevice = true;
        this.#on.changed(doc, new Set(ROOT_NAMES));
      }
      this.#connect(doc);
    });
  }

  #connect(doc: Y.Doc): void {
    const provider = new WebsocketProvider(this.#serverUrl, this.#workshopId, doc, {
      connect: false,
      disableBc: true,
      protocols: [YJS_SUBPROTOCOL, tokenProtocol(this.#token)],
      shouldReconnect: (event) => !TERMINAL_CLOSE_CODES.has(event.code) && !(event.code >= 4400 && event.code < 4500),
    });
    // Read-only peer: nothing to announce, so no awareness traffic at all.
    provider.awareness.setLocalState(null);

    const names = new Map<Y.AbstractType<unknown>, RootName>(ROOT_NAMES.map((name) => [roots[name](doc) as Y.AbstractType<unknown>, name]));
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (!(provider.synced || this.#shownFromDevice) || this.#doc !== doc) return;
      const changed = new Set<RootName>();
      for (const type of tr.changed.keys()) {
        const name = names.get(type as Y.AbstractType<unknown>);
        if (name) changed.add(name);
      }
      if (changed.size > 0) this.#on.changed(doc, changed);
      this.#on.anyChange?.(doc);
    });

    provider.on('sync', (synced) => {
      if (this.#doc !== doc || !synced) return;
      this.#resets = 0;
      this.#setState('connected');
      this.#on.changed(doc, new Set(ROOT_NAMES));
      this.#on.anyChange?.(doc);
    });
    provider.on('status', ({ status }) => {
      if (this.#doc !== doc) return;
      if (status === 'disconnected') this.#setState('offline');
      else if (status === 'connecting' && this.#state !== 'offline') this.#setState('connecting');
    });
    provider.on('closed', ({ code, reason }) => {
      if (this.#doc !== doc) return;
      this.#setState('offline');
      if (RESET_CLOSE_CODES.has(code)) this.#scheduleReset();
      else if (code === YJS_CLOSE.BOARD_NOT_FOUND.code) this.#stop('WORKSHOP_NOT_FOUND');
      else if (code === YJS_CLOSE.WORKSHOP_DELETED.code) this.#stop('WORKSHOP_DELETED');
      else if (code === YJS_CLOSE.UNAUTHENTICATED.code) this.#stop(isErrorCode(reason) ? reason : 'UNAUTHENTICATED');
      else this.#stop('INTERNAL');
    });

    this.#provider = provider;
    provider.connect();
  }

  destroy(): void {
    this.#destroyed = true;
    if (this.#resetTimer) clearTimeout(this.#resetTimer);
    this.#teardown();
  }

  #setState(state: ChannelState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#on.state(state);
  }

  #stop(code: ErrorCode): void {
    this.#provider?.disconnect();
    this.#on.fatal(code);
  }

  /** Drops the diverged replica, then syncs a fresh one (backing off if resets repeat). */
  #scheduleReset(): void {
    // Deferred: the provider is still inside its own close handler.
    const delay = Math.min(this.#resets === 0 ? 0 : 250 * 2 ** this.#resets, RESET_DELAY_MAX_MS);
    this.#resets += 1;
    this.#resetTimer = setTimeout(() => {
      this.#resetTimer = null;
      this.#teardown();
      // The device copy may be what diverged: start again from the server alone.
      void forgetDeviceCopy(this.#workshopId).then(() => this.start());
    }, delay);
  }

  #teardown(): void {
    const provider = this.#provider;
    const doc = this.#doc;
    const deviceCopy = this.#deviceCopy;
    this.#provider = null;
    this.#doc = null;
    this.#deviceCopy = null;
    void deviceCopy?.destroy();
    provider?.destroy();
    doc?.destroy();
  }
}
