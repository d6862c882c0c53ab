import { SvelteSet } from 'svelte/reactivity';
import type * as Y from 'yjs';
import {
  INITIAL_SESSION,
  readActions,
  readBoards,
  readGroups,
  readHistory,
  readMeta,
  readNotes,
  readSession,
  readSummary,
  readVoteCounts,
  roots,
} from '../../shared/board/boardDocument.ts';
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
import type { Role } from '../../shared/facilitation/roles.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type {
  AddActionPayload,
  AddBoardPayload,
  CommandName,
  ConfigureVotingPayload,
  EditActionPayload,
  ErrorCode,
  JoinResult,
  PresenceUpdate,
  SetPhasePayload,
  SetSpotlightPayload,
  StartTimerPayload,
  WritingCounts,
} from '../../shared/protocol/index.ts';
import type { LinkInfo, PrivateNote } from '../../shared/protocol/workshopTypes.ts';
import * as api from './api.ts';
import { readCounts } from './ackResult.ts';
import {
  applyPending,
  cellKey,
  NO_PENDING,
  notesByCell,
  pendingAddNotes,
  pendingIds,
  randomId,
  settle,
  SETTLE_GRACE_MS,
  type NoteChange,
  type Pending,
  type ViewNote,
} from './optimistic.ts';
import type { StoredSession } from './sessionStore.ts';
import { WorkshopConnection, type ChannelState } from './workshopConnection.ts';
import { WorkshopReplica, yjsServerUrl, type RootName } from './workshopReplica.ts';
import type { Outcome, WorkshopView } from './workshopView.ts';

export interface WorkshopSessionOptions {
  workshopId: string;
  session: StoredSession;
  language: Language;
  /** Told about every failure the person should see. */
  onError: (code: ErrorCode) => void;
}

type NoteCommand = 'note.edit' | 'note.delete' | 'note.move';

const EMPTY_CELL: readonly ViewNote[] = [];
const SERVER_NOW_TICK_MS = 250;

/**
 * One person's live view of one workshop. Components read its state and call its methods; it owns
 * the Socket.IO connection (commands, presence, private notes, own votes) and the read-only Y.Doc
 * replica, and keeps optimistic changes beside the document until the ack and the document agree.
 */
export class WorkshopSession implements WorkshopView {
  readonly workshopId: string;
  readonly role: Role;
  readonly participantId: string;
  readonly displayName: string;
  readonly administration: string;
  readonly #token: string;

  /** A refusal that ends the session (link revoked, workshop gone, out-of-date page). */
  fatal = $state<ErrorCode | null>(null);
  /** The document has been synced at least once. */
  loaded = $state(false);
  meta = $state.raw<WorkshopMeta | null>(null);
  session = $state.raw<SessionState>(INITIAL_SESSION);
  boards = $state.raw<BoardInfo[]>([]);
  groups = $state.raw<NoteGroup[]>([]);
  actions = $state.raw<ActionItem[]>([]);
  history = $state.raw<HistoryEntry[]>([]);
  voteCounts = $state.raw<Record<string, number>>({});
  myVotes = $state.raw<Record<string, Record<string, number>>>({});
  writingCounts = $state.raw<WritingCounts | null>(null);
  presence = $state.raw<PresenceUpdate | null>(null);
  serverNow = $state(Date.now());
  followSpotlight = $state(true);
  joinCode = $state<string | null>(null);
  /** Workshop facts from the REST answer, shown until the document has synced. */
  info = $state.raw<api.WorkshopInfo | null>(null);

  #socketState = $state<ChannelState>('connecting');
  #docState = $state<ChannelState>('connecting');
  #docNotes = $state.raw<Note[]>([]);
  #serverPrivate = $state.raw<PrivateNote[]>([]);
  #summaries = $state.raw<Record<string, BoardSummary>>({});
  #done = $state(false);
  #viewChoice = $state<string | null>(null);
  #pending = $state.raw<Pending>(NO_PENDING);
  readonly #own = new SvelteSet<string>();
  #offset = 0;
  #epoch: number | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #seq = 0;
  readonly #onError: (code: ErrorCode) => void;
  readonly #connection: WorkshopConnection;
  readonly #replica: WorkshopReplica;

