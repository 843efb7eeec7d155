import type { Database, SecretBox } from '@msp/db';
import { fail, type Gate, type Links, type Result } from '@msp/gate';
import type { Actor, BaseContext } from '@msp/subgraph-kit';
import DataLoader from 'dataloader';
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
  loaders: ConnectionLoaders;
}

export interface ConnectionContextOptions {
  actor: Actor | null;
  authorization?: string | null;
  db: Database;
  links: Links;
  gate: Gate;
  secretBox: SecretBox;
}

const unauthenticated = () => fail('UNAUTHENTICATED', 'A valid bearer token is required.');

export function createConnectionContext(options: ConnectionContextOptions): ConnectionContext {
  const { actor, db } = options;
  return {
    actor,
    authorization: options.authorization ?? null,
    db,
    links: options.links,
    gate: options.gate,
    secretBox: options.secretBox,
    loaders: {
      connection: new DataLoader(
        async (ids) => (actor ? loadConnections(db, actor, ids) : ids.map(() => unauthenticated())),
        { maxBatchSize: 500 },
      ),
      tenant: new DataLoader(
        async (ids) => (actor ? loadTenantStubs(db, actor, ids) : ids.map(() => unauthenticated())),
        { maxBatchSize: 500 },
      ),
      connectionsOfTenant: new DataLoader((ids) => connectionsOfTenants(db, ids), { maxBatchSize: 500 }),
    },
  };
}
