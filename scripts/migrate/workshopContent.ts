import * as Y from 'yjs';
import { readBoards, readSession } from '../../shared/board/boardDocument.ts';
import type { PrivateNote } from '../../shared/protocol/workshopTypes.ts';
import { noteQuotaKey } from '../../server/commands/noteAccess.ts';
import { doneKey } from '../../server/commands/setDone.ts';
import type { Stores } from '../../server/Services.ts';
import type { VoteRecord } from '../../server/storage/FacilitationStore.ts';
import type { LinkRecord, SessionRecord, WorkshopRecord } from '../../server/storage/WorkshopStore.ts';

/** Everything one workshop holds in a store, read through the store interfaces. */
export interface WorkshopContent {
  id: string;
  workshop: WorkshopRecord | null;
  /** The workshop id the record's join code resolves to. */
  joinCodeOwner: string | null;
  links: LinkRecord[];
  sessions: SessionRecord[];
  /** The merged document state (a workshop's document id is the workshop id). */
  document: Uint8Array | null;
  owners: Array<[string, string]>;
  privateNotes: PrivateNote[];
  /** boardId → that board's votes. */
  votes: Record<string, VoteRecord[]>;
  boardIds: string[];
  participantIds: string[];
  phaseEpoch: number;
}

export async function readWorkshopContent(stores: Stores, id: string): Promise<WorkshopContent> {
  const workshop = await stores.workshops.getWorkshop(id);
  const [links, sessions, document, owners, privateNotes] = await Promise.all([
    stores.workshops.listLinks(id),
    stores.workshops.listSessions(id),
    stores.documents.load(id),
    stores.ownership.listOwners(id),
    stores.privateNotes.listAll(id),
  ]);
  const doc = new Y.Doc();
  try {
    if (document) Y.applyUpdate(doc, document);
    const boardIds = readBoards(doc).map((board) => board.id);
    const votes: Record<string, VoteRecord[]> = {};
    for (const boardId of boardIds) votes[boardId] = await stores.votes.exportBoard(id, boardId);
    const participantIds = new Set([
      ...sessions.map((s) => s.participantId),
      ...owners.map(([, participantId]) => participantId),
      ...privateNotes.map((n) => n.ownerId),
    ]);
    return {
      id,
      workshop,
      joinCodeOwner: workshop ? await stores.workshops.workshopIdForJoinCode(workshop.joinCode) : null,
      links,
      sessions,
      document,
      owners,
      privateNotes,
      votes,
      boardIds,
      participantIds: [...participantIds].sort(),
      phaseEpoch: readSession(doc).phaseEpoch,
    };
  } finally {
    doc.destroy();
  }
}

/**
 * The names of the workshop's counters without a window that matter after a move: notes written
 * per participant and board (the note limit), and "I'm done" in the current phase. Windowed
 * counters (join-code tries, the lock-at-zero guard) are rate limits and are not moved.
 */
export function counterKeys(content: WorkshopContent): string[] {
  const keys: string[] = [];
  for (const participantId of content.participantIds) {
    for (const boardId of content.boardIds) keys.push(noteQuotaKey(content.id, boardId, participantId));
    keys.push(doneKey(content.id, content.phaseEpoch, participantId));
  }
  return keys;
}

export async function readCounters(stores: Stores, keys: string[]): Promise<Record<string, number>> {
  const counters: Record<string, number> = {};
  for (const key of keys) counters[key] = await stores.quotas.get(key);
  return counters;
}

/** Brings each counter to the wanted value with the QuotaStore's own operations. */
export async function writeCounters(stores: Stores, wanted: Record<string, number>): Promise<void> {
  for (const [key, value] of Object.entries(wanted)) {
    let current = await stores.quotas.get(key);
    for (; current > value; current--) await stores.quotas.decrement(key);
    for (; current < value; current++) {
      if (!(await stores.quotas.tryIncrement(key, value))) throw new Error(`counter ${key} refused to reach ${value}`);
    }
  }
}
