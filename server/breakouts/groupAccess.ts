import type * as Y from 'yjs';
import { groupOf, readBreakoutGroup, runningRound } from '../../shared/breakouts/breakoutDocument.ts';
import type { BreakoutGroup } from '../../shared/breakouts/types.ts';
import type { Principal } from '../auth/Principal.ts';
import { presenceKey } from '../realtime/presence.ts';

/** The group a participant works in now (the running round), or null. */
export function currentGroupOf(plenary: Y.Doc, principal: Principal): BreakoutGroup | null {
  const round = runningRound(plenary);
  if (!round) return null;
  const id = groupOf(plenary, round.round, presenceKey(principal.workshopId, principal.participantId));
  return id ? readBreakoutGroup(plenary, id) : null;
}

/**
 * May this person read a group's board? Facilitators, rapporteurs and observers read every group;
 * a participant only a group they are in (in that group's round: past rounds stay readable to them).
 */
export function mayReadGroup(plenary: Y.Doc, principal: Principal, group: BreakoutGroup): boolean {
  if (principal.role !== 'participant') return true;
  return groupOf(plenary, group.round, presenceKey(principal.workshopId, principal.participantId)) === group.id;
}

export function isLeadOf(principal: Principal, group: BreakoutGroup): boolean {
  return principal.role === 'participant' && group.leadKey === presenceKey(principal.workshopId, principal.participantId);
}

export { LEAD_COMMANDS, roleInGroup } from '../../shared/breakouts/leadRules.ts';
