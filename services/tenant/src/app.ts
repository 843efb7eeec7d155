/**
 * Wires the tenant subgraph from options (never from `process.env`): used by `server.ts` and by
 * the tests (real server on port 0).
 */
import type { Publisher } from '@msp/gate';
import {
  type ActionHostOptions,
  gateFor,
  hostServerOptions,
  type SubgraphServer,
  startSubgraphServer,
} from '@msp/subgraph-kit';
import { createTenantContext } from './context';
import { schema } from './schema/index';
import { createAccessEvents } from './service/access-events';

export interface TenantSubgraphOptions extends ActionHostOptions {
  /**
   * Redis publisher for live events: QUEUED events of admitted runs, and access changes (a removed
   * member's live subscriptions end at once). Optional: without it the operations subgraph sees
   * runs later, and ends a removed member's subscriptions at its next periodic re-check.
   */
  publisher?: Publisher;
}

export async function startTenantSubgraph(options: TenantSubgraphOptions): Promise<SubgraphServer> {
  const { db, links, logger } = options;
  const gate = gateFor(options);
  const accessEvents = createAccessEvents({ publisher: options.publisher, logger });
  return startSubgraphServer({
    name: 'tenant',
    schema,
    ...hostServerOptions(options),
    contextFactory: ({ actor, authorization }) =>
      createTenantContext({ actor, authorization, db: db.db, links, gate, accessEvents }),
  });
}
