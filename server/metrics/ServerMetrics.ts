import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the gauges read when Prometheus scrapes (no bookkeeping between scrapes). */
export interface MetricsSources {
  socketConnections(): number;
  yjsConnections(): number;
  documentsLoaded(): number;
  documentHealth(): Promise<{ awaitingRepair: number; pendingStructs: string[] }>;
  storeUp(): boolean;
}

/**
 * One node's metrics in Prometheus format, in a registry of its own (several servers in one test
 * process never share counters). Labels carry command names and error codes only: never a
 * workshop id, person or text.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #commands: Counter<'command' | 'result'>;
  readonly #updateBytes: Counter;
  readonly #storeAppend: Histogram;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'ib_' });
    this.#commands = new Counter({
      name: 'ib_commands_total',
      help: 'Commands received over Socket.IO, by name and result (ok or the error code).',
      labelNames: ['command', 'result'],
      registers,
    });
    this.#updateBytes = new Counter({ name: 'ib_document_update_bytes_total', help: 'Bytes of durable document updates appended to the store.', registers });
    this.#storeAppend = new Histogram({
      name: 'ib_store_append_seconds',
      help: 'Time to make one document update durable in the store.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    new Gauge({ name: 'ib_socketio_connections', help: 'Open Socket.IO connections on this node.', registers, collect() { this.set(sources.socketConnections()); } });
    new Gauge({ name: 'ib_yjs_connections', help: 'Open Yjs sync connections on this node.', registers, collect() { this.set(sources.yjsConnections()); } });
    new Gauge({ name: 'ib_documents_loaded', help: 'Workshop documents held in memory on this node.', registers, collect() { this.set(sources.documentsLoaded()); } });
    new Gauge({ name: 'ib_store_up', help: '1 when the store answers, 0 when it is down or not verified after a write error.', registers, collect() { this.set(sources.storeUp() ? 1 : 0); } });
    new Gauge({
      name: 'ib_documents_awaiting_repair',
      help: 'Loaded documents not yet compared with a store that may have gone back in time (their commands are refused).',
      registers,
      async collect() { this.set((await sources.documentHealth()).awaitingRepair); },
    });
    new Gauge({
      name: 'ib_documents_pending_structs',
      help: 'Loaded documents holding updates whose dependencies no node has.',
      registers,
      async collect() { this.set((await sources.documentHealth()).pendingStructs.length); },
    });
  }

  commandDone(command: string, result: { ok: true } | { ok: false; error: string }): void {
    this.#commands.inc({ command, result: result.ok ? 'ok' : result.error });
  }

  updateAppended(bytes: number, seconds: number): void {
    this.#updateBytes.inc(bytes);
    this.#storeAppend.observe(seconds);
  }
}
