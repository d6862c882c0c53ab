import { isErrorCode } from '../../shared/protocol/errors.ts';
import type { CommandResult, JoinResult } from '../../shared/protocol/events.ts';

/** Reads one ack from the server as a CommandResult; anything malformed becomes INTERNAL. */
export function parseAck<T extends object>(
  raw: unknown,
  readValue: (body: Record<string, unknown>) => T | null,
): CommandResult<T> {
  if (typeof raw !== 'object' || raw === null) return { ok: false, error: 'INTERNAL' };
  const body = raw as Record<string, unknown>;
  if (body.ok === false) return { ok: false, error: isErrorCode(body.error) ? body.error : 'INTERNAL' };
  if (body.ok !== true) return { ok: false, error: 'INTERNAL' };
  const value = readValue(body);
  return value ? { ok: true, ...value } : { ok: false, error: 'INTERNAL' };
}

export function readEmpty(): object {
  return {};
}

export function readJoin(body: Record<string, unknown>): JoinResult | null {
  const { title, ownNoteIds } = body;
  if (typeof title !== 'string' || !Array.isArray(ownNoteIds)) return null;
  return { title, ownNoteIds: ownNoteIds.filter((id): id is string => typeof id === 'string') };
}

export function readNoteId(body: Record<string, unknown>): { noteId: string } | null {
  return typeof body.noteId === 'string' ? { noteId: body.noteId } : null;
}
