/** Starts the provider-connection subgraph from the environment: `tsx services/provider-connection/src/server.ts`. */
import { authOptionsFromEnv } from '@msp/auth';
import { createSecretBox } from '@msp/db';
import { checkRedis, runSubgraphProcess } from '@msp/subgraph-kit';
import { startProviderConnectionSubgraph } from './app';
import { loadProviderConnectionEnv } from './env';

const env = loadProviderConnectionEnv();

await runSubgraphProcess({
  name: 'provider-connection',
  env,
  dbPool: env.PROVIDER_CONNECTION_DB_POOL,
  start: ({ db, queue, publisher, logger }) =>
    startProviderConnectionSubgraph({
      db,
      queue,
      publisher,
      auth: authOptionsFromEnv(env),
      links: { publicAppUrl: env.PUBLIC_APP_URL },
      graphCloud: env.graphCloud,
      logger,
      secretBox: createSecretBox(env.SECRET_ENCRYPTION_KEY),
      port: env.PROVIDER_CONNECTION_PORT,
      host: env.PROVIDER_CONNECTION_HOST,
      gatewayKey: env.GATEWAY_SUBGRAPH_KEY,
      readiness: [() => checkRedis(publisher)],
    }),
});
