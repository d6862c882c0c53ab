import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import { noFanout, type DocumentFanout } from '../storage/DocumentFanout.ts';
import type { DocumentStore } from '../storage/DocumentStore.ts';
import { StoreUnavailableError } from '../storage/StoreUnavailableError.ts';
import { hasPending, reconcileWithStore } from './reconcileWithStore.ts';
import { LOAD_ORIGIN, REDIS_ORIGIN, type UpdateOrigin } from './updateOrigin.ts';

/** Log entries after which a document's log is folded into its snapshot. */
const COMPACT_AFTER_UPDATES = 200;
/** Appends on this node between two looks at the stored log length. */
const COMPACT_CHECK_EVERY = 50;
/** Longest a change waits for its publish to other nodes before it is acknowledged (a hung Redis must not hold commands). */
const PUBLISH_WAIT_MS = 1000;
/** First pause after a failed or lost compaction of a document; doubled after each further failure. */
const COMPACT_BACKOFF_MS = 5_000;
const COMPACT_BACKOFF_MAX_MS = 5 * 60_000;
/** A compaction longer than this is logged as slow. */
const COMPACT_SLOW_MS = 2_000;

type UpdateListener = (update: Uint8Array) => void;

/** One workshop document held in memory while someone uses it. */
export class LoadedDocument {
  readonly id: string;
  readonly doc: Y.Doc;
  refs = 0;
  unloadTimer: NodeJS.Timeout | null = null;
  appendsSinceCompaction = 0;
  /** Ends this copy's subscription to other nodes' updates. */
  unsubscribe: () => Promise<void> = async () => undefined;
  /**
   * Changes applied in memory whose append to the store failed (the store was unreachable), oldest
   * first. Later updates of this copy build on them, so they are appended before anything newer:
   * dropped, they would leave a gap that keeps every later update pending on other nodes and loads.
   */
  readonly unsaved: Uint8Array[] = [];
  /** Appends of this copy, one at a time. */
  persisting: Promise<unknown> = Promise.resolve();
  /** Highest append sequence this copy saw in the store (null: the store keeps none). */
  lastSequence: number | null = null;
  /**
   * The store may have gone back in time (reconnection, or an append sequence not above the last one
   * seen): compare and repair before anything else is appended or acknowledged.
   */
  needsCheck = false;
  /** Holds structs waiting for updates nobody has (logged once per episode). */
  pendingReported = false;
  /** No compaction before this time (after failures). */
  compactNotBefore = 0;
  compactFailures = 0;
  readonly #listeners = new Set<UpdateListener>();

  #queue: Promise<unknown> = Promise.resolve();

  constructor(id: string, doc: Y.Doc) {
    this.id = id;
    this.doc = doc;
  }

  /**
   * Runs `task` after every task queued before it on this document, so that a command's
   * read-check-write never interleaves with another's on this node.
   */
  runExclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
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

export interface DocumentRegistryOptions {
  store: DocumentStore;
  log: Logger;
  /** Milliseconds a document without users stays loaded. */
  idleUnloadMs: number;
  /** Called once a document is in memory (e.g. to schedule its timer). */
  onLoaded?: (entry: LoadedDocument) => void;
  /** Called when a document leaves memory. */
  onUnloaded?: (entry: LoadedDocument) => void;
  /** Updates between nodes (several nodes on one Redis); none for a single node. */
  fanout?: DocumentFanout;
  /** Told after each durable append: its size and how long the store took (metrics). */
  onAppended?: (bytes: number, seconds: number) => void;
}

/**
 * Loads workshop documents from the store (never serving one before it loaded), counts who uses
 * each, applies server-side changes with an origin tag and makes them durable, and unloads
 * documents nobody uses.
 */
export class DocumentRegistry {
  readonly #store: DocumentStore;
  readonly #log: Logger;
  readonly #idleUnloadMs: number;
  readonly #onLoaded: ((entry: LoadedDocument) => void) | undefined;
  readonly #onUnloaded: ((entry: LoadedDocument) => void) | undefined;
  readonly #onAppended: ((bytes: number, seconds: number) => void) | undefined;
  readonly #loaded = new Map<string, Promise<LoadedDocument | null>>();
  readonly #fanout: DocumentFanout;
  /** Ids of loaded documents whose state holds structs or deletions that cannot be integrated. */
  readonly #unintegrable = new Set<string>();
  /** Every document in memory, loaded (what `#loaded` resolves to), for synchronous marking. */
  readonly #entries = new Set<LoadedDocument>();

