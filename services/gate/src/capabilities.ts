/**
 * The central capability registry: the one place that knows which role may do what. Every
 * start, lifecycle mutation and read asks it through `authorize*` (authorize.ts); no other code
 * compares role names.
 */
import {
  OPERATION_TYPES,
  type OperationType,
  type StartSurface,
  SYSTEM_SUBJECT_PREFIX,
  TENANT_ROLES,
  type TenantRole,
  WORKSPACE_ROLES,
  type WorkspaceRole,
} from './vocabulary';

export const TENANT_CAPABILITIES = [
  'tenant.view',
  'operations.view',
  'operations.cancel',
  'operations.cancel_own',
  'provider.verify',
  'provider_connection.health_check',
  'directory.sync',
  'rbac.sync',
  'policy.backup',
  'restore.prepare',
  'restore.execute',
  'provider_connection.manage',
  'tenant.members.manage',
  'tenant.archive',
  'audit.view',
  // Changing, pausing, resuming and deleting schedules someone else owns (one's own need only the
  // operation's start capability).
  'schedules.manage',
] as const;
export type TenantCapability = (typeof TENANT_CAPABILITIES)[number];

export const WORKSPACE_CAPABILITIES = [
  'workspace.view',
  'workspace.tenants.create',
  'onboarding.manage',
  'workspace.api_clients.manage',
  'workspace.audit.view',
  'workspace.webhooks.manage',
] as const;
export type WorkspaceCapability = (typeof WORKSPACE_CAPABILITIES)[number];

const READ: TenantCapability[] = ['tenant.view', 'operations.view'];
const OPERATE: TenantCapability[] = [
  ...READ,
  'provider.verify',
  'provider_connection.health_check',
  'directory.sync',
  'rbac.sync',
  'policy.backup',
  'restore.prepare',
  // Whoever may start operations may stop the ones they started.
  'operations.cancel_own',
];
const MANAGE: TenantCapability[] = [
  ...OPERATE,
  'restore.execute',
  'provider_connection.manage',
  'operations.cancel',
  // Who manages the tenant's connections and restores reads who did what on it.
  'audit.view',
  // Who may start every operation may look after every schedule of the tenant.
  'schedules.manage',
];

export const TENANT_ROLE_CAPABILITIES: Record<TenantRole, ReadonlySet<TenantCapability>> = {
  OWNER: new Set([...MANAGE, 'tenant.members.manage', 'tenant.archive']),
  MANAGER: new Set(MANAGE),
  OPERATOR: new Set(OPERATE),
  READONLY: new Set(READ),
};

export const WORKSPACE_ROLE_CAPABILITIES: Record<WorkspaceRole, ReadonlySet<WorkspaceCapability>> = {
  OWNER: new Set([
    'workspace.view',
    'workspace.tenants.create',
    'onboarding.manage',
    'workspace.api_clients.manage',
    'workspace.audit.view',
    'workspace.webhooks.manage',
  ]),
  MEMBER: new Set(['workspace.view']),
};

/** The exact capability each provider-backed operation needs to start. */
export const OPERATION_CAPABILITY: Record<OperationType, TenantCapability> = {
  PROVIDER_VERIFICATION: 'provider.verify',
  PROVIDER_CONNECTION_HEALTH_CHECK: 'provider_connection.health_check',
  DIRECTORY_GROUPS_SYNC: 'directory.sync',
  ROLE_DEFINITIONS_SYNC: 'rbac.sync',
  POLICY_BACKUP: 'policy.backup',
  RESTORE_EXECUTION: 'restore.execute',
};

/**
 * The operations a schedule may fire. A restore execution needs a previewed and confirmed restore
 * run each time (an operation precondition the restore page checks): it is never scheduled.
 */
export const SCHEDULABLE_OPERATION_TYPES = OPERATION_TYPES.filter(
  (t): t is Exclude<OperationType, 'RESTORE_EXECUTION'> => t !== 'RESTORE_EXECUTION',
);

/**
 * Every action of the API, by name, with the scope it is checked in and the exact capability it
 * needs. `user` actions concern only the caller's own data (their notifications, a new
 * workspace) and need an authenticated user, nothing more.
 */
