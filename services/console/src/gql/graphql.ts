/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Admin consent for the app in the customer’s tenant, as last recorded. */
export const ConsentStatus = {
  /** An administrator granted admin consent. */
  Granted: 'GRANTED',
  /** Consent has not been granted yet. */
  Missing: 'MISSING',
  /** Consent was granted, then revoked. */
  Revoked: 'REVOKED'
} as const;

export type ConsentStatus = typeof ConsentStatus[keyof typeof ConsentStatus];
/** The state of the stored client secret, derived from stored facts (no network call). */
export const CredentialStatus = {
  /** Past its expiry. */
  Expired: 'EXPIRED',
  /** Stored and valid, but expires within 14 days. */
  ExpiringSoon: 'EXPIRING_SOON',
  /** No secret is stored. */
  Missing: 'MISSING',
  /** Microsoft Graph rejected it; rotate it. */
  Rejected: 'REJECTED',
  /** Stored, not expiring within 14 days, not rejected. */
  Valid: 'VALID'
} as const;

export type CredentialStatus = typeof CredentialStatus[keyof typeof CredentialStatus];
/** The machine-readable next step of an operator message. */
export const NextStepAction = {
  /** Reactivate the tenant. */
  ActivateTenant: 'ACTIVATE_TENANT',
  /** Contact support with the run link. */
  ContactSupport: 'CONTACT_SUPPORT',
  /** Create a provider connection for the tenant. */
  CreateProviderConnection: 'CREATE_PROVIDER_CONNECTION',
  /** Enable the provider connection. */
  EnableProviderConnection: 'ENABLE_PROVIDER_CONNECTION',
  /** Have an administrator grant admin consent to the app. */
  GrantProviderConsent: 'GRANT_PROVIDER_CONSENT',
  /** Add the missing Graph permission and grant admin consent. */
  GrantProviderPermissions: 'GRANT_PROVIDER_PERMISSIONS',
  /** Open the run to follow or review it. */
  OpenRun: 'OPEN_RUN',
  /** Preview and confirm the restore run. */
  PrepareRestore: 'PREPARE_RESTORE',
  /** Try again later. */
  RetryLater: 'RETRY_LATER',
  /** Create a new client secret and rotate it on the connection. */
  RotateProviderCredentials: 'ROTATE_PROVIDER_CREDENTIALS',
  /** Mark one of the tenant’s provider connections as the default. */
  SetDefaultProviderConnection: 'SET_DEFAULT_PROVIDER_CONNECTION',
  /** Wait for the active run to finish, then try again. */
  WaitForRun: 'WAIT_FOR_RUN'
} as const;

export type NextStepAction = typeof NextStepAction[keyof typeof NextStepAction];
/** What happened to a run at one point of its timeline. */
export const OperationRunEventKind = {
  /** An attempt failed (`reason`); a retry or the end follows. */
  AttemptFailed: 'ATTEMPT_FAILED',
  /** It ended CANCELLED (`actor`: who cancelled it). */
  Cancelled: 'CANCELLED',
  /** Someone asked to cancel it (`actor`; `detail`: their reason). */
  CancelRequested: 'CANCEL_REQUESTED',
  /** It ended (`detail`: the outcome; `reason` when it did not succeed). */
  Completed: 'COMPLETED',
  /** Its job was handed to the queue. */
  Dispatched: 'DISPATCHED',
  /** Items processed so far. */
  Progress: 'PROGRESS',
  /** Admitted by the start gate and queued (`actor`: who started it). */
  Queued: 'QUEUED',
  /** The next attempt was scheduled after a transient failure. */
  RetryScheduled: 'RETRY_SCHEDULED',
  /** A worker began an attempt (`detail` names it). */
  Started: 'STARTED'
} as const;

