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
 * How long one presence entry lives after its last refresh, so that a dead node's people are gone
 * within the TTL named in the configuration: entries are refreshed every TTL/3, and other nodes look
 * for expired ones on the same beat, so an entry may be noticed up to TTL/3 after it expired. With a
 * lifetime of 0.6 TTL, that is at most 0.93 TTL after the node's last refresh, and a live entry still
 * has 0.27 TTL of margin between two refreshes (a slow store must not make people flicker).
 */
export function presenceEntryLifetimeMs(ttlMs: number): number {
  return Math.floor(ttlMs * 0.6);
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
