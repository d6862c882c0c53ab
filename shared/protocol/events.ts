import type { ErrorCode } from './errors.ts';
import type { AddNotePayload, BoardRefPayload, DeleteNotePayload, EditNotePayload } from './schemas.ts';

/** Every command's ack: a result, or a named error. */
export type CommandResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorCode; detail?: string };

export type Ack<T extends object = object> = (result: CommandResult<T>) => void;

export interface JoinResult {
  title: string;
  /** Ids of the notes this person may edit or delete (ownership is known only to the server). */
  ownNoteIds: string[];
}

export interface ClientToServerEvents {
  'board.join': (payload: BoardRefPayload, ack: Ack<JoinResult>) => void;
  'board.leave': (payload: BoardRefPayload, ack: Ack) => void;
  'note.add': (payload: AddNotePayload, ack: Ack<{ noteId: string }>) => void;
  'note.edit': (payload: EditNotePayload, ack: Ack) => void;
  'note.delete': (payload: DeleteNotePayload, ack: Ack) => void;
}

export interface PresencePerson {
  displayName: string;
  administration: string;
}

export interface PresenceUpdate {
  boardId: string;
  count: number;
  people: PresencePerson[];
}

export interface ServerToClientEvents {
  'presence.update': (update: PresenceUpdate) => void;
}

export type InterServerEvents = Record<string, never>;
