import { readBoards, readSession } from '../../shared/board/boardDocument.ts';
import type { CommandResult, JoinResult } from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { doneKey } from './setDone.ts';
import { presenceKey } from '../realtime/presence.ts';

/** What a person learns on joining: who they are here, which notes are theirs, their hidden notes and votes. */
export async function joinWorkshop(ctx: CommandContext): Promise<CommandResult<JoinResult>> {
  const { stores, now } = ctx.services;
  const { principal } = ctx;
  const workshopId = ctx.workshop.id;
  const myVotes: Record<string, Record<string, number>> = {};
  for (const board of readBoards(ctx.workshop.doc)) {
    const votes = await stores.votes.votesOf(workshopId, board.id, principal.participantId);
    if (Object.keys(votes).length > 0) myVotes[board.id] = votes;
  }
  const privateNotes = (await stores.privateNotes.listAll(workshopId)).filter((n) => n.ownerId === principal.participantId);
  const session = readSession(ctx.workshop.doc);
  return {
    ok: true,
    workshopId,
    role: principal.role,
    participantId: principal.participantId,
    displayName: principal.displayName,
    administration: principal.administration,
    ownNoteIds: await stores.ownership.notesOwnedBy(workshopId, principal.participantId),
    privateNotes,
    myVotes,
    done: (await stores.quotas.get(doneKey(workshopId, session.phaseEpoch, principal.participantId))) > 0,
    serverTime: now(),
    presenceKey: presenceKey(principal.workshopId, principal.participantId),
  };
}
