/** Starts the operations subgraph from the environment: `tsx services/operations/src/server.ts`. */
import { authOptionsFromEnv } from '@msp/auth';
import { runSubgraphProcess } from '@msp/subgraph-kit';
import { startOperationsSubgraph } from './app';
import { loadOperationsEnv } from './env';

const env = loadOperationsEnv();

await runSubgraphProcess({
  name: 'operations',
  env,
  dbPool: env.OPERATIONS_DB_POOL,
  start: ({ db, queue, publisher, logger }) =>
    startOperationsSubgraph({
      db,
      redisUrl: env.REDIS_URL,
      queue,
      publisher,
      auth: authOptionsFromEnv(env),
      links: { publicAppUrl: env.PUBLIC_APP_URL },
      logger,
      port: env.OPERATIONS_PORT,
      host: env.OPERATIONS_HOST,
      gatewayKey: env.GATEWAY_SUBGRAPH_KEY,
      subscriptionRecheckMs: env.SUBSCRIPTION_RECHECK_MS,
    }),
});
