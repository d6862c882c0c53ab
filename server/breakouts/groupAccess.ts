import type * as Y from 'yjs';
import { groupOf, readBreakoutGroup, runningRound } from '../../shared/breakouts/breakoutDocument.ts';
import type { BreakoutGroup } from '../../shared/breakouts/types.ts';
import type { CommandName } from '../../shared/protocol/index.ts';
import type { Role } from '../../shared/facilitation/roles.ts';
import type { Principal } from '../auth/Principal.ts';
import { presenceKey } from '../realtime/presence.ts';

/**
 * What a group lead may run on their own group's board, with a facilitator's powers there: the
 * group's phase, timer, lock, grouping and stacks. Never plenary commands (boards, freeze, exports)
 * and never another group's: a participant's commands only ever reach their own group.
 */
export const LEAD_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'phase.set',
  'timer.start',
  'timer.pause',
  'timer.resume',
  'timer.addMinute',
  'timer.stop',
  'lock.set',
  'spotlight.set',
  'note.merge',
  'note.unmerge',
  'note.setGroup',
  'group.create',
  'group.rename',
  'group.delete',
  'voting.configure',
]);

/** The role a command runs with on a group's board: a lead's lead commands run as a facilitator's. */
export function roleInGroup(command: CommandName, role: Role, isLead: boolean): Role {
  return isLead && role === 'participant' && LEAD_COMMANDS.has(command) ? 'facilitator' : role;
}

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
