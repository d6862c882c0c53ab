import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LockAtZeroScheduler } from './commands/lockAtZero.ts';
import type { ServerConfig } from './config.ts';
import { DocumentRegistry } from './documents/DocumentRegistry.ts';
import { createHttpApp } from './http/createHttpApp.ts';
import { refuseUpgrade } from './http/requestPath.ts';
import { readinessProbe } from './http/readiness.ts';
import { newRandomId } from './ids.ts';
import { ServerMetrics } from './metrics/ServerMetrics.ts';
import type { Logger } from './logger.ts';
import { SessionGate } from './auth/SessionGate.ts';
import { createSocketGateway, rooms } from './realtime/socketGateway.ts';
import { ConnectionLimiter } from './realtime/connectionLimiter.ts';
import { startSessionSweeper } from './realtime/sessionSweeper.ts';
import { clientAddress } from './http/clientAddress.ts';
import type { ErrorCode } from '../shared/protocol/index.ts';
import { WorkshopDeletion } from './realtime/workshopDeletion.ts';
import { YjsEndpoint } from './realtime/yjsEndpoint.ts';
import { breakoutReadAccess } from './breakouts/breakoutReadAccess.ts';
import type { Services } from './Services.ts';
import { openStores } from './storage/openStores.ts';
import { RetentionSweep } from './workshops/retentionSweep.ts';

export interface RunningServer {
  httpServer: HttpServer;
  port: number;
  url: string;
  services: Services;
  /** The Yjs endpoint (its connection count, queued bytes and closures by reason). */
  yjs: YjsEndpoint;
  /** Deletes a workshop and everything stored for it, on every node (as DELETE /api/workshops/:id does). */
  deleteWorkshop(workshopId: string): Promise<void>;
  /**
   * Flushes every document to the store and closes connections and the store. With `processExits`
   * (the process ends right after: SIGTERM), connections are told (Socket.IO's disconnect, the Yjs
   * close frame) but not waited for: the exit closes them, and a restart does not wait for 2,000
   * close handshakes.
   */
  close(options?: { processExits?: boolean }): Promise<void>;
}

/** Longest a shutdown waits for the presence removals of the connections it ended. */
const DISCONNECTS_SETTLE_MS = 1_000;

