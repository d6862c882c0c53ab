import type { Role } from '../facilitation/roles.ts';
import type { ErrorCode } from './errors.ts';
import type {
  PresenceListPayload,
  ActionRefPayload,
  AddActionPayload,
  AddBoardPayload,
  AddNotePayload,
  BoardRefPayload,
  ConfigureVotingPayload,
  CreateGroupPayload,
  EditActionPayload,
  EditNotePayload,
  GroupRefPayload,
  MergeNotesPayload,
  MoveNotePayload,
  NoteRefPayload,
  RenameGroupPayload,
  SetDonePayload,
  SetLockPayload,
  SetNoteGroupPayload,
  SetNoteLimitPayload,
  SetPhasePayload,
  SetSpotlightPayload,
  SetSummaryPayload,
  StartTimerPayload,
} from './schemas.ts';
import type { PrivateNote } from './workshopTypes.ts';
import type { AllowObserversToExportPayload } from './exportSchemas.ts';
import type { ShareWritingCountsPayload } from './schemas.ts';
import type { BreakoutClientEvents, BreakoutEventName, BreakoutServerEvents } from './breakoutProtocol.ts';

/** Every command's ack: a result, or a named error. */
export type CommandResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorCode; detail?: string };

export type Ack<T extends object = object> = (result: CommandResult<T>) => void;
type Empty = Record<string, never>;

export interface JoinResult {
  workshopId: string;
  role: Role;
  participantId: string;
  displayName: string;
  administration: string;
  /** Notes on the board this person may edit or delete (ownership is known only to the server). */
  ownNoteIds: string[];
  /** This person's notes not yet revealed. */
  privateNotes: PrivateNote[];
  /** boardId → noteId → this person's votes. */
  myVotes: Record<string, Record<string, number>>;
  done: boolean;
  serverTime: number;
  /** This person's opaque presence key (finds their breakout group in the plenary document). */
  presenceKey: string;
}

export interface VoteResult {
  /** noteId → this person's votes on the note's board after the command. */
  myVotes: Record<string, number>;
  remaining: number;
}

export interface ClientToServerEvents extends BreakoutClientEvents {
  'workshop.join': (payload: Empty, ack: Ack<JoinResult>) => void;
  'clock.sync': (payload: Empty, ack: Ack<{ serverTime: number }>) => void;
  /** Everyone present, a page at a time (facilitators, rapporteurs, observers): large rooms send participants only as counts. */
  'presence.list': (payload: PresenceListPayload, ack: Ack<PresenceListPage>) => void;
  'note.add': (payload: AddNotePayload, ack: Ack<{ noteId: string; private: boolean }>) => void;
  'note.edit': (payload: EditNotePayload, ack: Ack) => void;
  'note.delete': (payload: NoteRefPayload, ack: Ack) => void;
  'note.move': (payload: MoveNotePayload, ack: Ack) => void;
  'note.merge': (payload: MergeNotesPayload, ack: Ack) => void;
  /** Takes a stacked note out of its stack, or every note out of a stack when `noteId` is its top. */
  'note.unmerge': (payload: NoteRefPayload, ack: Ack) => void;
  'note.setGroup': (payload: SetNoteGroupPayload, ack: Ack) => void;
  'group.create': (payload: CreateGroupPayload, ack: Ack<{ groupId: string }>) => void;
  'group.rename': (payload: RenameGroupPayload, ack: Ack) => void;
  'group.delete': (payload: GroupRefPayload, ack: Ack) => void;
  'phase.set': (payload: SetPhasePayload, ack: Ack) => void;
  'voting.configure': (payload: ConfigureVotingPayload, ack: Ack) => void;
  'notes.setLimit': (payload: SetNoteLimitPayload, ack: Ack) => void;
  'vote.cast': (payload: NoteRefPayload, ack: Ack<VoteResult>) => void;
  'vote.retract': (payload: NoteRefPayload, ack: Ack<VoteResult>) => void;
  'timer.start': (payload: StartTimerPayload, ack: Ack) => void;
  'timer.pause': (payload: Empty, ack: Ack) => void;
  'timer.resume': (payload: Empty, ack: Ack) => void;
  'timer.addMinute': (payload: Empty, ack: Ack) => void;
  'timer.stop': (payload: Empty, ack: Ack) => void;
  'lock.set': (payload: SetLockPayload, ack: Ack) => void;
  'spotlight.set': (payload: SetSpotlightPayload, ack: Ack) => void;
  'done.set': (payload: SetDonePayload, ack: Ack) => void;
  'action.add': (payload: AddActionPayload, ack: Ack<{ actionId: string }>) => void;
  'action.edit': (payload: EditActionPayload, ack: Ack) => void;
  'action.delete': (payload: ActionRefPayload, ack: Ack) => void;
  /** Makes an action item of a note: its text, on the note's board and row, linked to the note. */
  'action.fromNote': (payload: NoteRefPayload, ack: Ack<{ actionId: string }>) => void;
  'summary.set': (payload: SetSummaryPayload, ack: Ack) => void;
  'board.add': (payload: AddBoardPayload, ack: Ack<{ boardId: string }>) => void;
  'board.setCurrent': (payload: BoardRefPayload, ack: Ack) => void;
  'workshop.freeze': (payload: Empty, ack: Ack) => void;
  'workshop.reopen': (payload: Empty, ack: Ack) => void;
  'export.allowObservers': (payload: AllowObserversToExportPayload, ack: Ack) => void;
  'writingCounts.share': (payload: ShareWritingCountsPayload, ack: Ack) => void;
}

