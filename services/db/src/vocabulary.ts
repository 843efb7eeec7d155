/**
 * The product's vocabulary: every list of values that the database stores as an enum or that
 * the public contract names (reason codes, problem classes, next-step actions). Declared here
 * once; `schema.ts` builds its `pgEnum`s from these lists and `@msp/gate` re-exports them for
 * every surface, the worker and the GraphQL layer. A leaf module: it imports nothing, so any
 * package can use it without pulling in a database client.
 *
 * Adding a value to a stored list needs a migration (`npm run db:generate`), and the GraphQL
 * enum descriptions (services/subgraph-kit) must name it.
 */

export const OPERATION_TYPES = [
  'PROVIDER_VERIFICATION',
  'PROVIDER_CONNECTION_HEALTH_CHECK',
  'DIRECTORY_GROUPS_SYNC',
  'ROLE_DEFINITIONS_SYNC',
  'POLICY_BACKUP',
  'RESTORE_EXECUTION',
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const START_OUTCOMES = ['ACCEPTED', 'DEDUPED', 'SCOPE_BUSY', 'BLOCKED'] as const;
export type StartOutcome = (typeof START_OUTCOMES)[number];

/** MONITORING: a retry started from Monitoring. SCHEDULE: a schedule's firing. */
export const START_SURFACES = [
  'TENANT',
  'PROVIDER_CONNECTION',
  'DIRECTORY',
  'RBAC',
  'RESTORE',
  'ONBOARDING',
  'MONITORING',
  'SCHEDULE',
] as const;
export type StartSurface = (typeof START_SURFACES)[number];

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_OUTCOMES = ['PENDING', 'SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED', 'BLOCKED', 'CANCELLED'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/**
 * What a notification is about (`notifications.kind`, a text column: adding a value needs no
 * migration). Every notification names a run: the run that completed, the blocked attempt a
 * schedule recorded, the health check that found an expiring secret or a drift, the run whose
 * event a webhook endpoint failed to take. One notification per run, recipient and kind.
 */
export const NOTIFICATION_KINDS = [
  'RUN_COMPLETED',
  'SCHEDULE_BLOCKED',
  'CREDENTIALS_EXPIRING',
  'CONNECTION_HEALTH_CHANGED',
  'WEBHOOK_ENDPOINT_DISABLED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const TENANT_ROLES = ['OWNER', 'MANAGER', 'OPERATOR', 'READONLY'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export const WORKSPACE_ROLES = ['OWNER', 'MEMBER'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export const TENANT_STATUSES = ['ONBOARDING', 'ACTIVE', 'ARCHIVED'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export const CONSENT_STATUSES = ['GRANTED', 'MISSING', 'REVOKED'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const CONNECTION_HEALTH_STATES = ['UNKNOWN', 'HEALTHY', 'DEGRADED', 'UNHEALTHY'] as const;
export type ConnectionHealth = (typeof CONNECTION_HEALTH_STATES)[number];

export const RESTORE_RUN_STATUSES = ['DRAFT', 'PREVIEWED', 'EXECUTING', 'COMPLETED', 'FAILED'] as const;
export type RestoreRunStatus = (typeof RESTORE_RUN_STATUSES)[number];

export const ONBOARDING_STEP_KEYS = [
  'TENANT_DETAILS',
  'PROVIDER_CONNECTION',
  'VERIFICATION',
  'BOOTSTRAP',
  'COMPLETE',
] as const;
export type OnboardingStepKey = (typeof ONBOARDING_STEP_KEYS)[number];

export const ONBOARDING_SESSION_STATUSES = ['ACTIVE', 'COMPLETED', 'CANCELLED'] as const;
export type OnboardingSessionStatus = (typeof ONBOARDING_SESSION_STATUSES)[number];

/** Stored as text on runs (`reason_code`): the contract's ReasonCode. */
export const REASON_CODES = [
  'PROVIDER_CONNECTION_MISSING',
  'PROVIDER_CONNECTION_DISABLED',
  'PROVIDER_CONSENT_MISSING',
  'PROVIDER_CONSENT_REVOKED',
  'PROVIDER_CREDENTIALS_MISSING',
  'PROVIDER_CREDENTIALS_EXPIRED',
  'PROVIDER_CREDENTIALS_INVALID',
  'PROVIDER_PERMISSIONS_MISSING',
  'PROVIDER_THROTTLED',
  'PROVIDER_UNAVAILABLE',
  'TENANT_NOT_ACTIVE',
  'RESTORE_NOT_READY',
  'TARGET_NOT_FOUND',
  'RUN_INTERRUPTED',
  'INTERNAL_ERROR',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const PROBLEM_CLASSES = [
  'PROVIDER_CONNECTION',
  'PROVIDER_CONSENT',
  'PROVIDER_CREDENTIALS',
  'PROVIDER_PERMISSIONS',
  'PROVIDER_AVAILABILITY',
  'TENANT_STATE',
  'OPERATION_PRECONDITION',
  'INTERNAL',
] as const;
export type ProblemClass = (typeof PROBLEM_CLASSES)[number];

export const NEXT_STEP_ACTIONS = [
  'OPEN_RUN',
  'WAIT_FOR_RUN',
  'CREATE_PROVIDER_CONNECTION',
  'SET_DEFAULT_PROVIDER_CONNECTION',
  'ENABLE_PROVIDER_CONNECTION',
  'GRANT_PROVIDER_CONSENT',
  'ROTATE_PROVIDER_CREDENTIALS',
  'GRANT_PROVIDER_PERMISSIONS',
  'ACTIVATE_TENANT',
  'PREPARE_RESTORE',
  'RETRY_LATER',
  'CONTACT_SUPPORT',
] as const;
export type NextStepAction = (typeof NEXT_STEP_ACTIONS)[number];

/**
 * Outbound webhook event types (GraphQL `WebhookEventType`), stored by these names in
 * `webhook_events.type` and `webhook_endpoints.event_types` (text: adding one needs no migration).
 * What a receiver sees is the wire name (`WEBHOOK_WIRE_NAMES`), the body's `type`.
 */
export const WEBHOOK_EVENT_TYPES = [
  'RUN_COMPLETED',
  'RUN_FAILED',
  'RUN_BLOCKED',
  'CREDENTIALS_EXPIRING',
  'CONNECTION_HEALTH_CHANGED',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The `type` of a delivered event's body, as receivers route on it. */
export const WEBHOOK_WIRE_NAMES: Record<WebhookEventType, string> = {
  RUN_COMPLETED: 'run.completed',
  RUN_FAILED: 'run.failed',
  RUN_BLOCKED: 'run.blocked',
  CREDENTIALS_EXPIRING: 'connection.credentials_expiring',
  CONNECTION_HEALTH_CHANGED: 'connection.health_changed',
};

/**
 * A delivery of one event to one endpoint. PENDING: an attempt is due or under way. DELIVERED:
 * the endpoint answered 2xx (once: nothing is sent for it again unless redelivered by hand).
 * FAILED: every attempt failed. SKIPPED: the endpoint was disabled or lost the subscription before
 * it could be sent.
 */
export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'SKIPPED'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * Why an attempt failed, by class (never the receiver's text): HTTP_STATUS (an answer other than
 * 2xx; redirects are not followed), TIMEOUT, CONNECTION (refused, reset, unreachable), DNS (the
 * name did not resolve), TLS (handshake or certificate), TARGET_REFUSED (the URL or an address it
 * resolved to is one the SSRF policy refuses), INTERRUPTED (the worker stopped mid-attempt),
 * INTERNAL.
 */
export const WEBHOOK_ERROR_CLASSES = [
  'HTTP_STATUS',
  'TIMEOUT',
  'CONNECTION',
  'DNS',
  'TLS',
  'TARGET_REFUSED',
  'INTERRUPTED',
  'INTERNAL',
] as const;
export type WebhookErrorClass = (typeof WEBHOOK_ERROR_CLASSES)[number];

/**
 * A schedule's state (`schedules.status`): ACTIVE fires on its timing; PAUSED was paused by a
 * person; STOPPED was stopped by its own firing, because the gate refused its owner (no longer a
 * member, or without the operation's capability) or its provider connection is gone: the reason
 * is `SCHEDULE_STOP_REASONS`. Both PAUSED and STOPPED fire no more until resumed.
 */
export const SCHEDULE_STATUSES = ['ACTIVE', 'PAUSED', 'STOPPED'] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

/** Why a firing was refused by the gate before any decision, and so why its schedule STOPPED. */
export const SCHEDULE_STOP_REASONS = [
  'OWNER_NOT_MEMBER',
  'OWNER_LACKS_CAPABILITY',
  'PROVIDER_CONNECTION_NOT_FOUND',
] as const;
export type ScheduleStopReason = (typeof SCHEDULE_STOP_REASONS)[number];

/**
 * Subject prefix (`users.subject`) of the system principals: built-in work that starts operations
 * with no person clicking (`SYSTEM_PRINCIPALS` of @msp/gate's registry builds their subjects from
 * it). @msp/auth refuses a token whose subject has it, and the tenant subgraph resolves such users
 * for anyone (the runs they start name them).
 */
export const SYSTEM_SUBJECT_PREFIX = 'system:';