export type OperationRunEventKind = typeof OperationRunEventKind[keyof typeof OperationRunEventKind];
/** Narrows a list (or a live stream) of runs. Each given list matches any of its values; an empty list matches all. Given filters all apply (AND). */
export type OperationRunFilter = {
  /** Runs created at or after this time (inclusive). */
  createdAfter?: string | null | undefined;
  /** Runs created before this time (exclusive: consecutive ranges neither overlap nor leave a gap). */
  createdBefore?: string | null | undefined;
  /** Runs started by this user. */
  initiatedBy?: string | number | null | undefined;
  /** Runs of any of these operation types. */
  operationType?: Array<ProviderOperationType> | null | undefined;
  /** Runs with any of these outcomes. */
  outcome?: Array<RunOutcome> | null | undefined;
  /** Runs whose reason code is of any of these problem classes (with reasonCode: both apply). */
  problemClass?: Array<ProblemClass> | null | undefined;
  /** Runs on this provider connection (as chosen at click time; also after the connection was deleted). */
  providerConnectionId?: string | number | null | undefined;
  /** Runs (failed, partially succeeded or blocked) with any of these reason codes. */
  reasonCode?: Array<ReasonCode> | null | undefined;
  /** Runs in any of these statuses. */
  status?: Array<RunStatus> | null | undefined;
  /** Runs started from any of these surfaces. */
  surface?: Array<StartSurface> | null | undefined;
};

/** The class of problem behind a reason code: one vocabulary for blocked starts and failed runs. */
export const ProblemClass = {
  /** Something went wrong on our side. */
  Internal: 'INTERNAL',
  /** A precondition of the operation is unmet (for example a restore not previewed). */
  OperationPrecondition: 'OPERATION_PRECONDITION',
  /** Microsoft Graph throttled the requests, was unavailable or timed out. */
  ProviderAvailability: 'PROVIDER_AVAILABILITY',
  /** No usable provider connection was chosen (none is the default, or it is disabled). */
  ProviderConnection: 'PROVIDER_CONNECTION',
  /** Admin consent is missing or was revoked. */
  ProviderConsent: 'PROVIDER_CONSENT',
  /** The client secret is missing, expired or was rejected. */
  ProviderCredentials: 'PROVIDER_CREDENTIALS',
  /** The app lacks a Microsoft Graph permission the operation needs. */
  ProviderPermissions: 'PROVIDER_PERMISSIONS',
  /** The tenant is archived or otherwise not active. */
  TenantState: 'TENANT_STATE'
} as const;

export type ProblemClass = typeof ProblemClass[keyof typeof ProblemClass];
/** A provider-backed operation that runs in the background against Microsoft Graph. */
export const ProviderOperationType = {
  /** Directory groups sync. */
  DirectoryGroupsSync: 'DIRECTORY_GROUPS_SYNC',
  /** Policy backup. */
  PolicyBackup: 'POLICY_BACKUP',
  /** Connection health check. */
  ProviderConnectionHealthCheck: 'PROVIDER_CONNECTION_HEALTH_CHECK',
  /** Provider verification. */
  ProviderVerification: 'PROVIDER_VERIFICATION',
  /** Restore execution. */
  RestoreExecution: 'RESTORE_EXECUTION',
  /** Role definitions sync. */
  RoleDefinitionsSync: 'ROLE_DEFINITIONS_SYNC'
} as const;

