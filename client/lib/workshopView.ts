import type { ExportView } from './exportView.ts';
import type {
  ActionItem,
  BoardInfo,
  BoardSummary,
  HistoryEntry,
  Note,
  NoteGroup,
  SessionState,
  WorkshopMeta,
} from '../../shared/board/types.ts';
import type { Role } from '../../shared/facilitation/roles.ts';
import type {
  AddActionPayload,
  AddBoardPayload,
  ConfigureVotingPayload,
  EditActionPayload,
  ErrorCode,
  PresenceUpdate,
  SetPhasePayload,
  SetSpotlightPayload,
  StartTimerPayload,
  WritingCounts,
} from '../../shared/protocol/index.ts';
import type { LinkInfo, PrivateNote } from '../../shared/protocol/workshopTypes.ts';
import type { SessionInfo, SessionMergeResult } from '../../shared/protocol/sessionTypes.ts';
import type { CommandName } from '../../shared/protocol/events.ts';
import type { CipsScores } from '../../shared/cips/types.ts';
import type { CipsUploadOutcome } from './cipsUpload.ts';

/** What a command reports back to the component that issued it (errors are also shown as notices). */
export type Outcome = { ok: true } | { ok: false; error: ErrorCode };

/**
 * The contract between the workshop state class (client/lib/workshopSession.svelte.ts) and the
 * components. Every field is reactive ($state / $derived) in the implementation. Components never
 * touch sockets or Yjs: they read this and call its methods.
 */
export interface WorkshopView extends ExportView {
  readonly workshopId: string;
  readonly role: Role;
  readonly participantId: string;
  readonly displayName: string;
  readonly status: 'connecting' | 'connected' | 'offline';
  /** Null until the document synced once. */
  readonly meta: WorkshopMeta | null;
  readonly session: SessionState;
  readonly boards: BoardInfo[];
  /** The board this person looks at: the facilitator's current board unless they picked another. */
  readonly viewedBoardId: string | null;
  viewBoard(boardId: string | null): void;
  readonly notes: Note[];
  readonly groups: NoteGroup[];
  readonly actions: ActionItem[];
  summary(boardId: string): BoardSummary | null;
  /** Imported CIPS survey scores (document root `cips`), or null. */
  readonly cips: CipsScores | null;
  readonly history: HistoryEntry[];
  /** Published counts per note id (empty while hidden). */
  readonly voteCounts: Record<string, number>;
  /** This person's own votes: boardId → noteId → votes. */
  readonly myVotes: Record<string, Record<string, number>>;
  /** This person's hidden notes while writing is private. */
  readonly privateNotes: PrivateNote[];
  readonly writingCounts: WritingCounts | null;
  readonly presence: PresenceUpdate | null;
  readonly done: boolean;
  /** Server time now (local clock corrected by the measured offset); reactive, ticks every 250 ms. */
  readonly serverNow: number;
  /** Whether this person follows the facilitator's spotlight (they can stop). */
  followSpotlight: boolean;
  /** Null when allowed now, else the refusal the server would give (for hiding/disabling controls). */
  refusal(command: CommandName): ErrorCode | null;
  isOwn(noteId: string): boolean;

  // commands
  addNote(boardId: string, row: string, column: string, text: string, colour: Note['colour']): Promise<Outcome>;
  editNote(noteId: string, changes: { text?: string; colour?: Note['colour'] }): Promise<Outcome>;
  deleteNote(noteId: string): Promise<Outcome>;
  moveNote(noteId: string, row: string, column: string): Promise<Outcome>;
  mergeNotes(targetId: string, sourceIds: string[]): Promise<Outcome>;
  createGroup(boardId: string, row: string, column: string, name: string, noteIds: string[]): Promise<Outcome>;
  renameGroup(groupId: string, name: string): Promise<Outcome>;
  deleteGroup(groupId: string): Promise<Outcome>;
  setNoteGroup(noteId: string, groupId: string | null): Promise<Outcome>;
  setPhase(payload: SetPhasePayload): Promise<Outcome>;
  configureVoting(payload: ConfigureVotingPayload): Promise<Outcome>;
  setNoteLimit(notesPerParticipant: number): Promise<Outcome>;
  castVote(noteId: string): Promise<Outcome>;
  retractVote(noteId: string): Promise<Outcome>;
  startTimer(payload: StartTimerPayload): Promise<Outcome>;
  pauseTimer(): Promise<Outcome>;
  resumeTimer(): Promise<Outcome>;
  addTimerMinute(): Promise<Outcome>;
  stopTimer(): Promise<Outcome>;
  setLock(locked: boolean): Promise<Outcome>;
  setSpotlight(spotlight: SetSpotlightPayload['spotlight']): Promise<Outcome>;
  setDone(done: boolean): Promise<Outcome>;
  addAction(payload: AddActionPayload): Promise<Outcome>;
  editAction(payload: EditActionPayload): Promise<Outcome>;
  deleteAction(actionId: string): Promise<Outcome>;
  setSummary(boardId: string, text: string): Promise<Outcome>;
  addBoard(payload: AddBoardPayload): Promise<Outcome>;
  setCurrentBoard(boardId: string): Promise<Outcome>;
  freeze(): Promise<Outcome>;
  reopen(): Promise<Outcome>;

  /** Facilitators: everyone sees the per-person counts of private writing (or only facilitators). */
  shareWritingCounts(shared: boolean): Promise<Outcome>;

  // facilitator REST (Bearer = this person's session token)
  listLinks(): Promise<{ ok: true; links: LinkInfo[] } | { ok: false; error: ErrorCode }>;
  mintLink(role: Role, label: string): Promise<{ ok: true; link: LinkInfo; url: string } | { ok: false; error: ErrorCode }>;
  revokeLink(linkId: string): Promise<Outcome>;
  rotateLink(linkId: string): Promise<{ ok: true; link: LinkInfo; url: string } | { ok: false; error: ErrorCode }>;
  listSessions(): Promise<{ ok: true; sessions: SessionInfo[] } | { ok: false; error: ErrorCode }>;
  endSession(sessionId: string): Promise<Outcome>;
  mergeSession(sessionId: string, into: string): Promise<({ ok: true } & SessionMergeResult) | { ok: false; error: ErrorCode }>;
  /** Deletes the workshop for everyone; `confirmTitle` is its title typed again. */
  deleteWorkshop(confirmTitle: string): Promise<Outcome>;
  /** Downloads an export of every board (shown before deleting). */
  downloadBeforeDeleting(format: 'json' | 'docx'): Promise<Outcome>;
  readonly joinCode: string | null;
  /** Uploads CIPS survey results; `replace` after the person confirmed replacing earlier ones. */
  importCips(file: Blob, replace: boolean): Promise<CipsUploadOutcome>;
}
