/** Starts the onboarding subgraph from the environment: `tsx services/onboarding/src/server.ts`. */

import { settingsOrExit } from '@msp/settings';
import { runSubgraphProcess } from '@msp/subgraph-kit';
import { startOnboardingSubgraph } from './app';
import { loadOnboardingEnv } from './env';

const env = settingsOrExit(() => loadOnboardingEnv());

await runSubgraphProcess({
  name: 'onboarding',
  env,
  dbPool: env.ONBOARDING_DB_POOL,
  port: env.ONBOARDING_PORT,
  host: env.ONBOARDING_HOST,
  start: (shared) => startOnboardingSubgraph({ ...shared, secretEncryptionKey: env.SECRET_ENCRYPTION_KEY }),
});
