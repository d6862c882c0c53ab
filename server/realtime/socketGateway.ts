import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import {
  addNoteSchema,
  boardRefSchema,
  deleteNoteSchema,
  editNoteSchema,
  parsePayload,
  type ClientToServerEvents,
  type CommandResult,
  type InterServerEvents,
  type ServerToClientEvents,
} from '../../shared/protocol/index.ts';
import type { BoardRegistry, LoadedBoard } from '../boards/BoardRegistry.ts';
import type { CommandContext } from '../commands/CommandContext.ts';
import { addNote } from '../commands/addNote.ts';
import { deleteNote } from '../commands/deleteNote.ts';
import { editNote } from '../commands/editNote.ts';
import { joinBoard } from '../commands/joinBoard.ts';
import type { Logger } from '../logger.ts';
import type { NoteOwnershipStore } from '../storage/DocumentStore.ts';
import { authenticateHandshake, type Principal } from './identity.ts';
import { PresenceRegistry } from './presence.ts';
import { TokenBucket } from './rateLimiter.ts';

/** Largest Socket.IO frame accepted (a note is at most 500 characters). */
const MAX_FRAME_BYTES = 16 * 1024;

interface SocketData {
  principal: Principal;
  boards: Map<string, LoadedBoard>;
  bucket: TokenBucket;
}

type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketGatewayOptions {
  httpServer: HttpServer;
  registry: BoardRegistry;
  ownership: NoteOwnershipStore;
  log: Logger;
  commandsPerSecond: number;
  now?: () => number;
  newId: () => string;
}

const roomOf = (boardId: string) => `board:${boardId}`;

/** Socket.IO: authenticate the handshake, parse each command once, dispatch, answer with an ack. */
export function createSocketGateway(options: SocketGatewayOptions): GatewayServer {
  const { registry, ownership, log, newId } = options;
  const now = options.now ?? Date.now;
  const presence = new PresenceRegistry();
  const io: GatewayServer = new Server(options.httpServer, {
    destroyUpgrade: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    serveClient: false,
  });

  io.use((socket, next) => {
    const result = authenticateHandshake(socket.handshake.auth);
    if (!result.ok) return next(new Error(result.error));
    socket.data.principal = result.principal;
    socket.data.boards = new Map();
    socket.data.bucket = new TokenBucket(options.commandsPerSecond);
    next();
  });

  const publishPresence = (boardId: string) => io.to(roomOf(boardId)).emit('presence.update', presence.snapshot(boardId));

  const leave = async (socket: GatewaySocket, boardId: string) => {
    const board = socket.data.boards.get(boardId);
    if (!board) return;
    socket.data.boards.delete(boardId);
    presence.leave(boardId, socket.id);
    await socket.leave(roomOf(boardId));
    registry.release(board);
    publishPresence(boardId);
  };

  io.on('connection', (socket: GatewaySocket) => {
    const clog = log.child({ module: 'socket', connection: socket.id });

    /** Rate limit → parse → run; any unexpected throw becomes INTERNAL, never a crash. */
    function on<S extends z.ZodType, R extends object>(
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
          const result = await run(parsed.value);
          if (!result.ok) clog.debug({ event, error: result.error }, 'command refused');
          reply(result);
        } catch (err) {
          clog.error({ err, event }, 'command failed');
          reply({ ok: false, error: 'INTERNAL' });
        }
      });
    }

    /** Runs a command against a board this connection joined. */
    function onBoardCommand<S extends z.ZodType<{ boardId: string }>, R extends object>(
      event: keyof ClientToServerEvents,
      schema: S,
      command: (ctx: CommandContext, payload: z.output<S>) => Promise<CommandResult<R>>,
    ): void {
      on(event, schema, async (payload) => {
        const board = socket.data.boards.get(payload.boardId);
        if (!board) return { ok: false, error: 'NOT_JOINED' };
        return command({ principal: socket.data.principal, board, registry, ownership, now, newId }, payload);
      });
    }

    on('board.join', boardRefSchema, async ({ boardId }) => {
      if (socket.data.boards.has(boardId)) {
        return joinBoard(socket.data.boards.get(boardId)!, socket.data.principal, ownership);
      }
      const board = await registry.acquire(boardId);
      if (!board) return { ok: false, error: 'BOARD_NOT_FOUND' };
      if (socket.disconnected) {
        registry.release(board);
        return { ok: false, error: 'NOT_JOINED' };
      }
      socket.data.boards.set(boardId, board);
      presence.join(boardId, socket.id, socket.data.principal);
      await socket.join(roomOf(boardId));
      publishPresence(boardId);
      return joinBoard(board, socket.data.principal, ownership);
    });
    on('board.leave', boardRefSchema, async ({ boardId }) => {
      await leave(socket, boardId);
      return { ok: true };
    });
    onBoardCommand('note.add', addNoteSchema, addNote);
    onBoardCommand('note.edit', editNoteSchema, editNote);
    onBoardCommand('note.delete', deleteNoteSchema, deleteNote);

    socket.on('disconnect', () => {
      for (const boardId of [...socket.data.boards.keys()]) void leave(socket, boardId);
    });
  });

  return io;
}
