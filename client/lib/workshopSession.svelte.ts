import type { CipsScores } from '../../shared/cips/types.ts';
import { uploadCips, type CipsUploadOutcome } from './cipsUpload.ts';
import type {
  ActionItem,
  BoardInfo,
  BoardSummary,
  HistoryEntry,
  Note,
  NoteColour,
  NoteGroup,
  SessionState,
  WorkshopMeta,
} from '../../shared/board/types.ts';
import { authorise } from '../../shared/facilitation/authorise.ts';
import { notesUnder, stackOf, type NoteStack } from '../../shared/board/stacks.ts';
import type { Role } from '../../shared/facilitation/roles.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { CommandName, ErrorCode, JoinResult, PresenceUpdate, WritingCounts } from '../../shared/protocol/index.ts';
import type { LinkInfo, PrivateNote } from '../../shared/protocol/workshopTypes.ts';
import type { SessionInfo, SessionMergeResult } from '../../shared/protocol/sessionTypes.ts';
import * as api from './api.ts';
import { downloadExport, type ExportDownload, type ExportRequest } from './exportDownload.ts';
import { FacilitatorLinks } from './facilitatorLinks.ts';
import { WorkshopErasure } from './workshopErasure.ts';
import { forgetDeviceCopy } from './deviceCopy.ts';
import { forgetLastJoin, keepLastJoin, loadLastJoin } from './lastJoin.ts';
import { OptimisticNotes } from './optimisticNotes.svelte.ts';
import { NoteDrafts } from './noteDrafts.svelte.ts';
import { NoteOutbox } from './noteOutbox.ts';
import { Participation } from './participation.svelte.ts';
import { cellKey, notesByCell, type ViewNote } from './optimistic.ts';
import { ServerClock } from './serverClock.svelte.ts';
import type { StoredSession } from './sessionStore.ts';
import { WorkshopCommands } from './workshopCommands.ts';
import { WorkshopConnection, type ChannelState } from './workshopConnection.ts';
import { WorkshopDocument } from './workshopDocument.svelte.ts';
import { WorkshopReplica, yjsServerUrl } from './workshopReplica.ts';
import type { Outcome, WorkshopView } from './workshopView.ts';
import { Breakouts } from './breakouts.svelte.ts';
import { roleInGroup } from '../../shared/breakouts/leadRules.ts';

export interface WorkshopSessionOptions {
  workshopId: string;
  session: StoredSession;
  language: Language;
  /** Told about every failure the person should see. */
  onError: (code: ErrorCode) => void;
}

type NoteCommand = 'note.edit' | 'note.delete' | 'note.move';

/** Refusals that end this person's access: what the device kept of the workshop is deleted. */
const ACCESS_ENDED: ReadonlySet<ErrorCode> = new Set([
  'UNAUTHENTICATED',
  'LINK_REVOKED',
  'SESSION_EXPIRED',
  'SESSION_ENDED',
  'WORKSHOP_DELETED',
  'WORKSHOP_NOT_FOUND',
]);

/**
 * One person's live view of one workshop. Components read its state and call its methods; it owns
 * the Socket.IO connection (commands, presence, private notes, own votes) and the read-only Y.Doc
 * replica, and puts together the document state, the optimistic note changes, the server clock
 * and the facilitator's links. The commands without optimistic state come from WorkshopCommands.
 */
export class WorkshopSession extends WorkshopCommands implements WorkshopView {
  readonly workshopId: string;
  readonly role: Role;
  readonly participantId: string;
  readonly displayName: string;
  readonly administration: string;
  readonly #token: string;

  /** A refusal that ends the session (link revoked, workshop gone, out-of-date page). */
  fatal = $state<ErrorCode | null>(null);
  writingCounts = $state.raw<WritingCounts | null>(null);
  presence = $state.raw<PresenceUpdate | null>(null);
  followSpotlight = $state(true);
  joinCode = $state<string | null>(null);
  /** Workshop facts from the REST answer, shown until the document has synced. */
  info = $state.raw<api.WorkshopInfo | null>(null);

  #socketState = $state<ChannelState>('connecting');
  #docState = $state<ChannelState>('connecting');
  #viewChoice = $state<string | null>(null);
  readonly #onError: (code: ErrorCode) => void;
  protected override readonly connection: WorkshopConnection;
  readonly #replica: WorkshopReplica;
  readonly #doc: WorkshopDocument;
  readonly #notes: OptimisticNotes;
  readonly #participation: Participation;
  readonly #clock = new ServerClock();
  readonly #links: FacilitatorLinks;
  readonly #erasure: WorkshopErasure;
  /** Text being written, kept across locks, phase changes and reloads. */
  readonly drafts: NoteDrafts;
  /** Breakout groups: while this person works in one, the board they see and write is the group's. */
  readonly breakouts: Breakouts;

