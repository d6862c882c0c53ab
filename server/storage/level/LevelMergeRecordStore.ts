import type { MergeRecord, MergeRecordStore } from '../FacilitationStore.ts';
import { type Db, SYNC, encodeJson, getJson, key, range } from './levelDb.ts';

// m\0<workshopId>\0<noteId> → MergeRecord
const recordKey = (workshopId: string, noteId: string) => key('m', workshopId, noteId);

export class LevelMergeRecordStore implements MergeRecordStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async put(workshopId: string, record: MergeRecord): Promise<void> {
    await this.#db.put(recordKey(workshopId, record.noteId), encodeJson(record), SYNC);
  }

  get(workshopId: string, noteId: string): Promise<MergeRecord | null> {
    return getJson<MergeRecord>(this.#db, recordKey(workshopId, noteId));
  }

  async delete(workshopId: string, noteId: string): Promise<void> {
    await this.#db.del(recordKey(workshopId, noteId), SYNC);
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    const doomed: string[] = [];
    for await (const k of this.#db.keys(range(key('m', workshopId, '')))) doomed.push(k);
    if (doomed.length > 0) await this.#db.batch(doomed.map((k) => ({ type: 'del' as const, key: k })), SYNC);
  }
}
