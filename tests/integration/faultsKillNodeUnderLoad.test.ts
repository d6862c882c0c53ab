import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import { connectClient, openReplica, type Client, type ResultOf } from '../helpers/clients.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';
import { isRunning, printMetric, unhandledLines } from '../helpers/faults.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';
import { createWorkshop, joinAs, type Member } from '../helpers/workshops.ts';

const redis = await startRedis();

const WRITERS = 50;
const NOTES_EACH = 10;
const KILL_AFTER_ACKS = 150;

describe.skipIf(!redis)('kill -9 of one node under write load', () => {
  let cluster: Cluster;
  const open: Array<{ close(): void } | { destroy(): void }> = [];

  beforeAll(async () => {
    // Fifty writers from one address: the per-address command rate is lifted (it has its own tests).
    cluster = await startCluster(redis as TestRedis, 3, { PRESENCE_TTL_MS: '3000', COMMANDS_PER_ADDRESS_PER_SECOND: '100000' });
  });
  afterAll(async () => {
    for (const x of open) ('close' in x ? x.close() : x.destroy());
    await cluster?.stop();
    await redis?.dispose();
  });

  it('loses no acknowledged note, and the people of the dead node carry on from another node', async () => {
    const [n1, n2, n3] = cluster.nodes as [ServerProcess, ServerProcess, ServerProcess];
    const workshop = await createWorkshop(n1);
    const writers: Array<{ member: Member; client: Client; node: ServerProcess }> = [];
    for (let i = 0; i < WRITERS; i++) {
      const node = cluster.nodes[i % 3]!;
      const member = await joinAs(node, workshop, 'participant', `Writer ${i}`);
      open.push(member);
      writers.push({ member, client: member, node });
    }
    const probe = await openReplica(n1, workshop.id, writers[0]!.member.person.token);
    const boardId = readBoards(probe.doc)[0]!.id;
    probe.destroy();

    const victim = n2;
    const survivors = [n1, n3];
    const acknowledged: string[] = [];
    /** Which node acknowledged each note, and when relative to the kill (for the failure message). */
    const ackedBy = new Map<string, string>();
    let killedAt = 0;
    let recoveredAt = 0;
    let reconnects = 0;
    let failedSends = 0;
    let lastAckFromVictim = false;
    let onAck: () => void = () => undefined;
    const enoughAcks = new Promise<void>((resolve) => {
      // Right after an ack from the node about to die: the moment a change is durable and answered
      // but perhaps not yet told to the other nodes.
      onAck = () => acknowledged.length >= KILL_AFTER_ACKS && lastAckFromVictim && resolve();
    });

    const write = async (w: (typeof writers)[number], index: number) => {
      let done = 0;
      let attempts = 0;
      while (done < NOTES_EACH) {
        if (++attempts > NOTES_EACH * 4) throw new Error(`writer ${index} gave up after ${attempts} attempts`);
        let result: ResultOf<'note.add'>;
        try {
          result = await w.client.send('note.add', { boardId, row: 'transparency', column: 'gaps', text: `w${index} n${done}` });
        } catch {
          // The node died under this client (its acks are cleared on disconnect): carry on from a survivor.
          failedSends++;
          w.client.close();
          w.node = survivors[index % 2]!;
          w.client = await connectClient(w.node, w.member.person.token);
          open.push(w.client);
          const joined = await w.client.send('workshop.join', {});
          if (!joined.ok) throw new Error(`rejoin refused: ${joined.error}`);
          reconnects++;
          continue;
        }
        if (!result.ok) throw new Error(`note.add refused on ${w.node.url}: ${result.error}`);
        acknowledged.push(result.noteId);
        lastAckFromVictim = w.node === victim;
        ackedBy.set(result.noteId, `${w.node === victim ? 'victim' : 'survivor'}@${killedAt ? Date.now() - killedAt : 'before'}`);
        if (killedAt && w.node !== victim && !recoveredAt && w.member !== w.client) recoveredAt = Date.now();
        done++;
        onAck();
      }
    };

    const started = Date.now();
    const writing = Promise.all(writers.map((w, i) => write(w, i)));
    await Promise.race([enoughAcks, writing]);
    const acksAtKill = acknowledged.length;
    killedAt = Date.now();
    await cluster.kill(victim);
    await writing;
    const finishedAt = Date.now();

    // Every acknowledged note is on both survivors: in a fresh replica of each.
    const expected = new Set(acknowledged);
    expect(expected.size).toBe(WRITERS * NOTES_EACH);
    const lostOn: number[] = [];
    const missing: string[][] = [];
    for (const node of survivors) {
      const replica = await openReplica(node, workshop.id, writers[0]!.member.person.token);
      open.push(replica);
      const has = (doc: typeof replica.doc) => {
        const ids = new Set(readNotes(doc).map((n) => n.id));
        return [...expected].filter((id) => !ids.has(id)).length;
      };
      await replica.waitFor((doc) => has(doc) === 0, 10_000).catch(() => undefined);
      lostOn.push(has(replica.doc));
      const ids = new Set(readNotes(replica.doc).map((n) => n.id));
      missing.push([...expected].filter((id) => !ids.has(id)).map((id) => ackedBy.get(id)!));
    }
    const lost = Math.max(...lostOn);
    printMetric('kill9', {
      writers: WRITERS,
      acknowledged: acknowledged.length,
      acknowledgedBeforeKill: acksAtKill,
      lost,
      reconnects,
      failedSends,
      recoveryMs: recoveredAt - killedAt,
      runMs: finishedAt - started,
    });
    expect({ lostOn, missing }).toEqual({ lostOn: [0, 0], missing: [[], []] });
    // A third of the writers sat on the dead node: they all moved, and one of them got an ack again.
    expect(reconnects).toBe(writers.filter((_, i) => i % 3 === 1).length);
    expect(recoveredAt).toBeGreaterThan(killedAt);
    for (const node of survivors) {
      expect(await isRunning(node)).toBe(true);
      expect(unhandledLines(node)).toEqual([]);
    }
  }, 60_000);
});
