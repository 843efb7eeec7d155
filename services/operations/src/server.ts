/** Starts the operations subgraph from the environment: `tsx services/operations/src/server.ts`. */
import { settingsOrExit } from '@msp/settings';
import { runSubgraphProcess } from '@msp/subgraph-kit';
import { startOperationsSubgraph } from './app';
import { loadOperationsEnv } from './env';

const env = settingsOrExit(() => loadOperationsEnv());

await runSubgraphProcess({
  name: 'operations',
  env,
  dbPool: env.OPERATIONS_DB_POOL,
  port: env.OPERATIONS_PORT,
  host: env.OPERATIONS_HOST,
  start: (shared) =>
    startOperationsSubgraph({
      ...shared,
      redisUrl: env.REDIS_URL,
      subscriptionRecheckMs: env.SUBSCRIPTION_RECHECK_MS,
      scheduleMinIntervalSeconds: env.SCHEDULE_MIN_INTERVAL_SECONDS,
    }),
});
