import type * as Y from 'yjs';
import {
  readActions,
  readBoards,
  readGroups,
  readHistory,
  readMeta,
  readNotes,
  readSession,
  readSummary,
} from '../../shared/board/boardDocument.ts';
import { readCips } from '../../shared/cips/cipsDocument.ts';
import type { HistoryEntry } from '../../shared/board/types.ts';
import type { BreakoutGroup } from '../../shared/breakouts/types.ts';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_FORMAT_VERSION,
  type AdministrationCount,
  type SnapshotBoard,
  type SnapshotHistoryEntry,
  type SnapshotPeople,
  type WorkshopSnapshot,
} from '../../shared/export/workshopSnapshot.ts';
import type { VoteStore } from '../storage/FacilitationStore.ts';
import type { SessionRecord, WorkshopRecord } from '../storage/WorkshopStore.ts';

export interface SnapshotSources {
  workshop: WorkshopRecord;
  doc: Y.Doc;
  sessions: SessionRecord[];
  votes: VoteStore;
  now: number;
  /** Only this board (undefined: every board). */
  boardId?: string;
  /** Set when `doc` is this breakout group's document: votes are read under its id, notes carry the group. */
  breakoutGroup?: BreakoutGroup;
  /** Lets other work run between boards (big workshops must not hold the event loop). */
  yieldBetweenBoards?: () => Promise<void>;
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Reads a workshop's document and stores into the export model. What it never copies: the join
 * code, link ids and secrets, session tokens, participant ids, and who voted for what. On
 * anonymous workshops no note carries a name or administration (the document has none either).
 */
export async function buildWorkshopSnapshot(src: SnapshotSources): Promise<WorkshopSnapshot> {
  const { workshop, doc } = src;
  const meta = readMeta(doc);
  const session = readSession(doc);
  const anonymous = meta?.anonymous ?? workshop.anonymous;
  const history = readHistory(doc).map(toSnapshotHistory);
  const lastFreeze = history.filter((e) => e.kind === 'frozen').at(-1);
  const group = src.breakoutGroup;
  const boards: SnapshotBoard[] = [];
  for (const board of readBoards(doc)) {
    if (src.boardId !== undefined && board.id !== src.boardId) continue;
    if (boards.length > 0) await (src.yieldBetweenBoards ?? yieldToEventLoop)();
    // A group's votes are keyed by its own document id, like its ownership and counters.
    const totals = await src.votes.totals(group ? group.docId : workshop.id, board.id);
    boards.push({
      id: board.id,
      title: board.title,
      template: board.template,
      rows: board.rows.map((a) => ({ ...a })),
      columns: board.columns.map((a) => ({ ...a })),
      createdAt: board.createdAt,
      notes: readNotes(doc, board.id).map((n) => ({
        id: n.id,
        row: n.row,
        column: n.column,
        text: n.text,
        colour: n.colour,
        authorName: anonymous ? null : n.authorName,
        authorAdministration: anonymous ? null : n.authorAdministration,
        groupId: n.groupId,
        mergedInto: n.mergedInto,
        votes: totals[n.id] ?? 0,
        createdAt: n.createdAt,
        updatedAt: n.updatedAt,
        ...(n.breakout
          ? { breakout: { round: n.breakout.round, groupName: n.breakout.groupName, votes: n.breakout.votes } }
          : group
            ? { breakout: { round: group.round, groupName: group.name, votes: totals[n.id] ?? 0 } }
            : {}),
      })),
      groups: readGroups(doc, board.id).map((g) => ({ id: g.id, row: g.row, column: g.column, name: g.name })),
      actions: readActions(doc, board.id).map((a) => ({
        id: a.id,
        row: a.row,
        text: a.text,
        ownerUnit: a.ownerUnit,
        dueDate: a.dueDate,
        indicator: a.indicator,
        status: a.status,
        noteId: a.noteId,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
      })),
      summary: readSummary(doc, board.id),
    });
  }
  return {
    format: SNAPSHOT_FORMAT,
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    exportedAt: src.now,
    schemaVersion: meta?.schemaVersion ?? 0,
    meta: {
      title: meta?.title ?? workshop.title,
      description: meta?.description ?? workshop.description,
      dates: meta?.dates ?? workshop.dates,
      languages: [...(meta?.languages ?? workshop.languages)],
      anonymous,
      template: workshop.template,
      createdAt: meta?.createdAt ?? workshop.createdAt,
    },
    people: countPeople(src.sessions),
    status: {
      phase: session.phase,
      frozen:
        session.frozenAt !== null
          ? { at: session.frozenAt, role: lastFreeze?.role ?? 'facilitator', name: lastFreeze?.name ?? null }
          : null,
      history,
    },
    boards,
    cips: readCips(doc),
    ...(group ? { breakoutGroup: { round: group.round, id: group.id, name: group.name, factors: [...group.factors] } } : {}),
  };
}

function toSnapshotHistory(e: HistoryEntry): SnapshotHistoryEntry {
  return { kind: e.kind, at: e.at, role: e.role, phase: e.phase ?? null, name: typeof e.name === 'string' && e.name !== '' ? e.name : null };
}

/**
 * Facilitators and rapporteurs by name (one entry per distinct person: a person who reopened
 * their link has several sessions); participants only as counts per administration.
 */
export function countPeople(sessions: SessionRecord[]): SnapshotPeople {
  const named = (role: SessionRecord['role']) => {
    const seen = new Map<string, { name: string; administration: string }>();
    for (const s of [...sessions].sort((a, b) => a.createdAt - b.createdAt)) {
      if (s.role !== role) continue;
      const key = `${s.displayName.trim().toLowerCase()}\u0000${s.administration.trim().toLowerCase()}`;
      if (!seen.has(key)) seen.set(key, { name: s.displayName.trim(), administration: s.administration.trim() });
    }
    return [...seen.values()];
  };
  const byAdministration = new Map<string, number>();
  let participantCount = 0;
  let observerCount = 0;
  for (const s of sessions) {
    if (s.role === 'observer') observerCount += 1;
    if (s.role !== 'participant') continue;
    participantCount += 1;
    const administration = s.administration.trim();
    byAdministration.set(administration, (byAdministration.get(administration) ?? 0) + 1);
  }
  const participantsByAdministration: AdministrationCount[] = [...byAdministration.entries()]
    .map(([administration, count]) => ({ administration, count }))
    .sort((a, b) => b.count - a.count || a.administration.localeCompare(b.administration));
  return { facilitators: named('facilitator'), rapporteurs: named('rapporteur'), participantsByAdministration, participantCount, observerCount };
}
