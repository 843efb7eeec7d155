/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Admin consent for the app in the customer’s tenant, as last recorded. */
export type ConsentStatus =
  /** An administrator granted admin consent. */
  | 'GRANTED'
  /** Consent has not been granted yet. */
  | 'MISSING'
  /** Consent was granted, then revoked. */
  | 'REVOKED';

/** The state of the stored client secret, derived from stored facts (no network call). */
export type CredentialStatus =
  /** Past its expiry. */
  | 'EXPIRED'
  /** Stored and valid, but expires within 14 days. */
  | 'EXPIRING_SOON'
  /** No secret is stored. */
  | 'MISSING'
  /** Microsoft Graph rejected it; rotate it. */
  | 'REJECTED'
  /** Stored, not expiring within 14 days, not rejected. */
  | 'VALID';

/** The machine-readable next step of an operator message. */
export type NextStepAction =
  /** Reactivate the tenant. */
  | 'ACTIVATE_TENANT'
  /** Contact support with the run link. */
  | 'CONTACT_SUPPORT'
  /** Create a provider connection for the tenant. */
  | 'CREATE_PROVIDER_CONNECTION'
  /** Enable the provider connection. */
  | 'ENABLE_PROVIDER_CONNECTION'
  /** Have an administrator grant admin consent to the app. */
  | 'GRANT_PROVIDER_CONSENT'
  /** Add the missing Graph permission and grant admin consent. */
  | 'GRANT_PROVIDER_PERMISSIONS'
  /** Open the run to follow or review it. */
  | 'OPEN_RUN'
  /** Preview and confirm the restore run. */
  | 'PREPARE_RESTORE'
  /** Try again later. */
  | 'RETRY_LATER'
  /** Create a new client secret and rotate it on the connection. */
  | 'ROTATE_PROVIDER_CREDENTIALS'
  /** Mark one of the tenant’s provider connections as the default. */
  | 'SET_DEFAULT_PROVIDER_CONNECTION'
  /** Wait for the active run to finish, then try again. */
  | 'WAIT_FOR_RUN';

/** The class of problem behind a reason code: one vocabulary for blocked starts and failed runs. */
export type ProblemClass =
  /** Something went wrong on our side. */
  | 'INTERNAL'
  /** A precondition of the operation is unmet (for example a restore not previewed). */
  | 'OPERATION_PRECONDITION'
  /** Microsoft Graph throttled the requests, was unavailable or timed out. */
  | 'PROVIDER_AVAILABILITY'
  /** No usable provider connection was chosen (none is the default, or it is disabled). */
  | 'PROVIDER_CONNECTION'
  /** Admin consent is missing or was revoked. */
  | 'PROVIDER_CONSENT'
  /** The client secret is missing, expired or was rejected. */
  | 'PROVIDER_CREDENTIALS'
  /** The app lacks a Microsoft Graph permission the operation needs. */
  | 'PROVIDER_PERMISSIONS'
  /** The tenant is archived or otherwise not active. */
  | 'TENANT_STATE';

/** A provider-backed operation that runs in the background against Microsoft Graph. */
export type ProviderOperationType =
  /** Directory groups sync. */
  | 'DIRECTORY_GROUPS_SYNC'
  /** Policy backup. */
  | 'POLICY_BACKUP'
  /** Connection health check. */
  | 'PROVIDER_CONNECTION_HEALTH_CHECK'
  /** Provider verification. */
  | 'PROVIDER_VERIFICATION'
  /** Restore execution. */
  | 'RESTORE_EXECUTION'
  /** Role definitions sync. */
  | 'ROLE_DEFINITIONS_SYNC';

