import type { DocumentRegistry } from '../documents/DocumentRegistry.ts';
import type { OpenedStores } from '../storage/openStores.ts';

/** A readiness probe waits at most this long for the store: a hung Redis shows within 2 s, idle node or not. */
const STORE_PING_MS = 1_500;

export interface Readiness {
  ok: boolean;
  store: 'up' | 'down';
  documents: { awaitingRepair: number; pendingStructs: string[] };
}

/** What `/api/readyz` reports: the store asked now (not the last thing a command saw), and documents awaiting repair. */
export function readinessProbe(opened: Pick<OpenedStores, 'ping'>, registry: DocumentRegistry, closing: () => boolean): () => Promise<Readiness> {
  return async () => {
    const [up, documents] = await Promise.all([opened.ping(STORE_PING_MS), registry.documentHealth()]);
    return { ok: up && !closing(), store: up ? 'up' : 'down', documents };
  };
}
