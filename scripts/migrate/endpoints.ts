import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Stores } from '../../server/Services.ts';
import { LevelStore } from '../../server/storage/LevelDocumentStore.ts';
import { RedisStore } from '../../server/storage/redis/RedisStore.ts';
import { redactUrl } from '../../server/storage/redis/redisClient.ts';

/** One side of a migration: a DATA_DIR (its LevelDB in `<dir>/store`) or a Redis URL with a key prefix. */
export interface Endpoint {
  kind: 'embedded' | 'redis';
  /** What to print: the folder, or the URL without its password plus the prefix. */
  label: string;
  /** Same value for the same data: the resolved folder, or URL and prefix. */
  identity: string;
  stores: Stores;
  close(): Promise<void>;
}

export function isRedisUrl(spec: string): boolean {
  return /^rediss?:\/\//.test(spec);
}

export function endpointIdentity(spec: string, prefix: string): string {
  return isRedisUrl(spec) ? `${spec}#${prefix}` : path.resolve(spec);
}

/** Opens a source (`mustExist`: a folder without a store is an error, not a new empty store) or a target. */
export async function openEndpoint(spec: string, prefix: string, mustExist: boolean): Promise<Endpoint> {
  if (isRedisUrl(spec)) {
    const label = `${redactUrl(spec)} (prefix ${prefix})`;
    let store: RedisStore;
    try {
      store = await RedisStore.connect(spec, { keyPrefix: prefix, connectTimeoutMs: 5000 });
    } catch (error) {
      throw new Error(`cannot connect to ${label}: ${(error as Error).message}`);
    }
    return { kind: 'redis', label, identity: endpointIdentity(spec, prefix), stores: store, close: () => store.close() };
  }
  const location = path.join(path.resolve(spec), 'store');
  if (mustExist && !existsSync(path.join(location, 'CURRENT'))) {
    throw new Error(`${path.resolve(spec)} holds no store (expected a LevelDB in ${location})`);
  }
  let store: LevelStore;
  try {
    store = await LevelStore.open(location);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const locked = cause?.code === 'LEVEL_LOCKED' || /lock/i.test(String((error as Error).message) + String(cause));
    throw new Error(
      locked
        ? `${location} is locked: stop the server that uses this DATA_DIR first`
        : `cannot open ${location}: ${(error as Error).message}`,
    );
  }
  return { kind: 'embedded', label: path.resolve(spec), identity: endpointIdentity(spec, prefix), stores: store, close: () => store.close() };
}
