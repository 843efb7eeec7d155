import type { Database } from '@msp/db';
import { fail, type Gate, type Links, type Result } from '@msp/gate';
import type { Actor, BaseContext } from '@msp/subgraph-kit';
import DataLoader from 'dataloader';
import type {
  PolicyBackupItemModel,
  PolicyBackupModel,
  RoleDefinitionModel,
  TenantModel,
  UserModel,
  VerificationReportModel,
  WorkspaceModel,
} from './model';
import type { AccessEvents } from './service/access-events';
import { itemsOfBackups, latestVerificationReports, loadPolicyBackups, roleDefinitionsOf } from './service/data';
import { loadTenants, loadWorkspaces, tenantsOfWorkspaces } from './service/tenants';
import { loadUsers } from './service/users';

export interface TenantLoaders {
  /** Tenants by id for the caller, authorized (`tenant.view`), one query per tick. */
  tenant: DataLoader<string, Result<TenantModel>>;
  /** Workspaces by id the caller may see (workspace member or member of one of its tenants). */
  workspace: DataLoader<string, Result<WorkspaceModel>>;
  /** Users the caller may see (self, or sharing a workspace or tenant). */
  user: DataLoader<string, Result<UserModel>>;
  /** Policy backups by id, authorized through their tenant. */
  policyBackup: DataLoader<string, Result<PolicyBackupModel>>;
  /** Items of backups, one query per tick. */
  backupItems: DataLoader<string, PolicyBackupItemModel[]>;
  /** The caller's tenants of workspaces, one query per tick. */
  workspaceTenants: DataLoader<string, TenantModel[]>;
  /** Latest verification report by tenant id (of tenants already authorized), one query per tick. */
  verificationReport: DataLoader<string, VerificationReportModel | null>;
  /** Synced role definitions by tenant id (of tenants already authorized), one query per tick. */
  roleDefinitions: DataLoader<string, RoleDefinitionModel[]>;
}

export interface TenantContext extends BaseContext {
  links: Links;
  /** The central start gate: every start mutation is a thin call into it. */
  gate: Gate;
  /** Publishes membership changes that end access (live subscriptions then end at once). */
  accessEvents: AccessEvents;
  loaders: TenantLoaders;
}

export interface TenantContextOptions {
  actor: Actor | null;
  authorization?: string | null;
  db: Database;
  links: Links;
  gate: Gate;
  accessEvents: AccessEvents;
}

const unauthenticated = () => fail('UNAUTHENTICATED', 'A valid bearer token is required.');

function loader<V>(actor: Actor | null, load: (actor: Actor, ids: readonly string[]) => Promise<Result<V>[]>) {
  return new DataLoader<string, Result<V>>(
    async (ids) => (actor ? load(actor, ids) : ids.map(() => unauthenticated())),
    { maxBatchSize: 500 },
  );
}

export function createTenantContext(options: TenantContextOptions): TenantContext {
  const { actor, db } = options;
  return {
    actor,
    authorization: options.authorization ?? null,
    db,
    links: options.links,
    gate: options.gate,
    accessEvents: options.accessEvents,
    loaders: {
      tenant: loader(actor, (a, ids) => loadTenants(db, a, ids)),
      workspace: loader(actor, (a, ids) => loadWorkspaces(db, a, ids)),
      user: loader(actor, (a, ids) => loadUsers(db, a, ids)),
      policyBackup: loader(actor, (a, ids) => loadPolicyBackups(db, a, ids)),
      backupItems: new DataLoader((ids) => itemsOfBackups(db, ids), { maxBatchSize: 500 }),
      verificationReport: new DataLoader((ids) => latestVerificationReports(db, ids), { maxBatchSize: 500 }),
      roleDefinitions: new DataLoader((ids) => roleDefinitionsOf(db, ids), { maxBatchSize: 500 }),
      workspaceTenants: new DataLoader(
        async (ids) => (actor ? tenantsOfWorkspaces(db, actor, ids) : ids.map(() => [])),
        { maxBatchSize: 500 },
      ),
    },
  };
}
