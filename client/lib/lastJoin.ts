import type { JoinResult } from '../../shared/protocol/events.ts';
import { readStored, removeStored, writeStored } from './storage.ts';

/** What the page needs from `workshop.join` to show the board before (or without) joining again. */
export type KeptJoin = Pick<JoinResult, 'ownNoteIds' | 'privateNotes' | 'myVotes' | 'done'>;

const key = (workshopId: string, participantId: string) => `ib.lastJoin.${workshopId}.${participantId}`;

/** The last join answer this device received for this person in this workshop (for an offline reload). */
export function loadLastJoin(workshopId: string, participantId: string): KeptJoin | null {
  const raw = readStored(key(workshopId, participantId));
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<KeptJoin> | null;
    if (!value || !Array.isArray(value.ownNoteIds) || !Array.isArray(value.privateNotes)) return null;
    if (typeof value.myVotes !== 'object' || value.myVotes === null || typeof value.done !== 'boolean') return null;
    return { ownNoteIds: value.ownNoteIds, privateNotes: value.privateNotes, myVotes: value.myVotes, done: value.done };
  } catch {
    return null;
  }
}

export function keepLastJoin(workshopId: string, participantId: string, result: JoinResult): void {
  const kept: KeptJoin = { ownNoteIds: result.ownNoteIds, privateNotes: result.privateNotes, myVotes: result.myVotes, done: result.done };
  writeStored(key(workshopId, participantId), JSON.stringify(kept));
}

export function forgetLastJoin(workshopId: string, participantId: string): void {
  removeStored(key(workshopId, participantId));
}
