/**
 * How a node tells the other nodes about a document update it made durable. Single-node servers
 * use `noFanout`; with REDIS_URL, RedisDocumentFanout (pub/sub). Pub/sub may drop messages while a
 * node is disconnected, so after a reconnect the node catches up from the store (`onResync`).
 */
export interface DocumentFanout {
  publish(docId: string, update: Uint8Array): Promise<void>;
  /** Delivers updates published by other nodes (never this node's own); resolves to the unsubscribe. */
  subscribe(docId: string, listener: (update: Uint8Array) => void): Promise<() => Promise<void>>;
  /** Called after messages may have been lost (the subscription came back after a disconnection). */
  onResync(listener: () => void): void;
  close(): Promise<void>;
}

export const noFanout: DocumentFanout = {
  publish: async () => undefined,
  subscribe: async () => async () => undefined,
  onResync: () => undefined,
  close: async () => undefined,
};