  constructor(options: DocumentRegistryOptions) {
    this.#store = options.store;
    this.#log = options.log;
    this.#idleUnloadMs = options.idleUnloadMs;
    this.#onLoaded = options.onLoaded;
    this.#onUnloaded = options.onUnloaded;
    this.#onAppended = options.onAppended;
    this.#fanout = options.fanout ?? noFanout;
    this.#fanout.onResync(() => void this.#catchUpAll());
  }

  /** The document if it is in memory now (no loading, no reference counted). */
  async peek(docId: string): Promise<LoadedDocument | null> {
    const pending = this.#loaded.get(docId);
    return pending ? pending : null;
  }

  /** Number of documents in memory (for metrics and the memory tests). */
  get loadedCount(): number {
    return this.#loaded.size;
  }

  /** For readiness and metrics: loaded documents awaiting a check against the store, or holding what cannot be integrated. */
  async documentHealth(): Promise<{ awaitingRepair: number; pendingStructs: string[] }> {
    let awaitingRepair = 0;
    for (const pending of this.#loaded.values()) {
      const entry = await pending.catch(() => null);
      if (entry?.needsCheck) awaitingRepair++;
    }
    return { awaitingRepair, pendingStructs: [...this.#unintegrable].sort() };
  }

  /** Creates a new document, written through `init`, and stores it. */
  async create(docId: string, init: (doc: Y.Doc) => void): Promise<void> {
    const doc = new Y.Doc();
    doc.transact(() => init(doc), LOAD_ORIGIN);
    await this.#store.append(docId, Y.encodeStateAsUpdate(doc));
    doc.destroy();
  }

  /** The document, loaded and counted as used; null when it does not exist. Pair with `release`. */
  async acquire(docId: string): Promise<LoadedDocument | null> {
    let pending = this.#loaded.get(docId);
    if (!pending) {
      pending = this.#load(docId);
      this.#loaded.set(docId, pending);
    }
    const entry = await pending;
    if (!entry) {
      if (this.#loaded.get(docId) === pending) this.#loaded.delete(docId);
      return null;
    }
    entry.refs++;
    if (entry.unloadTimer) {
      clearTimeout(entry.unloadTimer);
      entry.unloadTimer = null;
    }
    return entry;
  }

  release(entry: LoadedDocument): void {
    entry.refs = Math.max(0, entry.refs - 1);
    if (entry.refs > 0 || entry.unloadTimer || entry.doc.isDestroyed) return;
    entry.unloadTimer = setTimeout(() => {
      entry.unloadTimer = null;
      if (entry.refs === 0) void this.#unload(entry);
    }, this.#idleUnloadMs);
    entry.unloadTimer.unref();
  }

  /**
   * Applies `change` in one transaction tagged with `origin`, then makes the resulting update
   * durable before resolving. Resolves false when the change wrote nothing.
   */
  async apply(entry: LoadedDocument, origin: UpdateOrigin, change: (doc: Y.Doc) => void): Promise<boolean> {
    if (entry.doc.isDestroyed) return false; // discarded: its workshop was deleted
    // Never write into a store that may have lost what this change builds on: repair it first, or refuse
    // before anything changes.
    if (entry.needsCheck) {
      await this.#persist(entry).catch((err: unknown) => {
        throw new StoreUnavailableError('the store could not be checked against this node', { cause: err });
      });
      if (entry.needsCheck) throw new StoreUnavailableError('the store is not repaired yet');
    }
    let captured: Uint8Array | null = null;
    const capture = (update: Uint8Array, updateOrigin: unknown) => {
      if (updateOrigin === origin) captured = update;
    };
    entry.doc.on('update', capture);
    try {
      entry.doc.transact(() => change(entry.doc), origin);
    } finally {
      entry.doc.off('update', capture);
    }
    const update = captured as Uint8Array | null;
    if (!update) return false;
    entry.unsaved.push(update);
    // When this throws the change stays in memory and in `unsaved`: the caller answers that it is not
    // confirmed, and it is made durable with the next change or when the store is back.
    await this.#persist(entry).catch((err: unknown) => {
      throw new StoreUnavailableError('the change could not be made durable', { cause: err });
    });
    // Other nodes append to the same log, so the stored log length decides, checked now and then.
    if (++entry.appendsSinceCompaction >= COMPACT_CHECK_EVERY && Date.now() >= entry.compactNotBefore) {
      entry.appendsSinceCompaction = 0;
      void this.#compactIfLong(entry);
    }
    return true;
  }

