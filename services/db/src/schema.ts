/**
 * The relational model shared by every subgraph. Each table is owned by one service (noted per
 * table); other services read it only through that service's functions or the gate.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { z } from 'zod';
import {
  CONNECTION_HEALTH_STATES,
  CONSENT_STATUSES,
  type NotificationKind,
  ONBOARDING_SESSION_STATUSES,
  ONBOARDING_STEP_KEYS,
  OPERATION_TYPES,
  type OperationType,
  RESTORE_RUN_STATUSES,
  RUN_OUTCOMES,
  RUN_STATUSES,
  type ScheduleStatus,
  type ScheduleStopReason,
  START_OUTCOMES,
  START_SURFACES,
  type StartOutcome,
  TENANT_ROLES,
  TENANT_STATUSES,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_ERROR_CLASSES,
  type WebhookEventType,
  WORKSPACE_ROLES,
} from './vocabulary';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const workspaceRole = pgEnum('workspace_role', WORKSPACE_ROLES);
export const tenantRole = pgEnum('tenant_role', TENANT_ROLES);
export const tenantStatus = pgEnum('tenant_status', TENANT_STATUSES);
export const consentStatus = pgEnum('consent_status', CONSENT_STATUSES);
export const connectionHealth = pgEnum('connection_health', CONNECTION_HEALTH_STATES);
export const operationType = pgEnum('operation_type', OPERATION_TYPES);
export const startSurface = pgEnum('start_surface', START_SURFACES);
export const runStatus = pgEnum('run_status', RUN_STATUSES);
export const runOutcome = pgEnum('run_outcome', RUN_OUTCOMES);
export const startOutcome = pgEnum('start_outcome', START_OUTCOMES);

/** Owned by the tenant service. Provisioned on first sight of a token's `sub`. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  subject: text('subject').notNull().unique(),
  email: text('email'),
  displayName: text('display_name'),
  createdAt: createdAt(),
});

/** Owned by the tenant service. */
export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
});

export const workspaceMembers = pgTable(
  'workspace_members',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: workspaceRole('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('workspace_members_user_idx').on(t.userId)],
);

/** Owned by the tenant service. A managed Microsoft 365 / Entra tenant. */
export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    entraTenantId: uuid('entra_tenant_id').notNull(),
    primaryDomain: text('primary_domain'),
    status: tenantStatus('status').notNull().default('ACTIVE'),
    createdAt: createdAt(),
  },
  (t) => [index('tenants_workspace_idx').on(t.workspaceId)],
);

