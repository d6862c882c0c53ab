import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { makeDataDir, removeDataDir } from './testServer.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Log lines printed so far (JSON from pino). */
  lines: string[];
}

/**
 * `server/main.ts` as its own process, exactly as `npm start` runs it, on a free port. A variable given
 * as undefined is removed from its environment.
 */
export async function spawnServerProcess(env: Record<string, string | undefined>): Promise<ServerProcess> {
  const merged: Record<string, string | undefined> = { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env };
  for (const name of Object.keys(merged)) if (merged[name] === undefined) delete merged[name];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const match = /is running: open \S+ \(port (\d+)\)/.exec(line);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
    void exited.then(({ code }) => reject(new Error(`server exited early (${code}): ${lines.join('\n')}`)));
  });
  return { child, url, exited, lines };
}

/** Starts `server/main.ts` expecting it to exit (a start failure): its exit code and every line it printed. */
export async function runServerUntilExit(env: Record<string, string | undefined>): Promise<{ code: number | null; lines: string[] }> {
  const merged: Record<string, string | undefined> = { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env };
  for (const name of Object.keys(merged)) if (merged[name] === undefined) delete merged[name];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], { cwd: ROOT, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, lines };
}

/** Server processes taking turns on one data folder (a restart, a crash); `dispose` kills them all and removes the folder. */
export class ServersOnOneDataDir {
  readonly #processes: ServerProcess[] = [];
  /** The folder, made by the first `start`. */
  dataDir = '';

  async start(): Promise<ServerProcess> {
    if (!this.dataDir) this.dataDir = await makeDataDir();
    const p = await spawnServerProcess({ DATA_DIR: this.dataDir });
    this.#processes.push(p);
    return p;
  }

  async dispose(): Promise<void> {
    for (const p of this.#processes.splice(0)) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
    await removeDataDir(this.dataDir);
    this.dataDir = '';
  }
}
