import type { z } from 'zod';
import { readGroup, readNote, readNotes, removeGroup, writeGroup, writeNote } from '../../shared/board/boardDocument.ts';
import type {
  CommandResult,
  createGroupSchema,
  groupRefSchema,
  renameGroupSchema,
  setNoteGroupSchema,
} from '../../shared/protocol/index.ts';
import type { CommandContext } from './CommandContext.ts';
import { cellOf } from './noteAccess.ts';
import { isStacked, stackOf } from '../../shared/board/stacks.ts';
import type { Note } from '../../shared/board/types.ts';

/** Clusters notes of one cell under a name (Group phase, facilitators). */
export async function createGroup(
  ctx: CommandContext,
  payload: z.output<typeof createGroupSchema>,
): Promise<CommandResult<{ groupId: string }>> {
  const cell = cellOf(ctx, payload.boardId, payload.row, payload.column);
  if (typeof cell === 'string') return { ok: false, error: cell };
  const notes = payload.noteIds.map((id) => readNote(ctx.workshop.doc, id));
  if (notes.some((n) => !n)) return { ok: false, error: 'NOTE_NOT_FOUND' };
  if (notes.some((n) => n!.boardId !== payload.boardId || n!.row !== payload.row || n!.column !== payload.column)) {
    return { ok: false, error: 'INVALID_CELL' };
  }
  const all = readNotes(ctx.workshop.doc, payload.boardId);
  const byId = new Map(all.map((n) => [n.id, n]));
  if (notes.some((n) => isStacked(n!, byId))) return { ok: false, error: 'NOTE_IN_STACK' };
  const groupId = ctx.services.newId();
  await ctx.apply((doc) => {
    writeGroup(doc, { id: groupId, boardId: payload.boardId, row: payload.row, column: payload.column, name: payload.name });
    for (const note of withStacks(notes as Note[], all)) writeNote(doc, { ...note, groupId });
  });
  return { ok: true, groupId };
}

export async function renameGroup(ctx: CommandContext, payload: z.output<typeof renameGroupSchema>): Promise<CommandResult> {
  const group = readGroup(ctx.workshop.doc, payload.groupId);
  if (!group) return { ok: false, error: 'GROUP_NOT_FOUND' };
  await ctx.apply((doc) => writeGroup(doc, { ...group, name: payload.name }));
  return { ok: true };
}

/** Removes a group; its notes stay in the cell, ungrouped. */
export async function deleteGroup(ctx: CommandContext, payload: z.output<typeof groupRefSchema>): Promise<CommandResult> {
  const group = readGroup(ctx.workshop.doc, payload.groupId);
  if (!group) return { ok: false, error: 'GROUP_NOT_FOUND' };
  await ctx.apply((doc) => {
    for (const note of readNotes(doc, group.boardId)) if (note.groupId === group.id) writeNote(doc, { ...note, groupId: null });
    removeGroup(doc, group.id);
  });
  return { ok: true };
}

/** Puts a note into a group of its own cell, or takes it out (groupId null). */
export async function setNoteGroup(ctx: CommandContext, payload: z.output<typeof setNoteGroupSchema>): Promise<CommandResult> {
  const note = readNote(ctx.workshop.doc, payload.noteId);
  if (!note) return { ok: false, error: 'NOTE_NOT_FOUND' };
  if (payload.groupId !== null) {
    const group = readGroup(ctx.workshop.doc, payload.groupId);
    if (!group) return { ok: false, error: 'GROUP_NOT_FOUND' };
    if (group.boardId !== note.boardId || group.row !== note.row || group.column !== note.column) return { ok: false, error: 'INVALID_CELL' };
  }
  const all = readNotes(ctx.workshop.doc, note.boardId);
  if (isStacked(note, new Map(all.map((n) => [n.id, n])))) return { ok: false, error: 'NOTE_IN_STACK' };
  await ctx.apply((doc) => {
    for (const n of withStacks([note], all)) writeNote(doc, { ...n, groupId: payload.groupId });
  });
  return { ok: true };
}

/** The notes and, for each that tops a stack, the notes under it (a stack stays in its top's group). */
function withStacks(notes: readonly Note[], all: readonly Note[]): Note[] {
  return notes.flatMap((note) => [note, ...stackOf(note, all).members]);
}
