import type { RedisConnection } from './redisClient.ts';

/** What Redis keeps on disk, as it reports it. */
export interface RedisPersistence {
  /** Append-only file on. */
  aof: boolean;
  /** RDB snapshots scheduled (`save` not empty); null when Redis would not say (CONFIG disabled). */
  rdb: boolean | null;
  /** `always`, `everysec` or `no`; null when unknown. */
  appendfsync: string | null;
  /** Where the answer came from: CONFIG GET, or INFO persistence where CONFIG is disabled (managed Redis). */
  source: 'config' | 'info';
}

export async function readRedisPersistence(redis: RedisConnection): Promise<RedisPersistence> {
  try {
    const config = await redis.run((client) => client.configGet(['appendonly', 'save', 'appendfsync']));
    return {
      aof: config.appendonly === 'yes',
      rdb: (config.save ?? '').trim() !== '',
      appendfsync: config.appendfsync ?? null,
      source: 'config',
    };
  } catch {
    const info = await redis.run((client) => client.info('persistence'));
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? null;
    return { aof: field('aof_enabled') === '1', rdb: null, appendfsync: null, source: 'info' };
  }
}

/** One line for the start log: what a restart of this Redis would lose, or null when it keeps everything. */
export function persistenceWarning(p: RedisPersistence): string | null {
  if (!p.aof && p.rdb === false) {
    return 'Redis keeps nothing on disk (no append-only file, no RDB snapshots): a Redis restart loses every workshop, link and session; boards that a node holds at that moment are put back, nothing else is. Set appendonly yes.';
  }
  if (!p.aof) {
    return 'Redis has no append-only file: a Redis restart goes back to its last RDB snapshot (minutes of work); boards a node holds are put back, workshops, links, sessions and votes since then are lost. Set appendonly yes.';
  }
  if (p.appendfsync === 'no') return 'Redis appendfsync is "no": a power cut loses up to about 30 s of acknowledged changes. Use everysec or always.';
  return null;
}