export const ACTIONS = {
  'tenant.view': { scope: 'tenant', capability: 'tenant.view' },
  'operations.view': { scope: 'tenant', capability: 'operations.view' },
  'tenant.members.add': { scope: 'tenant', capability: 'tenant.members.manage' },
  'tenant.members.remove': { scope: 'tenant', capability: 'tenant.members.manage' },
  'tenant.members.change_role': { scope: 'tenant', capability: 'tenant.members.manage' },
  // An invitation by email, bound to the user who first signs in with that verified email.
  'tenant.members.invite': { scope: 'tenant', capability: 'tenant.members.manage' },
  // Seeing a tenant's invitations (pending, accepted, expired, revoked) and revoking one: whoever
  // may invite, since an invitation is a membership not yet bound.
  'tenant.invitations.view': { scope: 'tenant', capability: 'tenant.members.manage' },
  'tenant.invitations.revoke': { scope: 'tenant', capability: 'tenant.members.manage' },
  'tenant.members.view': { scope: 'tenant', capability: 'tenant.view' },
  // The audit log of a tenant; the whole workspace's (every tenant's, and the workspace's own
  // records) is `workspace.audit.view`.
  'audit.view': { scope: 'tenant', capability: 'audit.view' },
  'tenant.archive': { scope: 'tenant', capability: 'tenant.archive' },
  // Undoing an archive (cancelOnboarding's included) is the same decision as making it.
  'tenant.unarchive': { scope: 'tenant', capability: 'tenant.archive' },
  'provider_connection.create': { scope: 'tenant', capability: 'provider_connection.manage' },
  'provider_connection.set_default': { scope: 'tenant', capability: 'provider_connection.manage' },
  'provider_connection.enable': { scope: 'tenant', capability: 'provider_connection.manage' },
  'provider_connection.disable': { scope: 'tenant', capability: 'provider_connection.manage' },
  'provider_connection.record_consent': { scope: 'tenant', capability: 'provider_connection.manage' },
  'provider_connection.rotate_credentials': { scope: 'tenant', capability: 'provider_connection.manage' },
  'provider_connection.delete': { scope: 'tenant', capability: 'provider_connection.manage' },
  'restore.create': { scope: 'tenant', capability: 'restore.prepare' },
  'restore.preview': { scope: 'tenant', capability: 'restore.prepare' },
  'restore.rerun': { scope: 'tenant', capability: 'restore.prepare' },
  // A tenant's schedules and their firings: whoever sees its runs. Creating one, and changing,
  // pausing, resuming or deleting one's own, is the start.* action of its operation; another
  // member's schedule needs schedules.manage_others as well.
  'schedules.view': { scope: 'tenant', capability: 'operations.view' },
  'schedules.manage_others': { scope: 'tenant', capability: 'schedules.manage' },
  'start.PROVIDER_VERIFICATION': { scope: 'tenant', capability: OPERATION_CAPABILITY.PROVIDER_VERIFICATION },
  'start.PROVIDER_CONNECTION_HEALTH_CHECK': {
    scope: 'tenant',
    capability: OPERATION_CAPABILITY.PROVIDER_CONNECTION_HEALTH_CHECK,
  },
  'start.DIRECTORY_GROUPS_SYNC': { scope: 'tenant', capability: OPERATION_CAPABILITY.DIRECTORY_GROUPS_SYNC },
  'start.ROLE_DEFINITIONS_SYNC': { scope: 'tenant', capability: OPERATION_CAPABILITY.ROLE_DEFINITIONS_SYNC },
  'start.POLICY_BACKUP': { scope: 'tenant', capability: OPERATION_CAPABILITY.POLICY_BACKUP },
  'start.RESTORE_EXECUTION': { scope: 'tenant', capability: OPERATION_CAPABILITY.RESTORE_EXECUTION },
  // Any run of the tenant with `capability`; a run the caller started also with `ownCapability`.
  'run.cancel': { scope: 'run', capability: 'operations.cancel', ownCapability: 'operations.cancel_own' },
  'workspace.view': { scope: 'workspace', capability: 'workspace.view' },
  'tenant.create': { scope: 'workspace', capability: 'workspace.tenants.create' },
  'onboarding.manage': { scope: 'workspace', capability: 'onboarding.manage' },
  // Listing the workspace's API clients; creating, rotating and revoking one (each audited).
  'api_clients.manage': { scope: 'workspace', capability: 'workspace.api_clients.manage' },
  'api_clients.create': { scope: 'workspace', capability: 'workspace.api_clients.manage' },
  'api_clients.rotate_secret': { scope: 'workspace', capability: 'workspace.api_clients.manage' },
  'api_clients.revoke': { scope: 'workspace', capability: 'workspace.api_clients.manage' },
  'workspace.audit.view': { scope: 'workspace', capability: 'workspace.audit.view' },
  // Outbound webhook endpoints: listing them and their delivery logs (`webhooks.manage`); each
  // change is its own action, checked and audited under its name.
  'webhooks.manage': { scope: 'workspace', capability: 'workspace.webhooks.manage' },
  'webhooks.create': { scope: 'workspace', capability: 'workspace.webhooks.manage' },
  'webhooks.update': { scope: 'workspace', capability: 'workspace.webhooks.manage' },
  'webhooks.enable': { scope: 'workspace', capability: 'workspace.webhooks.manage' },
  'webhooks.disable': { scope: 'workspace', capability: 'workspace.webhooks.manage' },
  'webhooks.rotate_secret': { scope: 'workspace', capability: 'workspace.webhooks.manage' },
  'webhooks.delete': { scope: 'workspace', capability: 'workspace.webhooks.manage' },
  'webhooks.redeliver': { scope: 'workspace', capability: 'workspace.webhooks.manage' },
  // Every FAILED or SKIPPED delivery of an endpoint since a date (up to 1,000 at once).
  'webhooks.redeliver_failed': { scope: 'workspace', capability: 'workspace.webhooks.manage' },
  'workspace.members.view': { scope: 'workspace', capability: 'workspace.view' },
  'workspace.create': { scope: 'user' },
  'notifications.own': { scope: 'user' },
} as const satisfies Record<
  string,
  | { scope: 'tenant'; capability: TenantCapability }
  | { scope: 'run'; capability: TenantCapability; ownCapability: TenantCapability }
  | { scope: 'workspace'; capability: WorkspaceCapability }
  | { scope: 'user' }