export const tenantMembers = pgTable(
  'tenant_members',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: tenantRole('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), index('tenant_members_user_idx').on(t.userId)],
);

/**
 * Owned by the tenant service. A workspace's machine credential (OAuth 2.0 client credentials at
 * the gateway's `/oauth/token`). It acts as its own principal: `user_id` is a `users` row (subject
 * `api-client:<id>`) whose `tenant_members` rows, at `role_ceiling`, are the tenants it may use,
 * so every check it meets is the capability registry's, as for a person. The secret is kept only
 * as its SHA-256 (a 256-bit random value: a slow hash adds nothing); `secret_generation` grows on
 * each rotation, and access tokens carry the generation they were issued under.
 */
export const apiClients = pgTable(
  'api_clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .unique()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    roleCeiling: tenantRole('role_ceiling').notNull(),
    /** Every tenant of the workspace its creator could grant (and later ones they create), or chosen ones. */
    allTenants: boolean('all_tenants').notNull(),
    /** Only the gateway's registered (persisted) documents may be sent with its tokens. */
    trustedDocumentsOnly: boolean('trusted_documents_only').notNull().default(false),
    secretHash: text('secret_hash').notNull(),
    secretGeneration: integer('secret_generation').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_clients_workspace_idx').on(t.workspaceId)],
);

/**
 * Owned by the tenant service. An invitation to a tenant by email (`inviteTenantMember`): it binds
 * when someone first signs in with that email verified by the identity provider (the token's
 * `email` and `email_verified: true`; @msp/auth's provisioner), making them a member with `role`.
 * At most one open invitation (neither accepted nor revoked) per tenant and email (lower-cased);
 * inviting again refreshes it (role, inviter, `created_at`, `expires_at`), an expired one too. It
 * binds only while open and before `expires_at`, which the tenant subgraph sets at each invitation
 * (`TENANT_INVITATION_TTL`, 14 days by default); `revoked_at` is `revokeTenantInvitation`'s.
 */
export const tenantInvitations = pgTable(
  'tenant_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Lower-cased. */
    email: text('email').notNull(),
    role: tenantRole('role').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    /** Set at every invitation (re-inviting moves it); no default: the tenant subgraph's setting decides. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('tenant_invitations_pending_idx')
      .on(t.tenantId, t.email)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    // The provisioner's lookup at sign-in: open invitations of one email (it checks expiry itself).
    index('tenant_invitations_email_pending_idx')
      .on(t.email)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    // `Tenant.invitations`: a tenant's invitations, newest first.
    index('tenant_invitations_tenant_idx').on(t.tenantId, t.createdAt),
  ],
);

/**
 * Owned by the provider-connection service. An Entra app registration used to reach Graph.
 * The client secret is stored only as AES-256-GCM ciphertext (iv | tag | ciphertext).
 */
export const providerConnections = pgTable(
  'provider_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    displayName: text('display_name').notNull(),
    entraTenantId: uuid('entra_tenant_id').notNull(),
    clientId: uuid('client_id').notNull(),
    clientSecretEncrypted: bytea('client_secret_encrypted'),
    clientSecretExpiresAt: timestamp('client_secret_expires_at', { withTimezone: true }),
    /** Set when Graph rejected the stored secret (AADSTS7000215); cleared by a rotation. */
    credentialRejectedAt: timestamp('credential_rejected_at', { withTimezone: true }),
    isDefault: boolean('is_default').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    consentStatus: consentStatus('consent_status').notNull().default('MISSING'),
    /**
     * Application permissions as recorded: what the last verification found granted (null until
     * one has run). The baseline the health check measures permission drift against; a health
     * check never overwrites it.
     */
    grantedPermissions: text('granted_permissions').array(),
    health: connectionHealth('health').notNull().default('UNKNOWN'),
    lastHealthCheckAt: timestamp('last_health_check_at', { withTimezone: true }),
    /**
     * Application permissions Entra actually granted when last read (the health check reads the
     * app's service principal's app role assignments; a verification or a run refused for a
     * missing permission reads a fresh token's roles). The truth: when known, the gate's
     * permission blockers decide from it rather than from the recorded `granted_permissions`.
     */
    observedPermissions: text('observed_permissions').array(),
    /**
     * The drift between the recorded and the observed permissions, while there is one (when and by
     * which run it was found; cleared when they agree again or a verification records the observed
     * set). Derived from the two columns above and written in the same UPDATE as they are, by one
     * function (`permissionColumns`, services/worker/src/connection-health.ts), so that it never
     * disagrees with them.
     */
    permissionDrift: jsonb('permission_drift').$type<PermissionDrift>(),
    /** When the last permission drift was cleared (permission restored, or re-verified). */
    permissionDriftClearedAt: timestamp('permission_drift_cleared_at', { withTimezone: true }),
    /**
     * The secret expiry date whose CREDENTIALS_EXPIRING warning was sent: one warning per
     * connection and expiry date (a rotation with a new expiry warns again when it comes close).
     */
    credentialExpiryNotifiedFor: timestamp('credential_expiry_notified_for', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('provider_connections_tenant_idx').on(t.tenantId),
    // Exactly one default per tenant, enforced by the database under concurrent updates.
    uniqueIndex('provider_connections_one_default_idx').on(t.tenantId).where(sql`${t.isDefault}`),
  ],
);

/**
 * Owned by the operations service; written by services/gate (admission) and the worker's run
 * lifecycle (every later transition). `target` names what the run acts on (the tenant, or a
 * restore run), so that "same operation type, same connection, same target" is equivalence.
 */
export const operationRuns = pgTable(
  'operation_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /**
     * The tenant's workspace, copied at insert by a trigger (`operation_runs_set_workspace`, in
     * migration 0006) when the insert leaves it null, so that every writer gets it: fleet
     * Monitoring lists and streams a workspace's runs by it (tenants never change workspace).
     */
    workspaceId: uuid('workspace_id').references(() => workspaces.id),
    operationType: operationType('operation_type').notNull(),
    target: text('target').notNull(),
    initiatedFrom: startSurface('initiated_from').notNull(),
    initiatedBy: uuid('initiated_by').references(() => users.id),
    providerConnectionId: uuid('provider_connection_id').references(() => providerConnections.id, {
      onDelete: 'set null',
    }),
    /** The connection identity chosen at click time: { id, displayName, entraTenantId, clientId }. */
    providerConnectionSnapshot: jsonb('provider_connection_snapshot').$type<ProviderConnectionSnapshot>(),
    /**
     * The snapshot's connection id as a column (generated, stored): the Monitoring filter by
     * connection uses an index on it instead of reading JSON, and it outlives a deleted
     * connection as the snapshot does (`provider_connection_id` is set null then).
     */
    chosenConnectionId: uuid('chosen_connection_id').generatedAlwaysAs(
      sql`((provider_connection_snapshot ->> 'id'::text))::uuid`,
    ),
    status: runStatus('status').notNull(),
    outcome: runOutcome('outcome').notNull(),
    reasonCode: text('reason_code'),
    reasonDetail: text('reason_detail'),
    progressTotal: integer('progress_total'),
    progressProcessed: integer('progress_processed').notNull().default(0),
    progressSucceeded: integer('progress_succeeded').notNull().default(0),
    progressFailed: integer('progress_failed').notNull().default(0),
    /** Operation-specific input, e.g. { restoreRunId }. */
    input: jsonb('input').$type<Record<string, unknown>>().notNull().default({}),
    /** Operation-specific result summary written at completion. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    attempts: integer('attempts').notNull().default(0),
    /**
     * The start named its provider connection instead of taking the tenant's default: a retry
     * of the run chooses the same way (that connection again, or the default as it is then).
     */
    providerConnectionChosen: boolean('provider_connection_chosen').notNull().default(false),
    /** The run this one retries (`retryOperationRun`); null for a first start. */
    retryOf: uuid('retry_of').references((): AnyPgColumn => operationRuns.id, { onDelete: 'set null' }),
    /**
     * Set once by `cancelOperationRun` on an active run: the worker holding it stops at its next
     * step and completes it CANCELLED; a worker that begins it later completes it at once.
     */
    cancelRequestedAt: timestamp('cancel_requested_at', { withTimezone: true }),
    cancelRequestedBy: uuid('cancel_requested_by').references(() => users.id, { onDelete: 'set null' }),
    cancelReason: text('cancel_reason'),
    /**
     * The OpenTelemetry trace id of the start that admitted (or blocked) the run, when tracing
     * was on: support finds the whole trace (gateway → gate → job → Graph calls) by it.
     */
    traceId: text('trace_id'),
    /** Outbox marker: set once the job is known to be in the queue. */
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The last line of defence for atomic admission: at most one active run per connection.
    uniqueIndex('operation_runs_one_active_per_connection_idx')
      .on(t.providerConnectionId)
      .where(sql`${t.status} in ('QUEUED', 'RUNNING')`),
    index('operation_runs_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('operation_runs_undispatched_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'QUEUED' and ${t.dispatchedAt} is null`),
    index('operation_runs_active_idx').on(t.updatedAt).where(sql`${t.status} in ('QUEUED', 'RUNNING')`),
    // OperationRun.retries.
    index('operation_runs_retry_of_idx').on(t.retryOf).where(sql`${t.retryOf} is not null`),
    // Retention: the oldest completed runs first, without reading active ones.
    index('operation_runs_completed_idx').on(t.completedAt).where(sql`${t.status} = 'COMPLETED'`),
    // Fleet Monitoring (services/operations/src/service/runs.ts): every list is read newest first
    // by (created_at, id) from one of these, scoped by workspace or by tenant, with at most one
    // filter column ahead of the sort key; a filter of several values is one seek per value.
    index('operation_runs_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    ...(['status', 'outcome', 'operationType', 'initiatedFrom'] as const).flatMap((col) => {
      const name = { status: 'status', outcome: 'outcome', operationType: 'type', initiatedFrom: 'surface' }[col];
      return [
        index(`operation_runs_tenant_${name}_created_idx`).on(t.tenantId, t[col], t.createdAt, t.id),
        index(`operation_runs_workspace_${name}_created_idx`).on(t.workspaceId, t[col], t.createdAt, t.id),
      ];
    }),
    ...(['initiatedBy', 'reasonCode'] as const).flatMap((col) => {
      const name = { initiatedBy: 'initiator', reasonCode: 'reason' }[col];
      return [
        index(`operation_runs_tenant_${name}_created_idx`)
          .on(t.tenantId, t[col], t.createdAt, t.id)
          .where(sql`${t[col]} is not null`),
        index(`operation_runs_workspace_${name}_created_idx`)
          .on(t.workspaceId, t[col], t.createdAt, t.id)
          .where(sql`${t[col]} is not null`),
      ];
    }),
    // A connection belongs to one tenant: its runs need no scope column ahead of the sort key.
    index('operation_runs_connection_created_idx')
      .on(t.chosenConnectionId, t.createdAt, t.id)
      .where(sql`${t.chosenConnectionId} is not null`),
  ],
);

/**
 * The connection identity a run keeps from click time (`operation_runs.provider_connection_snapshot`).
 * Declared once as a schema: the column's type, the live event's codec (services/gate/src/events.ts)
 * and the GraphQL `ProviderConnectionIdentity` all take it from here.
 */
export const providerConnectionSnapshotSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  entraTenantId: z.string(),
  clientId: z.string(),
});
export type ProviderConnectionSnapshot = z.infer<typeof providerConnectionSnapshotSchema>;

/**
 * A connection's permission drift (`provider_connections.permission_drift`): permissions recorded
 * but no longer granted in Entra (`missing`), granted but not recorded (`extra`), when and by which
 * run it was found (a health check, or a run refused for a missing permission).
 */
export const permissionDriftSchema = z.object({
  missing: z.array(z.string()),
  extra: z.array(z.string()),
  detectedAt: z.string(),
  runId: z.string(),
});
export type PermissionDrift = z.infer<typeof permissionDriftSchema>;

/**
 * Owned by services/gate. A client-supplied idempotency key: the same key from the same user
 * replays the first decision, whatever that was.
 */
export const startDecisions = pgTable(
  'start_decisions',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    idempotencyKey: text('idempotency_key').notNull(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    operationType: operationType('operation_type').notNull(),
    target: text('target').notNull(),
    outcome: startOutcome('outcome').notNull(),
    runId: uuid('run_id')
      .notNull()
      .references(() => operationRuns.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.idempotencyKey] }),
    // Retention deletes a run's decisions with it.
    index('start_decisions_run_idx').on(t.runId),
  ],
);

/** Owned by the operations service: the audit trail of a run's transitions. */
export const runEvents = pgTable(
  'run_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id')
      .notNull()
      .references(() => operationRuns.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    fromStatus: runStatus('from_status'),
    toStatus: runStatus('to_status'),
    outcome: runOutcome('outcome'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    /** Who caused it, when a person did (a cancellation); null for the worker's own steps. */
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('run_events_run_idx').on(t.runId, t.id)],
);

/** Owned by the operations service. Written by the run lifecycle at the terminal transition. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    runId: uuid('run_id')
      .notNull()
      .references(() => operationRuns.id, { onDelete: 'cascade' }),
    /** What it is about (NOTIFICATION_KINDS); a run's own completion notice is RUN_COMPLETED. */
    kind: text('kind').$type<NotificationKind>().notNull().default('RUN_COMPLETED'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    // Exactly once per run, recipient and kind, whatever the retries.
    uniqueIndex('notifications_run_user_kind_idx').on(t.runId, t.userId, t.kind),
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
    // notifications(unreadOnly: true) and unreadCount: the unread ones only.
    index('notifications_user_unread_idx').on(t.userId, t.createdAt, t.id).where(sql`${t.readAt} is null`),
  ],
);

/*
 * What the provider operations produce. Written only by the worker's processors (each row
 * notes the run that last wrote it); read by the tenant subgraph (directory, RBAC, backups)
 * and the onboarding subgraph (verification reports).
 */

/**
 * Owned by the worker (DIRECTORY_GROUPS_SYNC); read by the tenant subgraph. One row per Entra
 * group of a managed tenant, keyed by the group's Graph id. A full sync upserts every group it
 * pages through, then removes the rows it did not see (groups deleted in Entra).
 */
export const directoryGroups = pgTable(
  'directory_groups',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The group's object id in Entra (Graph `id`). */
    graphId: text('graph_id').notNull(),
    displayName: text('display_name'),
    description: text('description'),
    mail: text('mail'),
    securityEnabled: boolean('security_enabled'),
    mailEnabled: boolean('mail_enabled'),
    /** e.g. `{Unified}` for Microsoft 365 groups, `{}` for security groups. */
    groupTypes: text('group_types').array().notNull().default(sql`'{}'::text[]`),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
    lastRunId: uuid('last_run_id').references(() => operationRuns.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.graphId] }),
    index('directory_groups_tenant_name_idx').on(t.tenantId, t.displayName),
    // Deleting a run (retention) clears last_run_id here without scanning every tenant's groups.
    index('directory_groups_last_run_idx').on(t.lastRunId),
  ],
);

/**
 * Owned by the worker (ROLE_DEFINITIONS_SYNC); read by the tenant subgraph (RBAC page). Intune
 * role definitions of a managed tenant; built-in roles share their Graph id across tenants.
 */
export const roleDefinitions = pgTable(
  'role_definitions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    graphId: text('graph_id').notNull(),
    displayName: text('display_name'),
    description: text('description'),
    isBuiltIn: boolean('is_built_in').notNull().default(false),
    /** Graph `rolePermissions`, as read. */
    permissions: jsonb('permissions').$type<unknown[]>().notNull().default([]),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
    lastRunId: uuid('last_run_id').references(() => operationRuns.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.graphId] }),
    // As for directory groups: a deleted run's references are found by index.
    index('role_definitions_last_run_idx').on(t.lastRunId),
  ],
);

/**
 * Owned by the worker (POLICY_BACKUP); read by the tenant and restore subgraphs. One backup set
 * per run: a retried run refills its own set instead of starting a second one. `completedAt`
 * stays null until every item is stored, so a reader can tell a finished set from a partial one.
 */
export const policyBackups = pgTable(
  'policy_backups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The run that took it; null once that run was pruned (the backup outlives its run). */
    operationRunId: uuid('operation_run_id')
      .unique('policy_backups_operation_run_id_key')
      .references(() => operationRuns.id, { onDelete: 'set null' }),
    providerConnectionId: uuid('provider_connection_id').references(() => providerConnections.id, {
      onDelete: 'set null',
    }),
    itemCount: integer('item_count').notNull().default(0),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('policy_backups_tenant_created_idx').on(t.tenantId, t.createdAt)],
);

/** Owned by the worker (POLICY_BACKUP). One backed-up policy, as Graph returned it (with settings). */
export const policyBackupItems = pgTable(
  'policy_backup_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    backupId: uuid('backup_id')
      .notNull()
      .references(() => policyBackups.id, { onDelete: 'cascade' }),
    /** The policy's Graph id in the source tenant. */
    policyId: text('policy_id').notNull(),
    displayName: text('display_name'),
    /** The Graph resource type, e.g. `deviceManagementConfigurationPolicy`: says where a restore writes it. */
    policyType: text('policy_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('policy_backup_items_backup_policy_idx').on(t.backupId, t.policyId)],
);

/**
 * Owned by the worker (PROVIDER_VERIFICATION); read by the onboarding and provider-connection
 * subgraphs. One report per verification run (a retry rewrites its own); the latest per
 * connection is the current one. `status`: VERIFIED, PERMISSIONS_MISSING or FAILED.
 */
export const tenantVerificationReports = pgTable(
  'tenant_verification_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    operationRunId: uuid('operation_run_id')
      .notNull()
      .unique('tenant_verification_reports_operation_run_id_key')
      .references(() => operationRuns.id, { onDelete: 'cascade' }),
    providerConnectionId: uuid('provider_connection_id').references(() => providerConnections.id, {
      onDelete: 'set null',
    }),
    status: text('status').notNull(),
    /** Graph `GET /organization` (id, displayName, verifiedDomains...); null when it could not be read. */
    organization: jsonb('organization').$type<Record<string, unknown>>(),
    grantedPermissions: text('granted_permissions').array().notNull().default(sql`'{}'::text[]`),
    missingPermissions: text('missing_permissions').array().notNull().default(sql`'{}'::text[]`),
    /** For a FAILED report: the reason code the run failed with. */
    reasonCode: text('reason_code'),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tenant_verification_reports_tenant_checked_idx').on(t.tenantId, t.checkedAt),
    index('tenant_verification_reports_connection_checked_idx').on(t.providerConnectionId, t.checkedAt),
  ],
);

/**
 * Owned by the restore subgraph (prepared, previewed, started) and the worker (RESTORE_EXECUTION
 * writes `status` at the end and `item_results`). A restore of a policy backup into its tenant:
 * DRAFT → PREVIEWED → EXECUTING → COMPLETED | FAILED. `selected_item_ids` null means every item
 * of the backup. Per-item results live in `item_results` (jsonb): a restore run has one
 * execution and its results are always read whole, so a child table would only add a join.
 */
export const restoreRunStatus = pgEnum('restore_run_status', RESTORE_RUN_STATUSES);

export const restoreRuns = pgTable(
  'restore_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    backupId: uuid('backup_id')
      .notNull()
      .references(() => policyBackups.id, { onDelete: 'cascade' }),
    /** Ids of `policy_backup_items` to restore; null = all items of the backup. */
    selectedItemIds: uuid('selected_item_ids').array(),
    status: restoreRunStatus('status').notNull().default('DRAFT'),
    /** The last preview: { items: [{ itemId, displayName, action, diffSummary, targetPolicyId }], creates, updates, unchanged }. */
    preview: jsonb('preview').$type<Record<string, unknown>>(),
    warnings: text('warnings').array().notNull().default(sql`'{}'::text[]`),
    previewedAt: timestamp('previewed_at', { withTimezone: true }),
    operationRunId: uuid('operation_run_id').references(() => operationRuns.id, { onDelete: 'set null' }),
    /** Per-item results of the execution: [{ itemId, displayName, action, targetPolicyId, ok, reasonCode, detail }]. */
    itemResults: jsonb('item_results').$type<Array<Record<string, unknown>>>(),
    rerunOf: uuid('rerun_of').references((): AnyPgColumn => restoreRuns.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('restore_runs_tenant_created_idx').on(t.tenantId, t.createdAt),
    index('restore_runs_operation_run_idx').on(t.operationRunId),
  ],
);

/**
 * Owned by the onboarding subgraph. One run of the onboarding wizard for one new tenant. Only
 * the facts are stored: which connection the wizard connected, the bootstrap selection, which
 * run each bootstrap operation was admitted as (or deduped onto), and each step's last start
 * outcome and message. Step statuses and pending/completed operations are derived on read from
 * these runs: a run ends in the worker, outside any onboarding mutation, so a stored status
 * would go stale. `current_step` is the derived value as of the last write, for listings.
 */
export const onboardingStepKey = pgEnum('onboarding_step_key', ONBOARDING_STEP_KEYS);
export const onboardingSessionStatus = pgEnum('onboarding_session_status', ONBOARDING_SESSION_STATUSES);

/** The last start of a step, as the gate answered it. */
export interface OnboardingStepStart {
  operationType: OperationType;
  outcome: StartOutcome;
  /** The run the answer pointed at: the new, existing or active run, or the recorded blocked attempt. */
  runId: string | null;
  /** The start result's operator message ({ headline, reason, nextStep, action, actionUrl }). */
  message: Record<string, unknown>;
  at: string;
}

export const onboardingSessions = pgTable(
  'onboarding_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    providerConnectionId: uuid('provider_connection_id').references(() => providerConnections.id, {
      onDelete: 'set null',
    }),
    status: onboardingSessionStatus('status').notNull().default('ACTIVE'),
    currentStep: onboardingStepKey('current_step').notNull().default('TENANT_DETAILS'),
    /** The bootstrap operations selected, in admission order; null until bootstrap is first started. */
    bootstrapOperations: operationType('bootstrap_operations').array(),
    /** Bootstrap operation → the run it was admitted as (or deduped onto): { DIRECTORY_GROUPS_SYNC: runId, ... }. */
    bootstrapRuns: jsonb('bootstrap_runs').$type<Record<string, string>>().notNull().default({}),
    /** Step key → its last start ({ VERIFICATION: OnboardingStepStart, BOOTSTRAP: ... }). */
    lastStarts: jsonb('last_starts').$type<Record<string, OnboardingStepStart>>().notNull().default({}),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    index('onboarding_sessions_workspace_idx').on(t.workspaceId, t.createdAt),
    index('onboarding_sessions_tenant_idx').on(t.tenantId),
  ],
);

/**
 * Owned by @msp/db's audit recorder (`recordAudit`, src/audit.ts), written by every service: who
 * did what, append-only. Every start decision (each outcome, DEDUPED and SCOPE_BUSY included) and
 * every administrative change is one row, written in the transaction of the change where there is
 * one. Migration 0008 adds the triggers that refuse UPDATE, TRUNCATE and any DELETE but retention's
 * (`pruneAuditEvents`, which sets `msp.audit_retention` for its own transaction), and the one that
 * fills `workspace_id` from `tenant_id` when a writer leaves it null.
 *
 * No foreign keys, on purpose: a record outlives what it names (a deleted connection, a pruned run,
 * a removed user), and a key with ON DELETE SET NULL would be an UPDATE the table refuses.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The workspace whose log it belongs to; filled from the tenant by a trigger when null. */
    workspaceId: uuid('workspace_id'),
    tenantId: uuid('tenant_id'),
    /** The person who acted (null for the system's own steps). */
    actorId: uuid('actor_id'),
    /** The API client the person or machine acted through, when one did. */
    apiClientId: uuid('api_client_id'),
    /** The capability registry's action name (`start.DIRECTORY_GROUPS_SYNC`, `tenant.members.remove`, …). */
    action: text('action').notNull(),
    /** Start decisions: where the start came from. */
    surface: startSurface('surface'),
    /** Start decisions: the gate's answer. */
    outcome: startOutcome('outcome'),
    /** The run the decision or change pointed at (admitted, deduped onto, busy with, blocked attempt, cancelled, retried). */
    runId: uuid('run_id'),
    /** What the change was made to: `provider_connection`, `user`, `restore_run`, `onboarding_session`, `run`, … */
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** What else matters to a reader (a new role, a reason code). Never a secret: see `recordAudit`. */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    // auditEvents(workspaceId, …): newest first, by workspace, or by tenant, actor or action within it.
    index('audit_events_workspace_idx').on(t.workspaceId, t.id),
    index('audit_events_tenant_idx').on(t.tenantId, t.id),
    index('audit_events_workspace_actor_idx').on(t.workspaceId, t.actorId, t.id),
    index('audit_events_workspace_action_idx').on(t.workspaceId, t.action, t.id),
    // Retention: the oldest first.
    index('audit_events_at_idx').on(t.at),
  ],
);

/*
 * Outbound webhooks. Endpoints are owned by the tenant subgraph (a workspace's OWNERs manage
 * them); events and their deliveries are written by whatever reports the event, through
 * `recordWebhookEvent` (src/webhooks.ts) inside the transaction of what it reports (the run
 * lifecycle, the gate's blocked attempts, the connection health check), and delivered by the
 * worker (services/worker/src/webhooks.ts). The deliveries are the outbox: a committed delivery
 * is sent even if Redis was down when it was written.
 */
export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', WEBHOOK_DELIVERY_STATUSES);
export const webhookErrorClass = pgEnum('webhook_error_class', WEBHOOK_ERROR_CLASSES);

/**
 * Owned by the tenant subgraph. A workspace's receiver of events: an https URL (checked against
 * the SSRF policy at creation and again at each delivery), the event types it subscribes to, and
 * its signing secret (Standard Webhooks `whsec_…`), sealed like client secrets (AES-256-GCM,
 * `SECRET_ENCRYPTION_KEY`) and answered once. After a rotation the previous secret still signs
 * (a second signature) until `previous_secret_expires_at`, so receivers can switch without a gap.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description'),
    /** `WEBHOOK_EVENT_TYPES` names (`RUN_COMPLETED`, …). */
    eventTypes: text('event_types').array().$type<WebhookEventType[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Why it is disabled: `MANUAL` (an owner did) or `FAILING` (persistent delivery failure). */
    disabledReason: text('disabled_reason'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    secretEncrypted: bytea('secret_encrypted').notNull(),
    previousSecretEncrypted: bytea('previous_secret_encrypted'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    /** The last 2xx answer: an endpoint is disabled only when nothing got through since a failed delivery began. */
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // The recorders' probe ("does an enabled endpoint of this workspace want this type?") and the list.
  (t) => [index('webhook_endpoints_workspace_idx').on(t.workspaceId, t.createdAt)],
);

/**
 * Written by `recordWebhookEvent` (@msp/db), only when an enabled endpoint of the workspace
 * subscribes to its type. `id` is the message id: `webhook-id` is `msg_<id>` for every delivery
 * and every attempt of it. `data` is the snapshot the body carries (never a secret).
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    type: text('type').$type<WebhookEventType>().notNull(),
    /** The run it reports (completed, failed, the blocked attempt, the health check that found it). */
    runId: uuid('run_id')
      .notNull()
      .references(() => operationRuns.id, { onDelete: 'cascade' }),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    // Run retention deletes a run's events with it.
    index('webhook_events_run_idx').on(t.runId),
    index('webhook_events_workspace_created_idx').on(t.workspaceId, t.createdAt),
  ],
);

/**
 * One event for one endpoint, written with the event (fan-out to the endpoints subscribed at that
 * moment). The worker's dispatcher enqueues a due attempt (`enqueued_at`), a delivery job claims
 * it (`attempts` + 1, `claimed_at`: one claim per attempt number) and records how it went.
 * `attempt_limit` null: the worker's automatic series (WEBHOOK_MAX_ATTEMPTS); a manual redelivery
 * sets it to the one attempt it adds.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The endpoint's workspace, for authorization without a join. */
    workspaceId: uuid('workspace_id').notNull(),
    status: webhookDeliveryStatus('status').notNull().default('PENDING'),
    /** Attempts made (claimed) so far. */
    attempts: integer('attempts').notNull().default(0),
    attemptLimit: integer('attempt_limit'),
    /** The current series was asked for by hand (`redeliverWebhookDelivery`). */
    manual: boolean('manual').notNull().default(false),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** The job of attempt `attempts + 1` is in the queue (outbox marker). */
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true }),
    /** Attempt `attempts` is on the wire since then; cleared when its outcome is recorded. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    lastResponseStatus: integer('last_response_status'),
    lastErrorClass: webhookErrorClass('last_error_class'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_endpoint_idx').on(t.eventId, t.endpointId),
    // The delivery log of an endpoint, newest first.
    index('webhook_deliveries_endpoint_created_idx').on(t.endpointId, t.createdAt, t.id),
    // The dispatcher: due attempts not yet in the queue, and claims that never reported back.
    index('webhook_deliveries_pending_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'PENDING'`),
  ],
);

