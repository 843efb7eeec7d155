/** Starts the console's server from the environment: `tsx services/console/server/main.ts`. */
import { settingsOrExit } from '@msp/settings';
import pino from 'pino';
import { DIST_DIR, ensureBuild } from './build';
import { consoleOptionsFromEnv } from './env';
import { startConsoleServer } from './server';

const options = settingsOrExit(() => consoleOptionsFromEnv());
const logger = pino({ level: options.logLevel, base: { service: 'console' } });
if (ensureBuild((m) => logger.info(m)) === 'built') logger.info('console built');
const server = await startConsoleServer({ ...options, distDir: DIST_DIR, logger });

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    void server.close().then(() => process.exit(0));
  });
}
