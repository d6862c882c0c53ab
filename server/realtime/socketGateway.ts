import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { z } from 'zod';
import { readBoards, readMeta, readSession } from '../../shared/board/boardDocument.ts';
import { authorise } from '../../shared/facilitation/authorise.ts';
import {
  emptySchema,
  handshakeSchema,
  parsePayload,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type CommandName,
  type CommandResult,
  type ErrorCode,
  type InterServerEvents,
  type ServerToClientEvents,
  type WritingCounts,
} from '../../shared/protocol/index.ts';
import type { Principal } from '../auth/Principal.ts';
import type { SessionGate } from '../auth/SessionGate.ts';
import type { LimitsConfig } from '../config.ts';
import { clientAddress } from '../http/clientAddress.ts';
import type { CommandContext, Notifier } from '../commands/CommandContext.ts';
import { COMMANDS } from '../commands/commandTable.ts';
import { joinWorkshop } from '../commands/joinWorkshop.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import type { LoadedDocument } from '../documents/DocumentRegistry.ts';
import type { Services } from '../Services.ts';
import { presenceEntryLifetimeMs, type PresenceStore } from '../storage/PresenceStore.ts';
import { repeatedLog } from '../repeatedLog.ts';
import { StoreUnavailableError } from '../storage/StoreUnavailableError.ts';
import type { ConnectionLimiter } from './connectionLimiter.ts';
import { PresenceBroadcaster } from './presenceBroadcaster.ts';
import { TokenBucket } from './rateLimiter.ts';
import { BreakoutScope } from '../breakouts/BreakoutScope.ts';
import type { BreakoutContext, BreakoutRooms } from '../breakouts/BreakoutContext.ts';
import { registerBreakoutHandlers } from '../breakouts/registerBreakoutHandlers.ts';
import { scheduleReturn } from '../breakouts/scheduleReturn.ts';

/** Largest Socket.IO frame accepted (the largest payload, a summary, is 20,000 characters). */
const MAX_FRAME_BYTES = 128 * 1024;

interface SocketData {
  principal: Principal;
  workshop: LoadedDocument;
  bucket: TokenBucket;
  /** The client's address (per-address limits). */
  address: string;
  /** Gives back this connection's place under the connection limits. */
  release: () => void;
  /** Which board (plenary or a breakout group's) this connection's commands reach. */
  scope: BreakoutScope;
}

type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const rooms = {
  workshop: (id: string) => `w:${id}`,
  role: (id: string, role: string) => `w:${id}:role:${role}`,
  person: (id: string, participantId: string) => `w:${id}:p:${participantId}`,
  link: (linkId: string) => `link:${linkId}`,
  session: (tokenHash: string) => `s:${tokenHash}`,
};

export interface SocketGateway {
  io: GatewayServer;
  /** Stops the presence heartbeat. */
  stop(): void;
  /** Ends every connection of sessions made through a revoked link. */
  closeLinkConnections(linkId: string): void;
  /** Ends every connection of one session on every node (ended, merged or expired), telling it why. */
  closeSession(tokenHash: string, reason: ErrorCode): void;
  /** Drops one session's Socket.IO connections on every node; the clients reconnect and rejoin. */
  refreshSession(tokenHash: string): void;
  /** Token hashes of sessions with a Socket.IO connection on this node. */
  openSessions(): Set<string>;
}

/** Socket.IO: authenticate the handshake, parse each command once, authorise, run, answer with an ack. */
export interface SocketGatewayOptions {
  commandsPerSecond: number;
  /** Told the result of every command (metrics). */
  onCommandDone?: (command: string, result: { ok: true } | { ok: false; error: string }) => void;
  presence: PresenceStore;
  /** Milliseconds a presence entry lives without a heartbeat; heartbeats run at a third of it. */
  presenceTtlMs: number;
  nodeId: string;
  adapter: ServerOptions['adapter'] | undefined;
  storeHealthy: () => boolean;
  /** A link was revoked on another node. */
  onRemoteLinkRevoked: (linkId: string) => void;
  /** A session ended on another node. */
  onRemoteSessionClosed: (tokenHash: string, reason: ErrorCode) => void;
  limits: LimitsConfig;
  sessions: SessionGate;
  connections: ConnectionLimiter;
  trustProxy: number;
}

