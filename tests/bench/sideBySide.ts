// Side-by-side scenarios: the reference y-websocket server (@y/websocket-server 0.1.1: no checks, no
// storage) and Integrity Board, before (a baseline worktree, `--before <dir>`) and after (this tree),
// run one after the other on the same machine state, each server pinned to core 0 and this load
// generator to core 1. Participants are raw y-websocket peers (rawPeer.ts) so the generator stays light.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket as WsWebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { YJS_PATH } from '../../shared/protocol/index.ts';
import { connectClient, openReplica, type Client } from '../helpers/clients.ts';
import { createWorkshop, joinAs, openSession, type Member, type Person, type TestWorkshop } from '../helpers/workshops.ts';
import { noteText, openRawPeer, type RawPeer } from './rawPeer.ts';
import { loadAverage } from './report.ts';
import { summarise, type Summary } from './stats.ts';
import { BENCH_NODE_ENV } from './benchSettings.ts';
import { inspectorPort, openInspector } from './inspectorSession.ts';

export type TargetName = 'reference' | 'before' | 'after';
export interface Target {
  name: TargetName;
  /** The repository whose server runs (unused for the reference). */
  root: string;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SERVER_CORE = '0';
export const GENERATOR_CORE = '1';
const hasTaskset = spawnSync('taskset', ['--version']).status === 0 && os.cpus().length >= 2;

/** Pins this process (the load generator) to its core. */
export function pinGenerator(): boolean {
  if (!hasTaskset) return false;
  return spawnSync('taskset', ['-a', '-cp', GENERATOR_CORE, String(process.pid)]).status === 0;
}

const PRODUCT_ENV = BENCH_NODE_ENV;

export interface RunningServer {
  target: Target;
  url: string;
  port: number;
  child: ChildProcess;
  dataDir: string | null;
  exited: Promise<void>;
  /** Stops it (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** How a product tree starts: its built JavaScript when it has a build, else through tsx (as its `npm start` did). */
function productCommand(root: string): string[] {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each product server there (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const built = path.join(root, 'dist', 'server', 'main.js');
  if (existsSync(built)) return [process.execPath, ...profile, built];
  return [process.execPath, ...profile, '--import', 'tsx', path.join(root, 'server', 'main.ts')];
}

export async function startServer(target: Target, options: { port?: number; dataDir?: string | null; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const dataDir = target.name === 'reference' ? null : (options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'ib-side-'))));
  const command =
    target.name === 'reference' ? [process.execPath, path.join(import.meta.dirname, 'reference', 'server.mjs')] : productCommand(target.root);
  const argv = hasTaskset ? ['taskset', '-c', SERVER_CORE, ...command] : command;
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...(target.name === 'reference' ? {} : { ...PRODUCT_ENV, DATA_DIR: dataDir!, REDIS_URL: undefined }),
    PORT: String(options.port ?? 0),
    ...options.env,
  };
  for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];
  const child = spawn(argv[0]!, argv.slice(1), { cwd: target.name === 'reference' ? ROOT : target.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const match = /(?:is running: open \S+ \(port|reference running on port) (\d+)/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`${target.name} server exited early: ${lines.slice(-20).join('\n')}`)));
  });
  return {
    target,
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    dataDir,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      // BENCH_SERVER_LOG=1 prints what each server logged (LOG_LEVEL sets how much).
      if (process.env.BENCH_SERVER_LOG) console.log(lines.map((line) => `    [${target.name}] ${line}`).join('\n'));
    },
  };
}

async function disposeServer(server: RunningServer): Promise<void> {
  await server.stop();
  if (server.dataDir) await rm(server.dataDir, { recursive: true, force: true });
}

/** CPU seconds (user + system) a process used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Bytes a process wrote through write(2) and friends (sockets included) so far. */
function bytesWritten(pid: number): number {
  return Number(/^wchar:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? Number.NaN);
}

