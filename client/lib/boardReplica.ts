import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { metaMap, notesMap, readMeta, readNotes } from '../../shared/board/boardDocument.ts';
import type { Note } from '../../shared/board/types.ts';
import { YJS_PATH } from '../../shared/protocol/version.ts';
import { YJS_CLOSE, type ErrorCode } from '../../shared/protocol/errors.ts';

export type ChannelState = 'connecting' | 'connected' | 'offline';

export interface ReplicaEvents {
  /** The notes after the first sync and after every later change. */
  notes: (notes: Note[]) => void;
  title: (title: string) => void;
  state: (state: ChannelState) => void;
  /** The document cannot be served (it stops trying). */
  fatal: (code: ErrorCode) => void;
}

/** Close codes after which reconnecting with the same replica is pointless. */
const TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  YJS_CLOSE.REPLICA_RESET.code,
  YJS_CLOSE.CLIENT_WRITE_FORBIDDEN.code,
  YJS_CLOSE.BOARD_NOT_FOUND.code,
  YJS_CLOSE.UNAUTHENTICATED.code,
]);

/** Close codes answered by dropping the replica and syncing a fresh one. */
const RESET_CLOSE_CODES: ReadonlySet<number> = new Set([
  YJS_CLOSE.REPLICA_RESET.code,
  YJS_CLOSE.CLIENT_WRITE_FORBIDDEN.code,
]);

const RESET_DELAY_MAX_MS = 8000;

export function yjsServerUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${YJS_PATH}`;
}

/**
 * A read-only replica of one board's Y.Doc, kept in sync over the y-websocket protocol.
 * It never writes to the document: the server is the only writer. When the server says the
 * replica has diverged (REPLICA_RESET) the doc and provider are thrown away and built afresh.
 */
export class BoardReplica {
  readonly #boardId: string;
  readonly #serverUrl: string;
  readonly #on: ReplicaEvents;
  #doc: Y.Doc | null = null;
  #provider: WebsocketProvider | null = null;
  #state: ChannelState = 'connecting';
  #resets = 0;
  #resetTimer: ReturnType<typeof setTimeout> | null = null;
  #destroyed = false;

  constructor(boardId: string, serverUrl: string, on: ReplicaEvents) {
    this.#boardId = boardId;
    this.#serverUrl = serverUrl;
    this.#on = on;
  }

  start(): void {
    if (this.#destroyed || this.#doc) return;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(this.#serverUrl, this.#boardId, doc, {
      connect: false,
      disableBc: true,
      shouldReconnect: (event) => !TERMINAL_CLOSE_CODES.has(event.code) && !(event.code >= 4400 && event.code < 4500),
    });
    // Read-only peer: nothing to announce, so no awareness traffic at all.
    provider.awareness.setLocalState(null);

    const publish = (): void => {
      if (!provider.synced || this.#doc !== doc) return;
      this.#on.notes(readNotes(doc));
      const meta = readMeta(doc);
      if (meta) this.#on.title(meta.title);
    };
    notesMap(doc).observe(publish);
    metaMap(doc).observe(publish);

    provider.on('sync', (synced) => {
      if (this.#doc !== doc) return;
      if (synced) {
        this.#resets = 0;
        this.#setState('connected');
        publish();
      }
    });
    provider.on('status', ({ status }) => {
      if (this.#doc !== doc) return;
      if (status === 'disconnected') this.#setState('offline');
      else if (status === 'connecting' && this.#state !== 'offline') this.#setState('connecting');
    });
    provider.on('closed', ({ code }) => {
      if (this.#doc !== doc) return;
      this.#setState('offline');
      if (RESET_CLOSE_CODES.has(code)) this.#scheduleReset();
      else if (code === YJS_CLOSE.BOARD_NOT_FOUND.code) this.#stop('BOARD_NOT_FOUND');
      else if (code === YJS_CLOSE.UNAUTHENTICATED.code) this.#stop('UNAUTHENTICATED');
      else this.#stop('INTERNAL');
    });

    this.#doc = doc;
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
      this.start();
    }, delay);
  }

  #teardown(): void {
    const provider = this.#provider;
    const doc = this.#doc;
    this.#provider = null;
    this.#doc = null;
    provider?.destroy();
    doc?.destroy();
  }
}
