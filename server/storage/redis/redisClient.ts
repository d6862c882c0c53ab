import { createClient, RESP_TYPES } from 'redis';
import { scripts } from './redisScripts.ts';
import { redactUrl } from '../../redactUrl.ts';

export { redactUrl };

export interface RedisClientSettings {
  /** An operation without a reply in this time rejects, and the connection is replaced (default 5000 ms). */
  commandTimeoutMs?: number;
  /** `RedisStore.connect()` rejects when no connection is made in this time (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Errors the client meets while it reconnects on its own (default: ignored). */
  onError?: (error: Error) => void;
}

/** `giveUpAfterMs`: reject `connect()` when the first connection takes longer; after that, retry for ever. */
function createStoreClient(url: string, settings: RedisClientSettings, giveUpAfterMs: number | null) {
  const connectTimeoutMs = settings.connectTimeoutMs ?? 5000;
  const startedAt = Date.now();
  let connectedOnce = false;
  const client = createClient({
    // redis://[[user]:password@]host[:port][/db] or rediss://… for TLS; the URL carries it all.
    url,
    scripts,
    // Commands fail at once while the connection is down instead of waiting in a queue.
    disableOfflineQueue: true,
    // node-redis times a command out only until it is written; RedisConnection.run covers the reply.
    commandOptions: { timeout: settings.commandTimeoutMs ?? 5000 },
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries, cause) => {
        if (!connectedOnce && giveUpAfterMs !== null && Date.now() - startedAt >= giveUpAfterMs) {
          return new Error(`could not connect to Redis at ${redactUrl(url)}: ${cause.message}`);
        }
        // Exponential back-off from 50 ms up to 2 s, with jitter so nodes do not reconnect in step.
        return Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 200);
      },
    },
  });
  client.on('ready', () => (connectedOnce = true));
  client.on('error', (error: unknown) => settings.onError?.(error instanceof Error ? error : new Error(String(error))));
  return client;
}

export type StoreClient = ReturnType<typeof createStoreClient>;

/** The same client, but bulk-string replies arrive as Buffers, so binary values stay binary. */
const binaryView = (client: StoreClient) => client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });

export type BinaryClient = ReturnType<typeof binaryView>;

const HEALTH_EVENTS = ['ready', 'end', 'error', 'reconnecting'] as const;

/** What a Redis-backed store needs: the current client (prefer `RedisConnection.run`, which adds the deadline). */
export interface RedisContext {
  readonly client: StoreClient;
}

/**
 * One Redis connection that never leaves an operation hanging: it refuses at once while disconnected
 * (node-redis would queue a MULTI even with its offline queue off), and rejects an operation that
 * gets no reply within the command timeout. Such a connection (a hung server, a silent network) is
 * replaced by a fresh one, which connects in the background with back-off.
 */
export class RedisConnection implements RedisContext {
  readonly #url: string;
  readonly #settings: RedisClientSettings;
  readonly #timeoutMs: number;
  readonly #listeners = new Set<(healthy: boolean) => void>();
  #client: StoreClient;
  #binary: BinaryClient;
  #healthy = false;
  #closed = false;

  private constructor(url: string, settings: RedisClientSettings, client: StoreClient) {
    this.#url = url;
    this.#settings = settings;
    this.#timeoutMs = settings.commandTimeoutMs ?? 5000;
    this.#client = client;
    this.#binary = binaryView(client);
    this.#watch(client);
  }

  static async open(url: string, settings: RedisClientSettings): Promise<RedisConnection> {
    const client = createStoreClient(url, settings, settings.connectTimeoutMs ?? 5000);
    try {
      await client.connect();
    } catch (error) {
      if (client.isOpen) client.destroy();
      throw error;
    }
    return new RedisConnection(url, settings, client);
  }

  /** The current client (it changes when a connection that stopped answering is replaced). */
  get client(): StoreClient {
    return this.#client;
  }

  /** Runs one operation (a command, a script or a MULTI) on the current connection, within the timeout. */
  async run<T>(operation: (client: StoreClient, binary: BinaryClient) => Promise<T>): Promise<T> {
    const client = this.#client;
    if (!client.isReady) throw new Error('Redis is not connected');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.#replace(client);
        reject(new Error(`Redis did not answer within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([operation(client, this.#binary), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  isHealthy(): boolean {
    return this.#healthy;
  }

  #pinging: Promise<boolean> | null = null;

  /**
   * PING on the current connection: true when Redis answered within `timeoutMs`. One ping at a time
   * (a hung Redis would otherwise collect one per readiness probe); later callers share it.
   */
  async ping(timeoutMs: number): Promise<boolean> {
    const client = this.#client;
    if (!client.isReady) return false;
    this.#pinging ??= client.ping().then(
      () => true,
      () => false,
    ).finally(() => (this.#pinging = null));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.#pinging, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  onHealthChange(listener: (healthy: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Waits (within the timeout) for replies to commands already sent, then closes. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    const client = this.#client;
    if (!client.isOpen) return;
    if (!client.isReady) return client.destroy();
    await this.run(() => client.close()).catch(() => client.isOpen && client.destroy());
  }

  #watch(client: StoreClient): void {
    const check = () => {
      if (client === this.#client) this.#setHealthy(client.isReady);
    };
    for (const event of HEALTH_EVENTS) client.on(event, check);
    check();
  }

  #setHealthy(healthy: boolean): void {
    if (healthy === this.#healthy) return;
    this.#healthy = healthy;
    for (const listener of [...this.#listeners]) listener(healthy);
  }

  /** Drops a connection that stopped answering (its pending commands reject) and starts a new one. */
  #replace(stale: StoreClient): void {
    if (stale !== this.#client || this.#closed) return;
    const fresh = createStoreClient(this.#url, this.#settings, null);
    this.#client = fresh;
    this.#binary = binaryView(fresh);
    this.#watch(fresh);
    stale.destroy();
    fresh.connect().catch((error: unknown) => this.#settings.onError?.(error instanceof Error ? error : new Error(String(error))));
  }
}

/** A Buffer over the same bytes, for sending a Uint8Array to Redis without copying. */
export const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

