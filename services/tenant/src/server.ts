/** Starts the tenant subgraph from the environment: `tsx services/tenant/src/server.ts`. */
import { authOptionsFromEnv } from '@msp/auth';
import { checkRedis, runSubgraphProcess } from '@msp/subgraph-kit';
import { startTenantSubgraph } from './app';
import { loadTenantEnv } from './env';

const env = loadTenantEnv();

await runSubgraphProcess({
  name: 'tenant',
  env,
  dbPool: env.TENANT_DB_POOL,
  start: ({ db, queue, publisher, logger }) =>
    startTenantSubgraph({
      db,
      queue,
      publisher,
      auth: authOptionsFromEnv(env),
      links: { publicAppUrl: env.PUBLIC_APP_URL },
      logger,
      port: env.TENANT_PORT,
      host: env.TENANT_HOST,
      gatewayKey: env.GATEWAY_SUBGRAPH_KEY,
      readiness: [() => checkRedis(publisher)],
    }),
});
