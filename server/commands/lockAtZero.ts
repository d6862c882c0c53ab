import { readSession, roots, writeSession } from '../../shared/board/boardDocument.ts';
import type { LoadedDocument } from '../documents/DocumentRegistry.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import type { Services } from '../Services.ts';

/**
 * Locks a workshop when its timer reaches zero, if the facilitator asked for it. Every node that
 * holds the document schedules it; a quota key makes the lock happen once per timer run.
 */
export class LockAtZeroScheduler {
  readonly #services: Services;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #observers = new Map<string, () => void>();

  constructor(services: Services) {
    this.#services = services;
  }

  watch(entry: LoadedDocument): void {
    const observer = () => this.#schedule(entry);
    roots.session(entry.doc).observe(observer);
    this.#observers.set(entry.id, () => roots.session(entry.doc).unobserve(observer));
    this.#schedule(entry);
  }

  unwatch(entry: LoadedDocument): void {
    this.#observers.get(entry.id)?.();
    this.#observers.delete(entry.id);
    this.#clear(entry.id);
  }

  close(): void {
    for (const id of [...this.#timers.keys()]) this.#clear(id);
  }

  #clear(id: string): void {
    const timer = this.#timers.get(id);
    if (timer) clearTimeout(timer);
    this.#timers.delete(id);
  }

  #schedule(entry: LoadedDocument): void {
    this.#clear(entry.id);
    const { timer } = readSession(entry.doc);
    if (timer?.status !== 'running' || !timer.lockAtZero || timer.endsAt === null) return;
    const endsAt = timer.endsAt;
    const handle = setTimeout(() => void this.#fire(entry, endsAt), Math.max(0, endsAt - this.#services.now()));
    handle.unref();
    this.#timers.set(entry.id, handle);
  }

  async #fire(entry: LoadedDocument, endsAt: number): Promise<void> {
    const services = this.#services;
    try {
      await entry.runExclusive(async () => {
        const { timer } = readSession(entry.doc);
        if (timer?.status !== 'running' || timer.endsAt !== endsAt || !timer.lockAtZero) return;
        const once = await services.stores.quotas.tryIncrement(`lockAtZero:${entry.id}:${endsAt}`, 1, 24 * 60 * 60 * 1000);
        if (!once) return;
        await services.registry.apply(entry, commandOrigin('timer.lockAtZero'), (doc) =>
          writeSession(doc, { locked: true, timer: { ...timer, lockAtZero: false } }),
        );
      });
    } catch (err) {
      services.log.error({ err, workshopId: entry.id }, 'lock at zero failed');
    }
  }
}
