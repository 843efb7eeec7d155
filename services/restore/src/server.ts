/** Starts the restore subgraph from the environment: `tsx services/restore/src/server.ts`. */
import { authOptionsFromEnv } from '@msp/auth';
import { createDb } from '@msp/db';
import { createOperationsQueue, redisConnection } from '@msp/gate';
import { checkRedis } from '@msp/subgraph-kit';
import { Redis } from 'ioredis';
import pino from 'pino';
import { startRestoreSubgraph } from './app';
import { loadRestoreEnv } from './env';

const env = loadRestoreEnv();
const logger = pino({ level: env.LOG_LEVEL, base: { service: 'restore' } });
const db = createDb({ url: env.DATABASE_URL, max: env.RESTORE_DB_POOL, applicationName: 'msp-restore' });
const queue = createOperationsQueue({ connection: redisConnection(env.REDIS_URL), prefix: env.BULLMQ_PREFIX });
const publisher = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, connectionName: 'msp-restore-pub' });
publisher.on('error', (error) => logger.warn({ err: error }, 'redis publisher error'));

const subgraph = await startRestoreSubgraph({
  db,
  queue,
  publisher,
  auth: authOptionsFromEnv(env),
  links: { publicAppUrl: env.PUBLIC_APP_URL },
  logger,
  graph: env.graph,
  secretEncryptionKey: env.SECRET_ENCRYPTION_KEY,
  previewTimeoutMs: env.RESTORE_PREVIEW_TIMEOUT_MS,
  port: env.RESTORE_PORT,
  host: env.RESTORE_HOST,
  readiness: [() => checkRedis(publisher)],
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    subgraph
      .close()
      .then(() => queue.close())
      .then(() => publisher.quit())
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
