import type { Principal } from '../auth/Principal.ts';
import type { Notifier } from '../commands/CommandContext.ts';
import type { LoadedDocument } from '../documents/DocumentRegistry.ts';
import type { Services } from '../Services.ts';
import type { PresenceStore } from '../storage/PresenceStore.ts';
import type { BreakoutMessage } from '../../shared/protocol/index.ts';

/** Socket.IO reach the breakout use cases need (rooms on every node through the adapter). */
export interface BreakoutRooms {
  /** Tells everyone in the workshop (or one person) that groups changed: their clients enter again. */
  changed(workshopId: string, participantId?: string): void;
  /** Takes a person's connections out of a group's rooms (moved, or the round ended). */
  leaveGroup(workshopId: string, participantId: string | null, groupDocId: string): void;
  message(workshopId: string, groupDocId: string | null, message: BreakoutMessage): void;
  /** Messages for people, per document (private notes, writing counts, own votes). */
  notifierFor(doc: LoadedDocument): Notifier;
}

/** What a breakout use case may use: who asked, the plenary document, services, presence, rooms. */
export interface BreakoutContext {
  principal: Principal;
  plenary: LoadedDocument;
  services: Services;
  presence: PresenceStore;
  rooms: BreakoutRooms;
}