>;

export type ActionName = keyof typeof ACTIONS;
export type TenantAction = { [K in ActionName]: (typeof ACTIONS)[K]['scope'] extends 'tenant' ? K : never }[ActionName];
/** Actions on one run, decided by the tenant role and by whether the caller started the run. */
export type RunAction = { [K in ActionName]: (typeof ACTIONS)[K]['scope'] extends 'run' ? K : never }[ActionName];
export type WorkspaceAction = {
  [K in ActionName]: (typeof ACTIONS)[K]['scope'] extends 'workspace' ? K : never;
}[ActionName];

export function startAction(operationType: OperationType): TenantAction {
  return `start.${operationType}`;
}

export function tenantRoleCan(role: TenantRole, action: TenantAction): boolean {
  return TENANT_ROLE_CAPABILITIES[role].has(ACTIONS[action].capability);
}

/**
 * Whether `role` may take `action` on a run: with the action's capability on any run of the
 * tenant, or with its own-run capability on a run the caller started (`ownRun`).
 */
export function tenantRoleCanOnRun(role: TenantRole, action: RunAction, ownRun: boolean): boolean {
  const { capability, ownCapability } = ACTIONS[action];
  const held = TENANT_ROLE_CAPABILITIES[role];
  return held.has(capability) || (ownRun && held.has(ownCapability));
}

export function workspaceRoleCan(role: WorkspaceRole, action: WorkspaceAction): boolean {
  return WORKSPACE_ROLE_CAPABILITIES[role].has(ACTIONS[action].capability);
}

/** The workspace roles that hold `capability` (who is told about a workspace-level problem). */
export function workspaceRolesWith(capability: WorkspaceCapability): WorkspaceRole[] {
  return WORKSPACE_ROLES.filter((role) => WORKSPACE_ROLE_CAPABILITIES[role].has(capability));
}

/**
 * The capability a tenant must always keep a member with: without a member who can manage
 * members, nobody could ever add or remove one again. Removing the last member holding it is
 * refused (CONFLICT). With the table above these are the tenant's OWNERs.
 */
