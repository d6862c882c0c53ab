import { createHash } from 'node:crypto';
import { ROLES, type Role } from '../../shared/facilitation/roles.ts';
import type { PresenceChange, PresencePerson, PresenceUpdate } from '../../shared/protocol/index.ts';
import { sortPeople } from '../../shared/protocol/presenceChange.ts';
import type { PresenceEntry } from '../storage/PresenceStore.ts';

/** One person in presence, as the server knows them (one entry per person, however many connections). */
export interface PresentPerson {
  participantId: string;
  role: Role;
  displayName: string;
  administration: string;
}

/** An opaque, stable key per person and workshop: lets clients apply changes without learning participant ids. */
export function presenceKey(workshopId: string, participantId: string): string {
  return createHash('sha256').update(`presence\0${workshopId}\0${participantId}`).digest('base64url').slice(0, 16);
}

/** One entry per person from the store's entries (one per connection). */
export function peopleFromEntries(entries: PresenceEntry[]): PresentPerson[] {
  const people = new Map<string, PresentPerson>();
  for (const e of entries) people.set(e.participantId, { participantId: e.participantId, role: e.role, displayName: e.displayName, administration: e.administration });
  return [...people.values()];
}

/**
 * What anyone may see of who is here: on anonymous workshops participants appear only as a count,
 * for everyone (facilitators included); facilitators, rapporteurs and observers are listed.
 */
export function presenceFor(workshopId: string, people: PresentPerson[], anonymous: boolean): PresenceUpdate {
  const byRole = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
  for (const p of people) byRole[p.role]++;
  const visible = people
    .filter((p) => !anonymous || p.role !== 'participant')
    .map((p) => ({ key: presenceKey(workshopId, p.participantId), role: p.role, displayName: p.displayName, administration: p.administration }));
  return { count: people.length, byRole, people: sortPeople(visible) };
}

/** What changed from `before` to `after`, or null when nothing did. */
export function presenceDiff(before: PresenceUpdate | null, after: PresenceUpdate): PresenceChange | null {
  const old = new Map((before?.people ?? []).map((p) => [p.key, p]));
  const now = new Map(after.people.map((p) => [p.key, p]));
  const added: PresencePerson[] = after.people.filter((p) => {
    const was = old.get(p.key);
    return !was || was.role !== p.role || was.displayName !== p.displayName || was.administration !== p.administration;
  });
  const removed = [...old.keys()].filter((key) => !now.has(key));
  const sameCounts = before !== null && before.count === after.count && ROLES.every((r) => before.byRole[r] === after.byRole[r]);
  if (sameCounts && added.length === 0 && removed.length === 0) return null;
  return { count: after.count, byRole: after.byRole, added, removed };
}
