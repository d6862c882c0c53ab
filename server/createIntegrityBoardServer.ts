import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LockAtZeroScheduler } from './commands/lockAtZero.ts';
import type { ServerConfig } from './config.ts';
import { DocumentRegistry } from './documents/DocumentRegistry.ts';
import { createHttpApp } from './http/createHttpApp.ts';
import { readinessProbe } from './http/readiness.ts';
import { newRandomId } from './ids.ts';
import type { Logger } from './logger.ts';
import { createSocketGateway } from './realtime/socketGateway.ts';
import { YjsEndpoint } from './realtime/yjsEndpoint.ts';
import type { Services } from './Services.ts';
import { openStores } from './storage/openStores.ts';

export interface RunningServer {
  httpServer: HttpServer;
  port: number;
  url: string;
  services: Services;
  /** Flushes every document to the store and closes connections and the store. */
  close(): Promise<void>;
}

/** The composition root shared by `main.ts` and the tests: stores, realtime, HTTP on one port. */
export async function startIntegrityBoardServer(config: ServerConfig, log: Logger): Promise<RunningServer> {
  const opened = await openStores(config, log);
  let scheduler: LockAtZeroScheduler | null = null;
  const registry = new DocumentRegistry({
    store: opened.stores.documents,
    fanout: opened.fanout,
    log,
    idleUnloadMs: config.boardIdleUnloadMs,
    onLoaded: (entry) => scheduler?.watch(entry),
    onUnloaded: (entry) => scheduler?.unwatch(entry),
  });
  // Updates made by other nodes while this node's Redis connection was down arrive from the log.
  opened.onRecovered(() => void registry.catchUp());
  let closeLinkConnections: (linkId: string) => void = () => undefined;
  const httpServer = createServer();
  const listening = new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, () => resolve());
  });
  await listening;
  const port = (httpServer.address() as AddressInfo).port;
  const url = config.publicUrl ?? `http://localhost:${port}`;

  const services: Services = {
    stores: opened.stores,
    registry,
    log,
    now: Date.now,
    newId: newRandomId,
    publicUrl: url,
  };
  scheduler = new LockAtZeroScheduler(services);
  // While shutting down, work is refused by name (STORE_UNAVAILABLE: clients retry, on another node).
  const storeHealthy = () => closing === null && opened.healthy();

  // Express must be the request listener before Socket.IO attaches, so engine.io answers its own path alone.
  const app = createHttpApp({
    services,
    clientDir: config.clientDir,
    trustProxy: config.trustProxy,
    storeHealthy,
    readiness: readinessProbe(opened, registry, () => closing !== null),
    closeLinkConnections: (linkId) => closeLinkConnections(linkId),
  });
  httpServer.on('request', app);
  const gateway = createSocketGateway(httpServer, services, {
    commandsPerSecond: config.commandsPerSecond,
    presence: opened.presence,
    presenceTtlMs: config.presenceTtlMs,
    nodeId: config.nodeId,
    adapter: opened.socketAdapter,
    storeHealthy,
    onRemoteLinkRevoked: (linkId) => yjs.closeLink(linkId),
  });
  const yjs = new YjsEndpoint(registry, services.stores.workshops, log);
  closeLinkConnections = (linkId) => {
    gateway.closeLinkConnections(linkId);
    yjs.closeLink(linkId);
  };
  httpServer.on('upgrade', (request, socket, head) => {
    if (request.url?.startsWith('/socket.io/')) return; // engine.io takes it
    try {
      if (!yjs.handleUpgrade(request, socket, head)) socket.destroy();
    } catch (err) {
      // A hostile request line must never stop the process.
      log.warn({ err: String(err) }, 'upgrade refused');
      socket.destroy();
    }
  });

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      scheduler?.close();
      gateway.stop();
      yjs.close();
      await gateway.io.close();
      httpServer.closeAllConnections();
      await registry.closeAll();
      await opened.close();
    })();
    return closing;
  };
  return { httpServer, port, url, services, close };
}
