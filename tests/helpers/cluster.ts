import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnServerProcess, type ServerProcess } from './serverProcess.ts';
import { uniqueKeyPrefix, type TestRedis } from './redisServer.ts';

export interface Cluster {
  nodes: ServerProcess[];
  prefix: string;
  /** Starts one more node on the same Redis. */
  addNode(name?: string): Promise<ServerProcess>;
  /** SIGKILL, like a crash. */
  kill(node: ServerProcess): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Fault tests drive many people from one address on purpose; the shared rate rules have tests of
 * their own (limitsAcrossNodes passes its own values, which win).
 */
const LIFTED_SHARED_LIMITS = {
  COMMANDS_PER_SESSION_PER_SECOND: '1000000',
  COMMANDS_PER_ADDRESS_PER_SECOND: '1000000',
  CONNECTIONS_PER_ADDRESS: '100000',
  SESSIONS_PER_LINK_PER_ADDRESS_PER_HOUR: '1000000',
  WORKSHOPS_PER_ADDRESS_PER_HOUR: '1000000',
};

/** N server processes (`server/main.ts`, as `npm start` runs it) sharing one Redis. */
export async function startCluster(redis: TestRedis, count: number, env: Record<string, string> = {}): Promise<Cluster> {
  const prefix = uniqueKeyPrefix('cluster');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ib-cluster-'));
  const nodes: ServerProcess[] = [];
  let n = 0;
  const addNode = async (name = `node${++n}`) => {
    const node = await spawnServerProcess({
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      NODE_ID: name,
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...LIFTED_SHARED_LIMITS,
      ...env,
    });
    nodes.push(node);
    return node;
  };
  for (let i = 0; i < count; i++) await addNode();
  return {
    nodes,
    prefix,
    addNode,
    async kill(node) {
      node.child.kill('SIGKILL');
      await node.exited;
    },
    async stop() {
      await Promise.all(
        nodes.map(async (node) => {
          if (node.child.exitCode === null && node.child.signalCode === null) {
            node.child.kill('SIGTERM');
            const timer = setTimeout(() => node.child.kill('SIGKILL'), 5000);
            await node.exited;
            clearTimeout(timer);
          }
        }),
      );
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
