import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { openReplica } from '../helpers/clients.ts';
import { isRunning, pollUntil, printMetric, readyz, unhandledLines, waitForStore } from '../helpers/faults.ts';
import { missingNotes, pendingOf, startNoteWriters } from '../helpers/noteWriters.ts';
import { spawnServerProcess, type ServerProcess } from '../helpers/serverProcess.ts';
import { mountSmallDisk } from '../helpers/smallDisk.ts';
import { createWorkshop, joinAs, type Member } from '../helpers/workshops.ts';

const disk = mountSmallDisk(2);
const WRITERS = 4;

describe.skipIf(!disk)('the embedded store on a disk that fills up', () => {
  const nodes: ServerProcess[] = [];
  const open: Array<{ close(): void } | { destroy(): void }> = [];
  const env = () => ({ DATA_DIR: path.join(disk!.dir, 'data'), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info', REDIS_URL: undefined });

  afterAll(async () => {
    for (const x of open) ('close' in x ? x.close() : x.destroy());
    for (const node of nodes) {
      if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
      await node.exited;
    }
    disk?.dispose();
  });

  it('refuses by name while the disk is full, answers 503 on readyz, and loses no acknowledged note across a kill -9 after space came back', async () => {
    const node = await spawnServerProcess(env());
    nodes.push(node);
    const workshop = await createWorkshop(node);
    const members: Member[] = [];
    for (let i = 0; i < WRITERS; i++) members.push(await joinAs(node, workshop, 'participant', `Writer ${i}`));
    open.push(...members);
    const probe = await openReplica(node, workshop.id, members[0]!.person.token);
    const boardId = readBoards(probe.doc)[0]!.id;
    probe.destroy();

    const writers = startNoteWriters(members, boardId);
    await writers.moreAcks(30);
    const filledAt = Date.now();
    const filler = disk!.fill();
    await waitForStore([node], 'down', 20_000);
    const detectedMs = Date.now() - filledAt;
    await pollUntil('a write refused with STORE_UNAVAILABLE', () => (writers.refused.STORE_UNAVAILABLE ?? 0) > 0);
    const ackedWhileFull = writers.acknowledged.length;
    disk!.free();
    const freedAt = Date.now();
    await waitForStore([node], 'up', 20_000);
    const verifiedMs = Date.now() - freedAt;
    await writers.moreAcks(60);
    await writers.stop();
    expect(writers.unexpected).toEqual([]);

    // No flush, no goodbye: only what reached the disk counts.
    node.child.kill('SIGKILL');
    await node.exited;
    const restarted = await spawnServerProcess(env());
    nodes.push(restarted);
    const replica = await openReplica(restarted, workshop.id, members[0]!.person.token);
    open.push(replica);
    const lost = missingNotes(replica.doc, writers.acknowledged).length;
    printMetric('disk-full', {
      acknowledged: writers.acknowledged.length,
      acknowledgedAfterSpaceCameBack: writers.acknowledged.length - ackedWhileFull,
      refused: writers.refused,
      fillerBytes: filler,
      readyz503AfterMs: detectedMs,
      verifiedAfterFreeMs: verifiedMs,
      lost,
    });
    expect({ lost, pending: pendingOf(replica.doc) }).toEqual({ lost: 0, pending: [] });
    expect((await readyz(restarted)).status).toBe(200);
    expect(node.lines.some((line) => line.includes('refusing changes until it is verified'))).toBe(true);
    expect(await isRunning(restarted)).toBe(true);
    expect(unhandledLines(node)).toEqual([]);
  }, 90_000);
});
