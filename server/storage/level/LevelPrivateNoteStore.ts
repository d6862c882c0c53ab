import type { PrivateNote } from '../../../shared/protocol/workshopTypes.ts';
import type { PrivateNoteStore } from '../FacilitationStore.ts';
import { oldestFirst } from '../recordOrder.ts';
import { type Db, SYNC, deletePrefix, encodeJson, getJson, key, listJson } from './levelDb.ts';

// p\0<workshopId>\0<noteId> → PrivateNote
const noteKey = (workshopId: string, noteId: string) => key('p', workshopId, noteId);

export class LevelPrivateNoteStore implements PrivateNoteStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async put(workshopId: string, note: PrivateNote): Promise<void> {
    await this.#db.put(noteKey(workshopId, note.id), encodeJson(note), SYNC);
  }

  get(workshopId: string, noteId: string): Promise<PrivateNote | null> {
    return getJson<PrivateNote>(this.#db, noteKey(workshopId, noteId));
  }

  async delete(workshopId: string, noteId: string): Promise<void> {
    await this.#db.del(noteKey(workshopId, noteId), SYNC);
  }

  async listAll(workshopId: string): Promise<PrivateNote[]> {
    return (await listJson<PrivateNote>(this.#db, key('p', workshopId, ''))).sort(oldestFirst((note) => note.id));
  }

  deleteWorkshop(workshopId: string): Promise<void> {
    return deletePrefix(this.#db, key('p', workshopId, ''));
  }
}
