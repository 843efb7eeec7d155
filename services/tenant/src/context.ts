import type { Gate, Links, Result, WorkspaceRole } from '@msp/gate';
import { type BaseContext, type BaseContextOptions, baseContext, batchLoader } from '@msp/subgraph-kit';
import type DataLoader from 'dataloader';
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
import { type ApiClientModel, managedApiClients, tenantIdsOfPrincipals } from './service/api-clients';
import { itemsOfBackups, latestVerificationReports, loadPolicyBackups, roleDefinitionsOf } from './service/data';
import {
  invitationsOfTenants,
  membersOfTenants,
  membersOfWorkspaces,
  type TenantInvitationModel,
  type TenantMemberModel,
  type WorkspaceMemberModel,
} from './service/people';
import { loadTenants, loadWorkspaces, tenantsOfWorkspaces, workspaceRolesOf } from './service/tenants';
import { loadUsers } from './service/users';
import {
  attemptsOfDeliveries,
  lastDeliveriesOf,
  managedWebhookEndpoints,
  type WebhookDeliveryAttemptModel,
  type WebhookDeliveryModel,
  type WebhookDeps,
  type WebhookEndpointModel,
} from './service/webhooks';

export interface TenantLoaders {
  /** Tenants by id for the caller, authorized (`tenant.view`), one query per tick. */
  tenant: DataLoader<string, Result<TenantModel>>;
  /** Workspaces by id the caller may see (workspace member or member of one of its tenants). */
  workspace: DataLoader<string, Result<WorkspaceModel>>;
  /** The caller's role in workspaces (null: not a member), one query per tick. */
  workspaceRole: DataLoader<string, WorkspaceRole | null>;
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
  /** The tenant ids of API clients, by their principal's user id, one query per tick. */
  apiClientTenants: DataLoader<string, string[]>;
  /** API clients by id for a caller who manages their workspace's clients (audit records name them), one query per tick. */
  managedApiClient: DataLoader<string, Result<ApiClientModel>>;
  /** Members of tenants already authorized, one query per tick. */
  tenantMembers: DataLoader<string, TenantMemberModel[]>;
  /** Invitations of tenants (already authorized for `tenant.invitations.view`), newest first, one query per tick. */
  tenantInvitations: DataLoader<string, TenantInvitationModel[]>;
  /** Members of workspaces, for the workspace's own members (FORBIDDEN otherwise), one query per tick. */
  workspaceMembers: DataLoader<string, Result<WorkspaceMemberModel[]>>;
  /** Webhook endpoints by id for a caller who manages their workspace's webhooks, one query per tick. */
  webhookEndpoint: DataLoader<string, Result<WebhookEndpointModel>>;
  /** The attempts of webhook deliveries (already authorized), one query per tick. */
  webhookAttempts: DataLoader<string, WebhookDeliveryAttemptModel[]>;
  /** The newest delivery of webhook endpoints (already authorized), null for none, one query per tick. */
  webhookLastDelivery: DataLoader<string, WebhookDeliveryModel | null>;
}

export interface TenantContext extends BaseContext {
  links: Links;
  /** The central start gate: every start mutation is a thin call into it. */
  gate: Gate;
  /** Publishes membership changes that end access (live subscriptions then end at once). */
  accessEvents: AccessEvents;
  /** What webhook endpoint management needs: the pool, the secret box, the SSRF policy. */
  webhooks: WebhookDeps;
  /** How long an invitation stays open, in seconds (TENANT_INVITATION_TTL). */
  invitationTtlSeconds: number;
  loaders: TenantLoaders;
}

export interface TenantContextOptions extends BaseContextOptions {
  links: Links;
  gate: Gate;
  accessEvents: AccessEvents;
  webhooks: Omit<WebhookDeps, 'db'>;
  invitationTtlSeconds: number;
}

export function createTenantContext(options: TenantContextOptions): TenantContext {
  const { actor, db } = options;
  return {
    ...baseContext(options),
    links: options.links,
    gate: options.gate,
    accessEvents: options.accessEvents,
    webhooks: { ...options.webhooks, db },
    invitationTtlSeconds: options.invitationTtlSeconds,
    loaders: {
      tenant: batchLoader((ids) => loadTenants(db, actor, ids)),
      workspace: batchLoader((ids) => loadWorkspaces(db, actor, ids)),
      workspaceRole: batchLoader((ids) => workspaceRolesOf(db, actor, ids)),
      user: batchLoader((ids) => loadUsers(db, actor, ids)),
      policyBackup: batchLoader((ids) => loadPolicyBackups(db, actor, ids)),
      backupItems: batchLoader((ids) => itemsOfBackups(db, ids)),
      verificationReport: batchLoader((ids) => latestVerificationReports(db, ids)),
      roleDefinitions: batchLoader((ids) => roleDefinitionsOf(db, ids)),
      workspaceTenants: batchLoader((ids) => tenantsOfWorkspaces(db, actor, ids)),
      apiClientTenants: batchLoader((ids) => tenantIdsOfPrincipals(db, ids)),
      managedApiClient: batchLoader((ids) => managedApiClients(db, actor, ids)),
      tenantMembers: batchLoader((ids) => membersOfTenants(db, ids)),
      workspaceMembers: batchLoader((ids) => membersOfWorkspaces(db, actor, ids)),
      tenantInvitations: batchLoader((ids) => invitationsOfTenants(db, ids)),
      webhookEndpoint: batchLoader((ids) => managedWebhookEndpoints(db, actor, ids)),
      webhookAttempts: batchLoader((ids) => attemptsOfDeliveries(db, ids)),
      webhookLastDelivery: batchLoader((ids) => lastDeliveriesOf(db, ids)),
    },
  };
}
