/** Starts the provider-connection subgraph from the environment: `tsx services/provider-connection/src/server.ts`. */
import { createSecretBox } from '@msp/db';
import { settingsOrExit } from '@msp/settings';
import { runSubgraphProcess } from '@msp/subgraph-kit';
import { startProviderConnectionSubgraph } from './app';
import { loadProviderConnectionEnv } from './env';

const env = settingsOrExit(() => loadProviderConnectionEnv());

await runSubgraphProcess({
  name: 'provider-connection',
  env,
  dbPool: env.PROVIDER_CONNECTION_DB_POOL,
  port: env.PROVIDER_CONNECTION_PORT,
  host: env.PROVIDER_CONNECTION_HOST,
  start: (shared) =>
    startProviderConnectionSubgraph({
      ...shared,
      graphCloud: env.graphCloud,
      secretBox: createSecretBox(env.SECRET_ENCRYPTION_KEY),
    }),
});
