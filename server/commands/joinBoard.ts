import { readMeta } from '../../shared/board/boardDocument.ts';
import type { CommandResult, JoinResult } from '../../shared/protocol/index.ts';
import type { LoadedBoard } from '../boards/BoardRegistry.ts';
import type { Principal } from '../realtime/identity.ts';
import type { NoteOwnershipStore } from '../storage/DocumentStore.ts';

/** What a person learns on joining: the title and which notes they may change. */
export async function joinBoard(
  board: LoadedBoard,
  principal: Principal,
  ownership: NoteOwnershipStore,
): Promise<CommandResult<JoinResult>> {
  const ownNoteIds = await ownership.notesOwnedBy(board.id, principal.participantId);
  return { ok: true, title: readMeta(board.doc)?.title ?? '', ownNoteIds };
}