  status = $derived.by((): 'connecting' | 'connected' | 'offline' => {
    if (this.fatal) return 'offline';
    const states = [this.#socketState, this.#docState];
    if (states.includes('offline')) return 'offline';
    if (states.includes('connecting')) return 'connecting';
    return 'connected';
  });

  viewedBoardId = $derived.by((): string | null => {
    const has = (id: string | null): id is string => id !== null && this.boards.some((b) => b.id === id);
    if (has(this.#viewChoice)) return this.#viewChoice;
    if (has(this.session.currentBoardId)) return this.session.currentBoardId;
    return this.boards[0]?.id ?? null;
  });

  notes = $derived.by((): Note[] => {
    const shown = applyPending(this.#docNotes, this.#pending);
    const present = new Set(this.#docNotes.map((n) => n.id));
    const adds = pendingAddNotes(this.#pending, present, false);
    return adds.length > 0 ? [...shown, ...adds] : shown;
  });

  privateNotes = $derived.by((): PrivateNote[] => {
    // At reveal the notes reach the document before the private list is emptied: the document wins.
    const onBoard = new Set(this.#docNotes.map((n) => n.id));
    const hidden = this.#serverPrivate.filter((n) => !onBoard.has(n.id));
    const shown = applyPending(hidden, this.#pending) as PrivateNote[];
    const present = new Set([...hidden.map((n) => n.id), ...onBoard]);
    const adds = pendingAddNotes(this.#pending, present, true).map((n) => ({ ...n, ownerId: this.participantId }));
    return adds.length > 0 ? [...shown, ...adds] : shown;
  });

  #pendingIds = $derived(pendingIds(this.#pending));
  #cells = $derived(notesByCell(this.notes, this.privateNotes, this.#pendingIds));

  constructor(options: WorkshopSessionOptions) {
    const { session } = options;
    this.workshopId = options.workshopId;
    this.role = session.role;
    this.participantId = session.participantId;
    this.displayName = session.displayName;
    this.administration = session.administration;
    this.#token = session.token;
    this.#onError = options.onError;
    this.#connection = new WorkshopConnection(session.token, options.language, {
      state: (state) => (this.#socketState = state),
      joined: (result) => this.#joined(result),
      clockOffset: (offset) => {
        this.#offset = offset;
        this.serverNow = Date.now() + offset;
      },
      presence: (update) => (this.presence = update),
      privateNotes: (notes) => {
        this.#serverPrivate = notes;
        this.#settle();
      },
      writingCounts: (counts) => (this.writingCounts = counts),
      myVotes: (votes) => (this.myVotes = votes),
      fatal: (code) => this.#fail(code),
      error: (code) => this.#onError(code),
    });
    this.#replica = new WorkshopReplica(options.workshopId, yjsServerUrl(window.location), session.token, {
      changed: (doc, changed) => this.#read(doc, changed),
      state: (state) => (this.#docState = state),
      fatal: (code) => this.#fail(code),
    });
  }

  start(): void {
    this.#connection.start();
    this.#replica.start();
    this.#ticker = setInterval(() => (this.serverNow = Date.now() + this.#offset), SERVER_NOW_TICK_MS);
    void api.getWorkshop(this.workshopId, this.#token).then((result) => {
      if (!result.ok) return;
      this.info = result.value;
      this.joinCode = result.value.joinCode;
    });
  }

  setLanguage(language: Language): void {
    this.#connection.setLanguage(language);
  }

  destroy(): void {
    this.#connection.destroy();
    this.#replica.destroy();
    if (this.#ticker) clearInterval(this.#ticker);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  // ---- reading -----------------------------------------------------------------------------

  get done(): boolean {
    return this.#done;
  }

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

  summary(boardId: string): BoardSummary | null {
    return this.#summaries[boardId] ?? null;
  }

  /** The notes of one cell, public and this person's hidden ones, oldest first. */
  cellNotes(boardId: string, row: string, column: string): readonly ViewNote[] {
    return this.#cells.get(cellKey(boardId, row, column)) ?? EMPTY_CELL;
  }

  isPending(noteId: string): boolean {
    return this.#pendingIds.has(noteId);
  }

  refusal(command: CommandName): ErrorCode | null {
    return authorise(command, this.role, { phase: this.session.phase, locked: this.session.locked });
  }

  isOwn(noteId: string): boolean {
    return this.#own.has(noteId) || this.#serverPrivate.some((n) => n.id === noteId);
  }

  /** This person may run `command` on this note now (role, phase, lock and ownership). */
  mayChangeNote(noteId: string, command: NoteCommand): boolean {
    if (this.isPending(noteId) && !this.#docNotes.some((n) => n.id === noteId) && !this.#serverPrivate.some((n) => n.id === noteId)) {
      return false;
    }
    if (this.refusal(command) !== null) return false;
    return this.role === 'facilitator' || this.isOwn(noteId);
  }

  /** Votes this person has left on a board. */
  votesRemaining(boardId: string): number {
    const used = Object.values(this.myVotes[boardId] ?? {}).reduce((a, b) => a + b, 0);
    return Math.max(0, this.session.voting.votesPerParticipant - used);
  }

  myVotesOn(note: Note): number {
    return this.myVotes[note.boardId]?.[note.id] ?? 0;
  }

  // ---- notes ---------------------------------------------------------------------------------

  async addNote(boardId: string, row: string, column: string, text: string, colour: NoteColour): Promise<Outcome> {
    const tempId = `pending-${randomId(12)}`;
    const trimmed = text.trim();
    const anonymous = this.anonymous;
    this.#update((p) => ({
      ...p,
      adds: [
        ...p.adds,
        {
          tempId,
          boardId,
          row,
          column,
          text: trimmed,
          colour,
          authorName: anonymous ? null : this.displayName,
          authorAdministration: anonymous ? null : this.administration,
          private: this.writingPrivately,
          createdAt: this.serverNow,
          noteId: null,
        },
      ],
    }));
    const result = await this.#connection.command('note.add', { boardId, row, column, text: trimmed, colour });
    if (result.ok) {
      this.#own.add(result.noteId);
      this.#update((p) => ({
        ...p,
        adds: p.adds.map((a) => (a.tempId === tempId ? { ...a, noteId: result.noteId, private: result.private } : a)),
      }));
      this.#settle();
      return { ok: true };
    }
    this.#update((p) => ({ ...p, adds: p.adds.filter((a) => a.tempId !== tempId) }));
    return this.#failed(result.error);
  }

  editNote(noteId: string, changes: { text?: string; colour?: NoteColour }): Promise<Outcome> {
    const change: NoteChange = {};
    if (changes.text !== undefined) change.text = changes.text.trim();
    if (changes.colour !== undefined) change.colour = changes.colour;
    return this.#changeNote(noteId, change, () => this.#connection.command('note.edit', { noteId, ...change }));
  }

  moveNote(noteId: string, row: string, column: string): Promise<Outcome> {
    return this.#changeNote(noteId, { row, column, groupId: null }, () => this.#connection.command('note.move', { noteId, row, column }));
  }

  setNoteGroup(noteId: string, groupId: string | null): Promise<Outcome> {
    return this.#changeNote(noteId, { groupId }, () => this.#connection.command('note.setGroup', { noteId, groupId }));
  }

  async deleteNote(noteId: string): Promise<Outcome> {
    return this.#deleteNotes([noteId], () => this.#connection.command('note.delete', { noteId }));
  }

  mergeNotes(targetId: string, sourceIds: string[]): Promise<Outcome> {
    const sources = sourceIds.filter((id) => id !== targetId);
    return this.#deleteNotes(sources, () => this.#connection.command('note.merge', { targetId, sourceIds: sources }));
  }

  // ---- groups --------------------------------------------------------------------------------

  createGroup(boardId: string, row: string, column: string, name: string, noteIds: string[]): Promise<Outcome> {
    return this.#simple(this.#connection.command('group.create', { boardId, row, column, name: name.trim(), noteIds }));
  }

  renameGroup(groupId: string, name: string): Promise<Outcome> {
    return this.#simple(this.#connection.command('group.rename', { groupId, name: name.trim() }));
  }

  deleteGroup(groupId: string): Promise<Outcome> {
    return this.#simple(this.#connection.command('group.delete', { groupId }));
  }

  // ---- votes and done ------------------------------------------------------------------------

  castVote(noteId: string): Promise<Outcome> {
    return this.#vote(noteId, +1);
  }

  retractVote(noteId: string): Promise<Outcome> {
    return this.#vote(noteId, -1);
  }

  async setDone(done: boolean): Promise<Outcome> {
    const before = this.#done;
    this.#done = done;
    const result = await this.#connection.command('done.set', { done });
    if (result.ok) return { ok: true };
    this.#done = before;
    return this.#failed(result.error);
  }

  // ---- facilitation --------------------------------------------------------------------------

  setPhase(payload: SetPhasePayload): Promise<Outcome> {
    return this.#simple(this.#connection.command('phase.set', payload));
  }

  configureVoting(payload: ConfigureVotingPayload): Promise<Outcome> {
    return this.#simple(this.#connection.command('voting.configure', payload));
  }

  setNoteLimit(notesPerParticipant: number): Promise<Outcome> {
    return this.#simple(this.#connection.command('notes.setLimit', { notesPerParticipant }));
  }

  startTimer(payload: StartTimerPayload): Promise<Outcome> {
    return this.#simple(this.#connection.command('timer.start', payload));
  }

  pauseTimer(): Promise<Outcome> {
    return this.#simple(this.#connection.command('timer.pause', {}));
  }

  resumeTimer(): Promise<Outcome> {
    return this.#simple(this.#connection.command('timer.resume', {}));
  }

  addTimerMinute(): Promise<Outcome> {
    return this.#simple(this.#connection.command('timer.addMinute', {}));
  }

  stopTimer(): Promise<Outcome> {
    return this.#simple(this.#connection.command('timer.stop', {}));
  }

  setLock(locked: boolean): Promise<Outcome> {
    return this.#simple(this.#connection.command('lock.set', { locked }));
  }

  setSpotlight(spotlight: SetSpotlightPayload['spotlight']): Promise<Outcome> {
    return this.#simple(this.#connection.command('spotlight.set', { spotlight }));
  }

  addAction(payload: AddActionPayload): Promise<Outcome> {
    return this.#simple(this.#connection.command('action.add', payload));
  }

  editAction(payload: EditActionPayload): Promise<Outcome> {
    return this.#simple(this.#connection.command('action.edit', payload));
  }

  deleteAction(actionId: string): Promise<Outcome> {
    return this.#simple(this.#connection.command('action.delete', { actionId }));
  }

  setSummary(boardId: string, text: string): Promise<Outcome> {
    return this.#simple(this.#connection.command('summary.set', { boardId, text }));
  }

  addBoard(payload: AddBoardPayload): Promise<Outcome> {
    return this.#simple(this.#connection.command('board.add', payload));
  }

  setCurrentBoard(boardId: string): Promise<Outcome> {
    return this.#simple(this.#connection.command('board.setCurrent', { boardId }));
  }

  freeze(): Promise<Outcome> {
    return this.#simple(this.#connection.command('workshop.freeze', {}));
  }

  reopen(): Promise<Outcome> {
    return this.#simple(this.#connection.command('workshop.reopen', {}));
  }

  // ---- role links (REST) ---------------------------------------------------------------------

  async listLinks(): Promise<{ ok: true; links: LinkInfo[] } | { ok: false; error: ErrorCode }> {
    const result = await api.listLinks(this.workshopId, this.#token);
    return result.ok ? { ok: true, links: result.value } : this.#failed(restError(result.error));
  }

  async mintLink(role: Role, label: string): Promise<{ ok: true; link: LinkInfo; url: string } | { ok: false; error: ErrorCode }> {
    const result = await api.mintLink(this.workshopId, this.#token, role, label);
    return result.ok ? { ok: true, ...result.value } : this.#failed(restError(result.error));
  }

  async revokeLink(linkId: string): Promise<Outcome> {
    const result = await api.revokeLink(this.workshopId, this.#token, linkId);
    return result.ok ? { ok: true } : this.#failed(restError(result.error));
  }

  async rotateLink(linkId: string): Promise<{ ok: true; link: LinkInfo; url: string } | { ok: false; error: ErrorCode }> {
    const result = await api.rotateLink(this.workshopId, this.#token, linkId);
    return result.ok ? { ok: true, ...result.value } : this.#failed(restError(result.error));
  }

  // ---- internals -----------------------------------------------------------------------------

  #read(doc: Y.Doc, changed: ReadonlySet<RootName>): void {
    if (changed.has('meta')) this.meta = readMeta(doc);
    if (changed.has('session')) {
      const session = readSession(doc);
      // "I'm done" belongs to one phase: a new phase starts undone.
      if (this.#epoch !== null && session.phaseEpoch !== this.#epoch) this.#done = false;
      this.#epoch = session.phaseEpoch;
      this.session = session;
    }
    if (changed.has('boards')) this.boards = readBoards(doc);
    if (changed.has('notes')) this.#docNotes = readNotes(doc);
    if (changed.has('groups')) this.groups = readGroups(doc);
    if (changed.has('votes')) this.voteCounts = readCounts(readVoteCounts(doc));
    if (changed.has('actions')) this.actions = readActions(doc);
    if (changed.has('history')) this.history = readHistory(doc);
    if (changed.has('summaries')) {
      const summaries: Record<string, BoardSummary> = {};
      for (const boardId of roots.summaries(doc).keys()) {
        const summary = readSummary(doc, boardId);
        if (summary) summaries[boardId] = summary;
      }
      this.#summaries = summaries;
    }
    this.loaded = true;
    if (changed.has('notes')) this.#settle();
  }

  #joined(result: JoinResult): void {
    for (const id of result.ownNoteIds) this.#own.add(id);
    this.#serverPrivate = result.privateNotes;
    this.myVotes = result.myVotes;
    this.#done = result.done;
    if (this.#offset === 0) {
      this.#offset = result.serverTime - Date.now();
      this.serverNow = result.serverTime;
    }
    this.#settle();
  }

  async #changeNote(noteId: string, changes: NoteChange, send: () => Promise<{ ok: true } | { ok: false; error: ErrorCode }>): Promise<Outcome> {
    const seq = ++this.#seq;
    const base = this.#docNotes.find((n) => n.id === noteId) ?? this.#serverPrivate.find((n) => n.id === noteId);
    this.#update((p) => ({ ...p, changes: [...p.changes, { noteId, seq, changes, baseUpdatedAt: base?.updatedAt ?? 0, ackedAt: null }] }));
    const result = await send();
    if (result.ok) {
      this.#update((p) => ({ ...p, changes: p.changes.map((c) => (c.seq === seq ? { ...c, ackedAt: Date.now() } : c)) }));
      this.#settleSoon();
      return { ok: true };
    }
    this.#update((p) => ({ ...p, changes: p.changes.filter((c) => c.seq !== seq) }));
    return this.#failed(result.error);
  }

  async #deleteNotes(noteIds: string[], send: () => Promise<{ ok: true } | { ok: false; error: ErrorCode }>): Promise<Outcome> {
    const ids = new Set(noteIds);
    this.#update((p) => ({ ...p, deletes: [...p.deletes.filter((d) => !ids.has(d.noteId)), ...noteIds.map((noteId) => ({ noteId, ackedAt: null }))] }));
    const result = await send();
    if (result.ok || (result.error === 'NOTE_NOT_FOUND' && noteIds.length === 1)) {
      const at = Date.now();
      this.#update((p) => ({ ...p, deletes: p.deletes.map((d) => (ids.has(d.noteId) ? { ...d, ackedAt: at } : d)) }));
      this.#settleSoon();
      return { ok: true };
    }
    this.#update((p) => ({ ...p, deletes: p.deletes.filter((d) => !ids.has(d.noteId)) }));
    return this.#failed(result.error);
  }

  async #vote(noteId: string, delta: 1 | -1): Promise<Outcome> {
    const note = this.#docNotes.find((n) => n.id === noteId);
    if (!note) return this.#failed('NOTE_NOT_FOUND');
    const adjust = (by: number) => {
      const board = { ...(this.myVotes[note.boardId] ?? {}) };
      const next = Math.max(0, (board[noteId] ?? 0) + by);
      if (next > 0) board[noteId] = next;
      else delete board[noteId];
      this.myVotes = { ...this.myVotes, [note.boardId]: board };
    };
    adjust(delta);
    const result = delta > 0 ? await this.#connection.command('vote.cast', { noteId }) : await this.#connection.command('vote.retract', { noteId });
    if (result.ok) {
      this.myVotes = { ...this.myVotes, [note.boardId]: readCounts(result.myVotes) };
      return { ok: true };
    }
    adjust(-delta);
    return this.#failed(result.error);
  }

  async #simple(pending: Promise<{ ok: true } | { ok: false; error: ErrorCode }>): Promise<Outcome> {
    const result = await pending;
    return result.ok ? { ok: true } : this.#failed(result.error);
  }

  #update(change: (pending: Pending) => Pending): void {
    this.#pending = change(this.#pending);
  }

  #settle(): void {
    const known = new Map<string, Note>();
    for (const n of this.#docNotes) known.set(n.id, n);
    for (const n of this.#serverPrivate) known.set(n.id, n);
    const next = settle(this.#pending, known, Date.now());
    if (next !== this.#pending) this.#pending = next;
  }

  /** Settles now, and again once the grace period has passed (in case the document never shows it). */
  #settleSoon(): void {
    this.#settle();
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#settle();
    }, SETTLE_GRACE_MS + 50);
    this.#timers.add(timer);
  }

  #failed(error: ErrorCode): { ok: false; error: ErrorCode } {
    this.#onError(error);
    return { ok: false, error };
  }

  #fail(code: ErrorCode): void {
    if (this.fatal) return;
    this.fatal = code;
    this.destroy();
  }
}

function restError(error: api.ApiError): ErrorCode {
  return error === 'NETWORK' ? 'TIMEOUT' : error;
}
