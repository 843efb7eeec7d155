/** Starts the operations subgraph from the environment: `tsx services/operations/src/server.ts`. */
import { authOptionsFromEnv } from '@msp/auth';
import { createDb } from '@msp/db';
import pino from 'pino';
import { startOperationsSubgraph } from './app';
import { loadOperationsEnv } from './env';

const env = loadOperationsEnv();
const logger = pino({ level: env.LOG_LEVEL, base: { service: 'operations' } });
const db = createDb({ url: env.DATABASE_URL, max: env.OPERATIONS_DB_POOL, applicationName: 'msp-operations' });

const subgraph = await startOperationsSubgraph({
  db,
  redisUrl: env.REDIS_URL,
  auth: authOptionsFromEnv(env),
  links: { publicAppUrl: env.PUBLIC_APP_URL },
  logger,
  port: env.OPERATIONS_PORT,
  host: env.OPERATIONS_HOST,
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    subgraph
      .close()
      .then(() => db.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'unclean stop');
          process.exit(1);
        },
      );
  });
}