function rssKiB(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One board on a server: how to add a note and how a participant connects. */
interface Board {
  /** Sends a note with this marker (not awaited by the caller when open-loop). */
  addNote(marker: number): Promise<void>;
  /** Prepares `count` participants (sessions for the product), not connected yet. */
  seats(count: number): Promise<Seat[]>;
  close(): void;
}

interface Seat {
  /** Connects both of the participant's sockets (the product) or its one socket (the reference). */
  connect(): Promise<Participant>;
}

interface Participant {
  peer: RawPeer;
  /** Another Yjs socket of the same participant (a fresh open of the board). */
  openAnother(): RawPeer;
  close(): void;
}

function peerUrl(server: RunningServer, room: string): string {
  return server.target.name === 'reference' ? `ws://127.0.0.1:${server.port}/${room}` : `ws://127.0.0.1:${server.port}${YJS_PATH}/${room}`;
}

let boardCount = 0;

async function openBoard(server: RunningServer): Promise<Board> {
  if (server.target.name === 'reference') return referenceBoard(server);
  return productBoard(server);
}

async function referenceBoard(server: RunningServer): Promise<Board> {
  const room = `board-${++boardCount}`;
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}`, room, doc, {
    WebSocketPolyfill: WsWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())));
  const notes = doc.getMap<unknown>('notes');
  return {
    async addNote(marker) {
      const at = Date.now();
      const id = `note-${marker}-${Math.random().toString(36).slice(2, 12)}`;
      notes.set(id, {
        id,
        boardId: 'board',
        row: 'transparency',
        column: 'gaps',
        text: noteText(marker),
        colour: null,
        authorName: 'Bench',
        authorAdministration: 'SENAE',
        groupId: null,
        mergedFrom: [],
        mergedInto: null,
        createdAt: at,
        updatedAt: at,
      });
    },
    async seats(count) {
      return Array.from({ length: count }, () => ({
        async connect() {
          const openAnother = () => openRawPeer(peerUrl(server, room), []);
          const peer = openAnother();
          await peer.synced;
          return { peer, openAnother, close: () => peer.close() };
        },
      }));
    },
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}

async function productBoard(server: RunningServer): Promise<Board> {
  const workshop: TestWorkshop = await createWorkshop(server, { title: `Bench ${++boardCount}` });
  const facilitator: Member = await joinAs(server, workshop, 'facilitator', 'Bench');
  const replica = await openReplica(server, workshop.id, facilitator.person.token);
  const boardId = readBoards(replica.doc)[0]!.id;
  replica.destroy();
  return {
    async addNote(marker) {
      const result = await facilitator.send('note.add', { boardId, row: 'transparency', column: 'gaps', text: noteText(marker) });
      if (!result.ok) throw new Error(`note.add failed: ${result.error}`);
    },
    async seats(count) {
      const people: Person[] = [];
      for (let i = 0; i < count; i += 25) {
        const batch = Array.from({ length: Math.min(25, count - i) }, (_, j) => openSession(server, workshop, 'participant', `Reader ${i + j}`));
        people.push(...(await Promise.all(batch)));
      }
      return people.map((person) => ({
        async connect() {
          const client: Client = await connectClient(server, person.token);
          const joined = await client.send('workshop.join', {});
          if (!joined.ok) throw new Error(`join failed: ${joined.error}`);
          // Nobody reads the presence list in the generator: drop what arrived, keep memory flat.
          client.socket.offAny();
          client.received.length = 0;
          const openAnother = () => openRawPeer(peerUrl(server, workshop.id), ['ib.v1', `ib.token.${person.token}`]);
          const peer = openAnother();
          await peer.synced;
          return {
            peer,
            openAnother,
            close: () => {
              peer.close();
              client.close();
            },
          };
        },
      }));
    },
    close: () => facilitator.close(),
  };
}

async function connectAll(seats: Seat[], inFlight = 50): Promise<Participant[]> {
  const participants: Participant[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < seats.length) participants.push(await seats[next++]!.connect());
    }),
  );
  return participants;
}

export interface Row {
  metric: string;
  /** Figures by target; `unit` says how to print them; lower is better for every row. */
  values: Partial<Record<TargetName, number>>;
  unit: 'ms' | 's' | 'µs' | 'KiB' | 'MB' | 'kB' | 'count';
}

export interface ScenarioResult {
  scenario: string;
  description: string;
  rows: Row[];
  /** Load average (1/5/15 min) read just before each target's run. */
  loadBefore: Partial<Record<TargetName, string>>;
  notes: string[];
}

type Measure = (target: Target) => Promise<Record<string, number>>;

/** Runs `measure` for every target in turn (interleaved on the same machine state) and gathers the rows. */
async function sideBySide(
  scenario: string,
  description: string,
  targets: Target[],
  metrics: Array<{ key: string; metric: string; unit: Row['unit'] }>,
  measure: Measure,
): Promise<ScenarioResult> {
  const rows: Row[] = metrics.map(({ metric, unit }) => ({ metric, unit, values: {} }));
  const loadBefore: ScenarioResult['loadBefore'] = {};
  const notes: string[] = [];
  for (const target of targets) {
    loadBefore[target.name] = loadAverage();
    console.log(`  ${scenario}: ${target.name} (load ${loadBefore[target.name]})`);
    try {
      const figures = await measure(target);
      metrics.forEach(({ key }, i) => {
        if (figures[key] !== undefined) rows[i]!.values[target.name] = figures[key];
      });
    } catch (err) {
      notes.push(`${target.name} failed: ${(err as Error).message.split('\n')[0]}`);
      console.error(err);
    }
  }
  return { scenario, description, rows, loadBefore, notes };
}

/** One board, `people` participants, a writer adding `rate` notes a second for `seconds` (open loop). */
export function boardAtRate(targets: Target[], people: number, rate: number, seconds: number): Promise<ScenarioResult> {
  return sideBySide(
    `board-${people}-${rate}`,
    `One board, ${people} participants, ${rate} notes/s for ${seconds} s: from the writer's send to each participant's frame holding the note.`,
    targets,
    [
      { key: 'p50', metric: 'delivery p50', unit: 'ms' },
      { key: 'p99', metric: 'delivery p99', unit: 'ms' },
      { key: 'cpuPerDelivery', metric: 'server CPU per delivered update', unit: 'µs' },
      { key: 'lost', metric: 'deliveries missing after 10 s', unit: 'count' },
      { key: 'unacknowledged', metric: 'notes not acknowledged within 10 s', unit: 'count' },
    ],
    async (target) => {
      const server = await startServer(target);
      try {
        const board = await openBoard(server);
        const participants = await connectAll(await board.seats(people));
        const notes = rate * seconds;
        const sentAt = new Float64Array(notes + 10);
        const latencies: number[] = [];
        let delivered = 0;
        for (const { peer } of participants) {
          peer.onMarker = (marker, at) => {
            if (marker >= 5) latencies.push(at - sentAt[marker]!);
            delivered++;
          };
        }
        // Warm-up notes, outside the figures.
        for (let i = 0; i < 5; i++) {
          sentAt[i] = performance.now();
          await board.addNote(i);
        }
        await sleep(500);
        const cpuBefore = cpuSeconds(server.child.pid!);
        const deliveredBefore = delivered;
        const sends: Array<Promise<void>> = [];
        const started = performance.now();
        for (let i = 0; i < notes; i++) {
          const due = started + (i * 1000) / rate;
          const wait = due - performance.now();
          if (wait > 1) await sleep(wait);
          const marker = i + 5;
          sentAt[marker] = performance.now();
          sends.push(board.addNote(marker));
        }
        // An overloaded server answers late: a note not acknowledged in 10 s is counted, not fatal.
        const unacknowledged = (await Promise.allSettled(sends)).filter((r) => r.status === 'rejected').length;
        const expected = notes * participants.length;
        const deadline = performance.now() + 10_000;
        while (delivered - deliveredBefore < expected && performance.now() < deadline) await sleep(50);
        const cpu = cpuSeconds(server.child.pid!) - cpuBefore;
        const summary: Summary = summarise(latencies);
        for (const participant of participants) participant.close();
        board.close();
        return {
          p50: summary.p50,
          p99: summary.p99,
          cpuPerDelivery: (cpu * 1e6) / Math.max(1, delivered - deliveredBefore),
          lost: expected - (delivered - deliveredBefore),
          unacknowledged,
        };
      } finally {
        await disposeServer(server);
      }
    },
  );
}

/** `people` participants connect to one board, 50 at a time: wall time, server CPU and bytes written. */
export function connecting(targets: Target[], people: number): Promise<ScenarioResult> {
  return sideBySide(
    'connect',
    `${people} participants connect to one board, 50 at a time (the product: Socket.IO + workshop.join + the Yjs socket; sessions opened beforehand).`,
    targets,
    [
      { key: 'wall', metric: 'all connected and synced', unit: 's' },
      { key: 'cpu', metric: 'server CPU', unit: 's' },
      { key: 'sentMB', metric: 'bytes the server wrote', unit: 'MB' },
      { key: 'perPersonKiB', metric: 'RSS per idle participant (3 s after)', unit: 'KiB' },
      { key: 'rssAfterGcKiB', metric: 'RSS per idle participant (after full GC)', unit: 'KiB' },
      { key: 'heapAfterGcKiB', metric: 'JS heap per idle participant (after full GC)', unit: 'KiB' },
    ],
    async (target) => {
      // The inspector forces full collections from outside, the same way for every server.
      const port = inspectorPort();
      const server = await startServer(target, { env: { NODE_OPTIONS: `--inspect=127.0.0.1:${port}` } });
      const inspector = await openInspector(port, server.child.pid!);
      try {
        const board = await openBoard(server);
        const seats = await board.seats(people);
        await sleep(1000);
        const pid = server.child.pid!;
        const idle = await inspector.readAfterGc();
        const [cpu0, bytes0, rss0] = [cpuSeconds(pid), bytesWritten(pid), rssKiB(pid)];
        const started = performance.now();
        const participants = await connectAll(seats);
        const wall = (performance.now() - started) / 1000;
        const [cpu, sent] = [cpuSeconds(pid) - cpu0, bytesWritten(pid) - bytes0];
        await sleep(3000);
        const perPersonKiB = (rssKiB(pid) - rss0) / people;
        const busy = await inspector.readAfterGc();
        const rssAfterGcKiB = (busy.rss - idle.rss) / 1024 / people;
        const heapAfterGcKiB = (busy.heapUsed - idle.heapUsed) / 1024 / people;
        for (const participant of participants) participant.close();
        board.close();
        return { wall, cpu, sentMB: sent / 1e6, perPersonKiB, rssAfterGcKiB, heapAfterGcKiB };
      } finally {
        inspector.close();
        await disposeServer(server);
      }
    },
  );
}

/** A board of `notes` notes; fresh participants open it one after another until synced. */
export function joinLargeBoard(targets: Target[], notes: number, samples: number): Promise<ScenarioResult> {
  return sideBySide(
    `join-${notes}`,
    `A board of ${notes} notes; ${samples} participants open it one after another: from opening the socket to the whole state received.`,
    targets,
    [
      { key: 'p50', metric: 'open to synced p50', unit: 'ms' },
      { key: 'p99', metric: 'open to synced p99', unit: 'ms' },
      { key: 'stateKB', metric: 'state sent', unit: 'kB' },
    ],
    async (target) => {
      const server = await startServer(target);
      try {
        const board = await openBoard(server);
        let next = 0;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (next < notes) await board.addNote(1_000_000 + next++);
          }),
        );
        const [seat] = await board.seats(1);
        // Connects the Socket.IO side once; the Yjs socket is the join measured below.
        const first = await seat!.connect();
        const times: number[] = [];
        let stateBytes = 0;
        for (let i = 0; i < samples; i++) {
          const started = performance.now();
          const peer = first.openAnother();
          await peer.synced;
          times.push(performance.now() - started);
          stateBytes = peer.stateBytes;
          peer.close();
        }
        first.close();
        board.close();
        const summary = summarise(times);
        return { p50: summary.p50, p99: summary.p99, stateKB: stateBytes / 1000 };
      } finally {
        await disposeServer(server);
      }
    },
  );
}

/** `people` replicas connected; the server is stopped (SIGTERM) and started again on the same port and data. */
export function restartStorm(targets: Target[], people: number): Promise<ScenarioResult> {
  return sideBySide(
    'restart',
    `${people} connected participants; the server gets SIGTERM and starts again on the same port and data: until every Yjs socket is synced again.`,
    targets,
    [
      { key: 'ready', metric: 'SIGTERM to accepting again', unit: 's' },
      { key: 'resynced', metric: 'SIGTERM to all resynced', unit: 's' },
      { key: 'startCpu', metric: 'start CPU (process start to listening)', unit: 's' },
      { key: 'shutdown', metric: 'split: SIGTERM to exit', unit: 's' },
      { key: 'start', metric: 'split: spawn to listening', unit: 's' },
      { key: 'resync', metric: 'split: listening to all resynced', unit: 's' },
      { key: 'shutdownCpu', metric: 'shutdown CPU (SIGTERM to exit; read every 5 ms)', unit: 's' },
      { key: 'resyncCpu', metric: 'CPU from listening to all resynced', unit: 's' },
    ],
    async (target) => {
      let server = await startServer(target);
      const dataDir = server.dataDir;
      try {
        const board = await openBoard(server);
        const participants = await connectAll(await board.seats(people));
        board.close();
        for (const { peer } of participants) peer.reconnect = true;
        // Shutdown CPU: read until the process is gone (a zombie still reports its times).
        const stoppingPid = server.child.pid!;
        const cpuBeforeStop = cpuSeconds(stoppingPid);
        let cpuAtExit = cpuBeforeStop;
        const readCpu = setInterval(() => {
          try {
            cpuAtExit = cpuSeconds(stoppingPid);
          } catch {
            // reaped
          }
        }, 5);
        const started = performance.now();
        await server.stop();
        const exited = performance.now();
        clearInterval(readCpu);
        const shutdownCpu = cpuAtExit - cpuBeforeStop;
        server = await startServer(target, { port: server.port, dataDir });
        const listening = performance.now();
        const ready = (listening - started) / 1000;
        const startCpu = cpuSeconds(server.child.pid!);
        // A peer that had not reconnected yet when the server came back holds a fresh `synced`.
        await sleep(0);
        await Promise.all(participants.map(({ peer }) => peer.nextSync()));
        const done = performance.now();
        const resyncCpu = cpuSeconds(server.child.pid!) - startCpu;
        const resynced = (done - started) / 1000;
        for (const participant of participants) participant.close();
        return {
          ready,
          resynced,
          startCpu,
          shutdown: (exited - started) / 1000,
          start: (listening - exited) / 1000,
          resync: (done - listening) / 1000,
          shutdownCpu,
          resyncCpu,
        };
      } finally {
        await disposeServer(server);
      }
    },
  );
}

/** `boards` boards of `people` each, every board's writer adding a note a second. */
export function manyBoards(targets: Target[], boards: number, people: number, seconds: number): Promise<ScenarioResult> {
  return sideBySide(
    `boards-${boards}x${people}`,
    `${boards} boards of ${people} participants, each board's writer adding 2 notes/s for ${seconds} s.`,
    targets,
    [
      { key: 'p50', metric: 'delivery p50', unit: 'ms' },
      { key: 'p99', metric: 'delivery p99', unit: 'ms' },
      { key: 'cpu', metric: 'server CPU during the run', unit: 's' },
    ],
    async (target) => {
      const server = await startServer(target);
      try {
        const opened: Array<{ board: Board; participants: Participant[] }> = [];
        for (let b = 0; b < boards; b++) {
          const board = await openBoard(server);
          opened.push({ board, participants: await connectAll(await board.seats(people), 10) });
        }
        const sentAt = new Map<number, number>();
        const latencies: number[] = [];
        for (const { participants } of opened) {
          for (const { peer } of participants) peer.onMarker = (marker, at) => latencies.push(at - sentAt.get(marker)!);
        }
        const cpu0 = cpuSeconds(server.child.pid!);
        const sends: Array<Promise<void>> = [];
        let marker = 0;
        for (let tick = 0; tick < seconds * 2; tick++) {
          const due = performance.now() + 500;
          opened.forEach(({ board }, b) => {
            const m = ++marker;
            // Spread over the half second so the boards do not all write at once.
            setTimeout(() => {
              sentAt.set(m, performance.now());
              sends.push(board.addNote(m));
            }, (b * 500) / boards);
          });
          await sleep(Math.max(0, due - performance.now()));
        }
        await sleep(600);
        await Promise.all(sends);
        await sleep(500);
        const cpu = cpuSeconds(server.child.pid!) - cpu0;
        for (const { board, participants } of opened) {
          for (const participant of participants) participant.close();
          board.close();
        }
        const summary = summarise(latencies);
        return { p50: summary.p50, p99: summary.p99, cpu };
      } finally {
        await disposeServer(server);
      }
    },
  );
}
