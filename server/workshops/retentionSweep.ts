import * as Y from 'yjs';
import { readSession } from '../../shared/board/boardDocument.ts';
import type { Services } from '../Services.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the store is swept for workshops past their retention. */
export const RETENTION_SWEEP_EVERY_MS = 60 * 60 * 1000;

export interface RetentionSweepOptions {
  services: Services;
  /** Days after freezing before a workshop is deleted. */
  daysAfterFreeze: number;
  /** Deletes a workshop everywhere (WorkshopDeletion.deleteEverywhere). */
  deleteWorkshop: (workshopId: string) => Promise<void>;
}

/**
 * Deletes workshops `daysAfterFreeze` days after they were frozen (RETENTION_DAYS_AFTER_FREEZE).
 * A reopened workshop is not frozen any more and is kept. Time comes from `services.now`, so tests
 * move the clock instead of waiting.
 */
export class RetentionSweep {
  readonly #options: RetentionSweepOptions;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<string[]> | null = null;

  constructor(options: RetentionSweepOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.sweep(), RETENTION_SWEEP_EVERY_MS);
    this.#timer.unref();
    void this.sweep();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One pass over every workshop; resolves with the ids it deleted. One pass at a time. */
  sweep(): Promise<string[]> {
    this.#running ??= this.#sweep().finally(() => (this.#running = null));
    return this.#running;
  }

  async #sweep(): Promise<string[]> {
    const { services, daysAfterFreeze, deleteWorkshop } = this.#options;
    const deleted: string[] = [];
    let ids: string[];
    try {
      ids = await services.stores.workshops.listWorkshops();
    } catch (err) {
      services.log.warn({ err }, 'retention sweep could not list workshops');
      return deleted;
    }
    for (const id of ids) {
      try {
        const frozenAt = await this.#frozenAt(id);
        if (frozenAt === null || services.now() - frozenAt < daysAfterFreeze * DAY_MS) continue;
        await deleteWorkshop(id);
        deleted.push(id);
        services.log.info({ workshopId: id, frozenAt, daysAfterFreeze }, 'workshop deleted after its retention period');
      } catch (err) {
        services.log.warn({ err, workshopId: id }, 'retention sweep could not check or delete a workshop');
      }
    }
    return deleted;
  }

  /** When the workshop was frozen, if it is frozen now: from memory when loaded, else from the store. */
  async #frozenAt(workshopId: string): Promise<number | null> {
    const { registry, stores } = this.#options.services;
    const loaded = await registry.peek(workshopId);
    if (loaded && !loaded.doc.isDestroyed) return frozenSince(loaded.doc);
    const state = await stores.documents.load(workshopId);
    if (!state) return null;
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      return frozenSince(doc);
    } finally {
      doc.destroy();
    }
  }
}

function frozenSince(doc: Y.Doc): number | null {
  const session = readSession(doc);
  return session.phase === 'closed' ? session.frozenAt : null;
}
