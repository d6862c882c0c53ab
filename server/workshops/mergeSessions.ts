import { readBoards, readSession, writeVoteCounts } from '../../shared/board/boardDocument.ts';
import type { CommandResult, ErrorCode } from '../../shared/protocol/index.ts';
import type { SessionMergeResult } from '../../shared/protocol/sessionTypes.ts';
import { noteQuotaKey } from '../commands/noteAccess.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import type { Services } from '../Services.ts';
import { findOpenSession } from './manageSessions.ts';

export interface SessionClosers {
  /** Ends the session's connections, telling them why (every node). */
  closeSession(tokenHash: string, reason: ErrorCode): void;
  /** Drops the session's connections without ending it, so they rejoin and learn what they now own. */
  refreshSession(tokenHash: string): void;
}

/**
 * Merges a duplicate session into its person: the duplicate ends first (no more writes from it),
 * then its notes (shown and hidden) and their quota, and its votes move to the surviving session.
 * Votes stay within the survivor's budget and per-note maximum; what does not fit is dropped and
 * counted, so the facilitator can say so.
 */
export async function mergeSessions(
  services: Services,
  workshopId: string,
  fromId: string,
  intoId: string,
  closers: SessionClosers,
): Promise<CommandResult<SessionMergeResult>> {
  if (fromId === intoId) return { ok: false, error: 'INVALID_PAYLOAD', detail: 'into: a session cannot be merged into itself' };
  const from = await findOpenSession(services, workshopId, fromId);
  const into = await findOpenSession(services, workshopId, intoId);
  if (!from || !into) return { ok: false, error: 'SESSION_NOT_FOUND' };
  if (from.role !== into.role) return { ok: false, error: 'INVALID_PAYLOAD', detail: 'into: sessions of different roles' };
  if (from.participantId === into.participantId) {
    // Two devices of one person (a personal link): nothing to move, the duplicate only ends.
    await services.stores.workshops.putSession({ ...from, endedAt: services.now() });
    closers.closeSession(from.tokenHash, 'SESSION_ENDED');
    return { ok: true, movedNotes: 0, movedVotes: 0, droppedVotes: 0 };
  }
  const workshop = await services.registry.acquire(workshopId);
  if (!workshop) return { ok: false, error: 'WORKSHOP_NOT_FOUND' };
  const { stores } = services;
  try {
    await stores.workshops.putSession({ ...from, endedAt: services.now() });
    closers.closeSession(from.tokenHash, 'SESSION_ENDED');
    const result = await workshop.runExclusive(async () => {
      const [a, b] = [from.participantId, into.participantId];
      let movedNotes = 0;
      for (const noteId of await stores.ownership.notesOwnedBy(workshopId, a)) {
        await stores.ownership.setOwner(workshopId, noteId, b);
        movedNotes++;
      }
      for (const note of (await stores.privateNotes.listAll(workshopId)).filter((n) => n.ownerId === a)) {
        await stores.privateNotes.put(workshopId, { ...note, ownerId: b });
        movedNotes++;
      }
      const { voting, votesVisible } = readSession(workshop.doc);
      let movedVotes = 0;
      let droppedVotes = 0;
      for (const board of readBoards(workshop.doc)) {
        const fromKey = noteQuotaKey(workshopId, board.id, a);
        const intoKey = noteQuotaKey(workshopId, board.id, b);
        for (let n = await stores.quotas.get(fromKey); n > 0; n--) {
          await stores.quotas.tryIncrement(intoKey, Number.MAX_SAFE_INTEGER);
          await stores.quotas.decrement(fromKey);
        }
        const touched = Object.keys(await stores.votes.votesOf(workshopId, board.id, a));
        const votes = await stores.votes.mergeVoter(workshopId, board.id, a, b, { budget: voting.votesPerParticipant, maxPerNote: voting.maxPerNote });
        movedVotes += votes.moved;
        droppedVotes += votes.dropped;
        if (votesVisible && votes.dropped > 0) {
          const totals = await stores.votes.totals(workshopId, board.id);
          await services.registry.apply(workshop, commandOrigin('session.merge'), (doc) =>
            writeVoteCounts(doc, Object.fromEntries(touched.map((noteId) => [noteId, totals[noteId] ?? 0]))),
          );
        }
      }
      return { movedNotes, movedVotes, droppedVotes };
    });
    closers.refreshSession(into.tokenHash);
    services.log.info({ workshopId, ...result }, 'duplicate session merged');
    return { ok: true, ...result };
  } finally {
    services.registry.release(workshop);
  }
}
