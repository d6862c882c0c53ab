/**
 * Every transaction on a board document is tagged with where it came from, so an update is
 * stored once and never echoed: `load` replays storage, `command` is a validated facilitation command.
 */
export type UpdateOrigin =
  | { readonly kind: 'load' }
  | { readonly kind: 'command'; readonly command: string };

export const LOAD_ORIGIN: UpdateOrigin = Object.freeze({ kind: 'load' });

export function commandOrigin(command: string): UpdateOrigin {
  return { kind: 'command', command };
}
