/**
 * The shared start vocabulary of the public contract. The lists are declared once, in
 * `@msp/db`'s leaf module (services/db/src/vocabulary.ts), which the database enums are built
 * from too; every surface, the worker and the GraphQL layer take them from here.
 */
import type { OperationType } from '@msp/db';

export {
  CONNECTION_HEALTH_STATES,
  CONSENT_STATUSES,
  type ConnectionHealth,
  type ConsentStatus,
  NEXT_STEP_ACTIONS,
  type NextStepAction,
  NOTIFICATION_KINDS,
  type NotificationKind,
  OPERATION_TYPES,
  type OperationType,
  PROBLEM_CLASSES,
  type ProblemClass,
  REASON_CODES,
  type ReasonCode,
  RUN_OUTCOMES,
  RUN_STATUSES,
  type RunOutcome,
  type RunStatus,
  START_OUTCOMES,
  START_SURFACES,
  type StartOutcome,
  type StartSurface,
  SYSTEM_SUBJECT_PREFIX,
  TENANT_ROLES,
  TENANT_STATUSES,
  type TenantRole,
  type TenantStatus,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_ERROR_CLASSES,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_WIRE_NAMES,
  type WebhookDeliveryStatus,
  type WebhookErrorClass,
  type WebhookEventType,
  WORKSPACE_ROLES,
  type WorkspaceRole,
} from '@msp/db';

/** Human names of the operations, used in every message. */
export const OPERATION_LABELS: Record<OperationType, string> = {
  PROVIDER_VERIFICATION: 'Provider verification',
  PROVIDER_CONNECTION_HEALTH_CHECK: 'Connection health check',
  DIRECTORY_GROUPS_SYNC: 'Directory groups sync',
  ROLE_DEFINITIONS_SYNC: 'Role definitions sync',
  POLICY_BACKUP: 'Policy backup',
  RESTORE_EXECUTION: 'Restore execution',
};
