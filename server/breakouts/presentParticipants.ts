import { presenceKey } from '../realtime/presence.ts';
import type { PresenceStore } from '../storage/PresenceStore.ts';

export interface PresentParticipant {
  key: string;
  participantId: string;
  displayName: string;
  administration: string;
}

/** Participants connected now (every node), one entry per person, by presence key. */
export async function presentParticipants(presence: PresenceStore, workshopId: string, now: number): Promise<PresentParticipant[]> {
  const people = new Map<string, PresentParticipant>();
  for (const e of await presence.list(workshopId, now)) {
    if (e.role !== 'participant') continue;
    const key = presenceKey(workshopId, e.participantId);
    people.set(key, { key, participantId: e.participantId, displayName: e.displayName, administration: e.administration });
  }
  return [...people.values()].sort((a, b) => a.key.localeCompare(b.key));
}