/**
 * The delivery log: one row per attempt (status code, duration, error class, and at most a short
 * excerpt of the answer; never more of the receiver's body, never a header).
 */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    manual: boolean('manual').notNull().default(false),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    succeeded: boolean('succeeded').notNull(),
    responseStatus: integer('response_status'),
    errorClass: webhookErrorClass('error_class'),
    /** The first characters of the answer (at most 256), for a person reading the log. */
    responseExcerpt: text('response_excerpt'),
  },
  (t) => [uniqueIndex('webhook_delivery_attempts_delivery_attempt_idx').on(t.deliveryId, t.attempt)],
);

/**
 * Owned by the operations service (services/operations, `createSchedule` and the other schedule
 * mutations); fired by the worker (services/worker/src/schedules.ts), which also writes `status`
 * (STOPPED), the problem columns and `last_tick_at`. One row per schedule of an operation on a
 * tenant: a cron expression in a time zone, or an interval. Its firings are starts through the
 * gate as `owner_id` (surface SCHEDULE), recorded in `schedule_firings`.
 *
 * The worker keeps one BullMQ job scheduler per ACTIVE row, reconciled from `version` (grown by
 * every change) and `synced_version` (the version the job scheduler was last made to match). A
 * deleted schedule keeps its row with `deleted_at` until the reconciler has removed its job
 * scheduler, then the row goes (its firings with it).
 *
 * `provider_connection_id` has no foreign key, on purpose: a schedule that names a connection
 * must not start firing on the tenant's default once that connection is deleted (as ON DELETE
 * SET NULL would make it), nor vanish with it (CASCADE). Its next firing is refused by the gate
 * (the connection's NOT_FOUND) and the schedule STOPs with PROVIDER_CONNECTION_NOT_FOUND.
 */
