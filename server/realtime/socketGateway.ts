import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { z } from 'zod';
import { readBoards, readMeta, readSession } from '../../shared/board/boardDocument.ts';
import { authorise } from '../../shared/facilitation/authorise.ts';
import {
  emptySchema,
  handshakeSchema,
  PRESENCE_LIST_PAGE,
  presenceListSchema,
  parsePayload,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type CommandName,
  type CommandResult,
  type ErrorCode,
  type InterServerEvents,
  type PresenceListPage,
  type ServerToClientEvents,
  type WritingCounts,
} from '../../shared/protocol/index.ts';
import { LANGUAGES, type Language } from '../../shared/i18n/languages.ts';
import { ROLES } from '../../shared/facilitation/roles.ts';
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
import type { ReceiptScope } from '../storage/CommandReceiptStore.ts';
import { onceByCommandId } from './commandReceipts.ts';
import type { ConnectionLimiter } from './connectionLimiter.ts';
import { peopleFromEntries, presenceListPage } from './presence.ts';
import { PresenceBroadcaster } from './presenceBroadcaster.ts';
import { TokenBucket } from './rateLimiter.ts';
import { BreakoutScope } from '../breakouts/BreakoutScope.ts';
import type { BreakoutContext, BreakoutRooms } from '../breakouts/BreakoutContext.ts';
import { registerBreakoutHandlers, type BreakoutConnection } from '../breakouts/registerBreakoutHandlers.ts';
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
  /** The group document whose rooms this connection is in, if any. */
  groupRoomsOf: string | null;
  /** The language the client asked for (kept from the handshake, which is let go once connected). */
  language: Language;
}

type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Commands whose payload may carry a `commandId`: a retry with the same id is answered once. */
const IDEMPOTENT_COMMANDS: ReadonlySet<CommandName> = new Set(['note.add', 'note.edit']);

/**
 * What `socket.handshake` becomes once a connection is established: the real one (every request
 * header, the query, the auth payload with the token, a date string) was read by the handshake
 * check and is not needed again, and a plenary of 1,000 would hold 1,000 of them.
 */
const RELEASED_HANDSHAKE: GatewaySocket['handshake'] = Object.freeze({
  headers: Object.freeze({}),
  time: '',
  address: '',
  xdomain: false,
  secure: false,
  issued: 0,
  url: '',
  query: Object.freeze({}),
  auth: Object.freeze({}),
});

/**
 * engine.io gives each WebSocket upgrade a stand-in HTTP response (for engine middlewares, which
 * this server does not use) that listens once for the TCP socket's `close`: that listener holds
 * the upgrade request (headers, raw headers, query) for the connection's whole life. It is taken
 * off as soon as engine.io has registered it.
 */
function releaseUpgradeResponses(engine: GatewayServer['engine']): void {
  const upgrade = engine.handleUpgrade.bind(engine);
  engine.handleUpgrade = (request, socket, head) => {
    const earlier = new Set(socket.rawListeners('close'));
    upgrade(request, socket, head);
    for (const listener of socket.rawListeners('close') as Array<(...args: unknown[]) => void>) {
      if (!earlier.has(listener) && 'listener' in listener) socket.removeListener('close', listener);
    }
  };
}

/**
 * The principal with the strings its workshop's connections have in common (workshop id, role)
 * taken from the loaded workshop and the role list rather than from each session's parsed record.
 */
function sharingStrings(principal: Principal, workshop: LoadedDocument): Principal {
  const role = ROLES.find((r) => r === principal.role) ?? principal.role;
  return workshop.id === principal.workshopId ? { ...principal, workshopId: workshop.id, role } : principal;
}

