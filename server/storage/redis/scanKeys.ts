import type { RedisConnection } from './redisClient.ts';

/** `text` with Redis glob characters escaped, so it matches only itself in a SCAN pattern. */
export const globLiteral = (text: string): string => text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/**
 * Every key matching `pattern` (a SCAN glob), read in pages so a large Redis is never blocked.
 * Each page is one command with its own deadline.
 */
export async function scanKeys(redis: RedisConnection, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const page = await redis.run((client) => client.scan(cursor, { MATCH: pattern, COUNT: 500 }));
    cursor = String(page.cursor);
    for (const key of page.keys) found.add(key);
  } while (cursor !== '0');
  return [...found];
}
