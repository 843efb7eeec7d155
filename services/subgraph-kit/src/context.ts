import type { Actor } from '@msp/auth';
import type { Database } from '@msp/db';

export type { Actor } from '@msp/auth';

/**
 * The part of every subgraph's GraphQL context that the kit fills in. A subgraph extends it with
 * its own services and per-request DataLoaders:
 *
 * ```ts
 * interface TenantContext extends BaseContext { loaders: ReturnType<typeof createLoaders> }
 * ```
 *
 * `actor` is never null: the kit's server refuses unauthenticated operations (UNAUTHENTICATED,
 * 401) before anything executes, so resolvers and loaders read `ctx.actor` directly. In-process
 * tests build a context for a real user; anonymity is tested through the server.
 */
export interface BaseContext {
  /** The verified, provisioned caller. */
  actor: Actor;
  /** The raw `Authorization` value (`Bearer <jwt>`) the caller sent, for forwarding. */
  authorization: string | null;
  /** The shared database (each subgraph touches only the tables it owns). */
  db: Database;
}

/** What every subgraph's context factory takes alike: the caller as the kit hands it over, and the database. */
export interface BaseContextOptions {
  actor: Actor;
  authorization?: string | null;
  db: Database;
}

/** The kit's part of a subgraph's context, from its factory's options. */
export function baseContext(options: BaseContextOptions): BaseContext {
  return { actor: options.actor, authorization: options.authorization ?? null, db: options.db };
}

/** What the kit hands to a subgraph's context factory, per HTTP request or graphql-ws operation. */
export interface ContextInput {
  actor: Actor;
  authorization: string;
  transport: 'http' | 'ws';
}
