import {
  INITIAL_SESSION,
  appendHistory,
  writeAction,
  writeBoard,
  writeGroup,
  writeMeta,
  writeNote,
  writeSession,
  writeSummary,
  writeVoteCounts,
} from '../../shared/board/boardDocument.ts';
import type { Note } from '../../shared/board/types.ts';
import { writeCips } from '../../shared/cips/cipsDocument.ts';
import { ROLES, type Role } from '../../shared/facilitation/roles.ts';
import type { CommandResult } from '../../shared/protocol/index.ts';
import type { CreatedWorkshop } from '../../shared/protocol/workshopTypes.ts';
import { hashSecret, newJoinCode, newSecret } from '../auth/secrets.ts';
import type { Services } from '../Services.ts';
import type { VoteRecord } from '../storage/FacilitationStore.ts';
import type { LinkRecord } from '../storage/WorkshopStore.ts';
import { roleLinkUrl } from '../workshops/roleLink.ts';
import type { CheckedImport } from './parseWorkshopImport.ts';

/**
 * Imported vote totals are held by this pseudo-voter: who voted is never exported, so the totals
 * stay as published counts and no participant of the new workshop has spent a vote.
 */
export const IMPORTED_VOTER = 'imported-totals';

/**
 * Creates a NEW workshop from a checked workshop file: new ids, join code, secrets and links; the
 * same boards, notes (stacks and groups remapped), published vote totals, actions, summaries and
 * CIPS scores. Imported notes belong to nobody (facilitators can edit them, no participant can).
 */
export async function importWorkshop(services: Services, file: CheckedImport): Promise<CommandResult<CreatedWorkshop>> {
  const { stores, registry, newId, now } = services;
  const id = newId();
  const createdAt = now();
  const anonymous = file.meta.anonymous;
  // Anonymous workshops round times to the minute, as notes written there are.
  const when = (t: number | undefined) => (anonymous ? (t ?? createdAt) - ((t ?? createdAt) % 60_000) : (t ?? createdAt));
  let joinCode = newJoinCode();
  while (await stores.workshops.workshopIdForJoinCode(joinCode)) joinCode = newJoinCode();

  const secrets = {} as Record<Role, string>;
  const links: LinkRecord[] = ROLES.map((role) => {
    secrets[role] = newSecret();
    return { id: newId(), workshopId: id, role, secretHash: hashSecret(secrets[role]), label: '', createdAt, revokedAt: null };
  });
  const firstTemplate = file.boards[0]!.template;
  const settings = {
    title: file.meta.title,
    description: file.meta.description,
    dates: file.meta.dates,
    languages: file.meta.languages,
    anonymous,
    template: file.meta.template ?? firstTemplate,
  };

  const boards = file.boards.map((board, index) => {
    const boardId = newId();
    const noteIds = new Map(board.notes.map((n) => [n.id, newId()]));
    const groupIds = new Map(board.groups.map((g) => [g.id, newId()]));
    const stacks = new Map<string, string[]>();
    for (const n of board.notes) {
      if (n.mergedInto === null) continue;
      const stack = stacks.get(n.mergedInto) ?? [];
      stack.push(noteIds.get(n.id)!);
      stacks.set(n.mergedInto, stack);
    }
    const notes: Note[] = board.notes.map((n) => ({
      id: noteIds.get(n.id)!,
      boardId,
      row: n.row,
      column: n.column,
      text: n.text,
      colour: n.colour,
      authorName: anonymous ? null : n.authorName,
      authorAdministration: anonymous ? null : n.authorAdministration,
      groupId: n.groupId === null ? null : groupIds.get(n.groupId)!,
      mergedFrom: stacks.get(n.id) ?? [],
      mergedInto: n.mergedInto === null ? null : noteIds.get(n.mergedInto)!,
      createdAt: when(n.createdAt),
      updatedAt: when(n.updatedAt ?? n.createdAt),
      // The group label a breakout note had; the source workshop's group and note ids are not in the file.
      ...(n.breakout ? { breakout: { round: n.breakout.round, groupId: '', groupName: n.breakout.groupName, noteId: '', votes: n.breakout.votes } } : {}),
    }));
    const votes: VoteRecord[] = board.notes
      .filter((n) => n.votes > 0)
      .map((n) => ({ participantId: IMPORTED_VOTER, noteId: noteIds.get(n.id)!, count: n.votes }));
    return {
      // Boards keep the file's order (the document sorts them by creation time).
      info: { id: boardId, title: board.title, template: board.template, rows: board.rows, columns: board.columns, createdAt: createdAt + index },
      notes,
      votes,
      groups: board.groups.map((g) => ({ id: groupIds.get(g.id)!, boardId, row: g.row, column: g.column, name: g.name })),
      actions: board.actions.map((a) => ({
        id: newId(),
        boardId,
        row: a.row,
        text: a.text,
        ownerUnit: a.ownerUnit,
        dueDate: a.dueDate,
        indicator: a.indicator,
        status: a.status,
        noteId: a.noteId === null ? null : noteIds.get(a.noteId)!,
        createdAt: a.createdAt ?? createdAt,
        updatedAt: a.updatedAt ?? a.createdAt ?? createdAt,
      })),
      summary: board.summary ? { text: board.summary.text, updatedAt: board.summary.updatedAt ?? createdAt } : null,
    };
  });
  const anyVotes = boards.some((b) => b.votes.length > 0);

  await stores.workshops.createWorkshop({ id, joinCode, createdAt, ...settings }, links);
  for (const board of boards) {
    if (board.votes.length > 0) await stores.votes.importBoard(id, board.info.id, board.votes);
  }
  await registry.create(id, (doc) => {
    writeMeta(doc, { ...settings, createdAt });
    for (const board of boards) {
      writeBoard(doc, board.info);
      for (const group of board.groups) writeGroup(doc, group);
      for (const note of board.notes) writeNote(doc, note);
      for (const action of board.actions) writeAction(doc, action);
      if (board.summary) writeSummary(doc, board.info.id, board.summary);
      // Totals are published at once: they were the counts of a finished vote.
      if (board.votes.length > 0) writeVoteCounts(doc, Object.fromEntries(board.votes.map((v) => [v.noteId, v.count])));
    }
    const { phase, frozen, history } = file.status;
    for (const entry of history) {
      appendHistory(doc, { kind: entry.kind, at: entry.at, role: entry.role, ...(entry.phase ? { phase: entry.phase } : {}), ...(entry.name ? { name: entry.name } : {}) });
    }
    writeSession(doc, {
      ...INITIAL_SESSION,
      phase,
      currentBoardId: boards[0]!.info.id,
      votesVisible: anyVotes,
      frozenAt: phase === 'closed' ? (frozen?.at ?? createdAt) : null,
    });
    if (file.cips) writeCips(doc, { ...file.cips, importedAt: file.cips.importedAt ?? createdAt });
  });
  services.log.info({ workshopId: id, boards: boards.length, notes: boards.reduce((s, b) => s + b.notes.length, 0) }, 'workshop imported');
  const urls = Object.fromEntries(ROLES.map((role) => [role, roleLinkUrl(services.publicUrl, id, secrets[role])])) as Record<Role, string>;
  return { ok: true, id, joinCode, links: urls };
}
