import { createAdapter as createPubSubAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';

export type SocketAdapterKind = 'streams' | 'pubsub';

export interface SocketIoRedisAdapter {
  /** Pass as `adapter` to the Socket.IO server. */
  adapter: ServerOptions['adapter'];
  close(): Promise<void>;
}

/**
 * Socket.IO events across nodes. `streams` (the default) appends each broadcast to a Redis stream
 * that every node reads from its last seen id, so events published while a node's connection was
 * down are delivered when it returns; `pubsub` is fire-and-forget.
 */
export async function createSocketIoRedisAdapter(
  url: string,
  kind: SocketAdapterKind,
  prefix: string,
  onError: (error: Error) => void,
): Promise<SocketIoRedisAdapter> {
  const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 200);
  const pub = createClient({ url, socket: { connectTimeout: 5000, reconnectStrategy } });
  pub.on('error', (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  await pub.connect();
  if (kind === 'streams') {
    return {
      adapter: createStreamsAdapter(pub, { streamName: `${prefix}socket.io`, maxLen: 10_000 }) as ServerOptions['adapter'],
      close: async () => {
        await pub.close().catch(() => undefined);
      },
    };
  }
  const sub = pub.duplicate();
  sub.on('error', (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  await sub.connect();
  return {
    adapter: createPubSubAdapter(pub, sub, { key: `${prefix}socket.io` }),
    close: async () => {
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}
