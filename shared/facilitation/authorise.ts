import type { ErrorCode } from '../protocol/errors.ts';
import type { CommandName } from '../protocol/events.ts';
import { PHASES, type Phase, type Role } from './roles.ts';

/** Who may run a command, and in which phases for each role ('any' = every phase but Closed). */
type Rule = Partial<Record<Role, readonly Phase[] | 'any'>> & {
  /** Still allowed while the board is locked (for roles other than facilitator). */
  allowedWhenLocked?: boolean;
};

const FACILITATOR_ONLY: Rule = { facilitator: 'any' };

/** The permission table. Ownership (own notes only) is checked by the commands themselves. */
export const COMMAND_RULES: Record<CommandName, Rule> = {
  'note.add': { facilitator: 'any', participant: ['write'] },
  'note.edit': { facilitator: 'any', participant: ['write', 'reveal'] },
  'note.delete': { facilitator: 'any', participant: ['write', 'reveal'] },
  'note.move': { facilitator: 'any', participant: ['write', 'reveal'] },
  'note.merge': FACILITATOR_ONLY,
  'note.unmerge': FACILITATOR_ONLY,
  'note.setGroup': { facilitator: ['group'] },
  'group.create': { facilitator: ['group'] },
  'group.rename': { facilitator: ['group'] },
  'group.delete': { facilitator: ['group'] },
  'phase.set': FACILITATOR_ONLY,
  'voting.configure': FACILITATOR_ONLY,
  'notes.setLimit': FACILITATOR_ONLY,
  'vote.cast': { facilitator: ['vote'], participant: ['vote'] },
  'vote.retract': { facilitator: ['vote'], participant: ['vote'] },
  'timer.start': FACILITATOR_ONLY,
  'timer.pause': FACILITATOR_ONLY,
  'timer.resume': FACILITATOR_ONLY,
  'timer.addMinute': FACILITATOR_ONLY,
  'timer.stop': FACILITATOR_ONLY,
  'lock.set': FACILITATOR_ONLY,
  'spotlight.set': FACILITATOR_ONLY,
  'done.set': { participant: 'any', allowedWhenLocked: true },
  'action.add': { facilitator: 'any', rapporteur: ['actions'] },
  'action.edit': { facilitator: 'any', rapporteur: ['actions'] },
  'action.delete': { facilitator: 'any', rapporteur: ['actions'] },
  'action.fromNote': { facilitator: 'any', rapporteur: ['actions'] },
  'summary.set': { facilitator: 'any', rapporteur: 'any' },
  'board.add': FACILITATOR_ONLY,
  'board.setCurrent': FACILITATOR_ONLY,
  'workshop.freeze': { facilitator: 'any', rapporteur: 'any' },
  'workshop.reopen': { facilitator: ['closed'] },
  'export.allowObservers': { facilitator: PHASES },
  'writingCounts.share': FACILITATOR_ONLY,
};

export interface SessionFacts {
  phase: Phase;
  locked: boolean;
}

/**
 * May this role run this command now? Null when allowed, else the named refusal. Checked in a
 * fixed order: frozen (Closed), role, lock, phase. Pure: shared by the server (which enforces it)
 * and the client (which hides what would be refused).
 */
export function authorise(command: CommandName, role: Role, session: SessionFacts): ErrorCode | null {
  const rule = COMMAND_RULES[command];
  const frozen = session.phase === 'closed';
  // Who may take the report away can still change once the board is final.
  if (frozen && command !== 'workshop.reopen' && command !== 'export.allowObservers') return 'FROZEN';
  const phases = rule[role];
  if (!phases) return 'FORBIDDEN_ROLE';
  if (session.locked && role !== 'facilitator' && !rule.allowedWhenLocked) return 'BOARD_LOCKED';
  const allowed = phases === 'any' ? PHASES.filter((p) => p !== 'closed') : phases;
  if (!allowed.includes(session.phase)) return 'PHASE_FORBIDS';
  return null;
}
