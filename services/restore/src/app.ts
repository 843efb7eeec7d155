/**
 * Wires the restore subgraph from options (never from `process.env`): used by `server.ts` and by
 * the tests (real server on port 0).
 */
import type { AuthOptions } from '@msp/auth';
import { createSecretBox, type DbHandle } from '@msp/db';
import { createGate, type Links, type Publisher } from '@msp/gate';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '@msp/microsoft-graph';
import {
  checkPostgres,
  createRequestAuthenticator,
  readinessOf,
  type SubgraphServer,
  startSubgraphServer,
} from '@msp/subgraph-kit';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { createRestoreContext } from './context';
import type { RestoreDeps } from './deps';
import { schema } from './schema/index';

export interface RestoreSubgraphOptions {
  /** This replica's pool; the caller owns it (and closes it after `close()`). */
  db: DbHandle;
  /** The provider operations queue the gate enqueues into; the caller owns it. */
  queue: Queue;
  /** Live QUEUED events of admitted runs. */
  publisher?: Publisher;
  auth: AuthOptions;
  links: Links;
  logger: Logger;
  /** The Graph adapter (or its options) for previews. */
  graph: GraphClient | GraphClientOptions;
  /** Decrypts connection secrets (SECRET_ENCRYPTION_KEY). */
  secretEncryptionKey: string;
  /** @defaultValue 20000 */
  previewTimeoutMs?: number;
  /** 0 picks a free port. */
  port: number;
  /** @defaultValue '127.0.0.1' (loopback: only the gateway, on this machine, calls it) */
  host?: string;
  /** The gateway's credential key (`GATEWAY_SUBGRAPH_KEY`): set, only the gateway is answered. */
  gatewayKey?: string;
  /** Extra readiness checks (e.g. Redis), added to Postgres. */
  readiness?: Array<() => Promise<void>>;
}

export async function startRestoreSubgraph(options: RestoreSubgraphOptions): Promise<SubgraphServer> {
  const { db, links, logger } = options;
  const deps: RestoreDeps = {
    db: db.db,
    gate: createGate({ db: db.db, queue: options.queue, links, logger, publisher: options.publisher }),
    graph: 'forTenant' in options.graph ? options.graph : createGraphClient({ logger, ...options.graph }),
    secrets: createSecretBox(options.secretEncryptionKey),
    previewTimeoutMs: options.previewTimeoutMs ?? 20_000,
  };
  return startSubgraphServer({
    name: 'restore',
    schema,
    port: options.port,
    host: options.host,
    gatewayKey: options.gatewayKey,
    authenticator: createRequestAuthenticator({ db: db.db, auth: options.auth }),
    logger,
    readiness: readinessOf(() => checkPostgres(db.sql), ...(options.readiness ?? [])),
    contextFactory: ({ actor, authorization }) => createRestoreContext({ actor, authorization, links, deps }),
  });
}