export const TENANT_KEEPER_CAPABILITY: TenantCapability = 'tenant.members.manage';

/** Whether `holder` has every capability of `role` (a role covers itself and every lesser one). */
export function tenantRoleCovers(holder: TenantRole, role: TenantRole): boolean {
  return [...TENANT_ROLE_CAPABILITIES[role]].every((c) => TENANT_ROLE_CAPABILITIES[holder].has(c));
}

/**
 * The roles an API client may be given as its ceiling: those without the keeper capability.
 * Managing members (and so who may act on a tenant) and archiving stay with people, and a
 * client never counts among the members a tenant must keep.
 */
export const API_CLIENT_ROLE_CEILINGS: readonly TenantRole[] = TENANT_ROLES.filter(
  (role) => !TENANT_ROLE_CAPABILITIES[role].has(TENANT_KEEPER_CAPABILITY),
);

/** The tenant roles that hold `capability`, in the vocabulary's order. */
export function tenantRolesWith(capability: TenantCapability): TenantRole[] {
  return TENANT_ROLES.filter((role) => TENANT_ROLE_CAPABILITIES[role].has(capability));
}

/** The capabilities of a role, for `Tenant.myCapabilities`. */
export function capabilitiesOf(role: TenantRole): TenantCapability[] {
  return TENANT_CAPABILITIES.filter((c) => TENANT_ROLE_CAPABILITIES[role].has(c));
}

/** The capabilities of a workspace role, for `Workspace.viewerCapabilities`, in the registry's order. */
export function workspaceCapabilitiesOf(role: WorkspaceRole): WorkspaceCapability[] {
  return WORKSPACE_CAPABILITIES.filter((c) => WORKSPACE_ROLE_CAPABILITIES[role].has(c));
}

/**
 * Every mutation of the supergraph and the actions it is checked as, in order. The guard suite
 * asserts that each mutation in the composed schema is listed here, and that each `start*`
 * mutation is checked as a `start.*` action (the gate's own check). Onboarding starts are first
 * an onboarding step (workspace OWNER), then the gate's start of the operation.
 */
