import type { Stores } from '../Services.ts';
import type { PresenceStore } from '../storage/PresenceStore.ts';
import { storedGroupDocIds } from '../breakouts/groupDocuments.ts';

/**
 * Deletes everything stored for one workshop from every store. The workshop record, its join code,
 * links and sessions go first: from then on no link, code or token opens anything, so nothing new
 * is written while the document, update log, snapshots, ownership, votes, hidden notes, counters
 * and presence follow. Running it again finishes a deletion that failed half-way.
 */
export async function eraseWorkshopData(stores: Stores, presence: PresenceStore | null, workshopId: string): Promise<void> {
  await stores.workshops.deleteWorkshop(workshopId);
  // Breakout groups' boards are documents of their own, each with its notes' owners, votes and counters.
  for (const docId of await storedGroupDocIds(stores.documents, workshopId)) {
    await Promise.all([
      stores.documents.delete(docId),
      stores.ownership.deleteWorkshop(docId),
      stores.privateNotes.deleteWorkshop(docId),
      stores.votes.deleteWorkshop(docId),
      stores.quotas.deleteWorkshop(docId),
      stores.merges.deleteWorkshop(docId),
    ]);
  }
  await Promise.all([
    stores.documents.delete(workshopId),
    stores.ownership.deleteWorkshop(workshopId),
    stores.privateNotes.deleteWorkshop(workshopId),
    stores.votes.deleteWorkshop(workshopId),
    stores.quotas.deleteWorkshop(workshopId),
    stores.merges.deleteWorkshop(workshopId),
    stores.receipts.deleteWorkshop(workshopId),
    presence?.deleteWorkshop(workshopId),
  ]);
}
