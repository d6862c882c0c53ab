import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import type { DocumentStore } from '../storage/DocumentStore.ts';
import { LOAD_ORIGIN, type UpdateOrigin } from './updateOrigin.ts';

/** Log entries after which a board's log is folded into its snapshot. */
const COMPACT_AFTER_UPDATES = 200;

type UpdateListener = (update: Uint8Array) => void;

/** One board document held in memory while someone uses it. */
export class LoadedBoard {
  readonly id: string;
  readonly doc: Y.Doc;
  refs = 0;
  unloadTimer: NodeJS.Timeout | null = null;
  appendsSinceCompaction = 0;
  readonly #listeners = new Set<UpdateListener>();

  constructor(id: string, doc: Y.Doc) {
    this.id = id;
    this.doc = doc;
  }

  /** Subscribes to updates once they are durable. Returns the unsubscribe function. */
  onDurableUpdate(listener: UpdateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emitDurableUpdate(update: Uint8Array): void {
    for (const listener of this.#listeners) listener(update);
  }
}

export interface BoardRegistryOptions {
  store: DocumentStore;
  log: Logger;
  /** Milliseconds a board without users stays loaded. */
  idleUnloadMs: number;
}

/**
 * Loads board documents from the store (never serving one before it loaded), counts who uses
 * each, applies server-side changes with an origin tag and makes them durable, and unloads
 * boards nobody uses.
 */
export class BoardRegistry {
  readonly #store: DocumentStore;
  readonly #log: Logger;
  readonly #idleUnloadMs: number;
  readonly #loaded = new Map<string, Promise<LoadedBoard | null>>();

  constructor(options: BoardRegistryOptions) {
    this.#store = options.store;
    this.#log = options.log;
    this.#idleUnloadMs = options.idleUnloadMs;
  }

  /** Number of boards in memory (for metrics and the memory tests). */
  get loadedCount(): number {
    return this.#loaded.size;
  }

  /** Creates a new board document, written through `init`, and stores it. */
  async create(boardId: string, init: (doc: Y.Doc) => void): Promise<void> {
    const doc = new Y.Doc();
    doc.transact(() => init(doc), LOAD_ORIGIN);
    await this.#store.append(boardId, Y.encodeStateAsUpdate(doc));
    doc.destroy();
  }

  /** The board, loaded and counted as used; null when it does not exist. Pair with `release`. */
  async acquire(boardId: string): Promise<LoadedBoard | null> {
    let pending = this.#loaded.get(boardId);
    if (!pending) {
      pending = this.#load(boardId);
      this.#loaded.set(boardId, pending);
    }
    const board = await pending;
    if (!board) {
      if (this.#loaded.get(boardId) === pending) this.#loaded.delete(boardId);
      return null;
    }
    board.refs++;
    if (board.unloadTimer) {
      clearTimeout(board.unloadTimer);
      board.unloadTimer = null;
    }
    return board;
  }

  release(board: LoadedBoard): void {
    board.refs = Math.max(0, board.refs - 1);
    if (board.refs > 0 || board.unloadTimer) return;
    board.unloadTimer = setTimeout(() => {
      board.unloadTimer = null;
      if (board.refs === 0) void this.#unload(board);
    }, this.#idleUnloadMs);
    board.unloadTimer.unref();
  }

  /**
   * Applies `change` in one transaction tagged with `origin`, then makes the resulting update
   * durable before resolving. Resolves false when the change wrote nothing.
   */
  async apply(board: LoadedBoard, origin: UpdateOrigin, change: (doc: Y.Doc) => void): Promise<boolean> {
    let captured: Uint8Array | null = null;
    const capture = (update: Uint8Array, updateOrigin: unknown) => {
      if (updateOrigin === origin) captured = update;
    };
    board.doc.on('update', capture);
    try {
      board.doc.transact(() => change(board.doc), origin);
    } finally {
      board.doc.off('update', capture);
    }
    const update = captured as Uint8Array | null;
    if (!update) return false;
    await this.#store.append(board.id, update);
    board.emitDurableUpdate(update);
    if (++board.appendsSinceCompaction >= COMPACT_AFTER_UPDATES) {
      board.appendsSinceCompaction = 0;
      this.#store.compact(board.id).catch((err: unknown) => this.#log.error({ err, boardId: board.id }, 'compaction failed'));
    }
    return true;
  }

  /** Flushes and unloads every board (shutdown). */
  async closeAll(): Promise<void> {
    const boards = await Promise.all(this.#loaded.values());
    await Promise.all(boards.map((board) => (board ? this.#unload(board) : undefined)));
  }

  async #load(boardId: string): Promise<LoadedBoard | null> {
    const state = await this.#store.load(boardId);
    if (!state) return null;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state, LOAD_ORIGIN);
    this.#log.debug({ boardId }, 'board loaded');
    return new LoadedBoard(boardId, doc);
  }

  async #unload(board: LoadedBoard): Promise<void> {
    if (board.unloadTimer) clearTimeout(board.unloadTimer);
    this.#loaded.delete(board.id);
    try {
      await this.#store.compact(board.id);
    } catch (err) {
      this.#log.error({ err, boardId: board.id }, 'compaction before unload failed');
    }
    board.doc.destroy();
    this.#log.debug({ boardId: board.id }, 'board unloaded');
  }
}