export const MUTATION_ACTIONS: Record<string, readonly [ActionName, ...ActionName[]]> = {
  createWorkspace: ['workspace.create'],
  createTenant: ['tenant.create'],
  addTenantMember: ['tenant.members.add'],
  removeTenantMember: ['tenant.members.remove'],
  changeTenantMemberRole: ['tenant.members.change_role'],
  inviteTenantMember: ['tenant.members.invite'],
  revokeTenantInvitation: ['tenant.invitations.revoke'],
  archiveTenant: ['tenant.archive'],
  unarchiveTenant: ['tenant.unarchive'],
  startTenantVerification: ['start.PROVIDER_VERIFICATION'],
  startDirectoryGroupsSync: ['start.DIRECTORY_GROUPS_SYNC'],
  startRoleDefinitionsSync: ['start.ROLE_DEFINITIONS_SYNC'],
  startPolicyBackup: ['start.POLICY_BACKUP'],
  createProviderConnection: ['provider_connection.create'],
  setDefaultProviderConnection: ['provider_connection.set_default'],
  enableProviderConnection: ['provider_connection.enable'],
  disableProviderConnection: ['provider_connection.disable'],
  recordProviderConsent: ['provider_connection.record_consent'],
  rotateProviderCredentials: ['provider_connection.rotate_credentials'],
  deleteProviderConnection: ['provider_connection.delete'],
  startProviderConnectionHealthCheck: ['start.PROVIDER_CONNECTION_HEALTH_CHECK'],
  startProviderConnectionVerification: ['start.PROVIDER_VERIFICATION'],
  createRestoreRun: ['restore.create'],
  previewRestoreRun: ['restore.preview'],
  startRestoreExecution: ['start.RESTORE_EXECUTION'],
  rerunRestoreRun: ['restore.rerun'],
  // Onboarding is checked in the session's workspace, then on its tenant like any tenant surface.
  createOnboardingSession: ['onboarding.manage'],
  connectOnboardingProvider: ['onboarding.manage', 'provider_connection.create'],
  startOnboardingVerification: ['onboarding.manage', 'start.PROVIDER_VERIFICATION'],
  startOnboardingBootstrap: [
    'onboarding.manage',
    'start.DIRECTORY_GROUPS_SYNC',
    'start.ROLE_DEFINITIONS_SYNC',
    'start.POLICY_BACKUP',
  ],
  completeOnboarding: ['onboarding.manage', 'tenant.view'],
  // It archives the tenant.
  cancelOnboarding: ['onboarding.manage', 'tenant.archive'],
  markNotificationRead: ['notifications.own'],
  markAllNotificationsRead: ['notifications.own'],
  cancelOperationRun: ['run.cancel'],
  createApiClient: ['api_clients.create'],
  rotateApiClientSecret: ['api_clients.rotate_secret'],
  revokeApiClient: ['api_clients.revoke'],
  createWebhookEndpoint: ['webhooks.create'],
  updateWebhookEndpoint: ['webhooks.update'],
  enableWebhookEndpoint: ['webhooks.enable'],
  disableWebhookEndpoint: ['webhooks.disable'],
  rotateWebhookEndpointSecret: ['webhooks.rotate_secret'],
  deleteWebhookEndpoint: ['webhooks.delete'],
  redeliverWebhookDelivery: ['webhooks.redeliver'],
  redeliverFailedWebhookDeliveries: ['webhooks.redeliver_failed'],
  // Seeing the run, then the gate's start of the run's own operation (any of these).
  retryOperationRun: ['operations.view', ...OPERATION_TYPES.map(startAction)],
  // Schedules: seeing the tenant's schedules, then the start.* action of the schedule's operation
  // (the owner's own); another member's schedule needs schedules.manage_others too.
  createSchedule: ['schedules.view', ...SCHEDULABLE_OPERATION_TYPES.map(startAction)],
  updateSchedule: ['schedules.view', ...SCHEDULABLE_OPERATION_TYPES.map(startAction), 'schedules.manage_others'],
  pauseSchedule: ['schedules.view', ...SCHEDULABLE_OPERATION_TYPES.map(startAction), 'schedules.manage_others'],
  resumeSchedule: ['schedules.view', ...SCHEDULABLE_OPERATION_TYPES.map(startAction), 'schedules.manage_others'],
  deleteSchedule: ['schedules.view', ...SCHEDULABLE_OPERATION_TYPES.map(startAction), 'schedules.manage_others'],
};

/**
 * System principals: built-in work that starts operations with no person clicking (the daily
 * connection health check). Each is a users row (`subject`, prefix `system:`, which no token may
 * sign in as: @msp/auth refuses it) so that its runs and audit records name it, and it holds
 * exactly the capabilities listed here, on every tenant, from this table and never through a
 * membership: it is no tenant's member (it is not in `Tenant.members`, receives no run
 * notification and can read nothing). The gate asks `systemPrincipalCan` for it where it asks
 * the membership role for a person, on the surfaces listed only; every other check (blockers,
 * dedupe, scope busy) is the same as for a click.
 */
export const SYSTEM_PRINCIPALS = {
  'connection-health': {
    subject: `${SYSTEM_SUBJECT_PREFIX}connection-health`,
    displayName: 'Connection health check (built-in)',
    capabilities: ['provider_connection.health_check'],
    surfaces: ['SCHEDULE'],
  },
} as const satisfies Record<
  string,
  {
    subject: `${typeof SYSTEM_SUBJECT_PREFIX}${string}`;
    displayName: string;
    capabilities: readonly TenantCapability[];
    surfaces: readonly StartSurface[];
  }
>;
export type SystemPrincipal = keyof typeof SYSTEM_PRINCIPALS;

/** Whether a system principal may take `action` (a start) from `surface`. */
export function systemPrincipalCan(principal: SystemPrincipal, action: TenantAction, surface: StartSurface): boolean {
  const entry = SYSTEM_PRINCIPALS[principal];
  if (!entry) return false;
  const capabilities: readonly TenantCapability[] = entry.capabilities;
  const surfaces: readonly StartSurface[] = entry.surfaces;
  return capabilities.includes(ACTIONS[action].capability) && surfaces.includes(surface);
}