  /**
   * Appends every unsaved update of `entry` (merged into one), then shows it to this node's clients
   * and publishes it to other nodes. One at a time per document, so nothing is appended twice or skipped.
   */
  #persist(entry: LoadedDocument): Promise<void> {
    const run = entry.persisting.then(async () => {
      if (entry.doc.isDestroyed) return; // discarded: its workshop was deleted
      if (entry.needsCheck) await this.#reconcile(entry);
      if (entry.unsaved.length === 0) return;
      const count = entry.unsaved.length;
      const update = count === 1 ? entry.unsaved[0]! : Y.mergeUpdates(entry.unsaved);
      const appendStarted = performance.now();
      const sequence = await this.#store.append(entry.id, update);
      this.#onAppended?.(update.byteLength, (performance.now() - appendStarted) / 1000);
      if (sequence !== null && entry.lastSequence !== null && sequence <= entry.lastSequence) {
        // The store went back in time under this node: what this update builds on may be gone.
        this.#log.warn({ docId: entry.id, sequence, lastSeen: entry.lastSequence }, 'store went back in time: repairing the document from this node');
        entry.needsCheck = true;
        await this.#reconcile(entry);
      } else if (sequence !== null) {
        entry.lastSequence = sequence;
      }
      entry.unsaved.splice(0, count);
      entry.emitDurableUpdate(update);
      // Awaited (within a bound) before the caller acknowledges, so an acknowledged change has reached
      // the other nodes even when this process dies right after: they never read the log again unless
      // their own connection drops. Durable already: a failed publish only delays other nodes until
      // they catch up from the store.
      const published = this.#fanout.publish(entry.id, update).catch((err: unknown) => this.#log.warn({ err, docId: entry.id }, 'publish to other nodes failed'));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([published, new Promise((resolve) => (timer = setTimeout(resolve, PUBLISH_WAIT_MS)))]);
      clearTimeout(timer);
    });
    entry.persisting = run.catch(() => undefined);
    return run;
  }

