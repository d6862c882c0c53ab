import { redactUrl } from './redactUrl.ts';

interface Where {
  dataDir?: string;
  redisUrl?: string | undefined;
  port?: number;
}

const causes = (err: unknown): Array<Error & { code?: string; syscall?: string; path?: string }> => {
  const chain: Array<Error & { code?: string }> = [];
  for (let e: unknown = err; e instanceof Error && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
};

/**
 * The one line a person starting the server needs when it cannot start: what is wrong and where,
 * without a stack trace (the full error still goes to the log at debug level).
 */
export function startFailureLine(err: unknown, where: Where): string {
  const chain = causes(err);
  const text = chain.map((e) => e.message).join(': ');
  const code = chain.find((e) => e.code && /^E[A-Z]+$/.test(e.code))?.code;
  const dataDir = where.dataDir ?? 'DATA_DIR';
  let reason: string;
  if (/Invalid configuration/.test(text)) reason = chain[0]!.message;
  else if (/LOCK|lock/.test(text) && /LEVEL|level|lock/.test(text) && !where.redisUrl) {
    reason = `the data folder ${dataDir} is in use by another process (its store is locked): stop that process, or set another DATA_DIR`;
  } else if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || (code === 'ENOENT' && !where.redisUrl)) {
    reason = `the data folder ${dataDir} cannot be written (${code}): make it writable by this user, or set another DATA_DIR`;
  } else if (code === 'ENOSPC') {
    reason = `the disk holding ${dataDir} is full (ENOSPC): free space and start again`;
  } else if (code === 'EADDRINUSE') {
    reason = `port ${where.port ?? ''} is already in use: stop what listens there, or set another PORT`;
  } else if (where.redisUrl && /Redis|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|connect/i.test(text)) {
    reason = `Redis at ${redactUrl(where.redisUrl)} is unreachable (${chain.at(-1)!.message}): check REDIS_URL and that Redis runs`;
  } else {
    reason = text || String(err);
  }
  return `Integrity Board could not start: ${reason}`;
}
