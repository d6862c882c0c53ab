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
  NoteGroup,
  SessionState,
  WorkshopMeta,
} from '../../shared/board/types.ts';
import { readCips } from '../../shared/cips/cipsDocument.ts';
import type { CipsScores } from '../../shared/cips/types.ts';
import { readCounts } from './ackResult.ts';
import type { RootName } from './workshopReplica.ts';

export interface DocumentEvents {
  /** The facilitator moved to a new phase (not called for the first read). */
  phaseChanged: () => void;
  /** The notes root changed; called after every other field has been read. */
  notesChanged: () => void;
}

/**
 * The read-only Y.Doc replica as rune state. Each root is read again only when a transaction
 * changed it, so components re-render for the parts of the workshop that moved.
 */
export class WorkshopDocument {
  /** The document has been synced at least once. */
  loaded = $state(false);
  meta = $state.raw<WorkshopMeta | null>(null);
  session = $state.raw<SessionState>(INITIAL_SESSION);
  boards = $state.raw<BoardInfo[]>([]);
  notes = $state.raw<Note[]>([]);
  groups = $state.raw<NoteGroup[]>([]);
  actions = $state.raw<ActionItem[]>([]);
  history = $state.raw<HistoryEntry[]>([]);
  voteCounts = $state.raw<Record<string, number>>({});
  cips = $state.raw<CipsScores | null>(null);
  #summaries = $state.raw<Record<string, BoardSummary>>({});
  #epoch: number | null = null;
  readonly #on: DocumentEvents;

  constructor(on: DocumentEvents) {
    this.#on = on;
  }

  summary(boardId: string): BoardSummary | null {
    return this.#summaries[boardId] ?? null;
  }

  read(doc: Y.Doc, changed: ReadonlySet<RootName>): void {
    if (changed.has('meta')) this.meta = readMeta(doc);
    if (changed.has('session')) {
      const session = readSession(doc);
      if (this.#epoch !== null && session.phaseEpoch !== this.#epoch) this.#on.phaseChanged();
      this.#epoch = session.phaseEpoch;
      this.session = session;
    }
    if (changed.has('boards')) this.boards = readBoards(doc);
    if (changed.has('notes')) this.notes = readNotes(doc);
    if (changed.has('groups')) this.groups = readGroups(doc);
    if (changed.has('votes')) this.voteCounts = readCounts(readVoteCounts(doc));
    if (changed.has('actions')) this.actions = readActions(doc);
    if (changed.has('history')) this.history = readHistory(doc);
    if (changed.has('summaries')) this.#summaries = readSummaries(doc);
    if (changed.has('cips')) this.cips = readCips(doc);
    this.loaded = true;
    if (changed.has('notes')) this.#on.notesChanged();
  }
}

function readSummaries(doc: Y.Doc): Record<string, BoardSummary> {
  const summaries: Record<string, BoardSummary> = {};
  for (const boardId of roots.summaries(doc).keys()) {
    const summary = readSummary(doc, boardId);
    if (summary) summaries[boardId] = summary;
  }
  return summaries;
}
