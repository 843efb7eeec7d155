/** Starts the tenant subgraph from the environment: `tsx services/tenant/src/server.ts`. */
import { authOptionsFromEnv } from '@msp/auth';
import { createDb } from '@msp/db';
import { createOperationsQueue, redisConnection } from '@msp/gate';
import { checkRedis } from '@msp/subgraph-kit';
import { Redis } from 'ioredis';
import pino from 'pino';
import { startTenantSubgraph } from './app';
import { loadTenantEnv } from './env';

const env = loadTenantEnv();
const logger = pino({ level: env.LOG_LEVEL, base: { service: 'tenant' } });
const db = createDb({ url: env.DATABASE_URL, max: env.TENANT_DB_POOL, applicationName: 'msp-tenant' });
const queue = createOperationsQueue({ connection: redisConnection(env.REDIS_URL) });
const publisher = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, connectionName: 'msp-tenant-pub' });
publisher.on('error', (error) => logger.warn({ err: error }, 'redis publisher error'));

const subgraph = await startTenantSubgraph({
  db,
  queue,
  publisher,
  auth: authOptionsFromEnv(env),
  links: { publicAppUrl: env.PUBLIC_APP_URL },
  logger,
  port: env.TENANT_PORT,
  host: env.TENANT_HOST,
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
