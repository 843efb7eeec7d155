/** Starts the restore subgraph from the environment: `tsx services/restore/src/server.ts`. */
import { authOptionsFromEnv } from '@msp/auth';
import { checkRedis, runSubgraphProcess } from '@msp/subgraph-kit';
import { startRestoreSubgraph } from './app';
import { loadRestoreEnv } from './env';

const env = loadRestoreEnv();

await runSubgraphProcess({
  name: 'restore',
  env,
  dbPool: env.RESTORE_DB_POOL,
  start: ({ db, queue, publisher, logger }) =>
    startRestoreSubgraph({
      db,
      queue,
      publisher,
      auth: authOptionsFromEnv(env),
      links: { publicAppUrl: env.PUBLIC_APP_URL },
      logger,
      graph: env.graph,
      secretEncryptionKey: env.SECRET_ENCRYPTION_KEY,
      previewTimeoutMs: env.RESTORE_PREVIEW_TIMEOUT_MS,
      port: env.RESTORE_PORT,
      host: env.RESTORE_HOST,
      gatewayKey: env.GATEWAY_SUBGRAPH_KEY,
      readiness: [() => checkRedis(publisher)],
    }),
});