  status = $derived.by((): 'connecting' | 'connected' | 'offline' => {
    if (this.fatal) return 'offline';
    const states = [this.#socketState, this.#docState];
    if (states.includes('offline')) return 'offline';
    if (states.includes('connecting')) return 'connecting';
    return 'connected';
  });

  #under = $derived(notesUnder(this.notes));
  #actionNotes = $derived(new Set(this.actions.map((a) => a.noteId).filter((id) => id !== null)));

  viewedBoardId = $derived.by((): string | null => {
    const has = (id: string | null): id is string => id !== null && this.boards.some((b) => b.id === id);
    if (has(this.#viewChoice)) return this.#viewChoice;
    if (has(this.session.currentBoardId)) return this.session.currentBoardId;
    return this.boards[0]?.id ?? null;
  });

  constructor(options: WorkshopSessionOptions) {
    super();
    const { session } = options;
    this.workshopId = options.workshopId;
    this.role = session.role;
    this.participantId = session.participantId;
    this.displayName = session.displayName;
    this.administration = session.administration;
    this.#token = session.token;
    this.#onError = options.onError;
    this.#doc = new WorkshopDocument({
      // "I'm done" belongs to one phase: a new phase starts undone.
      phaseChanged: () => (this.#participation.done = false),
      notesChanged: () => this.#notes.settle(),
    });
    this.connection = new WorkshopConnection(session.token, options.language, {
      state: (state) => {
        this.#socketState = state;
        if (state === 'offline') this.#notes.connectionChanged(false);
      },
      joined: (result) => this.#joined(result),
      clockOffset: (offset) => this.#clock.setOffset(offset),
      presence: (update) => (this.presence = update),
      privateNotes: (notes) => this.#notes.setPrivate(notes),
      writingCounts: (counts) => (this.writingCounts = counts),
      myVotes: (votes) => (this.#participation.myVotes = votes),
      fatal: (code) => this.#fail(code),
      error: (code) => this.#onError(code),
    });
    this.drafts = new NoteDrafts(this.workshopId, this.participantId);
    this.#notes = new OptimisticNotes({
      participantId: this.participantId,
      connection: this.connection,
      outbox: new NoteOutbox(this.workshopId, this.participantId),
      drafts: this.drafts,
      isJoined: () => this.connection.isJoined,
      docNotes: () => this.#written.notes,
      failed: (error) => this.failed(error),
    });
    this.#participation = new Participation({
      connection: this.connection,
      docNotes: () => this.#written.notes,
      failed: (error) => this.failed(error),
    });
    this.#links = new FacilitatorLinks(this.workshopId, this.#token, (error) => this.failed(error));
    this.#erasure = new WorkshopErasure(this.workshopId, this.#token, (error) => this.failed(error));
    this.breakouts = new Breakouts({
      workshopId: this.workshopId,
      role: this.role,
      token: session.token,
      serverUrl: yjsServerUrl(window.location),
      connection: this.connection,
      joined: (result) => this.#applyJoin(result),
      notesChanged: () => this.#notes.settle(),
      phaseChanged: () => (this.#participation.done = false),
      failed: (error) => this.failed(error),
    });
    this.#replica = new WorkshopReplica(options.workshopId, yjsServerUrl(window.location), session.token, {
      changed: (doc, changed) => this.#doc.read(doc, changed),
      anyChange: (doc) => this.breakouts.readPlenary(doc),
      state: (state) => (this.#docState = state),
      fatal: (code) => this.#fail(code),
    });
  }

  start(): void {
    // Until the server answers (or with no network at all): what it said last time on this device.
    const kept = loadLastJoin(this.workshopId, this.participantId);
    if (kept) {
      this.#participation.myVotes = kept.myVotes;
      this.#participation.done = kept.done;
      this.#notes.joined(kept.ownNoteIds, kept.privateNotes);
    }
    this.connection.start();
    this.#replica.start();
    this.#clock.start();
    void this.#notes.loadOutbox();
    void api.getWorkshop(this.workshopId, this.#token).then((result) => {
      if (!result.ok) return;
      this.info = result.value;
      this.joinCode = result.value.joinCode;
    });
  }

  setLanguage(language: Language): void {
    this.connection.setLanguage(language);
  }

  destroy(): void {
    this.connection.destroy();
    this.#replica.destroy();
    this.#clock.stop();
    this.#notes.destroy();
    this.breakouts.destroy();
  }

  // ---- reading (the parts hold the rune state) -----------------------------------------------

  /** The document has been synced at least once. */
  get loaded(): boolean { return this.#doc.loaded; }
  get meta(): WorkshopMeta | null { return this.#doc.meta; }
  get session(): SessionState { return this.#active.session; }
  get boards(): BoardInfo[] { return this.#active.boards; }
  get groups(): NoteGroup[] { return this.#active.groups; }
  get actions(): ActionItem[] { return this.#active.actions; }
  get history(): HistoryEntry[] { return this.#active.history; }
  get voteCounts(): Record<string, number> { return this.#active.voteCounts; }
  /** The board document shown: the plenary's when a participant in a group chose to look at it, else the one written. */
  get #active(): WorkshopDocument {
    return this.breakouts.showingPlenary ? this.#doc : this.#written;
  }
  /** The board document this person's commands reach: the breakout group's while they work in one, else the plenary's. */
  get #written(): WorkshopDocument {
    return this.breakouts.activeGroupId !== null && this.breakouts.board.loaded ? this.breakouts.board : this.#doc;
  }
  /** The plenary's notes by cell as the document has them, for a participant looking at it read-only (none of their group's pending or hidden notes). */
  #plenaryCells = $derived.by(() => (this.breakouts.showingPlenary ? notesByCell(this.#doc.notes, [], new Set()) : null));
  get notes(): Note[] { return this.breakouts.showingPlenary ? this.#doc.notes : this.#notes.notes; }
  get privateNotes(): PrivateNote[] { return this.breakouts.showingPlenary ? [] : this.#notes.privateNotes; }
  get serverNow(): number { return this.#clock.now; }
  get myVotes(): Record<string, Record<string, number>> { return this.#participation.myVotes; }
  get done(): boolean { return this.#participation.done; }

  get title(): string {
    return this.meta?.title ?? this.info?.title ?? '';
  }

  get anonymous(): boolean {
    return this.meta?.anonymous ?? this.info?.anonymous ?? false;
  }

  get frozen(): boolean {
    return this.session.phase === 'closed';
  }

  /** Writing is private now: new notes stay hidden until the facilitator reveals them. */
  get writingPrivately(): boolean {
    return this.session.phase === 'write' && this.session.privateWriting;
  }

  viewBoard(boardId: string | null): void {
    this.#viewChoice = boardId === this.session.currentBoardId ? null : boardId;
  }

  downloadExport(request: ExportRequest): Promise<ExportDownload> {
    return downloadExport(this.workshopId, this.#token, request);
  }

  summary(boardId: string): BoardSummary | null {
    return this.#active.summary(boardId);
  }

  /** The notes of one cell, public and this person's hidden ones, oldest first. */
  cellNotes(boardId: string, row: string, column: string): readonly ViewNote[] {
    if (this.#plenaryCells) return this.#plenaryCells.get(cellKey(boardId, row, column)) ?? [];
    return this.#notes.cellNotes(boardId, row, column);
  }

  /** The stack a note tops: the notes merged under it, and how many earlier merged notes were not kept. */
  stack(top: Note): NoteStack {
    return stackOf(top, [top, ...(this.#under.get(top.id) ?? [])]);
  }

  /** Whether an action item was made from this note. */
  hasAction(noteId: string): boolean {
    return this.#actionNotes.has(noteId);
  }

  isPending(noteId: string): boolean {
    return this.#notes.isPending(noteId);
  }

  /** Note commands queued here and not yet acknowledged (offline, or no answer yet). */
  get waitingCount(): number {
    return this.#notes.waitingCount;
  }

  /**
   * Why text written now cannot be saved: the rules' refusal (locked, phase, frozen), or 'offline'
   * (saving then queues it). Null when a save goes straight to the server.
   */
  writeBlock(command: 'note.add' | 'note.edit'): ErrorCode | 'offline' | null {
    const refused = this.refusal(command);
    if (refused) return refused;
    return this.status === 'offline' ? 'offline' : null;
  }

  refusal(command: CommandName): ErrorCode | null {
    // The plenary is read-only for a participant while groups work: no write controls there.
    if (this.breakouts.showingPlenary) return 'FORBIDDEN_ROLE';
    const role = this.breakouts.activeGroupId !== null ? roleInGroup(command, this.role, this.breakouts.lead) : this.role;
    return authorise(command, role, { phase: this.session.phase, locked: this.session.locked });
  }

  isOwn(noteId: string): boolean {
    return this.#notes.isOwn(noteId);
  }

  /** This person may run `command` on this note now (role, phase, lock and ownership). */
  mayChangeNote(noteId: string, command: NoteCommand): boolean {
    if (this.#notes.isUnconfirmed(noteId)) return false;
    if (this.refusal(command) !== null) return false;
    return this.role === 'facilitator' || this.isOwn(noteId);
  }

  /** Votes this person has left on a board. */
  votesRemaining(boardId: string): number {
    return this.#participation.votesRemaining(boardId, this.session.voting.votesPerParticipant);
  }

  myVotesOn(note: Note): number {
    return this.#participation.votesOn(note);
  }

  // ---- notes (optimistic) --------------------------------------------------------------------

  addNote(boardId: string, row: string, column: string, text: string, colour: NoteColour): Promise<Outcome> {
    const author = this.anonymous ? null : { name: this.displayName, administration: this.administration };
    return this.#notes.add(boardId, row, column, text, colour, { author, private: this.writingPrivately, createdAt: this.serverNow });
  }

  editNote(noteId: string, changes: { text?: string; colour?: NoteColour }): Promise<Outcome> {
    return this.#notes.edit(noteId, changes);
  }

  moveNote(noteId: string, row: string, column: string): Promise<Outcome> {
    return this.#notes.move(noteId, row, column);
  }

  setNoteGroup(noteId: string, groupId: string | null): Promise<Outcome> {
    return this.#notes.setGroup(noteId, groupId);
  }

  deleteNote(noteId: string): Promise<Outcome> {
    return this.#notes.delete(noteId);
  }

  mergeNotes(targetId: string, sourceIds: string[]): Promise<Outcome> {
    return this.#notes.merge(targetId, sourceIds);
  }

  // ---- votes and done ------------------------------------------------------------------------

  castVote(noteId: string): Promise<Outcome> {
    return this.#participation.vote(noteId, +1);
  }

  retractVote(noteId: string): Promise<Outcome> {
    return this.#participation.vote(noteId, -1);
  }

  setDone(done: boolean): Promise<Outcome> {
    return this.#participation.setDone(done);
  }

  // ---- role links (REST) ---------------------------------------------------------------------

  async shareWritingCounts(shared: boolean): Promise<Outcome> {
    const result = await this.connection.command('writingCounts.share', { shared });
    return result.ok ? { ok: true } : this.failed(result.error);
  }

  /** A personal link to open this person's own session on another device (one use, ten minutes). */
  mintDeviceLink(): Promise<api.ApiResult<{ url: string; expiresAt: number }>> {
    return api.mintDeviceLink(this.workshopId, this.#token);
  }

  listLinks(): Promise<{ ok: true; links: LinkInfo[] } | { ok: false; error: ErrorCode }> {
    return this.#links.list();
  }

  mintLink(role: Role, label: string): Promise<{ ok: true; link: LinkInfo; url: string } | { ok: false; error: ErrorCode }> {
    return this.#links.mint(role, label);
  }

  revokeLink(linkId: string): Promise<Outcome> {
    return this.#links.revoke(linkId);
  }

  rotateLink(linkId: string): Promise<{ ok: true; link: LinkInfo; url: string } | { ok: false; error: ErrorCode }> {
    return this.#links.rotate(linkId);
  }

  // ---- sessions (REST, facilitators) -----------------------------------------------------------

  listSessions(): Promise<{ ok: true; sessions: SessionInfo[] } | { ok: false; error: ErrorCode }> {
    return this.#links.listSessions();
  }

  endSession(sessionId: string): Promise<Outcome> {
    return this.#links.endSession(sessionId);
  }

  mergeSession(sessionId: string, into: string): Promise<({ ok: true } & SessionMergeResult) | { ok: false; error: ErrorCode }> {
    return this.#links.mergeSession(sessionId, into);
  }

  async deleteWorkshop(confirmTitle: string): Promise<Outcome> {
    const outcome = await this.#erasure.delete(confirmTitle);
    if (outcome.ok) this.#forgetKept();
    return outcome;
  }

  downloadBeforeDeleting(format: 'json' | 'docx'): Promise<Outcome> {
    return this.#erasure.download(format);
  }

  // ---- CIPS survey results (REST) ------------------------------------------------------------

  get cips(): CipsScores | null { return this.#doc.cips; }

  importCips(file: Blob, replace: boolean): Promise<CipsUploadOutcome> {
    return uploadCips(this.workshopId, this.#token, file, replace);
  }

  // ---- internals -----------------------------------------------------------------------------

  protected override failed(error: ErrorCode): { ok: false; error: ErrorCode } {
    this.#onError(error);
    return { ok: false, error };
  }

  #joined(result: JoinResult): void {
    keepLastJoin(this.workshopId, this.participantId, result);
    this.#applyJoin(result);
    this.breakouts.rejoined(result.presenceKey);
  }

  #applyJoin(result: JoinResult): void {
    this.#participation.myVotes = result.myVotes;
    this.#participation.done = result.done;
    this.#clock.estimate(result.serverTime);
    this.#notes.joined(result.ownNoteIds, result.privateNotes);
    this.#notes.connectionChanged(true);
  }

  #fail(code: ErrorCode): void {
    if (this.fatal) return;
    this.fatal = code;
    this.destroy();
    if (ACCESS_ENDED.has(code)) this.#forgetKept();
  }

  /** A shared computer keeps no board text once this person's access has ended. */
  #forgetKept(): void {
    forgetLastJoin(this.workshopId, this.participantId);
    void forgetDeviceCopy(this.workshopId);
  }
}
