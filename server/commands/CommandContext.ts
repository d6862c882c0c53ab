import type { BoardRegistry, LoadedBoard } from '../boards/BoardRegistry.ts';
import type { Principal } from '../realtime/identity.ts';
import type { NoteOwnershipStore } from '../storage/DocumentStore.ts';

/** What a command may use: who asked, the board they joined, and the server's services. */
export interface CommandContext {
  principal: Principal;
  board: LoadedBoard;
  registry: BoardRegistry;
  ownership: NoteOwnershipStore;
  now: () => number;
  newId: () => string;
}
