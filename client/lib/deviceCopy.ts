import type * as Y from 'yjs';
import type { IndexeddbPersistence } from 'y-indexeddb';

/** How long opening the device copy may take before the board connects without it. */
const OPEN_TIMEOUT_MS = 3000;

const databaseName = (workshopId: string) => `integrity-board-replica:${workshopId}`;

/**
 * The board as this device last received it, in IndexedDB (y-indexeddb), so a reload with no network
 * still shows it. It only stores what the replica received from the server: the replica never writes.
 * Loaded on demand (its own small chunk). Null where IndexedDB is refused or too slow.
 */
export async function openDeviceCopy(workshopId: string, doc: Y.Doc): Promise<IndexeddbPersistence | null> {
  try {
    const { IndexeddbPersistence } = await import('y-indexeddb');
    const copy = new IndexeddbPersistence(databaseName(workshopId), doc);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), OPEN_TIMEOUT_MS)));
    const opened = await Promise.race([copy.whenSynced, timedOut]);
    clearTimeout(timer);
    if (!opened) void copy.destroy();
    return opened;
  } catch {
    return null;
  }
}

/** Deletes the device copy of a workshop's board (session ended, workshop deleted, replica reset). */
export async function forgetDeviceCopy(workshopId: string): Promise<void> {
  try {
    const { clearDocument } = await import('y-indexeddb');
    await clearDocument(databaseName(workshopId));
  } catch {
    // IndexedDB refused: nothing was kept.
  }
}
