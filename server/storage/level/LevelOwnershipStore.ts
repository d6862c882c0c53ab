import type { Durability, NoteOwnershipStore } from '../DocumentStore.ts';
import { type Db, SEP, SYNC, decodeText, deletePrefix, encodeText, key, range } from './levelDb.ts';
import { MemberIndex } from './MemberIndex.ts';

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
  /** Workshops whose owner index is known complete (the `I` key was read or written by this process). */
  readonly #indexed = new Set<string>();
  /** Who owns any note of each workshop: a joining person who wrote nothing reads nothing. */
  readonly #owners = new MemberIndex();

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
    ).finally(() => this.#owners.wrote(workshopId, [participantId]));
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
    if (!(await this.#owners.mayHave(workshopId, participantId, () => this.#indexedOwners(workshopId)))) return [];
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
    if (this.#indexed.has(workshopId)) return;
    if ((await this.#db.get(indexedKey(workshopId))) !== undefined) {
      this.#indexed.add(workshopId);
      return;
    }
    const puts: Array<{ type: 'put'; key: string; value: Uint8Array }> = [];
    for (const [noteId, owner] of await this.listOwners(workshopId)) puts.push({ type: 'put', key: ownedKey(workshopId, owner, noteId), value: EMPTY });
    puts.push({ type: 'put', key: indexedKey(workshopId), value: EMPTY });
    await this.#db.batch(puts, SYNC);
    this.#indexed.add(workshopId);
  }

  /** Everyone the owner index names for the workshop (a superset of the owners: the records decide). */
  async #indexedOwners(workshopId: string): Promise<string[]> {
    const prefix = key('O', workshopId, '');
    const owners: string[] = [];
    for await (const k of this.#db.keys(range(prefix))) owners.push(k.slice(prefix.length).split(SEP)[0]!);
    return owners;
  }

  async listOwners(workshopId: string): Promise<Array<[string, string]>> {
    const prefix = ownerPrefix(workshopId);
    const owners: Array<[string, string]> = [];
    for await (const [k, value] of this.#db.iterator(range(prefix))) owners.push([k.slice(prefix.length), decodeText(value)]);
    return owners;
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    this.#indexed.delete(workshopId);
    await deletePrefix(this.#db, ownerPrefix(workshopId));
    await deletePrefix(this.#db, key('O', workshopId, ''));
    await this.#db.del(indexedKey(workshopId), SYNC);
    this.#indexed.delete(workshopId);
    this.#owners.forget(workshopId);
  }
}
