/**
 * Wires the provider-connection subgraph from options (never from `process.env`): used by `server.ts` and by
 * the tests (real server on port 0).
 */
import type { AuthOptions } from '@msp/auth';
import type { DbHandle, SecretBox } from '@msp/db';
import { createGate, type Links, type Publisher } from '@msp/gate';
import type { GraphCloud } from '@msp/microsoft-graph';
import {
  checkPostgres,
  createRequestAuthenticator,
  readinessOf,
  type SubgraphServer,
  startSubgraphServer,
} from '@msp/subgraph-kit';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { createConnectionContext } from './context';
import { schema } from './schema/index';

export interface ProviderConnectionSubgraphOptions {
  /** This replica's pool; the caller owns it (and closes it after `close()`). */
  db: DbHandle;
  /** The provider operations queue the gate enqueues into; the caller owns it. */
  queue: Queue;
  /** Live QUEUED events of admitted runs (optional: the operations subgraph then sees them later). */
  publisher?: Publisher;
  /** Encrypts client secrets (`createSecretBox(SECRET_ENCRYPTION_KEY)`). */
  secretBox: SecretBox;
  auth: AuthOptions;
  links: Links;
  /**
   * The national cloud the platform's connections live in (GRAPH_CLOUD): where the admin-consent
   * links point.
   * @defaultValue 'global'
   */
  graphCloud?: GraphCloud;
  logger: Logger;
  /** 0 picks a free port. */
  port: number;
  /** @defaultValue '127.0.0.1' (loopback: only the gateway, on this machine, calls it) */
  host?: string;
  /** The gateway's credential key (`GATEWAY_SUBGRAPH_KEY`): set, only the gateway is answered. */
  gatewayKey?: string;
  /** Extra readiness checks (e.g. Redis), added to Postgres. */
  readiness?: Array<() => Promise<void>>;
}

export async function startProviderConnectionSubgraph(
  options: ProviderConnectionSubgraphOptions,
): Promise<SubgraphServer> {
  const { db, links, logger } = options;
  const gate = createGate({ db: db.db, queue: options.queue, links, logger, publisher: options.publisher });
  return startSubgraphServer({
    name: 'provider-connection',
    schema,
    port: options.port,
    host: options.host,
    gatewayKey: options.gatewayKey,
    authenticator: createRequestAuthenticator({ db: db.db, auth: options.auth }),
    logger,
    readiness: readinessOf(() => checkPostgres(db.sql), ...(options.readiness ?? [])),
    contextFactory: ({ actor, authorization }) =>
      createConnectionContext({
        actor,
        authorization,
        db: db.db,
        links,
        gate,
        secretBox: options.secretBox,
        graphCloud: options.graphCloud ?? 'global',
      }),
  });
}
