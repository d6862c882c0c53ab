import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every setting the server reads from its environment, parsed and validated here and nowhere else. */
const configSchema = z.object({
  /** TCP port of the one HTTP server (client, /api, Socket.IO, /yjs). 0 picks a free port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Folder of the embedded store. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** pino log level. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Address people open, printed at start and used in links; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** Milliseconds a board with nobody connected stays in memory before it is flushed and unloaded. */
  BOARD_IDLE_UNLOAD_MS: z.coerce.number().int().min(0).default(30_000),
  /** Commands one connection may send per second (burst twice that). */
  COMMANDS_PER_SECOND: z.coerce.number().positive().default(20),
  /** Folder of the built client; defaults to dist/client in the project. */
  CLIENT_DIR: z.string().optional(),
  /** redis:// or rediss:// URL (with password if any). When set, every shared state lives in Redis and several nodes may serve one workshop. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z.string().default('ib:'),
  /** How Socket.IO events cross nodes: Redis streams (replayed after a reconnect) or pub/sub. */
  SOCKET_ADAPTER: z.enum(['streams', 'pubsub']).default('streams'),
  /** This node's name in logs and presence; defaults to host name and process id. */
  NODE_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
  /** Longest a crashed node's people stay in presence (entries refreshed every third of it, living 0.6 of it). */
  PRESENCE_TTL_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Number of reverse proxies in front of the server, so per-address limits see the client's address (Express `trust proxy`). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
});

export interface ServerConfig {
  port: number;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  publicUrl: string | undefined;
  boardIdleUnloadMs: number;
  commandsPerSecond: number;
  clientDir: string;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  socketAdapter: 'streams' | 'pubsub';
  nodeId: string;
  presenceTtlMs: number;
  trustProxy: number;
}

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    dataDir: path.resolve(c.DATA_DIR),
    logLevel: c.LOG_LEVEL,
    publicUrl: c.PUBLIC_URL,
    boardIdleUnloadMs: c.BOARD_IDLE_UNLOAD_MS,
    commandsPerSecond: c.COMMANDS_PER_SECOND,
    clientDir: path.resolve(c.CLIENT_DIR ?? path.join(PROJECT_ROOT, 'dist', 'client')),
    redisUrl: c.REDIS_URL,
    redisKeyPrefix: c.REDIS_KEY_PREFIX,
    socketAdapter: c.SOCKET_ADAPTER,
    nodeId: c.NODE_ID ?? `${os.hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 40)}-${process.pid}`,
    presenceTtlMs: c.PRESENCE_TTL_MS,
    trustProxy: c.TRUST_PROXY,
  };
}