export type ProviderOperationType = typeof ProviderOperationType[keyof typeof ProviderOperationType];
/** Why a start was blocked or a run did not succeed. */
export const ReasonCode = {
  /** Something went wrong on our side. */
  InternalError: 'INTERNAL_ERROR',
  /** The provider connection is disabled. */
  ProviderConnectionDisabled: 'PROVIDER_CONNECTION_DISABLED',
  /** This tenant has no default provider connection. */
  ProviderConnectionMissing: 'PROVIDER_CONNECTION_MISSING',
  /** Admin consent has not been granted for the provider connection. */
  ProviderConsentMissing: 'PROVIDER_CONSENT_MISSING',
  /** Admin consent for the provider connection was revoked. */
  ProviderConsentRevoked: 'PROVIDER_CONSENT_REVOKED',
  /** The provider connection's client secret has expired. */
  ProviderCredentialsExpired: 'PROVIDER_CREDENTIALS_EXPIRED',
  /** Microsoft rejected the provider connection's client secret. */
  ProviderCredentialsInvalid: 'PROVIDER_CREDENTIALS_INVALID',
  /** The provider connection has no client secret. */
  ProviderCredentialsMissing: 'PROVIDER_CREDENTIALS_MISSING',
  /** The app lacks a Microsoft Graph permission this operation needs. */
  ProviderPermissionsMissing: 'PROVIDER_PERMISSIONS_MISSING',
  /** Microsoft Graph throttled the requests. */
  ProviderThrottled: 'PROVIDER_THROTTLED',
  /** Microsoft Graph could not be reached or did not answer in time. */
  ProviderUnavailable: 'PROVIDER_UNAVAILABLE',
  /** The restore run has not been previewed. */
  RestoreNotReady: 'RESTORE_NOT_READY',
  /** The run was interrupted before it finished. */
  RunInterrupted: 'RUN_INTERRUPTED',
  /** The object this operation acts on no longer exists. */
  TargetNotFound: 'TARGET_NOT_FOUND',
  /** The tenant is not active. */
  TenantNotActive: 'TENANT_NOT_ACTIVE'
} as const;

export type ReasonCode = typeof ReasonCode[keyof typeof ReasonCode];
/** Where a restore run is, from draft to executed. */
export const RestoreRunStatus = {
  /** Executed; every item, or some of them, were applied (see the item results). */
  Completed: 'COMPLETED',
  /** Created; not previewed yet, so it cannot be executed. */
  Draft: 'DRAFT',
  /** Its execution run is queued or running. */
  Executing: 'EXECUTING',
  /** Executed, and nothing could be applied (see the run’s reason and the item results). */
  Failed: 'FAILED',
  /** Previewed against the tenant’s current policies; ready to execute with the confirmation phrase. */
  Previewed: 'PREVIEWED'
} as const;

export type RestoreRunStatus = typeof RestoreRunStatus[keyof typeof RestoreRunStatus];
/** How a run ended (PENDING until it completes). */
export const RunOutcome = {
  /** Refused at start by the gate; never queued. */
  Blocked: 'BLOCKED',
  /** Cancelled before it finished. */
  Cancelled: 'CANCELLED',
  /** Finished without doing its work. */
  Failed: 'FAILED',
  /** Finished; some items failed. */
  PartiallySucceeded: 'PARTIALLY_SUCCEEDED',
  /** Not finished yet. */
  Pending: 'PENDING',
  /** Finished and everything succeeded. */
  Succeeded: 'SUCCEEDED'
} as const;

export type RunOutcome = typeof RunOutcome[keyof typeof RunOutcome];
/** Where a run is in its lifecycle. */
export const RunStatus = {
  /** Finished; the outcome says how. */
  Completed: 'COMPLETED',
  /** Admitted and waiting for a worker. */
  Queued: 'QUEUED',
  /** A worker is executing the run. */
  Running: 'RUNNING'
} as const;

export type RunStatus = typeof RunStatus[keyof typeof RunStatus];
/** What the start gate decided at click time. */
export const StartOutcome = {
  /** A new run was admitted and queued. */
  Accepted: 'ACCEPTED',
  /** The provider cannot be used now; nothing was queued. */
  Blocked: 'BLOCKED',
  /** An equivalent run is already queued or running; no new run was started. */
  Deduped: 'DEDUPED',
  /** A different operation holds the provider connection; no new run was started. */
  ScopeBusy: 'SCOPE_BUSY'
} as const;

