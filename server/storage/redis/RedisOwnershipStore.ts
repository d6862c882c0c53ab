import type { NoteOwnershipStore } from '../DocumentStore.ts';
import type { RedisConnection } from './redisClient.ts';
import type { RedisKeys } from './redisKeys.ts';

/**
 * Who wrote each note: a hash per workshop (the record), and per participant a set of the notes
 * they may own (the index a join reads, instead of the whole hash). The record decides: an index
 * entry it contradicts is dropped when read.
 */
export class RedisOwnershipStore implements NoteOwnershipStore {
  readonly #redis: RedisConnection;
  readonly #keys: RedisKeys;
  /** Workshops whose index this node saw complete. */
  readonly #indexed = new Set<string>();

  constructor(redis: RedisConnection, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async setOwner(workshopId: string, noteId: string, participantId: string): Promise<void> {
    await this.#redis.run((client) =>
      client
        .multi()
        .hSet(this.#keys.owners(workshopId), noteId, participantId)
        .sAdd(this.#keys.ownedBy(workshopId, participantId), noteId)
        .sAdd(this.#keys.ownerIndexes(workshopId), participantId)
        .execTyped(),
    );
  }

  async getOwner(workshopId: string, noteId: string): Promise<string | null> {
    return (await this.#redis.run((client) => client.hGet(this.#keys.owners(workshopId), noteId))) ?? null;
  }

  async deleteOwner(workshopId: string, noteId: string): Promise<void> {
    await this.#redis.run((client) => client.hDel(this.#keys.owners(workshopId), noteId));
  }

  async notesOwnedBy(workshopId: string, participantId: string): Promise<string[]> {
    await this.#indexOnce(workshopId);
    const index = this.#keys.ownedBy(workshopId, participantId);
    const candidates = await this.#redis.run((client) => client.sMembers(index));
    if (candidates.length === 0) return [];
    const owners = await this.#redis.run((client) => client.hmGet(this.#keys.owners(workshopId), candidates));
    const owned: string[] = [];
    const stale: string[] = [];
    candidates.forEach((noteId, i) => (owners[i] === participantId ? owned : stale).push(noteId));
    if (stale.length > 0) {
      // Dropped only if still contradicted (the note may have come back to this person meanwhile).
      await this.#redis.run((client) => client.sRem(index, stale));
      const back = await this.#redis.run((client) => client.hmGet(this.#keys.owners(workshopId), stale));
      const returned = stale.filter((_, i) => back[i] === participantId);
      if (returned.length > 0) {
        await this.#redis.run((client) => client.sAdd(index, returned));
        owned.push(...returned);
      }
    }
    return owned.sort();
  }

  /** Builds the index of a workshop stored before it existed (once; building twice is harmless). */
  async #indexOnce(workshopId: string): Promise<void> {
    if (this.#indexed.has(workshopId)) return;
    const mark = this.#keys.ownersIndexed(workshopId);
    if ((await this.#redis.run((client) => client.exists(mark))) === 0) {
      const byOwner = new Map<string, string[]>();
      for (const [noteId, owner] of await this.listOwners(workshopId)) byOwner.set(owner, [...(byOwner.get(owner) ?? []), noteId]);
      await this.#redis.run((client) => {
        const multi = client.multi();
        for (const [owner, noteIds] of byOwner) {
          multi.sAdd(this.#keys.ownedBy(workshopId, owner), noteIds).sAdd(this.#keys.ownerIndexes(workshopId), owner);
        }
        return multi.set(mark, '1').execTyped();
      });
    }
    this.#indexed.add(workshopId);
  }

  async listOwners(workshopId: string): Promise<Array<[string, string]>> {
    const owners = await this.#redis.run((client) => client.hGetAll(this.#keys.owners(workshopId)));
    return Object.entries(owners).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    this.#indexed.delete(workshopId);
    const people = await this.#redis.run((client) => client.sMembers(this.#keys.ownerIndexes(workshopId)));
    await this.#redis.run((client) =>
      client.del([
        this.#keys.owners(workshopId),
        this.#keys.ownerIndexes(workshopId),
        this.#keys.ownersIndexed(workshopId),
        ...people.map((participantId) => this.#keys.ownedBy(workshopId, participantId)),
      ]),
    );
    this.#indexed.delete(workshopId);
  }
}
