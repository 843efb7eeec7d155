/**
 * Per-request DataLoaders, one shape for every subgraph. A subgraph's context factory creates
 * them for the request's (always authenticated) caller; resolvers and entity references then
 * share one query per tick.
 */
import DataLoader from 'dataloader';

/**
 * Keys per batch: one `in (...)` list per query stays well below PostgreSQL's parameter limit and
 * answers a Monitoring page of references in one round trip.
 */
export const MAX_BATCH_SIZE = 500;

export interface BatchLoaderOptions {
  /**
   * Cache loaded values for the life of the loader. True for an HTTP request; false for a
   * graphql-ws subscription, whose context lives as long as the subscription and must not serve
   * stale values.
   * @defaultValue true
   */
  cache?: boolean;
}

/** A DataLoader over ids: `load` answers in the order of `ids`, one value (or `Result`) per id. */
export function batchLoader<V>(
  load: (ids: readonly string[]) => Promise<V[]>,
  options: BatchLoaderOptions = {},
): DataLoader<string, V> {
  return new DataLoader<string, V>(load, { maxBatchSize: MAX_BATCH_SIZE, cache: options.cache ?? true });
}