export const schedules = pgTable(
  'schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    operationType: operationType('operation_type').notNull(),
    /** A name operators give it; optional. */
    name: text('name'),
    /** A cron expression (5 fields, or 6 with seconds), in `time_zone`; or null for an interval. */
    cron: text('cron'),
    /** IANA time zone of `cron`; null with an interval. */
    timeZone: text('time_zone'),
    /** Seconds between firings; or null for a cron expression. */
    intervalSeconds: integer('interval_seconds'),
    /** The connection its firings name; null: the tenant's default at each firing. */
    providerConnectionId: uuid('provider_connection_id'),
    /** Whom its firings start as (the gate's actor): who created it, or who last resumed it. */
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status').$type<ScheduleStatus>().notNull().default('ACTIVE'),
    /** Set with status STOPPED: why the gate refused its last firing. */
    stopReason: text('stop_reason').$type<ScheduleStopReason>(),
    stopDetail: text('stop_detail'),
    /**
     * The problem its owner was last told about: the reason code of a blocked firing, set (and the
     * owner notified, SCHEDULE_BLOCKED) when a firing is BLOCKED for a reason other than this one;
     * cleared by the next firing that is not BLOCKED. Once per problem, not once per tick.
     */
    problemReasonCode: text('problem_reason_code'),
    /** The first blocked attempt of that problem (the run the notification names). */
    problemRunId: uuid('problem_run_id').references(() => operationRuns.id, { onDelete: 'set null' }),
    /** The due time of the latest firing recorded. */
    lastTickAt: timestamp('last_tick_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    syncedVersion: integer('synced_version').notNull().default(0),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'schedules_timing_check',
      sql`(${t.cron} is not null and ${t.timeZone} is not null and ${t.intervalSeconds} is null)
        or (${t.cron} is null and ${t.timeZone} is null and ${t.intervalSeconds} is not null)`,
    ),
    // schedules(tenantId): a tenant's schedules, oldest first, by (created_at, id).
    index('schedules_tenant_created_idx').on(t.tenantId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    // The worker's reconciler: the rows whose job scheduler is not yet what the row says.
    index('schedules_unsynced_idx').on(t.id).where(sql`${t.syncedVersion} <> ${t.version}`),
  ],
);

