import type { Stores } from '../../server/Services.ts';
import { type WorkshopContent, counterKeys, readCounters, readWorkshopContent, writeCounters } from './workshopContent.ts';

/** Whether the target already holds anything of this workshop (its record or its document). */
export async function targetHolds(target: Stores, id: string): Promise<boolean> {
  return (await target.workshops.getWorkshop(id)) !== null || (await target.documents.load(id)) !== null;
}

/**
 * Removes what the target holds of a workshop, so the copy replaces it rather than mixing with it.
 * Returns the counter names the target used, so they can be brought to the source's values.
 */
async function clearWorkshop(target: Stores, id: string): Promise<string[]> {
  const held = await readWorkshopContent(target, id);
  await target.workshops.deleteWorkshop(id);
  await target.documents.delete(id);
  for (const [noteId] of held.owners) await target.ownership.deleteOwner(id, noteId);
  for (const note of held.privateNotes) await target.privateNotes.delete(id, note.id);
  for (const boardId of held.boardIds) await target.votes.importBoard(id, boardId, []);
  return counterKeys(held);
}

/**
 * Copies one workshop. The record goes first, so an interrupted copy is seen as "already held"
 * next time (and needs --overwrite); the document is written as one update of its merged state.
 */
export async function copyWorkshop(source: WorkshopContent, sourceStores: Stores, target: Stores, overwrite: boolean): Promise<void> {
  const { id } = source;
  if (!source.workshop) throw new Error(`workshop ${id} has no record in the source`);
  const staleCounters = overwrite ? await clearWorkshop(target, id) : [];
  await target.workshops.createWorkshop(source.workshop, source.links);
  for (const session of source.sessions) {
    await target.workshops.putSession(session);
    if (session.lastSeenAt !== undefined) await target.workshops.touchSession(session.tokenHash, session.lastSeenAt);
  }
  if (source.document) await target.documents.append(id, source.document);
  for (const [noteId, participantId] of source.owners) await target.ownership.setOwner(id, noteId, participantId);
  for (const note of source.privateNotes) await target.privateNotes.put(id, note);
  for (const [boardId, votes] of Object.entries(source.votes)) await target.votes.importBoard(id, boardId, votes);
  const keys = [...new Set([...counterKeys(source), ...staleCounters])];
  await writeCounters(target, await readCounters(sourceStores, keys));
}
