// The fan-out's send path alone, A/B in one process: `ws.send` per socket (the product before),
// the reference server's `ws.send(m, {}, cb)`, and one frame built once and written to every socket
// (server/realtime/frameOnce.ts). Server CPU (user + system, so the kernel's write is counted) per
// delivery; the arms alternate so a loaded machine's drift falls on all of them.
//   npx tsx tests/bench/frameOnceSendCost.ts [peers=500] [messageBytes=180]
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { binaryFrame, writeFrame } from '../../server/realtime/frameOnce.ts';

const PEERS = Number(process.argv[2] ?? 500);
const MESSAGE_BYTES = Number(process.argv[3] ?? 180);
const MESSAGES = 200;
const ROUNDS = 10;

// The peers live in another process (pinned to core 1 when taskset is there) and only count what arrives.
const CLIENTS = `
const { WebSocket } = require('ws');
const [port, count] = process.argv.slice(1).map(Number);
let open = 0;
for (let i = 0; i < count; i++) {
  const ws = new WebSocket('ws://127.0.0.1:' + port);
  ws.on('open', () => { if (++open === count) console.log('open'); });
  ws.on('message', () => undefined);
}`;

const wss = new WebSocketServer({ port: 0 });
await new Promise((resolve) => wss.once('listening', resolve));
const sockets: WebSocket[] = [];
const allConnected = new Promise<void>((resolve) =>
  wss.on('connection', (ws) => {
    if (sockets.push(ws) === PEERS) resolve();
  }),
);
const port = String((wss.address() as AddressInfo).port);
const child = spawn('taskset', ['-c', '1', process.execPath, '-e', CLIENTS, port, String(PEERS)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => child.stdout!.once('data', resolve));
await allConnected;

const message = new Uint8Array(MESSAGE_BYTES).fill(7);
const drained = () =>
  new Promise<void>((resolve) => {
    // ws has no drain event of its own: look again each turn of the event loop until every socket has handed its bytes to the kernel.
    const check = () => (sockets.every((s) => s.bufferedAmount === 0) ? resolve() : setImmediate(check));
    check();
  });

type Arm = 'ws.send' | 'reference ws.send(m, {}, cb)' | 'frame once';
const arms: Record<Arm, () => void> = {
  'ws.send': () => {
    for (const s of sockets) s.send(message);
  },
  'reference ws.send(m, {}, cb)': () => {
    for (const s of sockets) s.send(message, {}, (err) => err && s.close());
  },
  'frame once': () => {
    const frame = binaryFrame(message);
    for (const s of sockets) if (!writeFrame(s, frame)) s.send(message);
  },
};

async function run(arm: Arm): Promise<number> {
  await drained();
  const before = process.cpuUsage();
  for (let m = 0; m < MESSAGES; m++) {
    arms[arm]();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / (MESSAGES * PEERS);
}

const names = Object.keys(arms) as Arm[];
const results = new Map<Arm, number[]>(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const arm of round % 2 ? names : [...names].reverse()) results.get(arm)!.push(await run(arm));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const base = median(results.get('ws.send')!);
for (const [arm, values] of results) {
  console.log(`${arm.padEnd(30)} ${median(values).toFixed(2)} µs per delivery (median of ${ROUNDS}), ÷ ws.send ${(median(values) / base).toFixed(3)}`);
}
child.kill();
wss.close();
process.exit(0);
