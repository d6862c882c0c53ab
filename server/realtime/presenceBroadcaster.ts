import type { PresenceChange, PresenceUpdate } from '../../shared/protocol/index.ts';
import type { Logger } from '../logger.ts';
import type { PresenceStore } from '../storage/PresenceStore.ts';
import { peopleFromEntries, presenceDiff, presenceFor } from './presence.ts';

/** How a broadcaster reaches this node's connections of a workshop and the other nodes. */
export interface PresenceOutlet {
  /** Sends a change to this node's connections of the workshop. */
  sendLocal(workshopId: string, change: PresenceChange): void;
  /** Tells the other nodes that presence of the workshop changed (they read the store themselves). */
  announce(workshopId: string): void;
  isAnonymous(workshopId: string): boolean;
}

interface WorkshopPresence {
  /** What this node's connections were last sent. */
  view: PresenceUpdate | null;
  timer: NodeJS.Timeout | null;
  lastFlush: number;
  announce: boolean;
}

/** A short wait before the first flush, so connections arriving together share one message. */
const GATHER_MS = 50;

/**
 * Presence sent as changes, coalesced: each node keeps what its connections of a workshop last
 * saw, and at most once per `intervalMs` sends them what changed (nothing when nothing did). A new
 * connection gets the whole list once. 200 connections of one person cost 200 snapshots and no
 * broadcast at all, where every connect used to re-send the whole list to everyone.
 */
export class PresenceBroadcaster {
  readonly #store: PresenceStore;
  readonly #outlet: PresenceOutlet;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #workshops = new Map<string, WorkshopPresence>();

  constructor(store: PresenceStore, outlet: PresenceOutlet, intervalMs: number, now: () => number, log: Logger) {
    this.#store = store;
    this.#outlet = outlet;
    this.#intervalMs = intervalMs;
    this.#now = now;
    this.#log = log;
  }

  /** The whole list as this node's connections know it (read from the store when this node has none yet). */
  async snapshot(workshopId: string): Promise<PresenceUpdate> {
    const state = this.#state(workshopId);
    if (!state.view) state.view = await this.#read(workshopId);
    return state.view;
  }

  /** Presence of the workshop changed (here, or on another node when `fromOtherNode`): flush soon. */
  changed(workshopId: string, fromOtherNode = false): void {
    const state = this.#state(workshopId);
    if (!fromOtherNode) state.announce = true;
    if (state.timer) return;
    const at = Math.max(this.#now() + GATHER_MS, state.lastFlush + this.#intervalMs);
    state.timer = setTimeout(() => void this.#flush(workshopId), at - this.#now());
    state.timer.unref();
  }

  /** This node holds no connection of the workshop any more. */
  forget(workshopId: string): void {
    const state = this.#workshops.get(workshopId);
    if (state?.timer) clearTimeout(state.timer);
    this.#workshops.delete(workshopId);
  }

  stop(): void {
    for (const id of [...this.#workshops.keys()]) this.forget(id);
  }

  #state(workshopId: string): WorkshopPresence {
    let state = this.#workshops.get(workshopId);
    if (!state) {
      state = { view: null, timer: null, lastFlush: 0, announce: false };
      this.#workshops.set(workshopId, state);
    }
    return state;
  }

  async #read(workshopId: string): Promise<PresenceUpdate> {
    const entries = await this.#store.list(workshopId, this.#now());
    return presenceFor(workshopId, peopleFromEntries(entries), this.#outlet.isAnonymous(workshopId));
  }

  async #flush(workshopId: string): Promise<void> {
    const state = this.#workshops.get(workshopId);
    if (!state) return;
    state.timer = null;
    state.lastFlush = this.#now();
    const announce = state.announce;
    state.announce = false;
    try {
      const next = await this.#read(workshopId);
      if (this.#workshops.get(workshopId) !== state) return;
      const change = presenceDiff(state.view, next);
      state.view = next;
      if (!change) return;
      this.#outlet.sendLocal(workshopId, change);
      if (announce) this.#outlet.announce(workshopId);
    } catch (err) {
      this.#log.warn({ err, workshopId }, 'presence update failed');
    }
  }
}
