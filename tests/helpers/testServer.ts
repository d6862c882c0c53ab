import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readConfig, type ServerConfig } from '../../server/config.ts';
import { startIntegrityBoardServer, type RunningServer } from '../../server/createIntegrityBoardServer.ts';
import { createLogger } from '../../server/logger.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Stops the server (flushing the store) and starts a new one on the same data folder. */
  restart(): Promise<TestServer>;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'ib-test-'));
}

/** A real server on port 0 with its own data folder (or the given one). */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? (await makeDataDir());
  const config: ServerConfig = { ...readConfig({}), port: 0, dataDir, logLevel: 'silent', ...overrides };
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? config.logLevel);
  const running = await startIntegrityBoardServer(config, log);
  const server: TestServer = {
    ...running,
    url: `http://127.0.0.1:${running.port}`,
    dataDir,
    async restart() {
      await running.close();
      return startTestServer({ ...overrides, dataDir });
    },
  };
  return server;
}

export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}
