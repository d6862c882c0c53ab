import type { PresenceChange, PresencePerson, PresenceUpdate } from './events.ts';

/** The presence list after a `presence.changed` message (people sorted by role, then name). */
export function applyPresenceChange(current: PresenceUpdate | null, change: PresenceChange): PresenceUpdate {
  const people = new Map<string, PresencePerson>((current?.people ?? []).map((p) => [p.key, p]));
  for (const key of change.removed) people.delete(key);
  for (const person of change.added) people.set(person.key, person);
  return { count: change.count, byRole: change.byRole, people: sortPeople([...people.values()]) };
}

export function sortPeople(people: PresencePerson[]): PresencePerson[] {
  return people.sort((a, b) => a.role.localeCompare(b.role) || a.displayName.localeCompare(b.displayName) || a.key.localeCompare(b.key));
}