/** The composition root shared by `main.ts` and the tests: stores, realtime, HTTP on one port. */
export async function startIntegrityBoardServer(config: ServerConfig, log: Logger): Promise<RunningServer> {
  const opened = await openStores(config, log);
  let scheduler: LockAtZeroScheduler | null = null;
  // The gauges read the gateway and the Yjs endpoint at scrape time, once they exist.
  let connectionCounts = { socketIo: () => 0, yjs: () => 0 };
  const metrics = new ServerMetrics({
    socketConnections: () => connectionCounts.socketIo(),
    yjsConnections: () => connectionCounts.yjs(),
    documentsLoaded: () => registry.loadedCount,
    documentHealth: () => registry.documentHealth(),
    storeUp: () => opened.healthy(),
  });
  const registry = new DocumentRegistry({
    onAppended: (bytes, seconds) => metrics.updateAppended(bytes, seconds),
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
  let closeSession: (tokenHash: string, reason: ErrorCode) => void = () => undefined;
  let deletion: WorkshopDeletion | null = null;
  const httpServer = createServer();
  const listening = new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, () => resolve());
  });
  await listening;
  // After listening, an accept failure (out of file descriptors) is reported here; unheard, it would stop the process.
  httpServer.on('error', (err) => log.error({ err }, 'http server error'));
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
  const sessions = new SessionGate(services.stores.workshops, config.limits.sessionIdleMs, services.now);
  const connections = new ConnectionLimiter(
    services.stores.quotas,
    { perSession: config.limits.connectionsPerSession, perAddress: config.limits.connectionsPerAddress },
    Math.max(3000, config.presenceTtlMs),
    log,
  );
  // While shutting down, work is refused by name (STORE_UNAVAILABLE: clients retry, on another node).
  const storeHealthy = () => closing === null && opened.healthy();

  // Express must be the request listener before Socket.IO attaches, so engine.io answers its own path alone.
  const app = createHttpApp({
    services,
    metrics,
    metricsToken: config.metricsToken,
    clientDir: config.clientDir,
    trustProxy: config.trustProxy,
    storeHealthy,
    readiness: readinessProbe(opened, registry, () => closing !== null),
    closeLinkConnections: (linkId) => closeLinkConnections(linkId),
    closeSession: (tokenHash, reason) => closeSession(tokenHash, reason),
    refreshSession: (tokenHash) => gateway.refreshSession(tokenHash),
    limits: config.limits,
    sessions,
    deleteWorkshop: (workshopId) => deletion!.deleteEverywhere(workshopId),
  });
  httpServer.on('request', app);
  const gateway = createSocketGateway(httpServer, services, {
    onCommandDone: (command, result) => metrics.commandDone(command, result),
    commandsPerSecond: config.commandsPerSecond,
    presence: opened.presence,
    presenceTtlMs: config.presenceTtlMs,
    nodeId: config.nodeId,
    adapter: opened.socketAdapter,
    storeHealthy,
    onRemoteLinkRevoked: (linkId) => {
      sessions.forgetLink(linkId);
      yjs.closeLink(linkId);
    },
    onRemoteSessionClosed: (tokenHash, reason) => {
      sessions.forget(tokenHash);
      yjs.closeSession(tokenHash, reason);
    },
    limits: config.limits,
    sessions,
    connections,
    trustProxy: config.trustProxy,
  });
  const yjs = new YjsEndpoint(registry, services.stores.workshops, log, {
    breakouts: breakoutReadAccess(registry),
    limits: { maxBufferedBytes: config.yjsMaxBufferedBytes, framesPerSecond: config.yjsFramesPerSecond },
    gate: {
      authenticate: (token) => sessions.authenticate(token),
      admit: (principal, request) =>
        connections.tryAcquire(principal.tokenHash, clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], config.trustProxy)),
    },
  });
  closeSession = (tokenHash, reason) => {
    sessions.forget(tokenHash);
    gateway.closeSession(tokenHash, reason);
    yjs.closeSession(tokenHash, reason);
  };
  const stopSweeper = startSessionSweeper(
    sessions,
    {
      openSessions: () => new Set([...gateway.openSessions(), ...yjs.openSessions()]),
      closeLocally: (tokenHash, reason) => {
        gateway.io.local.to(rooms.session(tokenHash)).emit('session.ended', reason);
        gateway.io.local.in(rooms.session(tokenHash)).disconnectSockets(true);
        yjs.closeSession(tokenHash, reason);
      },
    },
    log,
  );
  deletion = new WorkshopDeletion({
    io: gateway.io,
    yjs,
    services,
    presence: opened.presence,
    crossNode: opened.socketAdapter !== undefined,
    forgetSessions: (workshopId) => sessions.forgetWorkshop(workshopId),
  });
  const retention = config.retentionDaysAfterFreeze
    ? new RetentionSweep({ services, daysAfterFreeze: config.retentionDaysAfterFreeze, deleteWorkshop: (id) => deletion!.deleteEverywhere(id) })
    : null;
  retention?.start();
  connectionCounts = { socketIo: () => gateway.io.of('/').sockets.size, yjs: () => yjs.connectionCount };
  closeLinkConnections = (linkId) => {
    sessions.forgetLink(linkId);
    gateway.closeLinkConnections(linkId);
    yjs.closeLink(linkId);
  };
  httpServer.on('upgrade', (request, socket, head) => {
    // Node stops listening for errors on a socket it hands to `upgrade`: a reset peer must not stop the process.
    socket.on('error', (err) => log.debug({ error: err.message }, 'upgrade socket error'));
    if (request.url?.startsWith('/socket.io/')) return; // engine.io takes it
    // Shutting down: refused before any session is looked up (1,000 replicas retry here until the process exits).
    if (closing !== null) return refuseUpgrade(socket, 503, 'Service Unavailable');
    try {
      if (!yjs.handleUpgrade(request, socket, head)) refuseUpgrade(socket, 404, 'Not Found');
    } catch (err) {
      // A hostile request line must never stop the process.
      log.warn({ err: String(err) }, 'upgrade refused');
      socket.destroy();
    }
  });

  // A CONNECT request (a proxy tunnel) would otherwise be dropped without a word.
  httpServer.on('connect', (_request, socket) => {
    socket.on('error', (err) => log.debug({ error: err.message }, 'connect socket error'));
    refuseUpgrade(socket, 400, 'Bad Request');
  });

  let closing: Promise<void> | null = null;
  const close = ({ processExits = false }: { processExits?: boolean } = {}) => {
    closing ??= (async () => {
      scheduler?.close();
      stopSweeper();
      connections.stop();
      retention?.stop();
      gateway.stop();
      yjs.close();
      // Connections end now, but HTTP keeps answering (by name: STORE_UNAVAILABLE) until the store
      // is flushed, so a request during shutdown is refused cleanly rather than cut.
      // Exiting, each client is only told (its disconnect packet): it closes the connection itself
      // ('io server disconnect': it retries after a few seconds), and the exit closes what is left.
      gateway.io.local.disconnectSockets(!processExits);
      await registry.closeAll();
      // Presence removals of the connections just ended go out before the store closes, bounded
      // (a store that does not answer must not hold the shutdown).
      await Promise.race([gateway.disconnectsSettled(), new Promise((resolve) => setTimeout(resolve, DISCONNECTS_SETTLE_MS).unref())]);
      if (processExits) return opened.close();
      // Socket.IO's close resolves once the HTTP server has no connection left.
      await gateway.io.close();
      httpServer.closeAllConnections();
      await opened.close();
    })();
    return closing;
  };
  const deleteWorkshop = (workshopId: string) => deletion!.deleteEverywhere(workshopId);
  return { httpServer, port, url, services, yjs, deleteWorkshop, close };
}
