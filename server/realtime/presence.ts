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
 * Past this many people present, participants are counted, not listed, in what every connection is
 * sent: a plenary of 1,000 would otherwise send each arrival a list of everyone (about 100 kB) and
 * everyone a change per arrival. Facilitators fetch the whole list on demand (`presence.list`).
 */
export const PRESENCE_LISTED_MAX = 50;

/**
 * What anyone may see of who is here: on anonymous workshops participants appear only as a count,
 * for everyone (facilitators included); facilitators, rapporteurs and observers are listed. Rooms of
 * more than PRESENCE_LISTED_MAX people count their participants too.
 */
export function presenceFor(workshopId: string, people: PresentPerson[], anonymous: boolean): PresenceUpdate {
  const byRole = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
  for (const p of people) byRole[p.role]++;
  const listParticipants = !anonymous && people.length <= PRESENCE_LISTED_MAX;
  const visible = people
    .filter((p) => listParticipants || p.role !== 'participant')
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

/** Everyone present a facilitator may see, a page at a time (anonymous workshops never list participants). */
export function presenceListPage(
  workshopId: string,
  people: PresentPerson[],
  anonymous: boolean,
  offset: number,
  pageSize: number,
): { people: PresencePerson[]; total: number; nextOffset: number | null } {
  const visible = sortPeople(
    people
      .filter((p) => !anonymous || p.role !== 'participant')
      .map((p) => ({ key: presenceKey(workshopId, p.participantId), role: p.role, displayName: p.displayName, administration: p.administration })),
  );
  const page = visible.slice(offset, offset + pageSize);
  return { people: page, total: visible.length, nextOffset: offset + page.length < visible.length ? offset + page.length : null };
}