/** Why a start was blocked or a run did not succeed. */
export type ReasonCode =
  /** Something went wrong on our side. */
  | 'INTERNAL_ERROR'
  /** The provider connection is disabled. */
  | 'PROVIDER_CONNECTION_DISABLED'
  /** This tenant has no default provider connection. */
  | 'PROVIDER_CONNECTION_MISSING'
  /** Admin consent has not been granted for the provider connection. */
  | 'PROVIDER_CONSENT_MISSING'
  /** Admin consent for the provider connection was revoked. */
  | 'PROVIDER_CONSENT_REVOKED'
  /** The provider connection's client secret has expired. */
  | 'PROVIDER_CREDENTIALS_EXPIRED'
  /** Microsoft rejected the provider connection's client secret. */
  | 'PROVIDER_CREDENTIALS_INVALID'
  /** The provider connection has no client secret. */
  | 'PROVIDER_CREDENTIALS_MISSING'
  /** The app lacks a Microsoft Graph permission this operation needs. */
  | 'PROVIDER_PERMISSIONS_MISSING'
  /** Microsoft Graph throttled the requests. */
  | 'PROVIDER_THROTTLED'
  /** Microsoft Graph could not be reached or did not answer in time. */
  | 'PROVIDER_UNAVAILABLE'
  /** The restore run has not been previewed. */
  | 'RESTORE_NOT_READY'
  /** The run was interrupted before it finished. */
  | 'RUN_INTERRUPTED'
  /** The object this operation acts on no longer exists. */
  | 'TARGET_NOT_FOUND'
  /** The tenant is not active. */
  | 'TENANT_NOT_ACTIVE';

/** How a run ended (PENDING until it completes). */
export type RunOutcome =
  /** Refused at start by the gate; never queued. */
  | 'BLOCKED'
  /** Cancelled before it finished. */
  | 'CANCELLED'
  /** Finished without doing its work. */
  | 'FAILED'
  /** Finished; some items failed. */
  | 'PARTIALLY_SUCCEEDED'
  /** Not finished yet. */
  | 'PENDING'
  /** Finished and everything succeeded. */
  | 'SUCCEEDED';

/** Where a run is in its lifecycle. */
export type RunStatus =
  /** Finished; the outcome says how. */
  | 'COMPLETED'
  /** Admitted and waiting for a worker. */
  | 'QUEUED'
  /** A worker is executing the run. */
  | 'RUNNING';

/** Where in the product an operation was started. */
export type StartSurface =
  /** The directory groups page. */
  | 'DIRECTORY'
  /** Monitoring: a retry of an earlier run (`retryOperationRun`). */
  | 'MONITORING'
  /** The onboarding wizard. */
  | 'ONBOARDING'
  /** The provider connection list or detail. */
  | 'PROVIDER_CONNECTION'
  /** The tenant RBAC page. */
  | 'RBAC'
  /** The restore run page. */
  | 'RESTORE'
  /** A schedule's firing. */
  | 'SCHEDULE'
  /** The tenant page. */
  | 'TENANT';

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

export type RunProgress_RunProgressFragmentFragment = { total: number | null, processed: number, succeeded: number, failed: number } & { ' $fragmentName'?: 'RunProgress_RunProgressFragmentFragment' };

export type RunStatusBadge_OperationRunFragmentFragment = { status: RunStatus, outcome: RunOutcome } & { ' $fragmentName'?: 'RunStatusBadge_OperationRunFragmentFragment' };

export type OperationsTenantsQueryVariables = Exact<{ [key: string]: never; }>;


export type OperationsTenantsQuery = { workspaces: Array<{ id: string, name: string, tenants: Array<{ id: string, name: string }> }> };

export type OperationsQueryVariables = Exact<{
  tenantId: string | number;
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
      { id: string }
      & { ' $fragmentRefs'?: { 'OperationRow_OperationRunFragmentFragment': OperationRow_OperationRunFragmentFragment } }
    ) } };

