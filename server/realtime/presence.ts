import { ROLES, type Role } from '../../shared/facilitation/roles.ts';
import type { PresenceUpdate } from '../../shared/protocol/index.ts';
import type { Principal } from '../auth/Principal.ts';

/**
 * What one viewer may see of who is here: on anonymous workshops participants appear only as a
 * count, for everyone (facilitators included); facilitators, rapporteurs and observers are listed.
 */
export function presenceFor(_viewer: Role, people: Principal[], anonymous: boolean): PresenceUpdate {
  const byRole = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
  for (const p of people) byRole[p.role]++;
  const visible = people
    .filter((p) => !anonymous || p.role !== 'participant')
    .map((p) => ({ role: p.role, displayName: p.displayName, administration: p.administration }))
    .sort((a, b) => a.role.localeCompare(b.role) || a.displayName.localeCompare(b.displayName));
  return { count: people.length, byRole, people: visible };
}
