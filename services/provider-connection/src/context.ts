import type { SecretBox } from '@msp/db';
import type { Gate, Links, Result } from '@msp/gate';
import type { GraphCloud } from '@msp/microsoft-graph';
import { type BaseContext, type BaseContextOptions, baseContext, batchLoader } from '@msp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { ConnectionModel, TenantStubModel } from './model';
import { connectionsOfTenants, loadConnections, loadTenantStubs } from './service/connections';

export interface ConnectionLoaders {
  /** Connections by id for the caller, authorized through their tenant, one query per tick. */
  connection: DataLoader<string, Result<ConnectionModel>>;
  /** Tenants by id the caller may see (`tenant.view`), for `Tenant` references. */
  tenant: DataLoader<string, Result<TenantStubModel>>;
  /** The connections of tenants (already authorized), one query per tick. */
  connectionsOfTenant: DataLoader<string, ConnectionModel[]>;
}

export interface ConnectionContext extends BaseContext {
  links: Links;
  /** The central start gate: every start mutation is a thin call into it. */
  gate: Gate;
  /** Encrypts client secrets before they are stored; nothing here ever decrypts them. */
  secretBox: SecretBox;
  /** The national cloud of the platform's connections: where admin-consent links point. */
  graphCloud: GraphCloud;
  loaders: ConnectionLoaders;
}

export interface ConnectionContextOptions extends BaseContextOptions {
  links: Links;
  gate: Gate;
  secretBox: SecretBox;
  graphCloud: GraphCloud;
}

export function createConnectionContext(options: ConnectionContextOptions): ConnectionContext {
  const { actor, db } = options;
  return {
    ...baseContext(options),
    links: options.links,
    gate: options.gate,
    secretBox: options.secretBox,
    graphCloud: options.graphCloud,
    loaders: {
      connection: batchLoader((ids) => loadConnections(db, actor, ids)),
      tenant: batchLoader((ids) => loadTenantStubs(db, actor, ids)),
      connectionsOfTenant: batchLoader((ids) => connectionsOfTenants(db, ids)),
    },
  };
}
