/**
 * The shared start vocabulary of the public contract. Every surface, the worker and the
 * GraphQL layer use these lists; the database enums carry the same values.
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

export const START_SURFACES = ['TENANT', 'PROVIDER_CONNECTION', 'DIRECTORY', 'RBAC', 'RESTORE', 'ONBOARDING'] as const;
export type StartSurface = (typeof START_SURFACES)[number];

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

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_OUTCOMES = ['PENDING', 'SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED', 'BLOCKED', 'CANCELLED'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export const TENANT_ROLES = ['OWNER', 'MANAGER', 'OPERATOR', 'READONLY'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export const WORKSPACE_ROLES = ['OWNER', 'MEMBER'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** Human names of the operations, used in every message. */
export const OPERATION_LABELS: Record<OperationType, string> = {
  PROVIDER_VERIFICATION: 'Provider verification',
  PROVIDER_CONNECTION_HEALTH_CHECK: 'Connection health check',
  DIRECTORY_GROUPS_SYNC: 'Directory groups sync',
  ROLE_DEFINITIONS_SYNC: 'Role definitions sync',
  POLICY_BACKUP: 'Policy backup',
  RESTORE_EXECUTION: 'Restore execution',
};