/** Room names shared by the connections of one workshop, made once (each connection's room set holds the same strings). */
interface SharedRoomNames {
  workshop: string;
  roles: Map<string, string>;
  links: Map<string, string>;
}

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
  /** Resolves once every disconnect's presence removal (and what it tells other nodes) is done. */
  disconnectsSettled(): Promise<void>;
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
  releaseUpgradeResponses(io.engine);

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
      const principal = sharingStrings(result.principal, workshop);
      socket.data.principal = principal;
      socket.data.workshop = workshop;
      socket.data.bucket = new TokenBucket(commandsPerSecond);
      socket.data.address = address;
      socket.data.release = release;
      socket.data.scope = new BreakoutScope(registry, principal, workshop);
      socket.data.groupRoomsOf = null;
      // The catalogue's own string, not the parsed copy: every connection then shares it.
      socket.data.language = LANGUAGES.find((language) => language === handshake.data.language) ?? 'en';
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
  /** Connections on this node per workshop (counted, not found by walking every socket on each disconnect). */
  const localConnections = new Map<string, number>();
  const localWorkshops = () => localConnections;
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
    language: socket.data.language,
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
  /** Who wrote how many is for facilitators, unless they shared it with everyone: others get the room total only. */
  const countsFor = (workshop: LoadedDocument, role: Principal['role'], counts: WritingCounts): WritingCounts =>
    role === 'facilitator' || readSession(workshop.doc).writingCountsShared ? counts : { total: counts.total, perPerson: null };

  const notifierFor = (workshop: LoadedDocument): Notifier => ({
    async privateNotesChanged(participantId) {
      const notes = (await stores.privateNotes.listAll(workshop.id)).filter((n) => n.ownerId === participantId);
      io.to(rooms.person(workshop.id, participantId)).emit('private.notes', notes);
    },
    async writingCountsChanged() {
      const counts = await writingCounts(workshop);
      const facilitators = rooms.role(workshop.id, 'facilitator');
      io.to(facilitators).emit('writing.counts', counts);
      io.to(rooms.workshop(workshop.id)).except(facilitators).emit('writing.counts', countsFor(workshop, 'participant', counts));
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

  /** One notifier per loaded workshop, shared by its connections. */
  const notifiers = new WeakMap<LoadedDocument, Notifier>();
  const notifierOf = (workshop: LoadedDocument): Notifier => {
    let notifier = notifiers.get(workshop);
    if (!notifier) {
      notifier = notifierFor(workshop);
      notifiers.set(workshop, notifier);
    }
    return notifier;
  };
  /** A logger naming the connection, made only when something is logged (not one per socket). */
  const socketLog = (socket: GatewaySocket) => log.child({ module: 'socket', connection: socket.id, role: socket.data.principal.role });
  const contextOf = (socket: GatewaySocket, command: string): CommandContext => {
    const { principal, workshop } = socket.data;
    const origin = commandOrigin(command);
    return { principal, workshop, services, notify: notifierOf(workshop), origin, apply: (change) => registry.apply(workshop, origin, change) };
  };

  /**
   * The session's and the address's command rates, shared by all their connections on every node
   * (one atomic step in the store). While the store is down only the connection's own limit holds.
   */
  const withinSharedRates = async (socket: GatewaySocket): Promise<boolean> => {
    if (!options.storeHealthy()) return true;
    const { principal } = socket.data;
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
      socketLog(socket).debug({ err }, 'shared rate check failed');
      return true;
    }
  };

  /**
   * Every event a connection may send, with its schema and what it runs. One table for all
   * connections (a connection holds no handler of its own): a plenary of 1,000 used to hold 35,000.
   */
  interface Handler {
    schema: z.ZodType;
    run: (socket: GatewaySocket, payload: never, locked: LoadedDocument) => Promise<CommandResult<object>>;
    /** Set on commands whose payload may carry a `commandId`: a retry with the same id is answered once. */
    idempotent: boolean;
    /** The document whose queue the command waits in: the plenary unless it reaches a group's board. */
    lockOf: ((socket: GatewaySocket) => Promise<LoadedDocument>) | null;
  }
  const handlers = new Map<string, Handler>();
  function handle<S extends z.ZodType, R extends object>(
    event: keyof ClientToServerEvents,
    schema: S,
    run: (socket: GatewaySocket, payload: z.output<S>, locked: LoadedDocument) => Promise<CommandResult<R>>,
    options: { idempotent?: boolean; lockOf?: (socket: GatewaySocket) => Promise<LoadedDocument> } = {},
  ): void {
    handlers.set(event, { schema, run: run as Handler['run'], idempotent: options.idempotent ?? false, lockOf: options.lockOf ?? null });
  }

  const receiptScope = (socket: GatewaySocket, payload: unknown): ReceiptScope | null => {
    const commandId = (payload as { commandId?: unknown }).commandId;
    const { workshop, principal } = socket.data;
    return typeof commandId === 'string' ? { workshopId: workshop.id, participantId: principal.participantId, commandId } : null;
  };

  /** Rate limit → parse → (authorise → run, one at a time per workshop); a throw becomes INTERNAL, never a crash. */
  async function dispatch(socket: GatewaySocket, event: string, payload: unknown, ack: unknown): Promise<void> {
    const handler = handlers.get(event);
    if (!handler || typeof ack !== 'function') return;
    const answer = ack as (result: CommandResult<object>) => void;
    const reply = (result: CommandResult<object>) => {
      options.onCommandDone?.(event, result);
      answer(result);
    };
    if (!socket.data.bucket.tryTake()) return reply({ ok: false, error: 'RATE_LIMITED' });
    if (!(await withinSharedRates(socket))) return reply({ ok: false, error: 'RATE_LIMITED' });
    const parsed = parsePayload(handler.schema, payload);
    if (!parsed.ok) return reply({ ok: false, error: parsed.error, detail: parsed.detail });
    try {
      const locked = handler.lockOf ? await handler.lockOf(socket) : socket.data.workshop;
      const exclusive = () => locked.runExclusive(() => handler.run(socket, parsed.value as never, locked));
      const scope = handler.idempotent ? receiptScope(socket, parsed.value) : null;
      const result = scope ? await onceByCommandId(stores.receipts, scope, exclusive) : await exclusive();
      if (!result.ok) socketLog(socket).debug({ event, error: result.error }, 'command refused');
      reply(result);
    } catch (err) {
      // Expected while the store is unreachable: the command was not made durable and is refused by name.
      const error = options.storeHealthy() && !(err instanceof StoreUnavailableError) ? 'INTERNAL' : 'STORE_UNAVAILABLE';
      socketLog(socket)[error === 'INTERNAL' ? 'error' : 'warn']({ err, event }, 'command failed');
      reply({ ok: false, error });
    }
  }
  /** The one listener every connection shares (Socket.IO calls it with the socket as `this`). */
  function onAnyEvent(this: GatewaySocket, event: string, payload?: unknown, ack?: unknown): void {
    void dispatch(this, event, payload, ack);
  }

  handle('workshop.join', emptySchema, async (socket) => {
    const result = await joinWorkshop(contextOf(socket, 'workshop.join'));
    // Someone joining during private writing learns the counts at once, not at the next hidden note.
    if (result.ok) socket.emit('writing.counts', countsFor(socket.data.workshop, socket.data.principal.role, await writingCounts(socket.data.workshop)));
    return result;
  });
  handle('clock.sync', emptySchema, async () => ({ ok: true, serverTime: services.now() }));
  handle('presence.list', presenceListSchema, async (socket, { offset }): Promise<CommandResult<PresenceListPage>> => {
    const { principal, workshop } = socket.data;
    if (principal.role === 'participant') return { ok: false, error: 'FORBIDDEN_ROLE' };
    const people = peopleFromEntries(await presence.list(workshop.id, services.now()));
    return { ok: true, ...presenceListPage(workshop.id, people, readMeta(workshop.doc)?.anonymous === true, offset, PRESENCE_LIST_PAGE) };
  });
  /** Puts a connection in the rooms of the group board it works on (and out of any other's). */
  const joinGroupRooms = async (socket: GatewaySocket, groupDocId: string | null): Promise<void> => {
    const { principal } = socket.data;
    const current = socket.data.groupRoomsOf;
    if (current === groupDocId) return;
    if (current) {
      await socket.leave(rooms.workshop(current));
      await socket.leave(rooms.person(current, principal.participantId));
    }
    if (groupDocId) await socket.join([rooms.workshop(groupDocId), rooms.person(groupDocId, principal.participantId)]);
    socket.data.groupRoomsOf = groupDocId;
  };
  const breakoutConnectionOf = (socket: GatewaySocket): BreakoutConnection => {
    const ctx: BreakoutContext = { principal: socket.data.principal, plenary: socket.data.workshop, services, presence, rooms: breakoutRooms };
    return {
      ctx,
      scope: socket.data.scope,
      joinGroupRooms: (groupDocId) => joinGroupRooms(socket, groupDocId),
      scheduleReturn: (returnAt) => scheduleReturn(ctx, returnAt),
    };
  };
  registerBreakoutHandlers((event, schema, run) => handle(event, schema, (socket, payload) => run(breakoutConnectionOf(socket), payload)));

  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    const entry = COMMANDS[name];
    const runEntry = entry.run as (ctx: CommandContext, payload: unknown) => Promise<CommandResult<object>>;
    handle(
      name,
      entry.schema,
      async (socket, payload, locked) => {
        // Known to be down: refuse before touching the document, so the change is cleanly not made.
        if (!options.storeHealthy()) return { ok: false, error: 'STORE_UNAVAILABLE' };
        const { principal, workshop, scope } = socket.data;
        const target = await scope.target(name);
        if (!target.ok) return target;
        // The group changed between choosing the lock and taking it (moved, or everyone came back): not run.
        if (target.doc !== locked) return { ok: false, error: target.groupId === null ? 'BREAKOUT_NOT_RUNNING' : 'NOT_IN_BREAKOUT' };
        await joinGroupRooms(socket, target.groupId === null ? null : target.doc.id);
        const refused = authorise(name, target.role, readSession(target.doc.doc));
        if (refused) return { ok: false, error: refused };
        if (target.doc === workshop && target.role === principal.role) return runEntry(contextOf(socket, name), payload);
        const origin = commandOrigin(name);
        const doc = target.doc;
        return runEntry({ principal: { ...principal, role: target.role }, workshop: doc, services, notify: notifierOf(doc), origin, apply: (change) => registry.apply(doc, origin, change) }, payload);
      },
      {
        idempotent: IDEMPOTENT_COMMANDS.has(name),
        // One at a time per board: a group's commands queue on the group's document, not the plenary's.
        lockOf: async (socket) => {
          const target = await socket.data.scope.target(name);
          return target.ok ? target.doc : socket.data.workshop;
        },
      },
    );
  }

  // Shutdown waits for these before it closes the store (a Redis client closed under them rejects).
  const pendingDisconnects = new Set<Promise<void>>();
  function onDisconnect(this: GatewaySocket): void {
    const socket = this;
    const { workshop } = socket.data;
    socket.data.release();
    socket.data.scope.release();
    registry.release(workshop);
    const left = (localConnections.get(workshop.id) ?? 1) - 1;
    if (left > 0) localConnections.set(workshop.id, left);
    else localConnections.delete(workshop.id);
    const removal = presence
      .remove(workshop.id, socket.id)
      .catch((err: unknown) => socketLog(socket).warn({ err }, 'presence removal failed'))
      .then(() => {
        if (localWorkshops().has(workshop.id)) broadcaster.changed(workshop.id);
        else {
          broadcaster.forget(workshop.id);
          anonymousWorkshops.delete(workshop.id);
          if (options.adapter) io.serverSideEmit('presence.dirty', workshop.id);
        }
      });
    pendingDisconnects.add(removal);
    void removal.finally(() => pendingDisconnects.delete(removal));
  }

  const sharedRoomNames = new WeakMap<LoadedDocument, SharedRoomNames>();
  const sharedRoomsOf = (workshop: LoadedDocument, principal: Principal): string[] => {
    let names = sharedRoomNames.get(workshop);
    if (!names) {
      names = { workshop: rooms.workshop(workshop.id), roles: new Map(), links: new Map() };
      sharedRoomNames.set(workshop, names);
    }
    let role = names.roles.get(principal.role);
    if (!role) names.roles.set(principal.role, (role = rooms.role(workshop.id, principal.role)));
    let link = names.links.get(principal.linkId);
    if (!link) names.links.set(principal.linkId, (link = rooms.link(principal.linkId)));
    return [names.workshop, role, link];
  };

  io.on('connection', (socket: GatewaySocket) => {
    const { principal, workshop } = socket.data;
    // The handshake and the HTTP request it came from were read by the check above and are not
    // needed again: held, they would cost every connection its headers, query and token.
    (socket.conn as unknown as { request: unknown }).request = null;
    (socket as { handshake: GatewaySocket['handshake'] }).handshake = RELEASED_HANDSHAKE;
    localConnections.set(workshop.id, (localConnections.get(workshop.id) ?? 0) + 1);
    const [workshopRoom, roleRoom, linkRoom] = sharedRoomsOf(workshop, principal);
    void socket.join([
      workshopRoom!,
      roleRoom!,
      rooms.person(workshop.id, principal.participantId),
      linkRoom!,
      rooms.session(principal.tokenHash),
    ]);
    anonymousWorkshops.set(workshop.id, readMeta(workshop.doc)?.anonymous === true);
    void presence
      .put(workshop.id, entryFor(socket))
      .catch((err: unknown) => socketLog(socket).warn({ err }, 'presence write failed'))
      .then(async () => {
        socket.emit('presence.update', await broadcaster.snapshot(workshop.id));
        broadcaster.changed(workshop.id);
      })
      .catch((err: unknown) => socketLog(socket).warn({ err }, 'presence snapshot failed'));
    socket.onAny(onAnyEvent);
    socket.on('disconnect', onDisconnect);
  });

  return {
    io,
    disconnectsSettled: () => Promise.all(pendingDisconnects).then(() => undefined),
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
