import { ROLES, type Role } from '../../shared/facilitation/roles.ts';
import type { PresenceUpdate } from '../../shared/protocol/index.ts';
import type { Principal } from '../auth/Principal.ts';

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