  /**
   * Compares `entry` with the store and puts back what the store lacks (see reconcileWithStore). Runs
   * inside the append chain, so nothing is appended in between; clears `needsCheck` only on success.
   */
  async #reconcile(entry: LoadedDocument): Promise<void> {
    const started = performance.now();
    const outcome = await reconcileWithStore(entry.id, entry.doc, this.#store, (update) => this.#applyRemote(entry, update));
    if (outcome.sequence !== null) entry.lastSequence = Math.max(entry.lastSequence ?? 0, outcome.sequence);
    entry.needsCheck = false;
    if (outcome.repairedBytes > 0) {
      this.#log.warn(
        { docId: entry.id, ...outcome, durationMs: Math.round(performance.now() - started) },
        'the store lacked part of a document this node holds: put it back',
      );
    }
    this.#notePending(entry, outcome.nodePending || outcome.storePending);
  }

  /** Logs once per episode that a document holds structs nobody can integrate, and keeps it for readiness. */
  #notePending(entry: LoadedDocument, pending: boolean): void {
    if (pending && !entry.pendingReported) {
      entry.pendingReported = true;
      this.#unintegrable.add(entry.id);
      const missing = entry.doc.store.pendingStructs ? Object.fromEntries(entry.doc.store.pendingStructs.missing) : {};
      this.#log.error({ docId: entry.id, missing }, 'document holds updates that depend on updates no node or store has');
    } else if (!pending && entry.pendingReported) {
      entry.pendingReported = false;
      this.#unintegrable.delete(entry.id);
      this.#log.info({ docId: entry.id }, 'document no longer holds updates it cannot integrate');
    }
  }

  async #compactIfLong(entry: LoadedDocument): Promise<void> {
    const docId = entry.id;
    const started = performance.now();
    let length = 0;
    try {
      length = await this.#store.logLength(docId);
      if (length < COMPACT_AFTER_UPDATES) return;
      await this.#store.compact(docId);
      entry.compactFailures = 0;
      const durationMs = Math.round(performance.now() - started);
      if (durationMs > COMPACT_SLOW_MS) this.#log.warn({ docId, entries: length, durationMs }, 'slow compaction');
    } catch (err) {
      entry.compactFailures++;
      const backoffMs = Math.min(COMPACT_BACKOFF_MS * 2 ** (entry.compactFailures - 1), COMPACT_BACKOFF_MAX_MS);
      entry.compactNotBefore = Date.now() + backoffMs;
      this.#log.warn(
        { err, docId, entries: length, durationMs: Math.round(performance.now() - started), failures: entry.compactFailures, backoffMs },
        'compaction failed: backing off',
      );
    }
  }

  /** Flushes and unloads every document (shutdown). */
  async closeAll(): Promise<void> {
    const entries = await Promise.all(this.#loaded.values());
    // Not compacted on the way out: a restart waits for this, folding costs more than the next load's
    // merge of the same log, and the running node compacts a long log after its next appends.
    await Promise.all(entries.map((entry) => (entry ? this.#unload(entry, { compact: false }) : undefined)));
  }

  /**
   * Drops a document from memory without writing anything back (its workshop was deleted): pending
   * changes are forgotten, an append already running is awaited, users' references no longer count.
   */
  async discard(docId: string): Promise<void> {
    const pending = this.#loaded.get(docId);
    if (!pending) return;
    this.#loaded.delete(docId);
    const entry = await pending.catch(() => null);
    if (!entry || entry.doc.isDestroyed) return;
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    entry.unloadTimer = null;
    entry.unsaved.length = 0;
    entry.doc.destroy();
    await entry.persisting;
    this.#onUnloaded?.(entry);
    await entry.unsubscribe().catch(() => undefined);
    this.#log.debug({ docId }, 'document discarded');
  }

  async #load(docId: string): Promise<LoadedDocument | null> {
    // Subscribe before reading the store, so no update published in between is missed.
    const early: Uint8Array[] = [];
    let entry: LoadedDocument | null = null;
    const unsubscribe = await this.#fanout.subscribe(docId, (update) => {
      if (!entry) return void early.push(update);
      // Thrown here, the error would land in the Redis client's reader, far from anyone who could handle it.
      try {
        this.#applyRemote(entry, update);
      } catch (err) {
        this.#log.warn({ docId, error: err instanceof Error ? err.message : String(err) }, 'update from another node not applied');
      }
    });
    let stored: Awaited<ReturnType<DocumentStore['read']>>;
    try {
      stored = await this.#store.read(docId);
    } catch (err) {
      await unsubscribe().catch(() => undefined);
      throw err;
    }
    if (!stored) {
      await unsubscribe().catch(() => undefined);
      return null;
    }
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.state, LOAD_ORIGIN);
    entry = new LoadedDocument(docId, doc);
    entry.lastSequence = stored.sequence;
    entry.unsubscribe = unsubscribe;
    for (const update of early) this.#applyRemote(entry, update);
    this.#notePending(entry, hasPending(doc));
    this.#entries.add(entry);
    this.#log.debug({ docId }, 'document loaded');
    this.#onLoaded?.(entry);
    return entry;
  }

  /** An update another node made durable: applied and shown to this node's clients, never stored again. */
  #applyRemote(entry: LoadedDocument, update: Uint8Array): void {
    if (entry.doc.isDestroyed) return;
    Y.applyUpdate(entry.doc, update, REDIS_ORIGIN);
    entry.emitDurableUpdate(update);
  }

  /**
   * After pub/sub may have dropped messages, or the store may have come back older than it was: every
   * loaded document is compared with the store both ways (what the store has is applied here, what it
   * lacks is put back), and refuses changes until that is done.
   */
  async #catchUpAll(): Promise<void> {
    // Marked at once (before any await), so no append slips into a hole before its document is checked.
    for (const entry of this.#entries) entry.needsCheck = true;
    for (const pending of [...this.#loaded.values()]) {
      const entry = await pending.catch(() => null);
      if (!entry || entry.doc.isDestroyed) continue;
      entry.needsCheck = true;
      try {
        await this.#persist(entry);
      } catch (err) {
        this.#log.warn({ err, docId: entry.id }, 'catch-up with the store failed: changes to this document are refused until it succeeds');
      }
    }
  }

  /** Catches every loaded document up from the store now (after this node's store connection came back). */
  catchUp(): Promise<void> {
    return this.#catchUpAll();
  }

  async #unload(entry: LoadedDocument, { compact = true } = {}): Promise<void> {
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    this.#loaded.delete(entry.id);
    this.#unintegrable.delete(entry.id);
    this.#entries.delete(entry);
    try {
      await this.#persist(entry);
    } catch (err) {
      this.#log.error({ err, docId: entry.id, unsaved: entry.unsaved.length }, 'unsaved changes dropped at unload');
    }
    try {
      if (compact) await this.#store.compact(entry.id);
    } catch (err) {
      this.#log.error({ err, docId: entry.id }, 'compaction before unload failed');
    }
    this.#onUnloaded?.(entry);
    await entry.unsubscribe().catch(() => undefined);
    entry.doc.destroy();
    this.#log.debug({ docId: entry.id }, 'document unloaded');
  }
}
