import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSession } from '../../shared/board/boardDocument.ts';
import { readConfig } from '../../server/config.ts';
import { RetentionSweep } from '../../server/workshops/retentionSweep.ts';
import { openRawYjsClient } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('retention: workshops are deleted a set number of days after they were frozen', () => {
  let server: TestServer;
  const members: Member[] = [];

  beforeAll(async () => {
    server = await startTestServer({ boardIdleUnloadMs: 0 });
  });
  afterAll(async () => {
    for (const m of members) m.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  async function frozenAt(workshop: TestWorkshop): Promise<number> {
    const entry = await server.services.registry.acquire(workshop.id);
    const at = readSession(entry!.doc).frozenAt!;
    server.services.registry.release(entry!);
    return at;
  }

  it('only a workshop frozen for the full period is deleted; reopened and open ones are kept', async () => {
    const frozen = await createWorkshop(server, { title: 'Frozen' });
    const reopened = await createWorkshop(server, { title: 'Reopened' });
    const open = await createWorkshop(server, { title: 'Still open' });
    const f1 = await joinAs(server, frozen, 'facilitator', 'María');
    const f2 = await joinAs(server, reopened, 'facilitator', 'María');
    const ana = await joinAs(server, frozen, 'participant', 'Ana');
    members.push(f1, f2, ana);
    expect(await f1.send('workshop.freeze', {})).toEqual({ ok: true });
    expect(await f2.send('workshop.freeze', {})).toEqual({ ok: true });
    expect(await f2.send('workshop.reopen', {})).toEqual({ ok: true });
    const yjs = await openRawYjsClient(server, frozen.id, ana.person.token);
    await yjs.nextMessage();

    let clock = (await frozenAt(frozen)) + 30 * DAY_MS - 1;
    const sweep = new RetentionSweep({
      services: { ...server.services, now: () => clock },
      daysAfterFreeze: 30,
      deleteWorkshop: (id) => server.deleteWorkshop(id),
    });
    expect(await sweep.sweep()).toEqual([]);
    expect(await server.services.stores.workshops.getWorkshop(frozen.id)).not.toBeNull();

    clock += 1;
    const told = ana.next('session.ended');
    expect(await sweep.sweep()).toEqual([frozen.id]);
    expect(await told).toBe('WORKSHOP_DELETED');
    expect((await yjs.closed).code).toBe(4410);
    expect(await server.services.stores.workshops.getWorkshop(frozen.id)).toBeNull();
    expect(await server.services.stores.documents.load(frozen.id)).toBeNull();
    expect(await server.services.registry.peek(frozen.id)).toBeNull();

    // Years later, the reopened and the open workshop are still there.
    clock += 3650 * DAY_MS;
    expect(await sweep.sweep()).toEqual([]);
    expect(await server.services.stores.workshops.getWorkshop(reopened.id)).not.toBeNull();
    expect(await server.services.stores.workshops.getWorkshop(open.id)).not.toBeNull();
  });

  it('a frozen workshop nobody has open is read from the store and deleted too', async () => {
    const idle = await createWorkshop(server, { title: 'Idle and frozen' });
    const f = await joinAs(server, idle, 'facilitator', 'María');
    expect(await f.send('workshop.freeze', {})).toEqual({ ok: true });
    const at = await frozenAt(idle);
    f.close();
    await expect.poll(() => server.services.registry.peek(idle.id)).toBeNull();
    const sweep = new RetentionSweep({
      services: { ...server.services, now: () => at + 2 * DAY_MS },
      daysAfterFreeze: 1.5,
      deleteWorkshop: (id) => server.deleteWorkshop(id),
    });
    expect(await sweep.sweep()).toContain(idle.id);
    expect(await server.services.stores.workshops.getWorkshop(idle.id)).toBeNull();
  });

  it('the period is configured in days; unset keeps workshops, nonsense is refused at start', () => {
    expect(readConfig({}).retentionDaysAfterFreeze).toBeUndefined();
    expect(readConfig({ RETENTION_DAYS_AFTER_FREEZE: '90' }).retentionDaysAfterFreeze).toBe(90);
    expect(() => readConfig({ RETENTION_DAYS_AFTER_FREEZE: '0' })).toThrow(/RETENTION_DAYS_AFTER_FREEZE/);
    expect(() => readConfig({ RETENTION_DAYS_AFTER_FREEZE: 'soon' })).toThrow(/RETENTION_DAYS_AFTER_FREEZE/);
  });
});
