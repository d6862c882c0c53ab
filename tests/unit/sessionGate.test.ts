import { describe, expect, it } from 'vitest';
import { SessionGate } from '../../server/auth/SessionGate.ts';
import { hashSecret } from '../../server/auth/secrets.ts';
import type { LinkRecord, SessionRecord, WorkshopStore } from '../../server/storage/WorkshopStore.ts';

const TOKEN = 'a'.repeat(43);
const HOUR = 60 * 60 * 1000;

/** Just the part of a workshop store that authentication reads and writes. */
function fakeStore(session: SessionRecord) {
  const link: LinkRecord = { id: 'link', workshopId: 'w', role: 'participant', secretHash: 'h', label: '', createdAt: 0, revokedAt: null };
  const state = { session, touches: 0 };
  const store = {
    findSessionByTokenHash: async (hash: string) => (hash === state.session.tokenHash ? { ...state.session } : null),
    getLink: async () => link,
    touchSession: async (_hash: string, at: number) => {
      state.touches++;
      state.session = { ...state.session, lastSeenAt: at };
    },
  } as unknown as WorkshopStore;
  return { store, state };
}

describe('sessions expire after the idle time and each use refreshes them', () => {
  const record: SessionRecord = { tokenHash: hashSecret(TOKEN), workshopId: 'w', participantId: 'p', linkId: 'link', role: 'participant', displayName: 'Ana', administration: '', createdAt: 0 };

  it('accepts a session used within the idle time and refreshes it, so a steady user never expires', async () => {
    let now = 0;
    const { store, state } = fakeStore(record);
    const gate = new SessionGate(store, 12 * HOUR, () => now);
    for (let hour = 1; hour <= 48; hour++) {
      now = hour * HOUR;
      expect((await gate.authenticate(TOKEN)).ok).toBe(true);
    }
    expect(state.session.lastSeenAt).toBe(48 * HOUR);
  });

  it('refuses a session unused for longer than the idle time with SESSION_EXPIRED', async () => {
    let now = 0;
    const { store } = fakeStore(record);
    const gate = new SessionGate(store, 12 * HOUR, () => now);
    now = 12 * HOUR + 1;
    expect(await gate.authenticate(TOKEN)).toEqual({ ok: false, error: 'SESSION_EXPIRED' });
    expect(await gate.refusal(record.tokenHash)).toBe('SESSION_EXPIRED');
  });

  it('records uses at most once per interval, not once per command', async () => {
    let now = HOUR;
    const { store, state } = fakeStore(record);
    const gate = new SessionGate(store, 12 * HOUR, () => now);
    for (let i = 0; i < 100; i++) {
      now += 100;
      await gate.use(record.tokenHash);
    }
    expect(state.touches).toBe(1);
  });

  it('refuses an ended session with SESSION_ENDED', async () => {
    const { store } = fakeStore({ ...record, endedAt: 5 });
    const gate = new SessionGate(store, 12 * HOUR, () => 10);
    expect(await gate.authenticate(TOKEN)).toEqual({ ok: false, error: 'SESSION_ENDED' });
  });
});
