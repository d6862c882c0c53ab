import { readBreakoutGroups } from '../../shared/breakouts/breakoutDocument.ts';
import type { DocumentRegistry } from '../documents/DocumentRegistry.ts';
import type { DocumentStore } from '../storage/DocumentStore.ts';

/** The stored group documents of a workshop (`<workshopId>_r<round>g<index>`), found in the store so deletion needs no plenary. */
export async function storedGroupDocIds(documents: DocumentStore, workshopId: string): Promise<string[]> {
  const pattern = new RegExp(`^${workshopId.replace(/[-]/g, '\\-')}_r\\d+g\\d+$`);
  return (await documents.list()).filter((id) => pattern.test(id));
}

/** Drops a deleted workshop's group documents from this node's memory (like the plenary's). */
export async function discardGroupDocuments(registry: DocumentRegistry, workshopId: string): Promise<void> {
  const plenary = await registry.peek(workshopId);
  if (!plenary || plenary.doc.isDestroyed) return;
  await Promise.all(readBreakoutGroups(plenary.doc).map((g) => registry.discard(g.docId)));
}
