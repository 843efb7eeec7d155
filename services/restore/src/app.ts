/**
 * Wires the restore subgraph from options (never from `process.env`): used by `server.ts` and by
 * the tests (real server on port 0).
 */
import { createSecretBox } from '@msp/db';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '@msp/microsoft-graph';
import {
  type ActionHostOptions,
  gateFor,
  hostServerOptions,
  type SubgraphServer,
  startSubgraphServer,
} from '@msp/subgraph-kit';
import { createRestoreContext } from './context';
import type { RestoreDeps } from './deps';
import { schema } from './schema/index';

export interface RestoreSubgraphOptions extends ActionHostOptions {
  /** The Graph adapter (or its options) for previews. */
  graph: GraphClient | GraphClientOptions;
  /** Decrypts connection secrets (SECRET_ENCRYPTION_KEY). */
  secretEncryptionKey: string;
  /** @defaultValue 20000 */
  previewTimeoutMs?: number;
}

export async function startRestoreSubgraph(options: RestoreSubgraphOptions): Promise<SubgraphServer> {
  const { db, links, logger } = options;
  const deps: RestoreDeps = {
    db: db.db,
    gate: gateFor(options),
    graph: 'forTenant' in options.graph ? options.graph : createGraphClient({ logger, ...options.graph }),
    secrets: createSecretBox(options.secretEncryptionKey),
    previewTimeoutMs: options.previewTimeoutMs ?? 20_000,
  };
  return startSubgraphServer({
    name: 'restore',
    schema,
    ...hostServerOptions(options),
    contextFactory: ({ actor, authorization }) => createRestoreContext({ actor, authorization, links, deps }),
  });
}
