import { ConfigError, loadConfig } from './server/config';
import { createLogger } from './server/log';
import { startLifeline } from './server/start';

// The one place that reads process.env: everything else gets the validated Config.
process.env.NEXT_TELEMETRY_DISABLED = '1';

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Lifeline cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  // A bug in one request must not take every other user's session down with the process.
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: reason }));
  const lifeline = await startLifeline(config, { dev: process.env.LIFELINE_DEV === '1', log });
  // A deploy or a restart: sockets are told to reconnect (to the next server) and uploads under way finish first.
  const stop = () => {
    log.info('Stopping…');
    void lifeline.close({ drainMs: 30_000 }).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Lifeline cannot start. ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
