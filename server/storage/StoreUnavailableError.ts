/**
 * The store could not make a change durable, or cannot be trusted yet (it went back in time and is
 * being repaired, or failed a write and is not verified yet). Commands answer `STORE_UNAVAILABLE`.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
