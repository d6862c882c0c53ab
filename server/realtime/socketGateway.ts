import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { z } from 'zod';
import { readBoards, readMeta, readSession } from '../../shared/board/boardDocument.ts';
import { authorise } from '../../shared/facilitation/authorise.ts';
import { ROLES } from '../../shared/facilitation/roles.ts';
import {
  emptySchema,
  handshakeSchema,
  parsePayload,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type CommandName,
  type CommandResult,
  type InterServerEvents,
  type ServerToClientEvents,
  type WritingCounts,
} from '../../shared/protocol/index.ts';
import { authenticateToken } from '../auth/authenticate.ts';
import type { Principal } from '../auth/Principal.ts';
import type { CommandContext, Notifier } from '../commands/CommandContext.ts';
import { COMMANDS } from '../commands/commandTable.ts';
import { joinWorkshop } from '../commands/joinWorkshop.ts';
import { commandOrigin } from '../documents/updateOrigin.ts';
import type { LoadedDocument } from '../documents/DocumentRegistry.ts';
import type { Services } from '../Services.ts';
import { presenceEntryLifetimeMs, type PresenceStore } from '../storage/PresenceStore.ts';
import { repeatedLog } from '../repeatedLog.ts';
import { StoreUnavailableError } from '../storage/StoreUnavailableError.ts';
import { presenceFor } from './presence.ts';
import { TokenBucket } from './rateLimiter.ts';

/** Largest Socket.IO frame accepted (the largest payload, a summary, is 20,000 characters). */
const MAX_FRAME_BYTES = 128 * 1024;

interface SocketData {
  principal: Principal;
  workshop: LoadedDocument;
  bucket: TokenBucket;
}

type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const rooms = {
  workshop: (id: string) => `w:${id}`,
  role: (id: string, role: string) => `w:${id}:role:${role}`,
  person: (id: string, participantId: string) => `w:${id}:p:${participantId}`,
  link: (linkId: string) => `link:${linkId}`,
};

export interface SocketGateway {
  io: GatewayServer;
  /** Stops the presence heartbeat. */
  stop(): void;
  /** Ends every connection of sessions made through a revoked link. */
  closeLinkConnections(linkId: string): void;
}

/** Socket.IO: authenticate the handshake, parse each command once, authorise, run, answer with an ack. */
export interface SocketGatewayOptions {
  commandsPerSecond: number;
  presence: PresenceStore;
  /** Milliseconds a presence entry lives without a heartbeat; heartbeats run at a third of it. */
  presenceTtlMs: number;
  nodeId: string;
  adapter: ServerOptions['adapter'] | undefined;
  storeHealthy: () => boolean;
  /** A link was revoked on another node. */
  onRemoteLinkRevoked: (linkId: string) => void;
}

