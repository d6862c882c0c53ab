// What one idle participant (Socket.IO joined + the Yjs socket) costs the server, measured from outside:
//   npx tsx tests/bench/participantMemory.ts [people=1000] [--snapshot] [--strings] [--root=<another tree, e.g. /tmp/base>]
// Starts this tree's built server (as the connect scenario does) with the inspector on, connects
// `people` participants 50 at a time, and reads the server through the inspector, each time after
// two full garbage collections: RSS, JS heap, external memory; with --snapshot, heap snapshots before
// and after, compared by object kind (count and bytes per participant; RSS is then meaningless: the
// snapshot itself costs native memory). The connect scenario gives RSS without a forced GC.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { YJS_PATH } from '../../shared/protocol/index.ts';
import { connectClient } from '../helpers/clients.ts';
import { createWorkshop, joinAs, openSession, type Person } from '../helpers/workshops.ts';
import { inspectorPort, openInspector, type MemoryReading } from './inspectorSession.ts';
import { openRawPeer } from './rawPeer.ts';
import { pinGenerator, startServer } from './sideBySide.ts';

const ROOT = path.resolve(process.argv.find((a) => a.startsWith('--root='))?.slice('--root='.length) ?? path.resolve(import.meta.dirname, '..', '..'));
const people = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1000);
const snapshots = process.argv.includes('--snapshot');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rssKiB = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

pinGenerator();
const inspectPort = inspectorPort();
const server = await startServer({ name: 'after', root: ROOT }, { env: { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}` } });
const pid = server.child.pid!;

const inspector = await openInspector(inspectPort, pid);
const call = (method: string, params: object = {}) => inspector.call(method, params);
let chunks: string[] = [];
inspector.onSnapshotChunk = (chunk) => chunks.push(chunk);
const read = async (): Promise<MemoryReading> => {
  const reading = await inspector.readAfterGc();
  await sleep(200);
  return { ...reading, rss: rssKiB(pid) * 1024 };
};

/** Strings of the last snapshot that the one before did not hold, by shape (with --strings). */
let seenStrings = new Set<number>();
let nowStrings = new Set<number>();
let newStrings: string[] = [];
type Kinds = Map<string, { count: number; bytes: number }>;
/** Objects of the heap grouped by kind (constructor name for objects, type for the rest). */
async function snapshot(): Promise<Kinds> {
  chunks = [];
  await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  const heap = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  chunks = [];
  seenStrings = nowStrings;
  nowStrings = new Set();
  newStrings = [];
  const fields = heap.snapshot.meta.node_fields;
  const [typeAt, nameAt, sizeAt, idAt, width] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size'), fields.indexOf('id'), fields.length];
  const types = heap.snapshot.meta.node_types[0];
  const kinds: Kinds = new Map();
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt]!]!;
    const name = heap.strings[heap.nodes[i + nameAt]!]!;
    const kind = type === 'object' || type === 'closure' || type === 'native' ? `${type}:${name.slice(0, 60)}` : type === 'string' || type === 'concatenated string' || type === 'sliced string' ? 'string' : `${type}:${type === 'array' || type === 'hidden' || type === 'code' ? name.slice(0, 40) : ''}`;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') {
      const id = heap.nodes[i + idAt]!;
      if (!seenStrings.has(id)) newStrings.push(name);
      nowStrings.add(id);
    }
    const entry = kinds.get(kind) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += heap.nodes[i + sizeAt]!;
    kinds.set(kind, entry);
  }
  return kinds;
}

// The board and its participants' sessions, as the connect scenario prepares them.
const workshop = await createWorkshop(server, { title: 'Memory' });
const facilitator = await joinAs(server, workshop, 'facilitator', 'Bench');
const seats: Person[] = [];
for (let i = 0; i < people; i += 25) {
  seats.push(...(await Promise.all(Array.from({ length: Math.min(25, people - i) }, (_, j) => openSession(server, workshop, 'participant', `Reader ${i + j}`)))));
}
await sleep(1000);
const before = await read();
const kindsBefore = snapshots ? await snapshot() : null;
const connected: Array<() => void> = [];
let next = 0;
await Promise.all(
  Array.from({ length: 50 }, async () => {
    while (next < seats.length) {
      const person = seats[next++]!;
      const client = await connectClient(server, person.token);
      const joined = await client.send('workshop.join', {});
      if (!joined.ok) throw new Error(`join failed: ${joined.error}`);
      client.socket.offAny();
      client.received.length = 0;
      const peer = openRawPeer(`ws://127.0.0.1:${server.port}${YJS_PATH}/${workshop.id}`, ['ib.v1', `ib.token.${person.token}`]);
      await peer.synced;
      connected.push(() => {
        peer.close();
        client.close();
      });
    }
  }),
);
await sleep(3000);
const after = await read();
const perPerson = (a: number, b: number) => Math.round(((b - a) / people / 1024) * 10) / 10;
console.log(`${people} participants, per participant (KiB):`);
console.log(`  after full GC: RSS ${perPerson(before.rss, after.rss)}, JS heap ${perPerson(before.heapUsed, after.heapUsed)}, external ${perPerson(before.external, after.external)} (array buffers ${perPerson(before.arrayBuffers, after.arrayBuffers)})`);
if (kindsBefore) {
  const kindsAfter = await snapshot();
  const rows = [...kindsAfter].map(([kind, { count, bytes }]) => {
    const was = kindsBefore.get(kind) ?? { count: 0, bytes: 0 };
    return { kind, count: (count - was.count) / people, bytes: (bytes - was.bytes) / people };
  });
  rows.sort((a, b) => b.bytes - a.bytes);
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  console.log(`  heap snapshot difference: ${Math.round(total)} bytes per participant; largest kinds (objects per participant, bytes per participant):`);
  if (process.argv.includes('--strings')) {
    const shapes = new Map<string, number>();
    for (const text of newStrings) {
      const shape = text.slice(0, 80).replace(/[0-9a-f]{16,}/g, '<hex>').replace(/[A-Za-z0-9_-]{18,}/g, '<id>').replace(/\d+/g, '<n>');
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    }
    for (const [shape, count] of [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`    string ${(count / people).toFixed(2)} × ${JSON.stringify(shape)}`);
  }
  for (const row of rows.slice(0, 45)) console.log(`    ${row.kind.padEnd(70)} ${row.count.toFixed(2).padStart(7)} ${Math.round(row.bytes).toString().padStart(6)}`);
}
for (const close of connected) close();
facilitator.close();
inspector.close();
await server.stop();
process.exit(0);
