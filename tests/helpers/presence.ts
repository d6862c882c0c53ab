import type { PresenceChange, PresenceUpdate } from '../../shared/protocol/index.ts';
import { applyPresenceChange } from '../../shared/protocol/presenceChange.ts';
import type { Client } from './clients.ts';

/** The presence list a client knows from what it received so far (a full list, then changes). */
export function presenceSeen(client: Client): PresenceUpdate | null {
  let current: PresenceUpdate | null = null;
  for (const [event, payload] of client.received) {
    if (event === 'presence.update') current = payload as PresenceUpdate;
    else if (event === 'presence.changed') current = applyPresenceChange(current, payload as PresenceChange);
  }
  return current;
}

/** Resolves with the client's presence list once it satisfies `predicate`. */
export function waitForPresence(client: Client, predicate: (presence: PresenceUpdate) => boolean): Promise<PresenceUpdate> {
  return new Promise((resolve) => {
    const check = () => {
      const seen = presenceSeen(client);
      if (!seen || !predicate(seen)) return false;
      client.socket.offAny(listener);
      resolve(seen);
      return true;
    };
    // Registered after the client's own listener, so `received` already holds the new event.
    const listener = () => void check();
    client.socket.onAny(listener);
    check();
  });
}
