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
  /** Bytes queued for one Yjs connection and not yet read by its client, past which the connection is closed (4008 SLOW_READER). */
  YJS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(64 * 1024).default(4 * 1024 * 1024),
  /** Frames one Yjs connection may send per second (bursts of twice that); past it the connection is closed (4029 RATE_LIMITED). */
  YJS_FRAMES_PER_SECOND: z.coerce.number().positive().default(20),
  /** Join-code tries (right or wrong) one address may make per JOIN_CODE_WINDOW_MS; counted before the code is looked up. */
  JOIN_CODE_TRIES: z.coerce.number().int().min(1).default(10),
  /** Milliseconds of the join-code window. */
  JOIN_CODE_WINDOW_MS: z.coerce.number().int().min(1000).default(600_000),
  /** Commands one session (all its connections, on every node) may send per second. */
  COMMANDS_PER_SESSION_PER_SECOND: z.coerce.number().int().min(1).default(40),
  /** Commands one address (all its sessions, on every node) may send per second. */
  COMMANDS_PER_ADDRESS_PER_SECOND: z.coerce.number().int().min(1).default(200),
  /** Open connections (Socket.IO and Yjs together, on every node) one session may hold. */
  CONNECTIONS_PER_SESSION: z.coerce.number().int().min(1).default(20),
  /** Open connections (Socket.IO and Yjs together, on every node) one address may hold. */
  CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(500),
  /** Sessions one address may open through one link (or the join code) per hour. */
  SESSIONS_PER_LINK_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(100),
  /** Workshops one address may create per hour. */
  WORKSHOPS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /** Presence changes are sent to a workshop at most once per this many milliseconds. */
  PRESENCE_BROADCAST_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Milliseconds a session may stay unused before it expires (a use refreshes it). */
  SESSION_IDLE_MS: z.coerce.number().int().min(1000).default(12 * 60 * 60 * 1000),
  /** Bearer token `GET /metrics` asks for; unset, the metrics are open to whoever reaches the port (put them behind the proxy). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Days after a workshop was frozen (closed) before it and everything stored for it is deleted; unset keeps workshops for ever. */
  RETENTION_DAYS_AFTER_FREEZE: z.coerce.number().positive().max(36_500).optional(),
});

/** Every limit against abusive load (docs/SECURITY.md). */
export interface LimitsConfig {
  joinCodeTries: number;
  joinCodeWindowMs: number;
  commandsPerSessionPerSecond: number;
  commandsPerAddressPerSecond: number;
  connectionsPerSession: number;
  connectionsPerAddress: number;
  sessionsPerLinkPerAddressPerHour: number;
  workshopsPerAddressPerHour: number;
  presenceBroadcastMs: number;
  sessionIdleMs: number;
}

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
  yjsMaxBufferedBytes: number;
  yjsFramesPerSecond: number;
  limits: LimitsConfig;
  retentionDaysAfterFreeze: number | undefined;
  metricsToken: string | undefined;
}

/** The repository root: one level above `server/`, two above the built `dist/server/`. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, path.basename(path.dirname(import.meta.dirname)) === 'dist' ? '../..' : '..');

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // An empty variable (`REDIS_URL=`) means unset, as in most tools.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = configSchema.safeParse(set);
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
    yjsMaxBufferedBytes: c.YJS_MAX_BUFFERED_BYTES,
    yjsFramesPerSecond: c.YJS_FRAMES_PER_SECOND,
    limits: {
      joinCodeTries: c.JOIN_CODE_TRIES,
      joinCodeWindowMs: c.JOIN_CODE_WINDOW_MS,
      commandsPerSessionPerSecond: c.COMMANDS_PER_SESSION_PER_SECOND,
      commandsPerAddressPerSecond: c.COMMANDS_PER_ADDRESS_PER_SECOND,
      connectionsPerSession: c.CONNECTIONS_PER_SESSION,
      connectionsPerAddress: c.CONNECTIONS_PER_ADDRESS,
      sessionsPerLinkPerAddressPerHour: c.SESSIONS_PER_LINK_PER_ADDRESS_PER_HOUR,
      workshopsPerAddressPerHour: c.WORKSHOPS_PER_ADDRESS_PER_HOUR,
      presenceBroadcastMs: c.PRESENCE_BROADCAST_MS,
      sessionIdleMs: c.SESSION_IDLE_MS,
    },
    retentionDaysAfterFreeze: c.RETENTION_DAYS_AFTER_FREEZE,
    metricsToken: c.METRICS_TOKEN,
  };
}
