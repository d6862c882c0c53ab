import type { NoteOwnershipStore } from '../DocumentStore.ts';
import { type Db, SEP, SYNC, decodeText, deletePrefix, encodeText, range } from './levelDb.ts';

// o\0<workshopId>\0<noteId> → participant id (UTF-8)
const ownerPrefix = (workshopId: string) => `o${SEP}${workshopId}${SEP}`;

export class LevelOwnershipStore implements NoteOwnershipStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async setOwner(workshopId: string, noteId: string, participantId: string): Promise<void> {
    await this.#db.put(ownerPrefix(workshopId) + noteId, encodeText(participantId), SYNC);
  }

  async getOwner(workshopId: string, noteId: string): Promise<string | null> {
    const value = await this.#db.get(ownerPrefix(workshopId) + noteId);
    return value === undefined ? null : decodeText(value);
  }

  async deleteOwner(workshopId: string, noteId: string): Promise<void> {
    await this.#db.del(ownerPrefix(workshopId) + noteId, SYNC);
  }

  async notesOwnedBy(workshopId: string, participantId: string): Promise<string[]> {
    const prefix = ownerPrefix(workshopId);
    const owned: string[] = [];
    for await (const [k, value] of this.#db.iterator(range(prefix))) {
      if (decodeText(value) === participantId) owned.push(k.slice(prefix.length));
    }
    return owned;
  }

  async listOwners(workshopId: string): Promise<Array<[string, string]>> {
    const prefix = ownerPrefix(workshopId);
    const owners: Array<[string, string]> = [];
    for await (const [k, value] of this.#db.iterator(range(prefix))) owners.push([k.slice(prefix.length), decodeText(value)]);
    return owners;
  }

  deleteWorkshop(workshopId: string): Promise<void> {
    return deletePrefix(this.#db, ownerPrefix(workshopId));
  }
}
