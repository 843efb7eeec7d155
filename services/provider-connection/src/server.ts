/** Starts the provider-connection subgraph from the environment: `tsx services/provider-connection/src/server.ts`. */
import { authOptionsFromEnv } from '@msp/auth';
import { createDb, createSecretBox } from '@msp/db';
import { createOperationsQueue, redisConnection } from '@msp/gate';
import { checkRedis } from '@msp/subgraph-kit';
import { Redis } from 'ioredis';
import pino from 'pino';
import { startProviderConnectionSubgraph } from './app';
import { loadProviderConnectionEnv } from './env';

const env = loadProviderConnectionEnv();
const logger = pino({ level: env.LOG_LEVEL, base: { service: 'provider-connection' } });
const db = createDb({
  url: env.DATABASE_URL,
  max: env.PROVIDER_CONNECTION_DB_POOL,
  applicationName: 'msp-provider-connection',
});
const queue = createOperationsQueue({ connection: redisConnection(env.REDIS_URL) });
const publisher = new Redis(env.REDIS_URL, {
  maxRetriesPerRequest: null,
  connectionName: 'msp-provider-connection-pub',
});
publisher.on('error', (error) => logger.warn({ err: error }, 'redis publisher error'));

const subgraph = await startProviderConnectionSubgraph({
  db,
  queue,
  publisher,
  secretBox: createSecretBox(env.SECRET_ENCRYPTION_KEY),
  auth: authOptionsFromEnv(env),
  links: { publicAppUrl: env.PUBLIC_APP_URL },
  logger,
  port: env.PROVIDER_CONNECTION_PORT,
  host: env.PROVIDER_CONNECTION_HOST,
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
