import type { Role } from '../../shared/facilitation/roles.ts';

/** One open connection of one person, as presence knows it. */
export interface PresenceEntry {
  connectionId: string;
  nodeId: string;
  participantId: string;
  role: Role;
  displayName: string;
  administration: string;
  language: string;
  /** Server time after which the entry no longer counts unless refreshed. */
  expiresAt: number;
}

/**
 * Who is connected to each workshop, across nodes. Entries are refreshed by heartbeat and expire on
 * their own, so the people of a crashed node disappear within one TTL.
 */
export interface PresenceStore {
  put(workshopId: string, entry: PresenceEntry): Promise<void>;
  remove(workshopId: string, connectionId: string): Promise<void>;
  /** Entries that have not expired at `now`. */
  list(workshopId: string, now: number): Promise<PresenceEntry[]>;
  /** Forgets everyone's presence in the workshop (the workshop is being deleted). */
  deleteWorkshop(workshopId: string): Promise<void>;
}

/** Presence for one node (the embedded store): a map in memory. */
export class MemoryPresenceStore implements PresenceStore {
  readonly #workshops = new Map<string, Map<string, PresenceEntry>>();

  async put(workshopId: string, entry: PresenceEntry): Promise<void> {
    let entries = this.#workshops.get(workshopId);
    if (!entries) {
      entries = new Map();
      this.#workshops.set(workshopId, entries);
    }
    entries.set(entry.connectionId, entry);
  }

  async remove(workshopId: string, connectionId: string): Promise<void> {
    const entries = this.#workshops.get(workshopId);
    entries?.delete(connectionId);
    if (entries?.size === 0) this.#workshops.delete(workshopId);
  }

  async list(workshopId: string, now: number): Promise<PresenceEntry[]> {
    return [...(this.#workshops.get(workshopId)?.values() ?? [])].filter((e) => e.expiresAt > now);
  }

  async deleteWorkshop(workshopId: string): Promise<void> {
    this.#workshops.delete(workshopId);
  }
}
