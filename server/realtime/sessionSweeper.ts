import type { SessionGate } from '../auth/SessionGate.ts';
import type { Logger } from '../logger.ts';
import type { ErrorCode } from '../../shared/protocol/index.ts';

/** Checked at least this often: an ended or expired session's open connections close within it. */
const MAX_SWEEP_EVERY_MS = 60_000;

export interface SweptConnections {
  /** Token hashes of sessions with an open connection on this node. */
  openSessions(): Set<string>;
  /** Closes this node's connections of the session, telling them why. */
  closeLocally(tokenHash: string, reason: ErrorCode): void;
}

/**
 * Closes the open connections of sessions that expired while connected (nobody used them for the
 * idle time) or that ended on a node that could not reach these connections.
 */
export function startSessionSweeper(gate: SessionGate, connections: SweptConnections, log: Logger): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      for (const tokenHash of connections.openSessions()) {
        const refusal = await gate.refusal(tokenHash);
        if (refusal) {
          gate.forget(tokenHash);
          connections.closeLocally(tokenHash, refusal);
        }
      }
    } catch (err) {
      log.debug({ err }, 'session sweep failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), Math.max(200, Math.min(MAX_SWEEP_EVERY_MS, Math.floor(gate.idleMs / 4))));
  timer.unref();
  return () => clearInterval(timer);
}
