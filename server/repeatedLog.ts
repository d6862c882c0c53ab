import type { Logger } from './logger.ts';

type Level = 'error' | 'warn' | 'info';

/**
 * Logs a repeated message once per interval with a count, instead of a line per occurrence (during
 * an outage every connection attempt fails the same way). Messages are told apart by `key` (for
 * instance the message and the error's text).
 */
export function repeatedLog(log: Logger, intervalMs = 10_000) {
  const seen = new Map<string, { lastLoggedAt: number; suppressed: number }>();
  return (level: Level, key: string, fields: Record<string, unknown>, message: string): void => {
    const now = Date.now();
    const entry = seen.get(key);
    if (entry && now - entry.lastLoggedAt < intervalMs) {
      entry.suppressed++;
      return;
    }
    const repeated = entry?.suppressed ?? 0;
    seen.set(key, { lastLoggedAt: now, suppressed: 0 });
    if (seen.size > 1000) seen.delete(seen.keys().next().value!);
    log[level](repeated > 0 ? { ...fields, repeated, intervalMs } : fields, message);
  };
}
