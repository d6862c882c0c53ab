import type { Role } from '../facilitation/roles.ts';
import type { SessionFacts } from '../facilitation/authorise.ts';
import type { BreakoutEventName } from '../protocol/breakoutProtocol.ts';
import type { ErrorCode } from '../protocol/errors.ts';

/**
 * Who may run each breakout command on the plenary: facilitators only, except entering one's board.
 * Group leads are participants here: their powers are on their group's board alone (server/breakouts/groupAccess.ts).
 */
export function authoriseBreakout(event: BreakoutEventName, role: Role, session: SessionFacts): ErrorCode | null {
  if (event === 'breakout.enter') return null;
  if (session.phase === 'closed' && event !== 'breakout.overview') return 'FROZEN';
  return role === 'facilitator' ? null : 'FORBIDDEN_ROLE';
}
