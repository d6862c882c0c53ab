import { createClient } from 'redis';
import type { DocumentFanout } from '../DocumentFanout.ts';
import { toBuffer } from './redisClient.ts';

/**
 * Document updates between nodes over Redis pub/sub, one channel per document. Each message is
 * the publishing node's id (length-prefixed) followed by the update, so a node skips its own.
 */
type Client = ReturnType<typeof createPlainClient>;

function createPlainClient(url: string, offlineQueue = false) {
  return createClient({
    url,
    disableOfflineQueue: !offlineQueue,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 200) },
  });
}

export class RedisDocumentFanout implements DocumentFanout {
  readonly #pub: Client;
  readonly #sub: Client;
  readonly #nodeId: Buffer;
  readonly #channel: (docId: string) => string;
  readonly #resync = new Set<() => void>();

  private constructor(pub: Client, sub: Client, nodeId: string, prefix: string) {
    this.#pub = pub;
    this.#sub = sub;
    this.#nodeId = Buffer.from(nodeId, 'utf8');
    this.#channel = (docId) => `${prefix}doc-updates:${docId}`;
    let wasReady = true;
    sub.on('end', () => (wasReady = false));
    sub.on('reconnecting', () => (wasReady = false));
    sub.on('ready', () => {
      if (wasReady) return;
      wasReady = true;
      for (const listener of this.#resync) listener();
    });
  }

  static async connect(url: string, nodeId: string, prefix: string, onError: (error: Error) => void): Promise<RedisDocumentFanout> {
    // A publish made while the connection is down waits for it, so an update that reached the log
    // while this client was still reconnecting is not dropped: a node that subscribed again before
    // it arrives gets it; one that subscribes after it reads it from the log (its resync runs then).
    const pub = createPlainClient(url, true);
    const sub = createPlainClient(url);
    for (const client of [pub, sub]) client.on('error', (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
    await Promise.all([pub.connect(), sub.connect()]);
    return new RedisDocumentFanout(pub, sub, nodeId, prefix);
  }

  /** Resolves once Redis took the message; at once while reconnecting (the message waits in the client's queue). */
  async publish(docId: string, update: Uint8Array): Promise<void> {
    const header = Buffer.from([this.#nodeId.length]);
    const sent = this.#pub.publish(this.#channel(docId), Buffer.concat([header, this.#nodeId, toBuffer(update)]));
    if (!this.#pub.isReady) return void sent.catch(() => undefined);
    await sent;
  }

  async subscribe(docId: string, listener: (update: Uint8Array) => void): Promise<() => Promise<void>> {
    const channel = this.#channel(docId);
    const onMessage = (message: Buffer) => {
      const length = message[0] ?? 0;
      if (message.subarray(1, 1 + length).equals(this.#nodeId)) return;
      listener(new Uint8Array(message.subarray(1 + length)));
    };
    await this.#sub.subscribe(channel, onMessage, true);
    return async () => {
      await this.#sub.unsubscribe(channel, onMessage, true);
    };
  }

  onResync(listener: () => void): void {
    this.#resync.add(listener);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#pub.close(), this.#sub.close()]);
  }
}
