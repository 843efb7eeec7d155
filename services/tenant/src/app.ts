/**
 * Wires the tenant subgraph from options (never from `process.env`): used by `server.ts` and by
 * the tests (real server on port 0).
 */
import type { AuthOptions } from '@msp/auth';
import type { DbHandle } from '@msp/db';
import { createGate, type Links, type Publisher } from '@msp/gate';
import {
  checkPostgres,
  createRequestAuthenticator,
  readinessOf,
  type SubgraphServer,
  startSubgraphServer,
} from '@msp/subgraph-kit';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { createTenantContext } from './context';
import { schema } from './schema/index';
import { createAccessEvents } from './service/access-events';

export interface TenantSubgraphOptions {
  /** This replica's pool; the caller owns it (and closes it after `close()`). */
  db: DbHandle;
  /** The provider operations queue the gate enqueues into; the caller owns it. */
  queue: Queue;
  /**
   * Redis publisher for live events: QUEUED events of admitted runs, and access changes (a removed
   * member's live subscriptions end at once). Optional: without it the operations subgraph sees
   * runs later, and ends a removed member's subscriptions at its next periodic re-check.
   */
  publisher?: Publisher;
  auth: AuthOptions;
  links: Links;
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

export async function startTenantSubgraph(options: TenantSubgraphOptions): Promise<SubgraphServer> {
  const { db, links, logger } = options;
  const gate = createGate({ db: db.db, queue: options.queue, links, logger, publisher: options.publisher });
  const accessEvents = createAccessEvents({ publisher: options.publisher, logger });
  return startSubgraphServer({
    name: 'tenant',
    schema,
    port: options.port,
    host: options.host,
    gatewayKey: options.gatewayKey,
    authenticator: createRequestAuthenticator({ db: db.db, auth: options.auth }),
    logger,
    readiness: readinessOf(() => checkPostgres(db.sql), ...(options.readiness ?? [])),
    contextFactory: ({ actor, authorization }) =>
      createTenantContext({ actor, authorization, db: db.db, links, gate, accessEvents }),
  });
}
