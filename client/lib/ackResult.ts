import { isErrorCode } from '../../shared/protocol/errors.ts';
import type { CommandResult, JoinResult } from '../../shared/protocol/events.ts';
import { parseStoredNote } from '../../shared/board/boardDocument.ts';
import { ROLES, type Role } from '../../shared/facilitation/roles.ts';
import type { PrivateNote } from '../../shared/protocol/workshopTypes.ts';

type Body = Record<string, unknown>;
const isBody = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one ack as a CommandResult: the named error, or the body when `check` accepts it; else INTERNAL. */
export function parseAck(raw: unknown, check: (body: Body) => boolean = () => true): CommandResult<Body> {
  if (!isBody(raw)) return { ok: false, error: 'INTERNAL' };
  if (raw.ok === false) return { ok: false, error: isErrorCode(raw.error) ? raw.error : 'INTERNAL' };
  if (raw.ok !== true || !check(raw)) return { ok: false, error: 'INTERNAL' };
  return { ...raw, ok: true };
}

/** noteId → count, keeping only finite non-negative numbers. */
export function readCounts(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isBody(v)) return out;
  for (const [k, n] of Object.entries(v)) if (typeof n === 'number' && Number.isFinite(n) && n >= 0) out[k] = n;
  return out;
}

/** boardId → noteId → count. */
export function readVotesByBoard(v: unknown): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  if (!isBody(v)) return out;
  for (const [boardId, counts] of Object.entries(v)) out[boardId] = readCounts(counts);
  return out;
}

export function readPrivateNotes(v: unknown): PrivateNote[] {
  if (!Array.isArray(v)) return [];
  const notes: PrivateNote[] = [];
  for (const item of v) {
    const note = parseStoredNote(item);
    if (note && isBody(item) && typeof item.ownerId === 'string') notes.push({ ...note, ownerId: item.ownerId });
  }
  return notes.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function readJoin(body: Body): JoinResult | null {
  const { workshopId, role, participantId, ownNoteIds, serverTime } = body;
  if (typeof workshopId !== 'string' || typeof participantId !== 'string' || typeof serverTime !== 'number') return null;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role) || !Array.isArray(ownNoteIds)) return null;
  return {
    workshopId,
    role: role as Role,
    participantId,
    displayName: typeof body.displayName === 'string' ? body.displayName : '',
    administration: typeof body.administration === 'string' ? body.administration : '',
    ownNoteIds: ownNoteIds.filter((id): id is string => typeof id === 'string'),
    privateNotes: readPrivateNotes(body.privateNotes),
    myVotes: readVotesByBoard(body.myVotes),
    done: body.done === true,
    serverTime,
    presenceKey: typeof body.presenceKey === 'string' ? body.presenceKey : '',
  };
}