export type StartOutcome = typeof StartOutcome[keyof typeof StartOutcome];
/** Where in the product an operation was started. */
export const StartSurface = {
  /** The directory groups page. */
  Directory: 'DIRECTORY',
  /** Monitoring: a retry of an earlier run (`retryOperationRun`). */
  Monitoring: 'MONITORING',
  /** The onboarding wizard. */
  Onboarding: 'ONBOARDING',
  /** The provider connection list or detail. */
  ProviderConnection: 'PROVIDER_CONNECTION',
  /** The tenant RBAC page. */
  Rbac: 'RBAC',
  /** The restore run page. */
  Restore: 'RESTORE',
  /** A schedule's firing. */
  Schedule: 'SCHEDULE',
  /** The tenant page. */
  Tenant: 'TENANT'
} as const;

export type StartSurface = typeof StartSurface[keyof typeof StartSurface];
export type ConnectionIdentity_ProviderConnectionIdentityFragmentFragment = { id: string, displayName: string, clientId: string, entraTenantId: string } & { ' $fragmentName'?: 'ConnectionIdentity_ProviderConnectionIdentityFragmentFragment' };

export type LayoutQueryVariables = Exact<{ [key: string]: never; }>;


export type LayoutQuery = { me: { id: string, displayName: string | null, email: string | null } };

export type NotificationItem_NotificationFragmentFragment = { id: string, title: string, body: string, createdAt: string, readAt: string | null, run: { id: string, url: string } } & { ' $fragmentName'?: 'NotificationItem_NotificationFragmentFragment' };

export type NotificationBellQueryVariables = Exact<{ [key: string]: never; }>;


export type NotificationBellQuery = { myNotifications: Array<(
    { id: string, readAt: string | null }
    & { ' $fragmentRefs'?: { 'NotificationItem_NotificationFragmentFragment': NotificationItem_NotificationFragmentFragment } }
  )> };

export type NotificationReceivedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type NotificationReceivedSubscription = { notificationReceived: (
    { id: string }
    & { ' $fragmentRefs'?: { 'NotificationItem_NotificationFragmentFragment': NotificationItem_NotificationFragmentFragment } }
  ) };

export type MarkNotificationReadMutationVariables = Exact<{
  id: string | number;
}>;


export type MarkNotificationReadMutation = { markNotificationRead: { id: string, readAt: string | null } };

export type OperationRow_OperationRunFragmentFragment = (
  { id: string, operationType: ProviderOperationType, createdAt: string, tenant: { id: string, name: string }, initiatedBy: { id: string, displayName: string | null, email: string | null } | null, providerConnection: { id: string, displayName: string } | null, message: { headline: string } }
  & { ' $fragmentRefs'?: { 'RunStatusBadge_OperationRunFragmentFragment': RunStatusBadge_OperationRunFragmentFragment } }
) & { ' $fragmentName'?: 'OperationRow_OperationRunFragmentFragment' };

export type OperatorMessage_OperatorMessageFragmentFragment = { headline: string, reason: string | null, nextStep: string, action: NextStepAction, actionUrl: string | null } & { ' $fragmentName'?: 'OperatorMessage_OperatorMessageFragmentFragment' };

export type RetryLineage_OperationRunFragmentFragment = { retryOf: (
    { id: string, createdAt: string }
    & { ' $fragmentRefs'?: { 'RunStatusBadge_OperationRunFragmentFragment': RunStatusBadge_OperationRunFragmentFragment } }
  ) | null, retries: Array<(
    { id: string, createdAt: string }
    & { ' $fragmentRefs'?: { 'RunStatusBadge_OperationRunFragmentFragment': RunStatusBadge_OperationRunFragmentFragment } }
  )> } & { ' $fragmentName'?: 'RetryLineage_OperationRunFragmentFragment' };

export type RunControls_OperationRunFragmentFragment = { id: string, viewerCanCancel: boolean, viewerCanRetry: boolean, cancelRequestedAt: string | null } & { ' $fragmentName'?: 'RunControls_OperationRunFragmentFragment' };

