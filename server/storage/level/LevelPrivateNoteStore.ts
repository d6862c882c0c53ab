import type { PrivateNote } from '../../../shared/protocol/workshopTypes.ts';
import type { PrivateNoteStore } from '../FacilitationStore.ts';
import { oldestFirst } from '../recordOrder.ts';
import { type Db, SYNC, decodeJson, deletePrefix, encodeJson, getJson, key, listJson } from './levelDb.ts';

// p\0<workshopId>\0<noteId> → PrivateNote
const noteKey = (workshopId: string, noteId: string) => key('p', workshopId, noteId);
/** Workshops whose hidden notes are kept in memory, at most (the least recently loaded go first). */
const MAX_KEPT_WORKSHOPS = 1_000;

/**
 * Hidden notes, with each listed workshop's notes also kept in memory: every join and every count
 * of who is writing lists them, and this process is the only writer of its database. A list read
 * while a write completed is not kept.
 */
export class LevelPrivateNoteStore implements PrivateNoteStore {
  readonly #db: Db;
  readonly #kept = new Map<string, Map<string, PrivateNote>>();
  /** Bumped after each write to a workshop's notes: a list read before it is not kept. */
  readonly #versions = new Map<string, number>();

  constructor(db: Db) {
    this.#db = db;
  }

  async put(workshopId: string, note: PrivateNote): Promise<void> {
    const bytes = encodeJson(note);
    await this.#db.put(noteKey(workshopId, note.id), bytes, SYNC).catch((err: unknown) => this.#failed(workshopId, err));
    // Kept as a read would return it (the caller's object may change).
    this.#wrote(workshopId)?.set(note.id, decodeJson<PrivateNote>(bytes));
  }

  async get(workshopId: string, noteId: string): Promise<PrivateNote | null> {
    const kept = this.#kept.get(workshopId);
    if (kept) return kept.get(noteId) ?? null;
    return getJson<PrivateNote>(this.#db, noteKey(workshopId, noteId));
  }

  async delete(workshopId: string, noteId: string): Promise<void> {
    await this.#db.del(noteKey(workshopId, noteId), SYNC).catch((err: unknown) => this.#failed(workshopId, err));
    this.#wrote(workshopId)?.delete(noteId);
  }

  async listAll(workshopId: string): Promise<PrivateNote[]> {
    const kept = this.#kept.get(workshopId);
    if (kept) return [...kept.values()].sort(oldestFirst((note) => note.id));
    const version = this.#versions.get(workshopId) ?? 0;
    const notes = await listJson<PrivateNote>(this.#db, key('p', workshopId, ''));
    if ((this.#versions.get(workshopId) ?? 0) === version && !this.#kept.has(workshopId)) {
      this.#kept.set(workshopId, new Map(notes.map((note) => [note.id, note])));
      if (this.#kept.size > MAX_KEPT_WORKSHOPS) this.#kept.delete(this.#kept.keys().next().value!);
    }
    return notes.sort(oldestFirst((note) => note.id));
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    try {
      await deletePrefix(this.#db, key('p', workshopId, ''));
    } finally {
      this.#wrote(workshopId);
      this.#kept.delete(workshopId);
    }
  }

  /** A write that failed may have landed all the same: the workshop's notes are read from the disk again. */
  #failed(workshopId: string, err: unknown): never {
    this.#wrote(workshopId);
    this.#kept.delete(workshopId);
    throw err;
  }

  /** Marks a completed write; the workshop's kept notes, when it has any, to update alike. */
  #wrote(workshopId: string): Map<string, PrivateNote> | undefined {
    this.#versions.set(workshopId, (this.#versions.get(workshopId) ?? 0) + 1);
    return this.#kept.get(workshopId);
  }
}
