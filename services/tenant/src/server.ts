/** Starts the tenant subgraph from the environment: `tsx services/tenant/src/server.ts`. */

import { createSecretBox } from '@msp/db';
import { settingsOrExit } from '@msp/settings';
import { runSubgraphProcess } from '@msp/subgraph-kit';
import { startTenantSubgraph } from './app';
import { loadTenantEnv } from './env';

const env = settingsOrExit(() => loadTenantEnv());

await runSubgraphProcess({
  name: 'tenant',
  env,
  dbPool: env.TENANT_DB_POOL,
  port: env.TENANT_PORT,
  host: env.TENANT_HOST,
  start: (shared) =>
    startTenantSubgraph({
      ...shared,
      secretBox: createSecretBox(env.SECRET_ENCRYPTION_KEY),
      webhookTargets: { allowInsecure: env.WEBHOOK_ALLOW_INSECURE_TARGETS },
      invitationTtlSeconds: env.TENANT_INVITATION_TTL,
    }),
});