export function createSocketGateway(httpServer: HttpServer, services: Services, options: SocketGatewayOptions): SocketGateway {
  const { registry, stores, log } = services;
  const { presence, presenceTtlMs, nodeId, commandsPerSecond } = options;
  const io: GatewayServer = new Server(httpServer, {
    destroyUpgrade: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    serveClient: false,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });

  const handshakeLog = repeatedLog(log);
  io.use(async (socket, next) => {
    try {
      const auth = socket.handshake.auth as { protocolVersion?: unknown } | null;
      if (auth?.protocolVersion !== PROTOCOL_VERSION) return next(new Error('PROTOCOL_MISMATCH'));
      const handshake = handshakeSchema.safeParse(auth);
      if (!handshake.success) return next(new Error('UNAUTHENTICATED'));
      const result = await authenticateToken(stores.workshops, handshake.data.token);
      if (!result.ok) return next(new Error(result.error));
      const workshop = await registry.acquire(result.principal.workshopId);
      if (!workshop) return next(new Error('WORKSHOP_NOT_FOUND'));
      socket.data.principal = result.principal;
      socket.data.workshop = workshop;
      socket.data.bucket = new TokenBucket(commandsPerSecond);
      next();
    } catch (err) {
      handshakeLog(options.storeHealthy() ? 'error' : 'warn', `handshake failed: ${String(err)}`, { err }, 'handshake failed');
      next(new Error('STORE_UNAVAILABLE'));
    }
  });

  /** Who is in a workshop across nodes, one entry per person. */
  const peopleIn = async (workshopId: string): Promise<Principal[]> => {
    const entries = await presence.list(workshopId, services.now());
    const people = new Map<string, Principal>();
    for (const e of entries) {
      people.set(e.participantId, { workshopId, participantId: e.participantId, role: e.role, displayName: e.displayName, administration: e.administration, linkId: '' });
    }
    return [...people.values()];
  };
  /** Sends each role what it may see of presence; `local` limits it to this node's sockets (heartbeat sweeps). */
  const publishPresence = async (workshop: LoadedDocument, local = false) => {
    try {
      const anonymous = readMeta(workshop.doc)?.anonymous === true;
      const people = await peopleIn(workshop.id);
      const target = local ? io.local : io;
      for (const role of ROLES) target.to(rooms.role(workshop.id, role)).emit('presence.update', presenceFor(role, people, anonymous));
    } catch (err) {
      log.warn({ err, workshopId: workshop.id }, 'presence update failed');
    }
  };
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
  /** Refreshes this node's presence entries and tells local sockets when the list changed (a node died). */
  const lastPublished = new Map<string, string>();
  const heartbeat = setInterval(() => {
    void (async () => {
      const workshops = new Map<string, LoadedDocument>();
      for (const socket of io.of('/').sockets.values()) {
        workshops.set(socket.data.workshop.id, socket.data.workshop);
        await presence.put(socket.data.workshop.id, entryFor(socket)).catch(() => undefined);
      }
      for (const workshop of workshops.values()) {
        const people = await peopleIn(workshop.id).catch(() => null);
        if (!people) continue;
        const signature = people.map((p) => p.participantId).sort().join(',');
        if (lastPublished.get(workshop.id) !== signature) {
          lastPublished.set(workshop.id, signature);
          await publishPresence(workshop, true);
        }
      }
      for (const id of lastPublished.keys()) if (!workshops.has(id)) lastPublished.delete(id);
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

  io.on('link.revoked', (linkId: string) => options.onRemoteLinkRevoked(linkId));

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
    ]);
    void presence
      .put(workshop.id, entryFor(socket))
      .catch((err: unknown) => clog.warn({ err }, 'presence write failed'))
      .then(() => publishPresence(workshop));

    /** Rate limit → parse → (authorise → run, one at a time per workshop); a throw becomes INTERNAL, never a crash. */
    function handle<S extends z.ZodType, R extends object>(
      event: keyof ClientToServerEvents,
      schema: S,
      run: (payload: z.output<S>) => Promise<CommandResult<R>>,
    ): void {
      socket.on(event, async (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        const reply = ack as (result: CommandResult<R>) => void;
        if (!socket.data.bucket.tryTake()) return reply({ ok: false, error: 'RATE_LIMITED' });
        const parsed = parsePayload(schema, payload);
        if (!parsed.ok) return reply({ ok: false, error: parsed.error, detail: parsed.detail });
        try {
          const result = await workshop.runExclusive(() => run(parsed.value));
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
    for (const name of Object.keys(COMMANDS) as CommandName[]) {
      const entry = COMMANDS[name];
      handle(name, entry.schema, async (payload) => {
        // Known to be down: refuse before touching the document, so the change is cleanly not made.
        if (!options.storeHealthy()) return { ok: false, error: 'STORE_UNAVAILABLE' };
        const refused = authorise(name, principal.role, readSession(workshop.doc));
        if (refused) return { ok: false, error: refused };
        return entry.run(context(name), payload);
      });
    }

    socket.on('disconnect', () => {
      registry.release(workshop);
      void presence
        .remove(workshop.id, socket.id)
        .catch((err: unknown) => clog.warn({ err }, 'presence removal failed'))
        .then(() => publishPresence(workshop));
    });
  });

  return {
    io,
    stop() {
      clearInterval(heartbeat);
    },
    closeLinkConnections(linkId) {
      io.to(rooms.link(linkId)).emit('session.ended', 'LINK_REVOKED');
      io.in(rooms.link(linkId)).disconnectSockets(true);
      if (options.adapter) io.serverSideEmit('link.revoked', linkId);
    },
  };
}