export type CommandName = Exclude<keyof ClientToServerEvents, 'workshop.join' | 'clock.sync' | 'presence.list' | BreakoutEventName>;

/** One page of `presence.list`: `nextOffset` asks for the next one, null after the last. */
export interface PresenceListPage {
  people: PresencePerson[];
  total: number;
  nextOffset: number | null;
}

export interface PresencePerson {
  /** Stable per person and workshop, opaque (names the entry in `presence.changed`). */
  key: string;
  role: Role;
  displayName: string;
  administration: string;
}

/**
 * Who is here. `people` lists everyone on named workshops of up to 50 people present; on anonymous
 * workshops, and in larger rooms, participants appear only in `byRole` counts, for everyone
 * (facilitators page through everyone with `presence.list`).
 */
export interface PresenceUpdate {
  count: number;
  byRole: Record<Role, number>;
  people: PresencePerson[];
}

/**
 * What changed since the last presence message this connection got: absolute counts, people who
 * arrived (or whose entry changed) and the keys of people who left. Sent at most about once a second
 * per workshop, and only when something changed.
 */
export interface PresenceChange {
  count: number;
  byRole: Record<Role, number>;
  added: PresencePerson[];
  removed: string[];
}

/** How much is being written privately: per person on named workshops, only the room total on anonymous ones. */
export interface WritingCounts {
  total: number;
  perPerson: Array<{ displayName: string; administration: string; count: number }> | null;
}

export interface ServerToClientEvents extends BreakoutServerEvents {
  /** The whole presence list: once, to a connection that just joined. */
  'presence.update': (update: PresenceUpdate) => void;
  /** Presence changes, coalesced per workshop. */
  'presence.changed': (change: PresenceChange) => void;
  /** This person's own private notes (sent only to their connections). */
  'private.notes': (notes: PrivateNote[]) => void;
  'writing.counts': (counts: WritingCounts) => void;
  /** This person's own votes after any change (sent only to their connections). */
  'votes.mine': (votes: Record<string, Record<string, number>>) => void;
  /** The session ended on the server's side (link revoked, ended or merged by a facilitator, expired, workshop deleted). */
  'session.ended': (reason: ErrorCode) => void;
}

/** Between server nodes (through the Socket.IO Redis adapter). */
export interface InterServerEvents {
  /** A link was revoked on another node: close its Yjs connections here too. */
  'link.revoked': (linkId: string) => void;
  /** A session ended (facilitator, merge, expiry) on another node: close its connections here too. */
  'session.closed': (tokenHash: string, reason: ErrorCode) => void;
  /** Presence of a workshop changed on another node: read the store and tell local connections. */
  'presence.dirty': (workshopId: string) => void;
  /** A workshop was deleted on another node: close its connections and drop it from memory, then answer. */
  'workshop.deleted': (workshopId: string, done: (dropped: boolean) => void) => void;
}