/**
 * Owned by the worker (services/worker/src/schedules.ts): one row per firing of a schedule, i.e.
 * per tick, whatever the gate answered. `outcome` is the gate's decision (and `run_id` the run it
 * pointed at: admitted, deduped onto, busy with, or the blocked attempt); a firing the gate
 * refused before deciding (its owner no longer a member or without the capability, its connection
 * gone) has no outcome and `stop_reason` says why. One row per (schedule, tick): a tick delivered
 * twice (a worker that died mid-firing) is recorded once, and the gate replays its first decision
 * (the firing's idempotency key is the schedule and the tick).
 */
export const scheduleFirings = pgTable(
  'schedule_firings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    /** When the tick was due (the job scheduler's time for it). */
    tickAt: timestamp('tick_at', { withTimezone: true }).notNull(),
    /** When the gate's answer was recorded. */
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull().defaultNow(),
    outcome: startOutcome('outcome'),
    runId: uuid('run_id').references(() => operationRuns.id, { onDelete: 'set null' }),
    /** BLOCKED: the blocker's reason code. */
    reasonCode: text('reason_code'),
    /** Refused before any decision: why (the schedule STOPPED). */
    stopReason: text('stop_reason').$type<ScheduleStopReason>(),
    /** One line for the operator: the blocker's detail, or the refusal's message. */
    detail: text('detail'),
    /** This firing told the owner about a new problem (SCHEDULE_BLOCKED). */
    notified: boolean('notified').notNull().default(false),
  },
  (t) => [
    // One firing per tick; Schedule.history pages newest first by tick.
    uniqueIndex('schedule_firings_schedule_tick_idx').on(t.scheduleId, t.tickAt),
    // Retention: the oldest first.
    index('schedule_firings_tick_idx').on(t.tickAt),
  ],
);
