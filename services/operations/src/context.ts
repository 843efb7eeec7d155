import type { Database } from '@msp/db';
import type { Links, Result } from '@msp/gate';
import { type Actor, type BaseContext, batchLoader } from '@msp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { AccessWatch } from './access';
import type { LiveEvents } from './events';
import type { RunModel } from './model';
import { loadRuns } from './service/runs';

export interface OperationsLoaders {
  /** Runs by id for the caller, authorized, batched into one query per tick. */
  run: DataLoader<string, Result<RunModel>>;
}

export interface OperationsContext extends BaseContext {
  links: Links;
  events: LiveEvents;
  access: AccessWatch;
  loaders: OperationsLoaders;
}

export interface OperationsContextOptions {
  actor: Actor;
  authorization?: string | null;
  db: Database;
  links: Links;
  events: LiveEvents;
  access: AccessWatch;
  /**
   * Cache loaded runs for the life of the context. True for an HTTP request; false for a
   * graphql-ws subscription, whose context lives as long as the subscription and must not
   * serve stale runs.
   * @defaultValue true
   */
  cache?: boolean;
}

export function createOperationsContext(options: OperationsContextOptions): OperationsContext {
  const { actor, db } = options;
  return {
    actor,
    authorization: options.authorization ?? null,
    db,
    links: options.links,
    events: options.events,
    access: options.access,
    loaders: {
      run: batchLoader((ids) => loadRuns(db, actor, ids), { cache: options.cache }),
    },
  };
}
