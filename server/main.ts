import { readConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startIntegrityBoardServer } from './createIntegrityBoardServer.ts';
import { installLastResortHandlers } from './lastResort.ts';
import { startFailureLine } from './startFailure.ts';

const config = (() => {
  try {
    return readConfig();
  } catch (err) {
    console.error(startFailureLine(err, {}));
    process.exit(1);
  }
})();
const log = createLogger(config.logLevel);

const server = await startIntegrityBoardServer(config, log).catch((err: unknown) => {
  // One clear line for the person starting it; the whole error for whoever debugs it.
  log.debug({ err }, 'start failed');
  console.error(startFailureLine(err, config));
  process.exit(1);
});
// Only once serving: a failure to start still stops the process with its error.
installLastResortHandlers(log);
log.info({ port: server.port, node: config.nodeId, store: config.redisUrl ? 'redis' : 'embedded' }, 'listening');
// The one line a person starting the product needs, whatever the log level.
console.log(`Integrity Board is running: open ${server.url} (port ${server.port})`);

/**
 * Longest a graceful shutdown may take (under Docker's default 10 s before SIGKILL). Every acknowledged
 * change is already durable, so what a hung store keeps from finishing was never acknowledged.
 */
const SHUTDOWN_GRACE_MS = 8_000;

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: flushing the store');
  setTimeout(() => {
    log.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown did not finish within its grace period (the store does not answer): exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  try {
    await server.close({ processExits: true });
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