export function createSocketGateway(httpServer: HttpServer, services: Services, options: SocketGatewayOptions): SocketGateway {
  const { registry, stores, log } = services;
  const { presence, presenceTtlMs, nodeId, commandsPerSecond, limits } = options;
  const io: GatewayServer = new Server(httpServer, {
    destroyUpgrade: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    serveClient: false,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });

  const handshakeLog = repeatedLog(log);
  /** Set on shutdown: new connections are refused by name while the store is flushed. */
  let stopped = false;
  io.use(async (socket, next) => {
    if (stopped) return next(new Error('STORE_UNAVAILABLE'));
    let release: (() => void) | null = null;
    try {
      const auth = socket.handshake.auth as { protocolVersion?: unknown } | null;
      if (auth?.protocolVersion !== PROTOCOL_VERSION) return next(new Error('PROTOCOL_MISMATCH'));
      const handshake = handshakeSchema.safeParse(auth);
      if (!handshake.success) return next(new Error('UNAUTHENTICATED'));
      const result = await options.sessions.authenticate(handshake.data.token);
      if (!result.ok) return next(new Error(result.error));
      const address = clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], options.trustProxy);
      release = await options.connections.tryAcquire(result.principal.tokenHash, address);
      if (!release) return next(new Error('TOO_MANY_CONNECTIONS'));
      const workshop = await registry.acquire(result.principal.workshopId);
      if (!workshop) {
        release();
        return next(new Error('WORKSHOP_NOT_FOUND'));
      }
      socket.data.principal = result.principal;
      socket.data.workshop = workshop;
      socket.data.bucket = new TokenBucket(commandsPerSecond);
      socket.data.address = address;
      socket.data.release = release;
      socket.data.scope = new BreakoutScope(registry, result.principal, workshop);
      next();
    } catch (err) {
      release?.();
      handshakeLog(options.storeHealthy() ? 'error' : 'warn', `handshake failed: ${String(err)}`, { err }, 'handshake failed');
      next(new Error('STORE_UNAVAILABLE'));
    }
  });

  const anonymousWorkshops = new Map<string, boolean>();
  const broadcaster = new PresenceBroadcaster(
    presence,
    {
      sendLocal: (workshopId, change) => io.local.to(rooms.workshop(workshopId)).emit('presence.changed', change),
      announce: (workshopId) => {
        if (options.adapter) io.serverSideEmit('presence.dirty', workshopId);
      },
      isAnonymous: (workshopId) => anonymousWorkshops.get(workshopId) === true,
    },
    limits.presenceBroadcastMs,
    services.now,
    log,
  );
  /** Workshops with a Socket.IO connection on this node. */
  const localWorkshops = () => {
    const workshops = new Map<string, LoadedDocument>();
    for (const socket of io.of('/').sockets.values()) workshops.set(socket.data.workshop.id, socket.data.workshop);
    return workshops;
  };
  io.on('presence.dirty', (workshopId: string) => {
    if (localWorkshops().has(workshopId)) broadcaster.changed(workshopId, true);
  });
  const entryFor = (socket: GatewaySocket) => ({
    connectionId: socket.id,
    nodeId,
    participantId: socket.data.principal.participantId,
    role: socket.data.principal.role,
    displayName: socket.data.principal.displayName,
    administration: socket.data.principal.administration,
    language: String((socket.handshake.auth as { language?: unknown }).language ?? 'en'),
    expiresAt: services.now() + presenceEntryLifetimeMs(presenceTtlMs),
  });
  /** Refreshes this node's presence entries; a flush tells local sockets when the list changed (a node died). */
  const heartbeat = setInterval(() => {
    void (async () => {
      for (const socket of io.of('/').sockets.values()) {
        await presence.put(socket.data.workshop.id, entryFor(socket)).catch(() => undefined);
      }
      for (const id of localWorkshops().keys()) broadcaster.changed(id, true);
    })();
  }, Math.max(250, Math.floor(presenceTtlMs / 3)));
  heartbeat.unref();

  /** How much is being written privately: per person on named workshops, the room total on anonymous ones. */
  const writingCounts = async (workshop: LoadedDocument): Promise<WritingCounts> => {
    const notes = await stores.privateNotes.listAll(workshop.id);
    if (readMeta(workshop.doc)?.anonymous === true) return { total: notes.length, perPerson: null };
    const perOwner = new Map<string, { displayName: string; administration: string; count: number }>();
    for (const n of notes) {
      const entry = perOwner.get(n.ownerId) ?? { displayName: n.authorName ?? '', administration: n.authorAdministration ?? '', count: 0 };
      entry.count++;
      perOwner.set(n.ownerId, entry);
    }
    return { total: notes.length, perPerson: [...perOwner.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)) };
  };

  const notifierFor = (workshop: LoadedDocument): Notifier => ({
    async privateNotesChanged(participantId) {
      const notes = (await stores.privateNotes.listAll(workshop.id)).filter((n) => n.ownerId === participantId);
      io.to(rooms.person(workshop.id, participantId)).emit('private.notes', notes);
    },
    async writingCountsChanged() {
      io.to(rooms.workshop(workshop.id)).emit('writing.counts', await writingCounts(workshop));
    },
    async votesChanged(participantId) {
      const mine: Record<string, Record<string, number>> = {};
      for (const board of readBoards(workshop.doc)) mine[board.id] = await stores.votes.votesOf(workshop.id, board.id, participantId);
      io.to(rooms.person(workshop.id, participantId)).emit('votes.mine', mine);
    },
  });

  const breakoutRooms: BreakoutRooms = {
    changed: (workshopId, participantId) =>
      void io.to(participantId ? rooms.person(workshopId, participantId) : rooms.workshop(workshopId)).emit('breakout.changed'),
    leaveGroup: (workshopId, participantId, groupDocId) =>
      void (participantId ? io.in(rooms.person(workshopId, participantId)) : io.in(rooms.workshop(groupDocId))).socketsLeave([
        rooms.workshop(groupDocId),
        ...(participantId ? [rooms.person(groupDocId, participantId)] : []),
      ]),
    message: (workshopId, groupDocId, message) => void io.to(rooms.workshop(groupDocId ?? workshopId)).emit('breakout.message', message),
    notifierFor,
  };

  io.on('link.revoked', (linkId: string) => options.onRemoteLinkRevoked(linkId));
  io.on('session.closed', (tokenHash: string, reason: ErrorCode) => options.onRemoteSessionClosed(tokenHash, reason));

  io.on('connection', (socket: GatewaySocket) => {
    const { principal, workshop } = socket.data;
    const clog = log.child({ module: 'socket', connection: socket.id, role: principal.role });
    const notify = notifierFor(workshop);
    const context = (command: string): CommandContext => {
      const origin = commandOrigin(command);
      return { principal, workshop, services, notify, origin, apply: (change) => registry.apply(workshop, origin, change) };
    };

    void socket.join([
      rooms.workshop(workshop.id),
      rooms.role(workshop.id, principal.role),
      rooms.person(workshop.id, principal.participantId),
      rooms.link(principal.linkId),
      rooms.session(principal.tokenHash),
    ]);
    anonymousWorkshops.set(workshop.id, readMeta(workshop.doc)?.anonymous === true);
    void presence
      .put(workshop.id, entryFor(socket))
      .catch((err: unknown) => clog.warn({ err }, 'presence write failed'))
      .then(async () => {
        socket.emit('presence.update', await broadcaster.snapshot(workshop.id));
        broadcaster.changed(workshop.id);
      })
      .catch((err: unknown) => clog.warn({ err }, 'presence snapshot failed'));

    /**
     * The session's and the address's command rates, shared by all their connections on every node
     * (one atomic step in the store). While the store is down only the connection's own limit holds.
     */
    const withinSharedRates = async (): Promise<boolean> => {
      if (!options.storeHealthy()) return true;
      try {
        const refused = await stores.quotas.tryIncrementAll(
          [
            { key: `cmd:s:${principal.tokenHash}`, limit: limits.commandsPerSessionPerSecond },
            { key: `cmd:a:${socket.data.address}`, limit: limits.commandsPerAddressPerSecond },
          ],
          1000,
        );
        if (refused < 0) void options.sessions.use(principal.tokenHash).catch(() => undefined);
        return refused < 0;
      } catch (err) {
        clog.debug({ err }, 'shared rate check failed');
        return true;
      }
    };

    /** Rate limit → parse → (authorise → run, one at a time per workshop); a throw becomes INTERNAL, never a crash. */
    function handle<S extends z.ZodType, R extends object>(
      event: keyof ClientToServerEvents,
      schema: S,
      run: (payload: z.output<S>, locked: LoadedDocument) => Promise<CommandResult<R>>,
      lockOf: () => Promise<LoadedDocument> = async () => workshop,
    ): void {
      socket.on(event, async (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        const answer = ack as (result: CommandResult<R>) => void;
        const reply = (result: CommandResult<R>) => {
          options.onCommandDone?.(event, result);
          answer(result);
        };
        if (!socket.data.bucket.tryTake()) return reply({ ok: false, error: 'RATE_LIMITED' });
        if (!(await withinSharedRates())) return reply({ ok: false, error: 'RATE_LIMITED' });
        const parsed = parsePayload(schema, payload);
        if (!parsed.ok) return reply({ ok: false, error: parsed.error, detail: parsed.detail });
        try {
          const locked = await lockOf();
          const result = await locked.runExclusive(() => run(parsed.value, locked));
          if (!result.ok) clog.debug({ event, error: result.error }, 'command refused');
          reply(result);
        } catch (err) {
          // Expected while the store is unreachable: the command was not made durable and is refused by name.
          const error = options.storeHealthy() && !(err instanceof StoreUnavailableError) ? 'INTERNAL' : 'STORE_UNAVAILABLE';
          clog[error === 'INTERNAL' ? 'error' : 'warn']({ err, event }, 'command failed');
          reply({ ok: false, error });
        }
      });
    }

    handle('workshop.join', emptySchema, async () => {
      const result = await joinWorkshop(context('workshop.join'));
      // Someone joining during private writing learns the counts at once, not at the next hidden note.
      if (result.ok) socket.emit('writing.counts', await writingCounts(workshop));
      return result;
    });
    handle('clock.sync', emptySchema, async () => ({ ok: true, serverTime: services.now() }));
    const { scope } = socket.data;
    /** Puts this connection in the rooms of the group board it works on (and out of any other's). */
    let groupRoomsOf: string | null = null;
    const joinGroupRooms = async (groupDocId: string | null) => {
      if (groupRoomsOf === groupDocId) return;
      if (groupRoomsOf) {
        await socket.leave(rooms.workshop(groupRoomsOf));
        await socket.leave(rooms.person(groupRoomsOf, principal.participantId));
      }
      if (groupDocId) await socket.join([rooms.workshop(groupDocId), rooms.person(groupDocId, principal.participantId)]);
      groupRoomsOf = groupDocId;
    };
    const breakoutContext: BreakoutContext = { principal, plenary: workshop, services, presence, rooms: breakoutRooms };
    registerBreakoutHandlers(handle, breakoutContext, scope, joinGroupRooms, (returnAt) => scheduleReturn(breakoutContext, returnAt));
    for (const name of Object.keys(COMMANDS) as CommandName[]) {
      const entry = COMMANDS[name];
      // One at a time per board: a group's commands queue on the group's document, not the plenary's.
      const lockOf = async () => {
        const target = await scope.target(name);
        return target.ok ? target.doc : workshop;
      };
      handle(
        name,
        entry.schema,
        async (payload, locked) => {
          // Known to be down: refuse before touching the document, so the change is cleanly not made.
          if (!options.storeHealthy()) return { ok: false, error: 'STORE_UNAVAILABLE' };
          const target = await scope.target(name);
          if (!target.ok) return target;
          // The group changed between choosing the lock and taking it (moved, or everyone came back): not run.
          if (target.doc !== locked) return { ok: false, error: target.groupId === null ? 'BREAKOUT_NOT_RUNNING' : 'NOT_IN_BREAKOUT' };
          await joinGroupRooms(target.groupId === null ? null : target.doc.id);
          const refused = authorise(name, target.role, readSession(target.doc.doc));
          if (refused) return { ok: false, error: refused };
          if (target.doc === workshop && target.role === principal.role) return entry.run(context(name), payload);
          const origin = commandOrigin(name);
          const doc = target.doc;
          return entry.run({ principal: { ...principal, role: target.role }, workshop: doc, services, notify: notifierFor(doc), origin, apply: (change) => registry.apply(doc, origin, change) }, payload);
        },
        lockOf,
      );
    }

    socket.on('disconnect', () => {
      socket.data.release();
      scope.release();
      registry.release(workshop);
      void presence
        .remove(workshop.id, socket.id)
        .catch((err: unknown) => clog.warn({ err }, 'presence removal failed'))
        .then(() => {
          if (localWorkshops().has(workshop.id)) broadcaster.changed(workshop.id);
          else {
            broadcaster.forget(workshop.id);
            anonymousWorkshops.delete(workshop.id);
            if (options.adapter) io.serverSideEmit('presence.dirty', workshop.id);
          }
        });
    });
  });

  return {
    io,
    stop() {
      stopped = true;
      clearInterval(heartbeat);
      broadcaster.stop();
    },
    closeSession(tokenHash, reason) {
      io.to(rooms.session(tokenHash)).emit('session.ended', reason);
      io.in(rooms.session(tokenHash)).disconnectSockets(true);
      if (options.adapter) io.serverSideEmit('session.closed', tokenHash, reason);
    },
    refreshSession(tokenHash) {
      io.in(rooms.session(tokenHash)).disconnectSockets(true);
    },
    openSessions() {
      return new Set([...io.of('/').sockets.values()].map((socket) => socket.data.principal.tokenHash));
    },
    closeLinkConnections(linkId) {
      io.to(rooms.link(linkId)).emit('session.ended', 'LINK_REVOKED');
      io.in(rooms.link(linkId)).disconnectSockets(true);
      if (options.adapter) io.serverSideEmit('link.revoked', linkId);
    },
  };
}
