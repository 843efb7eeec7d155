/** Starts the onboarding subgraph from the environment: `tsx services/onboarding/src/server.ts`. */
import { authOptionsFromEnv } from '@msp/auth';
import { checkRedis, runSubgraphProcess } from '@msp/subgraph-kit';
import { startOnboardingSubgraph } from './app';
import { loadOnboardingEnv } from './env';

const env = loadOnboardingEnv();

await runSubgraphProcess({
  name: 'onboarding',
  env,
  dbPool: env.ONBOARDING_DB_POOL,
  start: ({ db, queue, publisher, logger }) =>
    startOnboardingSubgraph({
      db,
      queue,
      publisher,
      auth: authOptionsFromEnv(env),
      links: { publicAppUrl: env.PUBLIC_APP_URL },
      logger,
      secretEncryptionKey: env.SECRET_ENCRYPTION_KEY,
      port: env.ONBOARDING_PORT,
      host: env.ONBOARDING_HOST,
      gatewayKey: env.GATEWAY_SUBGRAPH_KEY,
      readiness: [() => checkRedis(publisher)],
    }),
});