export type RunDetail_OperationRunFragmentFragment = (
  { id: string, operationType: ProviderOperationType, initiatedFrom: StartSurface, createdAt: string, startedAt: string | null, completedAt: string | null, tenant: { id: string, name: string }, initiatedBy: { id: string, displayName: string | null, email: string | null } | null, reason: { code: ReasonCode, problemClass: ProblemClass, detail: string | null } | null, message: (
    { headline: string, reason: string | null }
    & { ' $fragmentRefs'?: { 'OperatorMessage_OperatorMessageFragmentFragment': OperatorMessage_OperatorMessageFragmentFragment } }
  ), providerConnection: (
    { id: string }
    & { ' $fragmentRefs'?: { 'ConnectionIdentity_ProviderConnectionIdentityFragmentFragment': ConnectionIdentity_ProviderConnectionIdentityFragmentFragment } }
  ) | null, progress: { ' $fragmentRefs'?: { 'RunProgress_RunProgressFragmentFragment': RunProgress_RunProgressFragmentFragment } } | null }
  & { ' $fragmentRefs'?: { 'RunStatusBadge_OperationRunFragmentFragment': RunStatusBadge_OperationRunFragmentFragment } }
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
export const ConnectionIdentity_ProviderConnectionIdentityFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderConnectionIdentity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"entraTenantId"}}]}}]} as unknown as DocumentNode<ConnectionIdentity_ProviderConnectionIdentityFragmentFragment, unknown>;
export const RunProgress_RunProgressFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}}]} as unknown as DocumentNode<RunProgress_RunProgressFragmentFragment, unknown>;
export const RunDetail_OperationRunFragmentFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunDetail_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"initiatedFrom"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"problemClass"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperatorMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionUrl"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderConnectionIdentity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"entraTenantId"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]} as unknown as DocumentNode<RunDetail_OperationRunFragmentFragment, unknown>;
export const LayoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Layout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<LayoutQuery, LayoutQueryVariables>;
export const NotificationBellDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NotificationBell"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myNotifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"NotificationItem_NotificationFragment"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NotificationItem_NotificationFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Notification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]} as unknown as DocumentNode<NotificationBellQuery, NotificationBellQueryVariables>;
export const NotificationReceivedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"NotificationReceived"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationReceived"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"NotificationItem_NotificationFragment"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NotificationItem_NotificationFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Notification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]} as unknown as DocumentNode<NotificationReceivedSubscription, NotificationReceivedSubscriptionVariables>;
export const MarkNotificationReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MarkNotificationRead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markNotificationRead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}}]}}]}}]} as unknown as DocumentNode<MarkNotificationReadMutation, MarkNotificationReadMutationVariables>;
export const OperationsTenantsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OperationsTenants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workspaces"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"tenants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<OperationsTenantsQuery, OperationsTenantsQueryVariables>;
export const OperationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Operations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationRow_OperationRunFragment"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationRow_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}}]} as unknown as DocumentNode<OperationsQuery, OperationsQueryVariables>;
export const OperationsLiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"OperationsLive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationRunUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previousStatus"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationRow_OperationRunFragment"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationRow_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}}]} as unknown as DocumentNode<OperationsLiveSubscription, OperationsLiveSubscriptionVariables>;
export const RunDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunDetail_OperationRunFragment"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperatorMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionUrl"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderConnectionIdentity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"entraTenantId"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunDetail_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"initiatedFrom"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"problemClass"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}}]} as unknown as DocumentNode<RunDetailQuery, RunDetailQueryVariables>;
export const RunDetailLiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RunDetailLive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationRunUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}},{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunDetail_OperationRunFragment"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperatorMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionUrl"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderConnectionIdentity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"entraTenantId"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunDetail_OperationRunFragment"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"initiatedFrom"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"initiatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"problemClass"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperatorMessage_OperatorMessageFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConnectionIdentity_ProviderConnectionIdentityFragment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunProgress_RunProgressFragment"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunStatusBadge_OperationRunFragment"}}]}}]} as unknown as DocumentNode<RunDetailLiveSubscription, RunDetailLiveSubscriptionVariables>;
export const ProviderConnectionPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderConnectionPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providerConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"entraTenantId"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"consentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"credentialStatus"}},{"kind":"Field","name":{"kind":"Name","value":"credentialExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ProviderConnectionPageQuery, ProviderConnectionPageQueryVariables>;
export const RotateProviderCredentialsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RotateProviderCredentials"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientSecret"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expiresAt"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateProviderCredentials"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientSecret"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientSecret"}}},{"kind":"Argument","name":{"kind":"Name","value":"expiresAt"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expiresAt"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"credentialStatus"}},{"kind":"Field","name":{"kind":"Name","value":"credentialExpiresAt"}}]}}]}}]} as unknown as DocumentNode<RotateProviderCredentialsMutation, RotateProviderCredentialsMutationVariables>;