/**
 * What every subgraph's `start<Name>Subgraph(options)` takes and does alike: the options a
 * subgraph is wired from (its pool, auth, links, logger, where to listen, the gateway key,
 * readiness), the server options they give (`hostServerOptions`), and, for the subgraphs that
 * host starts, the gate over their queue and publisher (`gateFor`). A subgraph's `app.ts` adds
 * only its own options, its context and its schema.
 */
import { type AuthOptions, apiClientTokenKey } from '@msp/auth';
import type { DbHandle } from '@msp/db';
import { createGate, type Gate, type Links, type Publisher } from '@msp/gate';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { createRequestAuthenticator } from './auth';
import type { BaseContext } from './context';
import { checkPostgres, readinessOf } from './readiness';
import type { SubgraphServerOptions } from './server';

export interface SubgraphHostOptions {
  /** This replica's pool; the caller owns it (and closes it after `close()`). */
  db: DbHandle;
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

/** A subgraph that hosts starts (tenant, provider-connection, restore, onboarding). */
export interface ActionHostOptions extends SubgraphHostOptions {
  /** The provider operations queue the gate enqueues into; the caller owns it. */
  queue: Queue;
  /** Live events of admitted runs. Optional: without it the operations subgraph sees runs later. */
  publisher?: Publisher;
}

/** The server options every subgraph passes alike: where it listens, whom it answers, when it is ready. */
export function hostServerOptions(
  options: SubgraphHostOptions,
): Pick<SubgraphServerOptions<BaseContext>, 'port' | 'host' | 'gatewayKey' | 'authenticator' | 'logger' | 'readiness'> {
  const { db } = options;
  return {
    port: options.port,
    host: options.host,
    gatewayKey: options.gatewayKey,
    authenticator: createRequestAuthenticator({
      db: db.db,
      // API clients' access tokens are signed with a key derived from the gateway's.
      auth:
        options.gatewayKey && !options.auth.apiClientTokenKey
          ? { ...options.auth, apiClientTokenKey: apiClientTokenKey(options.gatewayKey) }
          : options.auth,
    }),
    logger: options.logger,
    readiness: readinessOf(() => checkPostgres(db.sql), ...(options.readiness ?? [])),
  };
}

/** The central start gate of an action host, on its pool, queue and publisher. */
export function gateFor(options: ActionHostOptions): Gate {
  return createGate({
    db: options.db.db,
    queue: options.queue,
    links: options.links,
    logger: options.logger,
    publisher: options.publisher,
  });
}
