import { readConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startIntegrityBoardServer } from './createIntegrityBoardServer.ts';
import { installLastResortHandlers } from './lastResort.ts';

const config = readConfig();
const log = createLogger(config.logLevel);

const server = await startIntegrityBoardServer(config, log);
// Only once serving: a failure to start still stops the process with its error.
installLastResortHandlers(log);
log.info({ port: server.port, node: config.nodeId, store: config.redisUrl ? 'redis' : 'embedded' }, 'listening');
// The one line a person starting the product needs, whatever the log level.
console.log(`Integrity Board is running: open ${server.url} (port ${server.port})`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: flushing the store');
  try {
    await server.close();
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
