import { readBoard, readMeta, readNote, readSession, writeNote } from '../../shared/board/boardDocument.ts';
import { templateHoldsNotes } from '../../shared/board/templates.ts';
import type { BoardInfo, Note } from '../../shared/board/types.ts';
import type { ErrorCode } from '../../shared/protocol/index.ts';
import type { PrivateNote } from '../../shared/protocol/workshopTypes.ts';
import type { CommandContext } from './CommandContext.ts';

export type FoundNote = { kind: 'public'; note: Note } | { kind: 'private'; note: PrivateNote };

/** A note on the board, or one of the caller's own private notes (others' private notes do not exist for them). */
export async function findNote(ctx: CommandContext, noteId: string): Promise<FoundNote | null> {
  const note = readNote(ctx.workshop.doc, noteId);
  if (note) return { kind: 'public', note };
  const hidden = await ctx.services.stores.privateNotes.get(ctx.workshop.id, noteId);
  if (hidden && hidden.ownerId === ctx.principal.participantId) return { kind: 'private', note: hidden };
  return null;
}

/** Facilitators may change any note on the board; everyone else only their own. */
export async function refuseUnlessMayChange(ctx: CommandContext, found: FoundNote): Promise<ErrorCode | null> {
  if (found.kind === 'private') return null;
  if (ctx.principal.role === 'facilitator') return null;
  const owner = await ctx.services.stores.ownership.getOwner(ctx.workshop.id, found.note.id);
  return owner === ctx.principal.participantId ? null : 'NOT_AUTHOR';
}

export function isAnonymous(ctx: CommandContext): boolean {
  return readMeta(ctx.workshop.doc)?.anonymous === true;
}

/** On anonymous workshops times are kept to the minute, so they cannot single out a writer. */
export function noteTime(ctx: CommandContext): number {
  const now = ctx.services.now();
  return isAnonymous(ctx) ? now - (now % 60_000) : now;
}

/** The board when `row`/`column` name one of its cells and it holds notes. */
export function cellOf(ctx: CommandContext, boardId: string, row: string, column: string): BoardInfo | ErrorCode {
  const board = readBoard(ctx.workshop.doc, boardId);
  if (!board) return 'BOARD_NOT_FOUND';
  if (!templateHoldsNotes(board.template)) return 'INVALID_CELL';
  if (!board.rows.some((r) => r.key === row) || !board.columns.some((c) => c.key === column)) return 'INVALID_CELL';
  return board;
}

export function isPrivateWriting(ctx: CommandContext): boolean {
  const session = readSession(ctx.workshop.doc);
  return session.phase === 'write' && session.privateWriting;
}

export function noteQuotaKey(workshopId: string, boardId: string, participantId: string): string {
  return `notes:${workshopId}:${boardId}:${participantId}`;
}

/** Writes changes to a note where it lives: the author's hidden notes, or the board document. */
export async function updateNote(ctx: CommandContext, found: FoundNote, changes: Partial<Note>): Promise<void> {
  if (found.kind === 'private') {
    await ctx.services.stores.privateNotes.put(ctx.workshop.id, { ...found.note, ...changes });
    await ctx.notify.privateNotesChanged(ctx.principal.participantId);
    return;
  }
  await ctx.apply((doc) => {
    const current = readNote(doc, found.note.id);
    if (current) writeNote(doc, { ...current, ...changes });
  });
}
