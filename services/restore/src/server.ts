/** Starts the restore subgraph from the environment: `tsx services/restore/src/server.ts`. */

import { settingsOrExit } from '@msp/settings';
import { runSubgraphProcess } from '@msp/subgraph-kit';
import { startRestoreSubgraph } from './app';
import { loadRestoreEnv } from './env';

const env = settingsOrExit(() => loadRestoreEnv());

await runSubgraphProcess({
  name: 'restore',
  env,
  dbPool: env.RESTORE_DB_POOL,
  port: env.RESTORE_PORT,
  host: env.RESTORE_HOST,
  start: (shared) =>
    startRestoreSubgraph({
      ...shared,
      graph: env.graph,
      secretEncryptionKey: env.SECRET_ENCRYPTION_KEY,
      previewTimeoutMs: env.RESTORE_PREVIEW_TIMEOUT_MS,
    }),
});
