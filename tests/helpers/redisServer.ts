import { type ChildProcess, spawn } from 'node:child_process';
import { constants, accessSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface TestRedis {
  url: string;
  /** Port and data folder of a Redis these tests started (0 and '' with REDIS_URL). */
  port: number;
  dir: string;
  /** False with REDIS_URL: the server is not ours, so stop/restart/kill throw. */
  controllable: boolean;
  /** Shuts Redis down cleanly (it writes its append-only file first). Data stays for restart(). */
  stop(): Promise<void>;
  /** Starts Redis again on the same port and data folder (stopping it first if it runs). */
  restart(): Promise<void>;
  /** SIGKILL: like a crash. */
  kill(): Promise<void>;
  /** SIGSTOP: Redis keeps its connections but answers nothing, like a hung server or a silent network. */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Stops Redis and removes its data folder. */
  dispose(): Promise<void>;
}

/**
 * A Redis for one test file: REDIS_URL if set, else a fresh `redis-server` from PATH on a free port
 * with its own data folder. Resolves to null (after a loud warning) when there is no redis-server,
 * unless REQUIRE_REDIS=1, when it throws: CI sets that so Redis tests never skip silently.
 */
export interface RedisOptions {
  /** Keep nothing on disk (no append-only file, no snapshots): a restart comes back empty. */
  persistence?: boolean;
  /** Extra redis-server arguments (e.g. `['--replicaof', '127.0.0.1', '6380']`). */
  args?: string[];
  /** Always start our own redis-server, even with REDIS_URL (tests that restore files or fail over). */
  own?: boolean;
}

export async function startRedis(options: RedisOptions = {}): Promise<TestRedis | null> {
  const external = process.env.REDIS_URL;
  if (external && !options.own) return externalRedis(external);
  const binary = findOnPath('redis-server');
  if (!binary) {
    const missing = 'redis-server is not on PATH (apt-get install -y redis-server, or set REDIS_URL)';
    if (process.env.REQUIRE_REDIS === '1') throw new Error(`${missing}, and REQUIRE_REDIS=1 forbids skipping the Redis tests`);
    console.warn(['', '#'.repeat(100), `#  ${missing}:`, '#  the Redis tests are SKIPPED.', '#'.repeat(100), ''].join('\n'));
    return null;
  }
  const args = options.persistence === false ? ['--appendonly', 'no', '--save', ''] : ['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''];
  return spawnedRedis(binary, await freePort(), mkdtempSync(path.join(os.tmpdir(), 'ib-redis-')), [...args, ...(options.args ?? [])]);
}

let prefixCount = 0;
/** A key prefix no other test (or test run) shares, so tests can share one Redis. */
export function uniqueKeyPrefix(label = 'test'): string {
  return `ibtest:${label}:${process.pid}:${Date.now().toString(36)}:${++prefixCount}:`;
}

function externalRedis(url: string): TestRedis {
  const refuse = () => Promise.reject(new Error('REDIS_URL points at a Redis these tests do not own: it cannot be stopped'));
  const refuseNow = () => {
    throw new Error('REDIS_URL points at a Redis these tests do not own: it cannot be paused');
  };
  return { url, port: 0, dir: '', controllable: false, stop: refuse, restart: refuse, kill: refuse, pause: refuseNow, resume: refuseNow, dispose: () => Promise.resolve() };
}

async function spawnedRedis(binary: string, port: number, dir: string, extra: string[]): Promise<TestRedis> {
  let child: ChildProcess | null = null;
  const killOnExit = () => child?.kill('SIGKILL');
  const signal = (name: NodeJS.Signals) => {
    if (!child) throw new Error('redis-server is not running');
    child.kill(name);
  };
  process.once('exit', killOnExit);

  const start = async () => {
    child = await launch(binary, port, dir, extra);
  };
  const end = async (how: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGCONT');
    running.kill(how);
    await exited;
    child = null;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    controllable: true,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    async restart() {
      await end('SIGTERM');
      await start();
    },
    async dispose() {
      await end('SIGTERM');
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts redis-server and resolves once it accepts connections and answers PING. */
async function launch(binary: string, port: number, dir: string, extra: string[]): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'no', '--loglevel', 'notice', ...extra];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output.join('\n')}`));
    child.once('exit', onExit);
    child.once('error', reject);
    createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (line.includes('Ready to accept connections')) {
        child.off('exit', onExit);
        resolve();
      }
    });
  });
  await ping(port);
  return child;
}

function ping(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      if (data.toString().startsWith('+PONG')) resolve();
      else reject(new Error(`redis-server answered PING with ${data.toString()}`));
    });
    socket.once('error', reject);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
