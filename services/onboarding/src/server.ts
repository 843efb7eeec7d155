/** Starts the onboarding subgraph from the environment: `tsx services/onboarding/src/server.ts`. */
import { authOptionsFromEnv } from '@msp/auth';
import { createDb } from '@msp/db';
import { createOperationsQueue, redisConnection } from '@msp/gate';
import { checkRedis } from '@msp/subgraph-kit';
import { Redis } from 'ioredis';
import pino from 'pino';
import { startOnboardingSubgraph } from './app';
import { loadOnboardingEnv } from './env';

const env = loadOnboardingEnv();
const logger = pino({ level: env.LOG_LEVEL, base: { service: 'onboarding' } });
const db = createDb({ url: env.DATABASE_URL, max: env.ONBOARDING_DB_POOL, applicationName: 'msp-onboarding' });
const queue = createOperationsQueue({ connection: redisConnection(env.REDIS_URL), prefix: env.BULLMQ_PREFIX });
const publisher = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, connectionName: 'msp-onboarding-pub' });
publisher.on('error', (error) => logger.warn({ err: error }, 'redis publisher error'));

const subgraph = await startOnboardingSubgraph({
  db,
  queue,
  publisher,
  auth: authOptionsFromEnv(env),
  links: { publicAppUrl: env.PUBLIC_APP_URL },
  logger,
  secretEncryptionKey: env.SECRET_ENCRYPTION_KEY,
  port: env.ONBOARDING_PORT,
  host: env.ONBOARDING_HOST,
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
