import type { Logger } from './logger.ts';

/** Repeats of one error within this time are counted, not logged again. */
export const REPEAT_LOG_INTERVAL_MS = 60_000;
/** Distinct errors remembered for that counting, at most (the oldest are forgotten first). */
const MAX_REMEMBERED = 200;

export interface LastResortHandlers {
  onUncaughtException(err: unknown, origin?: string): void;
  onUnhandledRejection(reason: unknown): void;
}

/**
 * What the process does with an error no listener handled. Every listener handles its own errors
 * (the fuzz suite checks that no input reaches here); this is the net under that rule. The error is
 * logged, the process keeps serving: one stopped process stops every workshop on the node, while a
 * request whose handler threw has only lost its own answer. The same error repeated (a client
 * hammering one bug) is logged once per interval with a count of what was not logged.
 */
export function lastResortHandlers(log: Logger, now: () => number = Date.now, intervalMs = REPEAT_LOG_INTERVAL_MS): LastResortHandlers {
  const seen = new Map<string, { loggedAt: number; suppressed: number }>();

  const report = (kind: 'uncaught exception' | 'unhandled rejection', err: unknown, origin?: string) => {
    const key = `${kind}|${signature(err)}`;
    const at = now();
    const known = seen.get(key);
    if (known && at - known.loggedAt < intervalMs) {
      known.suppressed++;
      return;
    }
    const suppressed = known?.suppressed ?? 0;
    seen.delete(key);
    seen.set(key, { loggedAt: at, suppressed: 0 });
    if (seen.size > MAX_REMEMBERED) seen.delete(seen.keys().next().value!);
    log.error({ err: asError(err), origin, repeatsNotLogged: suppressed, lastResort: true }, `${kind}: kept serving`);
  };

  return {
    onUncaughtException: (err, origin) => report('uncaught exception', err, origin),
    onUnhandledRejection: (reason) => report('unhandled rejection', reason),
  };
}

/** Installs the handlers on this process (once, in `main.ts`). */
export function installLastResortHandlers(log: Logger): LastResortHandlers {
  const handlers = lastResortHandlers(log);
  process.on('uncaughtException', (err, origin) => handlers.onUncaughtException(err, origin));
  process.on('unhandledRejection', (reason) => handlers.onUnhandledRejection(reason));
  return handlers;
}

/** The error's kind, message and the frame it was thrown from: equal for repeats of one bug. */
function signature(err: unknown): string {
  if (!(err instanceof Error)) return `${typeof err}:${String(err).slice(0, 200)}`;
  const frame = err.stack?.split('\n').find((line) => line.trimStart().startsWith('at ')) ?? '';
  return `${err.name}:${err.message.slice(0, 200)}:${frame.trim()}`;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(`non-error thrown: ${String(err).slice(0, 500)}`);
}
