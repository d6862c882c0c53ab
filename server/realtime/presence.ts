import { ROLES, type Role } from '../../shared/facilitation/roles.ts';
import type { PresenceUpdate } from '../../shared/protocol/index.ts';
import type { Principal } from '../auth/Principal.ts';

/** Who is in each workshop, per connection; one person with two tabs counts once. */
export class PresenceRegistry {
  readonly #workshops = new Map<string, Map<string, Principal>>();

  join(workshopId: string, connectionId: string, principal: Principal): void {
    let workshop = this.#workshops.get(workshopId);
    if (!workshop) {
      workshop = new Map();
      this.#workshops.set(workshopId, workshop);
    }
    workshop.set(connectionId, principal);
  }

  leave(workshopId: string, connectionId: string): void {
    const workshop = this.#workshops.get(workshopId);
    if (!workshop) return;
    workshop.delete(connectionId);
    if (workshop.size === 0) this.#workshops.delete(workshopId);
  }

  people(workshopId: string): Principal[] {
    const people = new Map<string, Principal>();
    for (const principal of this.#workshops.get(workshopId)?.values() ?? []) people.set(principal.participantId, principal);
    return [...people.values()];
  }
}

/**
 * What one viewer may see of who is here: facilitators see everyone; on anonymous workshops
 * everyone else sees participants only as a count.
 */
export function presenceFor(viewer: Role, people: Principal[], anonymous: boolean): PresenceUpdate {
  const byRole = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
  for (const p of people) byRole[p.role]++;
  const visible = people
    .filter((p) => !anonymous || viewer === 'facilitator' || p.role !== 'participant')
    .map((p) => ({ role: p.role, displayName: p.displayName, administration: p.administration }))
    .sort((a, b) => a.role.localeCompare(b.role) || a.displayName.localeCompare(b.displayName));
  return { count: people.length, byRole, people: visible };
}
