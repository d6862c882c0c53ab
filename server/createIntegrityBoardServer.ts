import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { BoardRegistry } from './boards/BoardRegistry.ts';
import type { ServerConfig } from './config.ts';
import { createHttpApp } from './http/createHttpApp.ts';
import { newRandomId } from './ids.ts';
import type { Logger } from './logger.ts';
import { createSocketGateway } from './realtime/socketGateway.ts';
import { YjsEndpoint } from './realtime/yjsEndpoint.ts';
import { LevelStore } from './storage/LevelDocumentStore.ts';

export interface RunningServer {
  httpServer: HttpServer;
  port: number;
  url: string;
  registry: BoardRegistry;
  /** Flushes every board to the store and closes connections and the store. */
  close(): Promise<void>;
}

/** The composition root shared by `main.ts` and the tests: stores, realtime, HTTP on one port. */
export async function startIntegrityBoardServer(config: ServerConfig, log: Logger): Promise<RunningServer> {
  const store = await LevelStore.open(path.join(config.dataDir, 'store'));
  const now = Date.now;
  const registry = new BoardRegistry({ store: store.documents, log, idleUnloadMs: config.boardIdleUnloadMs });
  const app = createHttpApp({ registry, newId: newRandomId, now, clientDir: config.clientDir, log, storeHealthy: () => true });
  const httpServer = createServer(app);
  const io = createSocketGateway({
    httpServer,
    registry,
    ownership: store.ownership,
    log,
    commandsPerSecond: config.commandsPerSecond,
    newId: newRandomId,
    now,
  });
  const yjs = new YjsEndpoint(registry, log);
  httpServer.on('upgrade', (request, socket, head) => {
    if (request.url?.startsWith('/socket.io/')) return; // engine.io takes it
    if (!yjs.handleUpgrade(request, socket, head)) socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = config.publicUrl ?? `http://localhost:${port}`;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      yjs.close();
      await io.close();
      httpServer.closeAllConnections();
      await registry.closeAll();
      await store.close();
    })();
    return closing;
  };
  return { httpServer, port, url, registry, close };
}
