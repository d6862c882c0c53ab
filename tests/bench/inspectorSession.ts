// A Chrome DevTools Protocol session with a server process started with `--inspect=127.0.0.1:<port>`:
// forced full garbage collections and memory readings from outside the process.
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';

export interface MemoryReading {
  /** Bytes, read from /proc after the collections. */
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface InspectorSession {
  call(method: string, params?: object): Promise<unknown>;
  /** Heap snapshot chunks arrive here while `HeapProfiler.takeHeapSnapshot` runs. */
  onSnapshotChunk: (chunk: string) => void;
  /** Two full collections, then RSS and `process.memoryUsage()`. */
  readAfterGc(): Promise<MemoryReading>;
  close(): void;
}

/** A free-enough inspector port for one bench server (9300-9899). */
export function inspectorPort(): number {
  return 9300 + Math.floor(Math.random() * 600);
}

export async function openInspector(port: number, pid: number): Promise<InspectorSession> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const cdp = new WebSocket(targets[0]!.webSocketDebuggerUrl, { maxPayload: 2 ** 31 });
  await new Promise((resolve, reject) => {
    cdp.once('open', resolve);
    cdp.once('error', reject);
  });
  let nextId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  const session: InspectorSession = {
    onSnapshotChunk: () => undefined,
    call(method, params = {}) {
      return new Promise<unknown>((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        cdp.send(JSON.stringify({ id, method, params }));
      });
    },
    async readAfterGc() {
      await session.call('HeapProfiler.collectGarbage');
      await session.call('HeapProfiler.collectGarbage');
      const result = (await session.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())' })) as { result: { value: string } };
      const usage = JSON.parse(result.result.value) as Record<string, number>;
      const rssKiB = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      return { rss: rssKiB * 1024, heapUsed: usage.heapUsed!, external: usage.external!, arrayBuffers: usage.arrayBuffers! };
    },
    close: () => cdp.close(),
  };
  cdp.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { id?: number; method?: string; params?: { chunk: string }; result?: unknown };
    if (message.method === 'HeapProfiler.addHeapSnapshotChunk') session.onSnapshotChunk(message.params!.chunk);
    if (message.id !== undefined) {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    }
  });
  return session;
}
