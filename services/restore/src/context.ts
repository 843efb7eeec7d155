import type { Links, Result } from '@msp/gate';
import { type BaseContext, type BaseContextOptions, baseContext, batchLoader } from '@msp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { RestoreDeps } from './deps';
import type { RestoreRunModel } from './model';
import { loadRestoreRuns, loadTenantRefs, restoreRunsOfTenants } from './service/restore-runs';

export interface RestoreLoaders {
  /** Restore runs by id for the caller, authorized (`tenant.view`), one query per tick. */
  restoreRun: DataLoader<string, Result<RestoreRunModel>>;
  /** Tenants by id the caller may see (`tenant.view`), for `Tenant` references. */
  tenant: DataLoader<string, Result<{ id: string }>>;
  /** The latest restore runs of (already authorized) tenants, at most `limit` each, one query per tick. */
  restoreRunsOfTenant(limit: number): DataLoader<string, RestoreRunModel[]>;
}

export interface RestoreContext extends BaseContext {
  links: Links;
  deps: RestoreDeps;
  loaders: RestoreLoaders;
}

export interface RestoreContextOptions extends Omit<BaseContextOptions, 'db'> {
  links: Links;
  deps: RestoreDeps;
}

export function createRestoreContext(options: RestoreContextOptions): RestoreContext {
  const { actor, deps } = options;
  const byLimit = new Map<number, DataLoader<string, RestoreRunModel[]>>();
  return {
    ...baseContext({ ...options, db: deps.db }),
    links: options.links,
    deps,
    loaders: {
      restoreRun: batchLoader((ids) => loadRestoreRuns(deps.db, actor, ids)),
      tenant: batchLoader((ids) => loadTenantRefs(deps.db, actor, ids)),
      restoreRunsOfTenant: (limit) => {
        let loader = byLimit.get(limit);
        if (!loader) {
          loader = batchLoader((ids) => restoreRunsOfTenants(deps.db, actor, ids, limit));
          byLimit.set(limit, loader);
        }
        return loader;
      },
    },
  };
}
