import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'integrity-board' },
    // Join secrets and handshake auth must never reach a log line.
    redact: { paths: ['auth', '*.auth', 'token', '*.token', 'headers.authorization'], remove: true },
  });
}
