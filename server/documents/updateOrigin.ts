/**
 * Every transaction on a board document is tagged with where it came from, so an update is
 * stored once and never echoed: `load` replays storage, `redis` came from another node, `command` is
 * a validated facilitation command.
 */
export type UpdateOrigin =
  | { readonly kind: 'load' }
  | { readonly kind: 'redis' }
  | { readonly kind: 'command'; readonly command: string };

export const LOAD_ORIGIN: UpdateOrigin = Object.freeze({ kind: 'load' });
/** An update another node made durable and published: applied here, never stored or published again. */
export const REDIS_ORIGIN: UpdateOrigin = Object.freeze({ kind: 'redis' });

export function commandOrigin(command: string): UpdateOrigin {
  return { kind: 'command', command };
}