export type CancelOperationRunMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type CancelOperationRunMutation = { cancelOperationRun: { id: string, status: RunStatus, outcome: RunOutcome, cancelRequestedAt: string | null, viewerCanCancel: boolean, viewerCanRetry: boolean } };

export type RetryOperationRunMutationVariables = Exact<{
  id: string | number;
  idempotencyKey?: string | null | undefined;
}>;


export type RetryOperationRunMutation = { retryOperationRun:
    | { ' $fragmentRefs'?: { 'StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationAccepted_Fragment': StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationAccepted_Fragment } }
    | { ' $fragmentRefs'?: { 'StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationBlocked_Fragment': StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationBlocked_Fragment } }
    | { ' $fragmentRefs'?: { 'StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationDeduped_Fragment': StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationDeduped_Fragment } }
    | { ' $fragmentRefs'?: { 'StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationScopeBusy_Fragment': StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationScopeBusy_Fragment } }
   };

export type RunOutputs_RunOutputFragmentFragment = { counts: Array<{ name: string, value: number }>, policyBackup: { id: string, itemCount: number, completedAt: string | null } | null, restoreRun: { id: string, status: RestoreRunStatus, tenant: { id: string } } | null } & { ' $fragmentName'?: 'RunOutputs_RunOutputFragmentFragment' };

export type RunProgress_RunProgressFragmentFragment = { total: number | null, processed: number, succeeded: number, failed: number } & { ' $fragmentName'?: 'RunProgress_RunProgressFragmentFragment' };

export type RunStatusBadge_OperationRunFragmentFragment = { status: RunStatus, outcome: RunOutcome } & { ' $fragmentName'?: 'RunStatusBadge_OperationRunFragmentFragment' };

export type RunTimeline_OperationRunFragmentFragment = { events: Array<{ at: string, kind: OperationRunEventKind, detail: string | null, attempt: number | null, actor: { id: string, displayName: string | null, email: string | null } | null, reason: { code: ReasonCode, problemClass: ProblemClass, detail: string | null } | null }> } & { ' $fragmentName'?: 'RunTimeline_OperationRunFragmentFragment' };

type StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationAccepted_Fragment = { outcome: StartOutcome, message: (
    { reason: string | null }
    & { ' $fragmentRefs'?: { 'OperatorMessage_OperatorMessageFragmentFragment': OperatorMessage_OperatorMessageFragmentFragment } }
  ) } & { ' $fragmentName'?: 'StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationAccepted_Fragment' };

type StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationBlocked_Fragment = { outcome: StartOutcome, message: (
    { reason: string | null }
    & { ' $fragmentRefs'?: { 'OperatorMessage_OperatorMessageFragmentFragment': OperatorMessage_OperatorMessageFragmentFragment } }
  ) } & { ' $fragmentName'?: 'StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationBlocked_Fragment' };

type StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationDeduped_Fragment = { outcome: StartOutcome, message: (
    { reason: string | null }
    & { ' $fragmentRefs'?: { 'OperatorMessage_OperatorMessageFragmentFragment': OperatorMessage_OperatorMessageFragmentFragment } }
  ) } & { ' $fragmentName'?: 'StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationDeduped_Fragment' };

type StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationScopeBusy_Fragment = { outcome: StartOutcome, message: (
    { reason: string | null }
    & { ' $fragmentRefs'?: { 'OperatorMessage_OperatorMessageFragmentFragment': OperatorMessage_OperatorMessageFragmentFragment } }
  ) } & { ' $fragmentName'?: 'StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationScopeBusy_Fragment' };

export type StartResultBanner_ProviderOperationStartResultFragmentFragment =
  | StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationAccepted_Fragment
  | StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationBlocked_Fragment
  | StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationDeduped_Fragment
  | StartResultBanner_ProviderOperationStartResultFragment_ProviderOperationScopeBusy_Fragment
;

