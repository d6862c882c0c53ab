import { WebSocket as WsWebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { YJS_PATH } from '../../shared/protocol/index.ts';
import { yjsProtocols } from './clients.ts';
import type { ServerProcess } from './serverProcess.ts';

/**
 * Polls `check` until it holds, at most `timeoutMs`: only for states nothing announces with an
 * event (a health endpoint, a counter inside the server). Rejects naming `what` when time runs out.
 */
export async function pollUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface Readiness {
  status: number;
  body: { ok?: boolean; store?: string } | null;
}

/** `GET /api/readyz`; a refused or failed request comes back as status 0. */
export async function readyz(node: { url: string }, timeoutMs = 3_000): Promise<Readiness> {
  try {
    const res = await fetch(`${node.url}/api/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: (await res.json()) as Readiness['body'] };
  } catch {
    return { status: 0, body: null };
  }
}

/** Waits until every node answers readyz with the store up (200) or down (503). */
export async function waitForStore(nodes: Array<{ url: string }>, state: 'up' | 'down', timeoutMs = 20_000): Promise<void> {
  const expected = state === 'up' ? 200 : 503;
  await pollUntil(`readyz ${expected} on ${nodes.length} node(s)`, async () => {
    const answers = await Promise.all(nodes.map((node) => readyz(node)));
    return answers.every((a) => a.status === expected && a.body?.store === state);
  }, timeoutMs);
}

/** Log lines of a node process that speak of an unhandled error or rejection. */
export function unhandledLines(node: ServerProcess): string[] {
  return node.lines.filter((line) => /unhandled/i.test(line));
}

/** True while the process has not exited. */
export async function isRunning(node: ServerProcess): Promise<boolean> {
  const marker = Symbol('running');
  const settled = await Promise.race([node.exited, Promise.resolve(marker)]);
  return settled === marker && node.child.exitCode === null && node.child.signalCode === null;
}

/** Prints one measurement as a JSON line (picked up from the test output). */
export function printMetric(metric: string, figures: Record<string, unknown>): void {
  console.log(JSON.stringify({ metric, ...figures }));
}

/** Resolves with `promise`, or with `fallback` once `timeoutMs` passed without it (a bounded wait for an event). */
export function within<T, F>(promise: Promise<T>, timeoutMs: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), timeoutMs);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export interface ReplicaAttempt {
  /** True once the provider synced within the time given. */
  synced: boolean;
  /** Close codes the provider met meanwhile (it reconnects on its own after a close below 4000). */
  closeCodes: number[];
  doc: Y.Doc;
  destroy(): void;
}

/**
 * Opens a y-websocket replica like `openReplica`, but gives up after `timeoutMs` instead of
 * waiting for ever (the provider retries a refused connection on its own); destroy it afterwards.
 */
export async function tryReplica(server: { url: string }, workshopId: string, token: string, timeoutMs: number): Promise<ReplicaAttempt> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.url.replace(/^http/, 'ws') + YJS_PATH, workshopId, doc, {
    WebSocketPolyfill: WsWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    protocols: yjsProtocols(token),
  });
  const closeCodes: number[] = [];
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code);
  });
  const synced = new Promise<boolean>((resolve) => {
    if (provider.synced) return resolve(true);
    provider.on('sync', (isSynced: boolean) => isSynced && resolve(true));
  });
  return {
    synced: await within(synced, timeoutMs, false),
    closeCodes,
    doc,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}
