import type { Durability, NoteOwnershipStore } from '../DocumentStore.ts';
import { type Db, SEP, SYNC, decodeText, deletePrefix, encodeText, key, range } from './levelDb.ts';

// o\0<workshopId>\0<noteId> → participant id (UTF-8): the record.
const ownerPrefix = (workshopId: string) => `o${SEP}${workshopId}${SEP}`;
// O\0<workshopId>\0<participantId>\0<noteId> → empty: an index by owner, so joining reads one person's
// notes instead of every note's owner. The record decides: an index entry it contradicts is dropped.
const ownedKey = (workshopId: string, participantId: string, noteId: string) => key('O', workshopId, participantId, noteId);
// I\0<workshopId> → present once the index holds every record of the workshop written before it existed.
const indexedKey = (workshopId: string) => key('I', workshopId);
const EMPTY = new Uint8Array(0);

export class LevelOwnershipStore implements NoteOwnershipStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async setOwner(workshopId: string, noteId: string, participantId: string, durability: Durability = 'now'): Promise<void> {
    await this.#db.batch(
      [
        { type: 'put', key: ownerPrefix(workshopId) + noteId, value: encodeText(participantId) },
        { type: 'put', key: ownedKey(workshopId, participantId, noteId), value: EMPTY },
      ],
      durability === 'now' ? SYNC : {},
    );
  }

  async getOwner(workshopId: string, noteId: string): Promise<string | null> {
    const value = await this.#db.get(ownerPrefix(workshopId) + noteId);
    return value === undefined ? null : decodeText(value);
  }

  async deleteOwner(workshopId: string, noteId: string): Promise<void> {
    const owner = await this.getOwner(workshopId, noteId);
    await this.#db.batch(
      [
        { type: 'del', key: ownerPrefix(workshopId) + noteId },
        ...(owner === null ? [] : [{ type: 'del' as const, key: ownedKey(workshopId, owner, noteId) }]),
      ],
      SYNC,
    );
  }

  async notesOwnedBy(workshopId: string, participantId: string): Promise<string[]> {
    await this.#indexOnce(workshopId);
    const prefix = ownedKey(workshopId, participantId, '');
    const candidates: string[] = [];
    for await (const k of this.#db.keys(range(prefix))) candidates.push(k.slice(prefix.length));
    const owned: string[] = [];
    const stale: string[] = [];
    const owners = await this.#db.getMany(candidates.map((noteId) => ownerPrefix(workshopId) + noteId));
    candidates.forEach((noteId, i) => {
      const owner = owners[i];
      if (owner !== undefined && decodeText(owner) === participantId) owned.push(noteId);
      else stale.push(noteId);
    });
    if (stale.length > 0) await this.#db.batch(stale.map((noteId) => ({ type: 'del' as const, key: ownedKey(workshopId, participantId, noteId) })));
    return owned;
  }

  /** Builds the owner index of a workshop stored before the index existed (once). */
  async #indexOnce(workshopId: string): Promise<void> {
    if ((await this.#db.get(indexedKey(workshopId))) !== undefined) return;
    const puts: Array<{ type: 'put'; key: string; value: Uint8Array }> = [];
    for (const [noteId, owner] of await this.listOwners(workshopId)) puts.push({ type: 'put', key: ownedKey(workshopId, owner, noteId), value: EMPTY });
    puts.push({ type: 'put', key: indexedKey(workshopId), value: EMPTY });
    await this.#db.batch(puts, SYNC);
  }

  async listOwners(workshopId: string): Promise<Array<[string, string]>> {
    const prefix = ownerPrefix(workshopId);
    const owners: Array<[string, string]> = [];
    for await (const [k, value] of this.#db.iterator(range(prefix))) owners.push([k.slice(prefix.length), decodeText(value)]);
    return owners;
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    await deletePrefix(this.#db, ownerPrefix(workshopId));
    await deletePrefix(this.#db, key('O', workshopId, ''));
    await this.#db.del(indexedKey(workshopId), SYNC);
  }
}