export type OperationsScopeQueryVariables = Exact<{ [key: string]: never; }>;


export type OperationsScopeQuery = { myTenants: Array<{ id: string, name: string }> };

export type OperationsConnectionsQueryVariables = Exact<{
  tenantId: string | number;
}>;


export type OperationsConnectionsQuery = { tenant: { id: string, providerConnections: Array<{ id: string, displayName: string }> } | null };

export type OperationsQueryVariables = Exact<{
  tenantId: string | number;
  filter?: OperationRunFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type OperationsQuery = { operationRuns: { edges: Array<{ node: (
        { id: string }
        & { ' $fragmentRefs'?: { 'OperationRow_OperationRunFragmentFragment': OperationRow_OperationRunFragmentFragment } }
      ) }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type OperationsLiveSubscriptionVariables = Exact<{
  tenantId: string | number;
}>;


export type OperationsLiveSubscription = { operationRunUpdated: { previousStatus: RunStatus | null, run: (
      { id: string, status: RunStatus, outcome: RunOutcome, operationType: ProviderOperationType, createdAt: string, tenant: { id: string }, providerConnection: { id: string } | null, initiatedBy: { id: string } | null }
      & { ' $fragmentRefs'?: { 'OperationRow_OperationRunFragmentFragment': OperationRow_OperationRunFragmentFragment } }
    ) } };

export type RunDetail_OperationRunFragmentFragment = (
  { id: string, operationType: ProviderOperationType, initiatedFrom: StartSurface, createdAt: string, startedAt: string | null, completedAt: string | null, tenant: { id: string, name: string }, initiatedBy: { id: string, displayName: string | null, email: string | null } | null, reason: { code: ReasonCode, problemClass: ProblemClass, detail: string | null } | null, message: (
    { headline: string, reason: string | null }
    & { ' $fragmentRefs'?: { 'OperatorMessage_OperatorMessageFragmentFragment': OperatorMessage_OperatorMessageFragmentFragment } }
  ), providerConnection: (
    { id: string }
    & { ' $fragmentRefs'?: { 'ConnectionIdentity_ProviderConnectionIdentityFragmentFragment': ConnectionIdentity_ProviderConnectionIdentityFragmentFragment } }
  ) | null, progress: { ' $fragmentRefs'?: { 'RunProgress_RunProgressFragmentFragment': RunProgress_RunProgressFragmentFragment } } | null, output: { ' $fragmentRefs'?: { 'RunOutputs_RunOutputFragmentFragment': RunOutputs_RunOutputFragmentFragment } } }
  & { ' $fragmentRefs'?: { 'RunStatusBadge_OperationRunFragmentFragment': RunStatusBadge_OperationRunFragmentFragment;'RunControls_OperationRunFragmentFragment': RunControls_OperationRunFragmentFragment;'RunTimeline_OperationRunFragmentFragment': RunTimeline_OperationRunFragmentFragment;'RetryLineage_OperationRunFragmentFragment': RetryLineage_OperationRunFragmentFragment } }
) & { ' $fragmentName'?: 'RunDetail_OperationRunFragmentFragment' };

export type RunDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type RunDetailQuery = { operationRun: (
    { id: string, tenant: { id: string } }
    & { ' $fragmentRefs'?: { 'RunDetail_OperationRunFragmentFragment': RunDetail_OperationRunFragmentFragment } }
  ) | null };

export type RunDetailLiveSubscriptionVariables = Exact<{
  tenantId: string | number;
  runId: string | number;
}>;


export type RunDetailLiveSubscription = { operationRunUpdated: { run: (
      { id: string }
      & { ' $fragmentRefs'?: { 'RunDetail_OperationRunFragmentFragment': RunDetail_OperationRunFragmentFragment } }
    ) } };

export type ProviderConnectionPageQueryVariables = Exact<{
  id: string | number;
}>;


export type ProviderConnectionPageQuery = { providerConnection: { id: string, displayName: string, clientId: string, entraTenantId: string, isDefault: boolean, enabled: boolean, consentStatus: ConsentStatus, credentialStatus: CredentialStatus, credentialExpiresAt: string | null, tenant: { id: string, name: string } } | null };

export type RotateProviderCredentialsMutationVariables = Exact<{
  id: string | number;
  clientSecret: string;
  expiresAt?: string | null | undefined;
}>;


export type RotateProviderCredentialsMutation = { rotateProviderCredentials: { id: string, credentialStatus: CredentialStatus, credentialExpiresAt: string | null } };

export const NotificationItem_NotificationFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NotificationItem_NotificationFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Notification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]} as unknown as DocumentNode<NotificationItem_NotificationFragmentFragment, unknown>;
export const RunStatusBadge_OperationRunFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]} as unknown as DocumentNode<RunStatusBadge_OperationRunFragmentFragment, unknown>;
export const OperationRow_OperationRunFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationRow_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]} as unknown as DocumentNode<OperationRow_OperationRunFragmentFragment, unknown>;
export const OperatorMessage_OperatorMessageFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperatorMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionUrl"}}]}}]} as unknown as DocumentNode<OperatorMessage_OperatorMessageFragmentFragment, unknown>;
export const StartResultBanner_ProviderOperationStartResultFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StartResultBanner_ProviderOperationStartResultFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderOperationStartResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderOperationAccepted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderOperationDeduped"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderOperationScopeBusy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderOperationBlocked"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperatorMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionUrl"}}]}}]} as unknown as DocumentNode<StartResultBanner_ProviderOperationStartResultFragmentFragment, unknown>;
export const ConnectionIdentity_ProviderConnectionIdentityFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderConnectionIdentity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"entraTenantId"}}]}}]} as unknown as DocumentNode<ConnectionIdentity_ProviderConnectionIdentityFragmentFragment, unknown>;
export const RunProgress_RunProgressFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}}]} as unknown as DocumentNode<RunProgress_RunProgressFragmentFragment, unknown>;
export const RunOutputs_RunOutputFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunOutputs_RunOutputFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunOutput"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policyBackup"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"restoreRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<RunOutputs_RunOutputFragmentFragment, unknown>;
export const RunControls_OperationRunFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunControls_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanCancel"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanRetry"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequestedAt"}}]}}]} as unknown as DocumentNode<RunControls_OperationRunFragmentFragment, unknown>;
export const RunTimeline_OperationRunFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunTimeline_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"problemClass"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]}}]}}]} as unknown as DocumentNode<RunTimeline_OperationRunFragmentFragment, unknown>;
export const RetryLineage_OperationRunFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RetryLineage_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryOf"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"retries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]} as unknown as DocumentNode<RetryLineage_OperationRunFragmentFragment, unknown>;
export const RunDetail_OperationRunFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunDetail_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"initiatedFrom"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"problemClass"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"output"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunOutputs_RunOutputFragment"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunControls_OperationRunFragment"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunTimeline_OperationRunFragment"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RetryLineage_OperationRunFragment"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperatorMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionUrl"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderConnectionIdentity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"entraTenantId"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunOutputs_RunOutputFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunOutput"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policyBackup"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"restoreRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunControls_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanCancel"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanRetry"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequestedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunTimeline_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"problemClass"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RetryLineage_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryOf"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"retries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}}]}}]} as unknown as DocumentNode<RunDetail_OperationRunFragmentFragment, unknown>;
export const LayoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Layout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<LayoutQuery, LayoutQueryVariables>;
export const NotificationBellDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NotificationBell"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myNotifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"NotificationItem_NotificationFragment"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NotificationItem_NotificationFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Notification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]} as unknown as DocumentNode<NotificationBellQuery, NotificationBellQueryVariables>;
export const NotificationReceivedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"NotificationReceived"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationReceived"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"NotificationItem_NotificationFragment"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NotificationItem_NotificationFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Notification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]} as unknown as DocumentNode<NotificationReceivedSubscription, NotificationReceivedSubscriptionVariables>;
export const MarkNotificationReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MarkNotificationRead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markNotificationRead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}}]}}]}}]} as unknown as DocumentNode<MarkNotificationReadMutation, MarkNotificationReadMutationVariables>;
export const CancelOperationRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelOperationRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelOperationRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanCancel"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanRetry"}}]}}]}}]} as unknown as DocumentNode<CancelOperationRunMutation, CancelOperationRunMutationVariables>;
export const RetryOperationRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RetryOperationRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryOperationRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StartResultBanner_ProviderOperationStartResultFragment"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperatorMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionUrl"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StartResultBanner_ProviderOperationStartResultFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderOperationStartResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderOperationAccepted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderOperationDeduped"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderOperationScopeBusy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderOperationBlocked"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}}]}}]}}]} as unknown as DocumentNode<RetryOperationRunMutation, RetryOperationRunMutationVariables>;
export const OperationsScopeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OperationsScope"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myTenants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<OperationsScopeQuery, OperationsScopeQueryVariables>;
export const OperationsConnectionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OperationsConnections"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenant"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"providerConnections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<OperationsConnectionsQuery, OperationsConnectionsQueryVariables>;
export const OperationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Operations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRunFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationRow_OperationRunFragment"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationRow_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}}]} as unknown as DocumentNode<OperationsQuery, OperationsQueryVariables>;
export const OperationsLiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"OperationsLive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationRunUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previousStatus"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationRow_OperationRunFragment"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationRow_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}}]} as unknown as DocumentNode<OperationsLiveSubscription, OperationsLiveSubscriptionVariables>;
export const RunDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunDetail_OperationRunFragment"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperatorMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionUrl"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderConnectionIdentity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"entraTenantId"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunOutputs_RunOutputFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunOutput"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policyBackup"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"restoreRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunControls_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanCancel"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanRetry"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequestedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunTimeline_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"problemClass"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RetryLineage_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryOf"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"retries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunDetail_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"initiatedFrom"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"problemClass"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"output"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunOutputs_RunOutputFragment"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunControls_OperationRunFragment"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunTimeline_OperationRunFragment"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RetryLineage_OperationRunFragment"}}]}}]} as unknown as DocumentNode<RunDetailQuery, RunDetailQueryVariables>;
export const RunDetailLiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RunDetailLive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationRunUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}},{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunDetail_OperationRunFragment"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperatorMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionUrl"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderConnectionIdentity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"entraTenantId"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunOutputs_RunOutputFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunOutput"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policyBackup"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"restoreRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunControls_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanCancel"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCanRetry"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequestedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunTimeline_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"problemClass"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RetryLineage_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryOf"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"retries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunDetail_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"initiatedFrom"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"problemClass"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"output"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunOutputs_RunOutputFragment"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunControls_OperationRunFragment"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunTimeline_OperationRunFragment"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RetryLineage_OperationRunFragment"}}]}}]} as unknown as DocumentNode<RunDetailLiveSubscription, RunDetailLiveSubscriptionVariables>;
export const ProviderConnectionPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderConnectionPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"entraTenantId"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"consentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"credentialStatus"}},{"kind":"Field","name":{"kind":"Name","value":"credentialExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ProviderConnectionPageQuery, ProviderConnectionPageQueryVariables>;
export const RotateProviderCredentialsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RotateProviderCredentials"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientSecret"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expiresAt"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateProviderCredentials"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientSecret"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientSecret"}}},{"kind":"Argument","name":{"kind":"Name","value":"expiresAt"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expiresAt"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"credentialStatus"}},{"kind":"Field","name":{"kind":"Name","value":"credentialExpiresAt"}}]}}]}}]} as unknown as DocumentNode<RotateProviderCredentialsMutation, RotateProviderCredentialsMutationVariables>;