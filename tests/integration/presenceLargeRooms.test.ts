import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESENCE_LISTED_MAX } from '../../server/realtime/presence.ts';
import type { PresenceUpdate } from '../../shared/protocol/index.ts';
import { connectClient, type Client } from '../helpers/clients.ts';
import { withLimits } from '../helpers/limits.ts';
import { presenceSeen, waitForPresence } from '../helpers/presence.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, openSession, type Member, type TestWorkshop } from '../helpers/workshops.ts';

const PARTICIPANTS = PRESENCE_LISTED_MAX + 10;

describe('a large room sends participants as counts; facilitators page through everyone on demand', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitator: Member;
  const open: Client[] = [];

  beforeAll(async () => {
    server = await startTestServer(withLimits({ connectionsPerAddress: 1000, sessionsPerLinkPerAddressPerHour: 1000 }));
    workshop = await createWorkshop(server);
    facilitator = await joinAs(server, workshop, 'facilitator', 'María');
    const people = await Promise.all(Array.from({ length: PARTICIPANTS }, (_, i) => openSession(server, workshop, 'participant', `Person ${i}`)));
    open.push(...(await Promise.all(people.map((p) => connectClient(server, p.token)))));
    await waitForPresence(facilitator, (p) => p.count === PARTICIPANTS + 1);
  });
  afterAll(async () => {
    facilitator.close();
    for (const c of open) c.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('a newcomer gets counts and the staff, not a list of every participant', async () => {
    const late = await joinAs(server, workshop, 'participant', 'Late');
    open.push(late);
    await waitForPresence(late, (p) => p.count > PRESENCE_LISTED_MAX);
    const first = late.received.find(([e]) => e === 'presence.update')![1] as PresenceUpdate;
    expect(first.count).toBeGreaterThan(PRESENCE_LISTED_MAX);
    expect(first.byRole.participant).toBeGreaterThan(PRESENCE_LISTED_MAX - 1);
    expect(first.people.map((p) => p.displayName)).toEqual(['María']);
    // What the facilitator's connection keeps after the changes is the same short list.
    expect(presenceSeen(facilitator)?.people.map((p) => p.displayName)).toEqual(['María']);
  });

  it('presence.list gives a facilitator everyone, a page at a time', async () => {
    const first = await facilitator.send('presence.list', {});
    if (!first.ok) throw new Error(first.error);
    expect(first.total).toBeGreaterThanOrEqual(PARTICIPANTS + 1);
    expect(first.people.length).toBe(Math.min(first.total, 200));
    const names = new Set(first.people.map((p) => p.displayName));
    expect(names.has('María')).toBe(true);
    expect(names.has('Person 0')).toBe(true);
    const after = await facilitator.send('presence.list', { offset: first.total - 1 });
    if (!after.ok) throw new Error(after.error);
    expect(after.people.length).toBe(1);
    expect(after.nextOffset).toBeNull();
  });

  it('refuses participants and malformed pages by name', async () => {
    const participant = await joinAs(server, workshop, 'participant', 'Curious');
    open.push(participant);
    expect(await participant.send('presence.list', {})).toEqual({ ok: false, error: 'FORBIDDEN_ROLE' });
    const bad = await facilitator.sendRaw('presence.list', { offset: -1 });
    expect(bad).toMatchObject({ ok: false, error: 'INVALID_PAYLOAD' });
  });
});
