import type { NoteColour } from '../../shared/board/types.ts';

/** A note command written here and not yet acknowledged by the server. */
export type OutboxEntry = OutboxAdd | OutboxEdit;

interface OutboxBase {
  /** The idempotent command id: every resend carries the same one, so the server applies it once. */
  commandId: string;
  /** `<workshopId>:<participantId>`: whose queue it is. */
  scope: string;
  /** When it was queued (sends go oldest first). */
  queuedAt: number;
}

export interface OutboxAdd extends OutboxBase {
  kind: 'add';
  boardId: string;
  row: string;
  column: string;
  text: string;
  colour: NoteColour;
  authorName: string | null;
  authorAdministration: string | null;
  private: boolean;
  createdAt: number;
}

export interface OutboxEdit extends OutboxBase {
  kind: 'edit';
  noteId: string;
  text?: string;
  colour?: NoteColour;
}

const DB_NAME = 'integrity-board-outbox';
const STORE = 'commands';

/**
 * The note commands waiting for the server, in IndexedDB (plain API, one object store keyed by the
 * command id), so notes written offline survive a reload. Where IndexedDB is refused (some private
 * windows) the queue lives in memory for the page's lifetime: still sent, but not across a reload.
 */
export class NoteOutbox {
  readonly #scope: string;
  readonly #memory = new Map<string, OutboxEntry>();
  #db: Promise<IDBDatabase | null> | null = null;

  constructor(workshopId: string, participantId: string) {
    this.#scope = `${workshopId}:${participantId}`;
  }

  get scope(): string {
    return this.#scope;
  }

  /** This person's queued commands for this workshop, oldest first. */
  async list(): Promise<OutboxEntry[]> {
    const db = await this.#open();
    let stored: OutboxEntry[] = [];
    if (db) {
      stored = await request<OutboxEntry[]>(db.transaction(STORE, 'readonly').objectStore(STORE).getAll()).catch(() => []);
    }
    const byId = new Map<string, OutboxEntry>();
    for (const entry of [...stored, ...this.#memory.values()]) if (entry.scope === this.#scope) byId.set(entry.commandId, entry);
    return [...byId.values()].sort((a, b) => a.queuedAt - b.queuedAt || a.commandId.localeCompare(b.commandId));
  }

  /** Resolves once the entry is written (or kept in memory when IndexedDB is unavailable). */
  async put(entry: OutboxEntry): Promise<void> {
    this.#memory.set(entry.commandId, entry);
    const db = await this.#open();
    if (!db) return;
    await commit(db, (store) => store.put(entry)).catch(() => undefined);
  }

  async remove(commandId: string): Promise<void> {
    this.#memory.delete(commandId);
    const db = await this.#open();
    if (!db) return;
    await commit(db, (store) => store.delete(commandId)).catch(() => undefined);
  }

  #open(): Promise<IDBDatabase | null> {
    this.#db ??= new Promise((resolve) => {
      try {
        const opening = indexedDB.open(DB_NAME, 1);
        opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: 'commandId' });
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => resolve(null);
        opening.onblocked = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
    return this.#db;
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Runs one write and resolves when its transaction is durable. */
function commit(db: IDBDatabase, write: (store: IDBObjectStore) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    write(tx.objectStore(STORE));
  });
}
