import type { Role } from '../facilitation/roles.ts';
import type { CommandName } from '../protocol/events.ts';

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
