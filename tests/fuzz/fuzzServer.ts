import { readFileSync } from 'node:fs';
import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import { connectClient, openReplica, type Client } from '../helpers/clients.ts';
import { spawnServerProcess, type ServerProcess } from '../helpers/serverProcess.ts';
import { makeDataDir, removeDataDir } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, openSession, type TestWorkshop } from '../helpers/workshops.ts';

/** What every target needs: a server in its own process and a workshop with people and notes in it. */
export interface FuzzContext {
  url: string;
  port: number;
  workshop: TestWorkshop;
  otherWorkshopId: string;
  tokens: { facilitator: string; participant: string; observer: string };
  boardId: string;
  noteIds: string[];
  /** Longest one input may take to be answered or closed. */
  timeoutMs: number;
  /** Socket.IO clients kept open between inputs (reconnected when the server closed them). */
  clients: Map<string, Client>;
}

export interface FuzzServer {
  context: FuzzContext;
  process: ServerProcess;
  alive(): boolean;
  rss(): number | null;
  /** Log lines at error level or above so far (bad input must never produce one). */
  errorLines(): string[];
  stop(): Promise<void>;
}

/**
 * Starts `server/main.ts` as a child process (so a crash is seen as an exit, not hidden by the test
 * runner) with limits loose enough for inputs to reach the code behind them.
 */
export async function startFuzzServer(timeoutMs: number, env: Record<string, string> = {}): Promise<FuzzServer> {
  const dataDir = await makeDataDir();
  const server = await spawnServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', COMMANDS_PER_SECOND: '100000', ...env });
  const port = Number(new URL(server.url).port);
  const target = { url: server.url };
  const workshop = await createWorkshop(target);
  const other = await createWorkshop(target);
  const facilitator = await openSession(target, workshop, 'facilitator', 'Facilitator');
  const observer = await openSession(target, workshop, 'observer', 'Observer');
  const ana = await joinAs(target, workshop, 'participant', 'Ana');
  const replica = await openReplica(target, workshop.id, ana.person.token);
  const boardId = readBoards(replica.doc)[0]!.id;
  for (const text of ['Electronic declarations', 'Rotation of officers', 'Hotline for reports']) {
    await ana.send('note.add', { boardId, row: 'automation', column: 'strengths', text });
  }
  await replica.waitFor((doc) => readNotes(doc).length >= 3);
  const noteIds = readNotes(replica.doc).map((n) => n.id);
  replica.destroy();
  ana.close();

  const clients = new Map<string, Client>();
  const context: FuzzContext = {
    url: server.url,
    port,
    workshop,
    otherWorkshopId: other.id,
    tokens: { facilitator: facilitator.token, participant: ana.person.token, observer: observer.token },
    boardId,
    noteIds,
    timeoutMs,
    clients,
  };
  return {
    context,
    process: server,
    alive: () => server.child.exitCode === null && server.child.signalCode === null,
    rss: () => rssOf(server.child.pid),
    errorLines: () => server.lines.filter((line) => /"level":(5\d|60)/.test(line)),
    async stop() {
      for (const client of clients.values()) client.close();
      if (server.child.exitCode === null) server.child.kill('SIGTERM');
      await server.exited;
      await removeDataDir(dataDir);
    },
  };
}

/** Resident memory of a process, from /proc (Linux); null elsewhere. */
function rssOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export async function connectedClient(context: FuzzContext, role: keyof FuzzContext['tokens']): Promise<Client> {
  const known = context.clients.get(role);
  if (known?.socket.connected) return known;
  known?.close();
  const client = await connectClient({ url: context.url }, context.tokens[role]);
  await client.sendRaw('workshop.join', {}).catch(() => undefined);
  context.clients.set(role, client);
  return client;
}
