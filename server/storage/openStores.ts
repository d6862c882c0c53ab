import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ServerOptions } from 'socket.io';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Stores } from '../Services.ts';
import { noFanout, type DocumentFanout } from './DocumentFanout.ts';
import { LevelStore } from './LevelDocumentStore.ts';
import { MemoryPresenceStore, type PresenceStore } from './PresenceStore.ts';
import { repeatedLog } from '../repeatedLog.ts';
import { redactUrl } from '../redactUrl.ts';

/** Everything stateful, chosen once: the embedded store in DATA_DIR, or Redis when REDIS_URL is set. */
export interface OpenedStores {
  kind: 'embedded' | 'redis';
  stores: Stores;
  presence: PresenceStore;
  fanout: DocumentFanout;
  /** Socket.IO adapter carrying events between nodes (Redis only). */
  socketAdapter: ServerOptions['adapter'] | undefined;
  healthy(): boolean;
  /** Asks the store now (Redis: PING within `timeoutMs`): true when it answered. */
  ping(timeoutMs: number): Promise<boolean>;
  /** Called when the store connection comes back after an outage. */
  onRecovered(listener: () => void): void;
  close(): Promise<void>;
}

export async function openStores(config: ServerConfig, log: Logger): Promise<OpenedStores> {
  if (!config.redisUrl) {
    const llog = log.child({ module: 'store' });
    // Created here so that a read-only or missing folder fails with its own code (EROFS, EACCES), not LevelDB's ENOENT.
    await mkdir(config.dataDir, { recursive: true });
    await access(config.dataDir, constants.W_OK);
    await mkdir(path.join(config.dataDir, 'store'), { recursive: true });
    const level = await LevelStore.open(path.join(config.dataDir, 'store'), ({ healthy, error }) => {
      if (healthy) llog.info('embedded store verified (re-opened, probe written and read back): accepting changes again');
      else llog.error({ err: error }, 'embedded store write failed: refusing changes until it is verified');
    });
    const recovered = new Set<() => void>();
    level.onHealthChange((up) => {
      if (up) for (const listener of recovered) listener();
    });
    return {
      kind: 'embedded',
      stores: level,
      presence: new MemoryPresenceStore(),
      fanout: noFanout,
      socketAdapter: undefined,
      healthy: () => level.isHealthy(),
      ping: async () => level.isHealthy(),
      onRecovered: (listener) => recovered.add(listener),
      close: () => level.close(),
    };
  }
  // Imported only with REDIS_URL: the Redis client is a large part of what a start would otherwise load.
  const [{ RedisDocumentFanout }, { RedisPresenceStore }, { RedisStore }, { persistenceWarning, readRedisPersistence }, { createSocketIoRedisAdapter }] = await Promise.all([
    import('./redis/RedisDocumentFanout.ts'),
    import('./redis/RedisPresenceStore.ts'),
    import('./redis/RedisStore.ts'),
    import('./redis/redisPersistence.ts'),
    import('./redis/socketIoAdapter.ts'),
  ]);
  const url = config.redisUrl;
  const prefix = config.redisKeyPrefix;
  const rlog = log.child({ module: 'redis', url: redactUrl(url) });
  // The client retries on its own; one line per kind of error every few seconds, with a count, is enough while Redis is away.
  const connectionLog = repeatedLog(rlog, 5000);
  const onError = (err: Error) => connectionLog('warn', err.message, { err: err.message }, 'redis connection error');
  const redis = await RedisStore.connect(url, { keyPrefix: prefix, onError });
  const fanout = await RedisDocumentFanout.connect(url, config.nodeId, prefix, onError);
  const adapter = await createSocketIoRedisAdapter(url, config.socketAdapter, prefix, onError);
  const recovered = new Set<() => void>();
  redis.onHealthChange((up) => {
    rlog.info({ up }, up ? 'redis is back' : 'redis is unreachable');
    if (up) for (const listener of recovered) listener();
  });
  rlog.info({ adapter: config.socketAdapter }, 'using redis');
  try {
    const persistence = await readRedisPersistence(redis.context);
    const warning = persistenceWarning(persistence);
    if (warning) rlog.warn({ persistence }, warning);
    else rlog.info({ persistence }, 'redis persistence');
  } catch (err) {
    rlog.warn({ err }, 'could not read how Redis persists its data');
  }
  return {
    kind: 'redis',
    stores: redis,
    presence: new RedisPresenceStore(redis.context, prefix),
    fanout,
    socketAdapter: adapter.adapter,
    healthy: () => redis.isHealthy(),
    ping: (timeoutMs) => redis.context.ping(timeoutMs),
    onRecovered: (listener) => recovered.add(listener),
    close: async () => {
      await adapter.close();
      await fanout.close();
      await redis.close();
    },
  };
}
