import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards, readSession } from '../../shared/board/boardDocument.ts';
import { clockOffset, remainingMs } from '../../shared/facilitation/timer.ts';
import { connectClient, openReplica, type Client, type Replica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

/** A client whose local clock is off by `skewMs`, estimating its offset to the server as the app does. */
interface Viewer {
  replica: Replica;
  client: Client;
  skewMs: number;
  offset: number;
}

async function syncClock(client: Client, skewMs: number): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 5; i++) {
    const sentAt = Date.now() + skewMs;
    const r = await client.send('clock.sync', {});
    const receivedAt = Date.now() + skewMs;
    if (!r.ok) throw new Error(r.error);
    if (receivedAt - sentAt < best.rtt) best = { rtt: receivedAt - sentAt, offset: clockOffset(sentAt, r.serverTime, receivedAt) };
  }
  return best.offset;
}

async function viewer(server: TestServer, workshop: TestWorkshop, token: string, skewMs: number): Promise<Viewer> {
  const client = await connectClient(server, token);
  const replica = await openReplica(server, workshop.id, token);
  return { client, replica, skewMs, offset: await syncClock(client, skewMs) };
}

/** What the viewer's screen shows now. */
function shown(v: Viewer): number {
  return remainingMs(readSession(v.replica.doc).timer, Date.now() + v.skewMs + v.offset);
}

describe('every client shows the same remaining time', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitator: Member;
  const viewers: Viewer[] = [];

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server);
    facilitator = await joinAs(server, workshop, 'facilitator', 'María');
  });
  afterEach(async () => {
    for (const v of viewers.splice(0)) {
      v.client.close();
      v.replica.destroy();
    }
    facilitator.close();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('three clients, one with a clock 47 s fast, and one that reconnects agree within one second', async () => {
    const people = [];
    for (const name of ['Ana', 'Bruno', 'Carla']) people.push(await joinAs(server, workshop, 'participant', name));
    viewers.push(await viewer(server, workshop, people[0]!.person.token, 0));
    viewers.push(await viewer(server, workshop, people[1]!.person.token, 47_000));
    viewers.push(await viewer(server, workshop, people[2]!.person.token, -12_500));
    for (const p of people) p.close();

    expect(await facilitator.send('timer.start', { durationMs: 300_000 })).toEqual({ ok: true });
    await Promise.all(viewers.map((v) => v.replica.waitFor((doc) => readSession(doc).timer?.status === 'running')));
    const check = () => {
      const times = viewers.map(shown);
      expect(Math.max(...times) - Math.min(...times)).toBeLessThan(1000);
      expect(Math.min(...times)).toBeGreaterThan(295_000);
      return times;
    };
    check();

    expect(await facilitator.send('timer.pause', {})).toEqual({ ok: true });
    await Promise.all(viewers.map((v) => v.replica.waitFor((doc) => readSession(doc).timer?.status === 'paused')));
    const paused = check();
    expect(await facilitator.send('timer.addMinute', {})).toEqual({ ok: true });
    await Promise.all(viewers.map((v) => v.replica.waitFor((doc) => (readSession(doc).timer?.remainingMs ?? 0) > paused[0]! + 30_000)));
    expect(await facilitator.send('timer.resume', {})).toEqual({ ok: true });
    await Promise.all(viewers.map((v) => v.replica.waitFor((doc) => readSession(doc).timer?.status === 'running')));
    check();

    // The skewed viewer drops its connection and comes back with a fresh replica and a fresh clock sync.
    const gone = viewers.splice(1, 1)[0]!;
    gone.client.close();
    gone.replica.destroy();
    viewers.push(await viewer(server, workshop, people[1]!.person.token, 47_000));
    const times = check();
    expect(times.every((t) => t > 300_000)).toBe(true);
  });

  it('refuses to pause a timer that is not running and stops on request', async () => {
    expect(await facilitator.send('timer.pause', {})).toEqual({ ok: false, error: 'TIMER_NOT_RUNNING' });
    expect(await facilitator.send('timer.resume', {})).toEqual({ ok: false, error: 'TIMER_NOT_PAUSED' });
    await facilitator.send('timer.start', { durationMs: 60_000 });
    expect(await facilitator.send('timer.stop', {})).toEqual({ ok: true });
    expect(await facilitator.send('timer.stop', {})).toEqual({ ok: false, error: 'TIMER_NOT_RUNNING' });
  });

  it('locks the board once when time is up, if asked to', async () => {
    const participant = await joinAs(server, workshop, 'participant', 'Ana');
    const replica = await openReplica(server, workshop.id, participant.person.token);
    const boardId = readBoards(replica.doc)[0]!.id;
    expect(await facilitator.send('timer.start', { durationMs: 1_000, lockAtZero: true })).toEqual({ ok: true });
    expect(readSession(replica.doc).locked).toBe(false);
    await replica.waitFor((doc) => readSession(doc).locked, 10_000);
    expect(readSession(replica.doc).timer).toMatchObject({ status: 'running', lockAtZero: false });
    expect(await participant.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'too late' })).toEqual({ ok: false, error: 'BOARD_LOCKED' });
    expect(await facilitator.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'facilitators still write' })).toMatchObject({ ok: true });
    participant.close();
    replica.destroy();
  });
});
