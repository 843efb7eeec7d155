/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ConnectionIdentity_ProviderConnectionIdentityFragment on ProviderConnectionIdentity {\n    id\n    displayName\n    clientId\n    entraTenantId\n  }\n": typeof types.ConnectionIdentity_ProviderConnectionIdentityFragmentFragmentDoc,
    "\n  query Layout {\n    me {\n      id\n      displayName\n      email\n    }\n  }\n": typeof types.LayoutDocument,
    "\n  fragment NotificationItem_NotificationFragment on Notification {\n    id\n    title\n    body\n    createdAt\n    readAt\n    run {\n      id\n      url\n    }\n  }\n": typeof types.NotificationItem_NotificationFragmentFragmentDoc,
    "\n  query NotificationBell {\n    myNotifications(first: 20) {\n      id\n      readAt\n      ...NotificationItem_NotificationFragment\n    }\n  }\n": typeof types.NotificationBellDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      ...NotificationItem_NotificationFragment\n    }\n  }\n": typeof types.NotificationReceivedDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      readAt\n    }\n  }\n": typeof types.MarkNotificationReadDocument,
    "\n  fragment OperationRow_OperationRunFragment on OperationRun {\n    id\n    operationType\n    createdAt\n    tenant {\n      id\n      name\n    }\n    initiatedBy {\n      id\n      displayName\n      email\n    }\n    providerConnection {\n      id\n      displayName\n    }\n    message {\n      headline\n    }\n    ...RunStatusBadge_OperationRunFragment\n  }\n": typeof types.OperationRow_OperationRunFragmentFragmentDoc,
    "\n  fragment OperatorMessage_OperatorMessageFragment on OperatorMessage {\n    headline\n    reason\n    nextStep\n    action\n    actionUrl\n  }\n": typeof types.OperatorMessage_OperatorMessageFragmentFragmentDoc,
    "\n  fragment RetryLineage_OperationRunFragment on OperationRun {\n    retryOf {\n      id\n      createdAt\n      ...RunStatusBadge_OperationRunFragment\n    }\n    retries {\n      id\n      createdAt\n      ...RunStatusBadge_OperationRunFragment\n    }\n  }\n": typeof types.RetryLineage_OperationRunFragmentFragmentDoc,
    "\n  fragment RunControls_OperationRunFragment on OperationRun {\n    id\n    viewerCanCancel\n    viewerCanRetry\n    cancelRequestedAt\n  }\n": typeof types.RunControls_OperationRunFragmentFragmentDoc,
    "\n  mutation CancelOperationRun($id: ID!, $reason: String) {\n    cancelOperationRun(id: $id, reason: $reason) {\n      id\n      status\n      outcome\n      cancelRequestedAt\n      viewerCanCancel\n      viewerCanRetry\n    }\n  }\n": typeof types.CancelOperationRunDocument,
    "\n  mutation RetryOperationRun($id: ID!, $idempotencyKey: String) {\n    retryOperationRun(id: $id, idempotencyKey: $idempotencyKey) {\n      ...StartResultBanner_ProviderOperationStartResultFragment\n    }\n  }\n": typeof types.RetryOperationRunDocument,
    "\n  fragment RunOutputs_RunOutputFragment on RunOutput {\n    counts {\n      name\n      value\n    }\n    policyBackup {\n      id\n      itemCount\n      completedAt\n    }\n    restoreRun {\n      id\n      status\n      tenant {\n        id\n      }\n    }\n  }\n": typeof types.RunOutputs_RunOutputFragmentFragmentDoc,
    "\n  fragment RunProgress_RunProgressFragment on RunProgress {\n    total\n    processed\n    succeeded\n    failed\n  }\n": typeof types.RunProgress_RunProgressFragmentFragmentDoc,
    "\n  fragment RunStatusBadge_OperationRunFragment on OperationRun {\n    status\n    outcome\n  }\n": typeof types.RunStatusBadge_OperationRunFragmentFragmentDoc,
    "\n  fragment RunTimeline_OperationRunFragment on OperationRun {\n    events {\n      at\n      kind\n      detail\n      attempt\n      actor {\n        id\n        displayName\n        email\n      }\n      reason {\n        code\n        problemClass\n        detail\n      }\n    }\n  }\n": typeof types.RunTimeline_OperationRunFragmentFragmentDoc,
    "\n  fragment StartResultBanner_ProviderOperationStartResultFragment on ProviderOperationStartResult {\n    ... on ProviderOperationAccepted {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationDeduped {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationScopeBusy {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationBlocked {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n  }\n": typeof types.StartResultBanner_ProviderOperationStartResultFragmentFragmentDoc,
    "\n  query OperationsScope {\n    myTenants {\n      id\n      name\n    }\n  }\n": typeof types.OperationsScopeDocument,
    "\n  query OperationsConnections($tenantId: ID!) {\n    tenant(id: $tenantId) {\n      id\n      providerConnections {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.OperationsConnectionsDocument,
    "\n  query Operations($tenantId: ID!, $filter: OperationRunFilter, $first: Int, $after: String) {\n    operationRuns(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...OperationRow_OperationRunFragment\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.OperationsDocument,
    "\n  subscription OperationsLive($tenantId: ID!) {\n    operationRunUpdated(tenantId: $tenantId) {\n      previousStatus\n      run {\n        id\n        status\n        outcome\n        operationType\n        createdAt\n        tenant {\n          id\n        }\n        providerConnection {\n          id\n        }\n        initiatedBy {\n          id\n        }\n        ...OperationRow_OperationRunFragment\n      }\n    }\n  }\n": typeof types.OperationsLiveDocument,
    "\n  fragment RunDetail_OperationRunFragment on OperationRun {\n    id\n    operationType\n    initiatedFrom\n    createdAt\n    startedAt\n    completedAt\n    tenant {\n      id\n      name\n    }\n    initiatedBy {\n      id\n      displayName\n      email\n    }\n    reason {\n      code\n      problemClass\n      detail\n    }\n    message {\n      headline\n      reason\n      ...OperatorMessage_OperatorMessageFragment\n    }\n    providerConnection {\n      id\n      ...ConnectionIdentity_ProviderConnectionIdentityFragment\n    }\n    progress {\n      ...RunProgress_RunProgressFragment\n    }\n    output {\n      ...RunOutputs_RunOutputFragment\n    }\n    ...RunStatusBadge_OperationRunFragment\n    ...RunControls_OperationRunFragment\n    ...RunTimeline_OperationRunFragment\n    ...RetryLineage_OperationRunFragment\n  }\n": typeof types.RunDetail_OperationRunFragmentFragmentDoc,
    "\n  query RunDetail($id: ID!) {\n    operationRun(id: $id) {\n      id\n      tenant {\n        id\n      }\n      ...RunDetail_OperationRunFragment\n    }\n  }\n": typeof types.RunDetailDocument,
    "\n  subscription RunDetailLive($tenantId: ID!, $runId: ID!) {\n    operationRunUpdated(tenantId: $tenantId, runId: $runId) {\n      run {\n        id\n        ...RunDetail_OperationRunFragment\n      }\n    }\n  }\n": typeof types.RunDetailLiveDocument,
    "\n  query ProviderConnectionPage($id: ID!) {\n    providerConnection(id: $id) {\n      id\n      displayName\n      clientId\n      entraTenantId\n      isDefault\n      enabled\n      consentStatus\n      credentialStatus\n      credentialExpiresAt\n      tenant {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ProviderConnectionPageDocument,
    "\n  mutation RotateProviderCredentials($id: ID!, $clientSecret: String!, $expiresAt: DateTime) {\n    rotateProviderCredentials(id: $id, clientSecret: $clientSecret, expiresAt: $expiresAt) {\n      id\n      credentialStatus\n      credentialExpiresAt\n    }\n  }\n": typeof types.RotateProviderCredentialsDocument,
};
const documents: Documents = {
    "\n  fragment ConnectionIdentity_ProviderConnectionIdentityFragment on ProviderConnectionIdentity {\n    id\n    displayName\n    clientId\n    entraTenantId\n  }\n": types.ConnectionIdentity_ProviderConnectionIdentityFragmentFragmentDoc,
    "\n  query Layout {\n    me {\n      id\n      displayName\n      email\n    }\n  }\n": types.LayoutDocument,
    "\n  fragment NotificationItem_NotificationFragment on Notification {\n    id\n    title\n    body\n    createdAt\n    readAt\n    run {\n      id\n      url\n    }\n  }\n": types.NotificationItem_NotificationFragmentFragmentDoc,
    "\n  query NotificationBell {\n    myNotifications(first: 20) {\n      id\n      readAt\n      ...NotificationItem_NotificationFragment\n    }\n  }\n": types.NotificationBellDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      ...NotificationItem_NotificationFragment\n    }\n  }\n": types.NotificationReceivedDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      readAt\n    }\n  }\n": types.MarkNotificationReadDocument,
    "\n  fragment OperationRow_OperationRunFragment on OperationRun {\n    id\n    operationType\n    createdAt\n    tenant {\n      id\n      name\n    }\n    initiatedBy {\n      id\n      displayName\n      email\n    }\n    providerConnection {\n      id\n      displayName\n    }\n    message {\n      headline\n    }\n    ...RunStatusBadge_OperationRunFragment\n  }\n": types.OperationRow_OperationRunFragmentFragmentDoc,
    "\n  fragment OperatorMessage_OperatorMessageFragment on OperatorMessage {\n    headline\n    reason\n    nextStep\n    action\n    actionUrl\n  }\n": types.OperatorMessage_OperatorMessageFragmentFragmentDoc,
    "\n  fragment RetryLineage_OperationRunFragment on OperationRun {\n    retryOf {\n      id\n      createdAt\n      ...RunStatusBadge_OperationRunFragment\n    }\n    retries {\n      id\n      createdAt\n      ...RunStatusBadge_OperationRunFragment\n    }\n  }\n": types.RetryLineage_OperationRunFragmentFragmentDoc,
    "\n  fragment RunControls_OperationRunFragment on OperationRun {\n    id\n    viewerCanCancel\n    viewerCanRetry\n    cancelRequestedAt\n  }\n": types.RunControls_OperationRunFragmentFragmentDoc,
    "\n  mutation CancelOperationRun($id: ID!, $reason: String) {\n    cancelOperationRun(id: $id, reason: $reason) {\n      id\n      status\n      outcome\n      cancelRequestedAt\n      viewerCanCancel\n      viewerCanRetry\n    }\n  }\n": types.CancelOperationRunDocument,
    "\n  mutation RetryOperationRun($id: ID!, $idempotencyKey: String) {\n    retryOperationRun(id: $id, idempotencyKey: $idempotencyKey) {\n      ...StartResultBanner_ProviderOperationStartResultFragment\n    }\n  }\n": types.RetryOperationRunDocument,
    "\n  fragment RunOutputs_RunOutputFragment on RunOutput {\n    counts {\n      name\n      value\n    }\n    policyBackup {\n      id\n      itemCount\n      completedAt\n    }\n    restoreRun {\n      id\n      status\n      tenant {\n        id\n      }\n    }\n  }\n": types.RunOutputs_RunOutputFragmentFragmentDoc,
    "\n  fragment RunProgress_RunProgressFragment on RunProgress {\n    total\n    processed\n    succeeded\n    failed\n  }\n": types.RunProgress_RunProgressFragmentFragmentDoc,
    "\n  fragment RunStatusBadge_OperationRunFragment on OperationRun {\n    status\n    outcome\n  }\n": types.RunStatusBadge_OperationRunFragmentFragmentDoc,
    "\n  fragment RunTimeline_OperationRunFragment on OperationRun {\n    events {\n      at\n      kind\n      detail\n      attempt\n      actor {\n        id\n        displayName\n        email\n      }\n      reason {\n        code\n        problemClass\n        detail\n      }\n    }\n  }\n": types.RunTimeline_OperationRunFragmentFragmentDoc,
    "\n  fragment StartResultBanner_ProviderOperationStartResultFragment on ProviderOperationStartResult {\n    ... on ProviderOperationAccepted {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationDeduped {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationScopeBusy {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationBlocked {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n  }\n": types.StartResultBanner_ProviderOperationStartResultFragmentFragmentDoc,
    "\n  query OperationsScope {\n    myTenants {\n      id\n      name\n    }\n  }\n": types.OperationsScopeDocument,
    "\n  query OperationsConnections($tenantId: ID!) {\n    tenant(id: $tenantId) {\n      id\n      providerConnections {\n        id\n        displayName\n      }\n    }\n  }\n": types.OperationsConnectionsDocument,
    "\n  query Operations($tenantId: ID!, $filter: OperationRunFilter, $first: Int, $after: String) {\n    operationRuns(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...OperationRow_OperationRunFragment\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.OperationsDocument,
    "\n  subscription OperationsLive($tenantId: ID!) {\n    operationRunUpdated(tenantId: $tenantId) {\n      previousStatus\n      run {\n        id\n        status\n        outcome\n        operationType\n        createdAt\n        tenant {\n          id\n        }\n        providerConnection {\n          id\n        }\n        initiatedBy {\n          id\n        }\n        ...OperationRow_OperationRunFragment\n      }\n    }\n  }\n": types.OperationsLiveDocument,
    "\n  fragment RunDetail_OperationRunFragment on OperationRun {\n    id\n    operationType\n    initiatedFrom\n    createdAt\n    startedAt\n    completedAt\n    tenant {\n      id\n      name\n    }\n    initiatedBy {\n      id\n      displayName\n      email\n    }\n    reason {\n      code\n      problemClass\n      detail\n    }\n    message {\n      headline\n      reason\n      ...OperatorMessage_OperatorMessageFragment\n    }\n    providerConnection {\n      id\n      ...ConnectionIdentity_ProviderConnectionIdentityFragment\n    }\n    progress {\n      ...RunProgress_RunProgressFragment\n    }\n    output {\n      ...RunOutputs_RunOutputFragment\n    }\n    ...RunStatusBadge_OperationRunFragment\n    ...RunControls_OperationRunFragment\n    ...RunTimeline_OperationRunFragment\n    ...RetryLineage_OperationRunFragment\n  }\n": types.RunDetail_OperationRunFragmentFragmentDoc,
    "\n  query RunDetail($id: ID!) {\n    operationRun(id: $id) {\n      id\n      tenant {\n        id\n      }\n      ...RunDetail_OperationRunFragment\n    }\n  }\n": types.RunDetailDocument,
    "\n  subscription RunDetailLive($tenantId: ID!, $runId: ID!) {\n    operationRunUpdated(tenantId: $tenantId, runId: $runId) {\n      run {\n        id\n        ...RunDetail_OperationRunFragment\n      }\n    }\n  }\n": types.RunDetailLiveDocument,
    "\n  query ProviderConnectionPage($id: ID!) {\n    providerConnection(id: $id) {\n      id\n      displayName\n      clientId\n      entraTenantId\n      isDefault\n      enabled\n      consentStatus\n      credentialStatus\n      credentialExpiresAt\n      tenant {\n        id\n        name\n      }\n    }\n  }\n": types.ProviderConnectionPageDocument,
    "\n  mutation RotateProviderCredentials($id: ID!, $clientSecret: String!, $expiresAt: DateTime) {\n    rotateProviderCredentials(id: $id, clientSecret: $clientSecret, expiresAt: $expiresAt) {\n      id\n      credentialStatus\n      credentialExpiresAt\n    }\n  }\n": types.RotateProviderCredentialsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConnectionIdentity_ProviderConnectionIdentityFragment on ProviderConnectionIdentity {\n    id\n    displayName\n    clientId\n    entraTenantId\n  }\n"): (typeof documents)["\n  fragment ConnectionIdentity_ProviderConnectionIdentityFragment on ProviderConnectionIdentity {\n    id\n    displayName\n    clientId\n    entraTenantId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Layout {\n    me {\n      id\n      displayName\n      email\n    }\n  }\n"): (typeof documents)["\n  query Layout {\n    me {\n      id\n      displayName\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationItem_NotificationFragment on Notification {\n    id\n    title\n    body\n    createdAt\n    readAt\n    run {\n      id\n      url\n    }\n  }\n"): (typeof documents)["\n  fragment NotificationItem_NotificationFragment on Notification {\n    id\n    title\n    body\n    createdAt\n    readAt\n    run {\n      id\n      url\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationBell {\n    myNotifications(first: 20) {\n      id\n      readAt\n      ...NotificationItem_NotificationFragment\n    }\n  }\n"): (typeof documents)["\n  query NotificationBell {\n    myNotifications(first: 20) {\n      id\n      readAt\n      ...NotificationItem_NotificationFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      ...NotificationItem_NotificationFragment\n    }\n  }\n"): (typeof documents)["\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      ...NotificationItem_NotificationFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      readAt\n    }\n  }\n"): (typeof documents)["\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      readAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OperationRow_OperationRunFragment on OperationRun {\n    id\n    operationType\n    createdAt\n    tenant {\n      id\n      name\n    }\n    initiatedBy {\n      id\n      displayName\n      email\n    }\n    providerConnection {\n      id\n      displayName\n    }\n    message {\n      headline\n    }\n    ...RunStatusBadge_OperationRunFragment\n  }\n"): (typeof documents)["\n  fragment OperationRow_OperationRunFragment on OperationRun {\n    id\n    operationType\n    createdAt\n    tenant {\n      id\n      name\n    }\n    initiatedBy {\n      id\n      displayName\n      email\n    }\n    providerConnection {\n      id\n      displayName\n    }\n    message {\n      headline\n    }\n    ...RunStatusBadge_OperationRunFragment\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OperatorMessage_OperatorMessageFragment on OperatorMessage {\n    headline\n    reason\n    nextStep\n    action\n    actionUrl\n  }\n"): (typeof documents)["\n  fragment OperatorMessage_OperatorMessageFragment on OperatorMessage {\n    headline\n    reason\n    nextStep\n    action\n    actionUrl\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RetryLineage_OperationRunFragment on OperationRun {\n    retryOf {\n      id\n      createdAt\n      ...RunStatusBadge_OperationRunFragment\n    }\n    retries {\n      id\n      createdAt\n      ...RunStatusBadge_OperationRunFragment\n    }\n  }\n"): (typeof documents)["\n  fragment RetryLineage_OperationRunFragment on OperationRun {\n    retryOf {\n      id\n      createdAt\n      ...RunStatusBadge_OperationRunFragment\n    }\n    retries {\n      id\n      createdAt\n      ...RunStatusBadge_OperationRunFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunControls_OperationRunFragment on OperationRun {\n    id\n    viewerCanCancel\n    viewerCanRetry\n    cancelRequestedAt\n  }\n"): (typeof documents)["\n  fragment RunControls_OperationRunFragment on OperationRun {\n    id\n    viewerCanCancel\n    viewerCanRetry\n    cancelRequestedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelOperationRun($id: ID!, $reason: String) {\n    cancelOperationRun(id: $id, reason: $reason) {\n      id\n      status\n      outcome\n      cancelRequestedAt\n      viewerCanCancel\n      viewerCanRetry\n    }\n  }\n"): (typeof documents)["\n  mutation CancelOperationRun($id: ID!, $reason: String) {\n    cancelOperationRun(id: $id, reason: $reason) {\n      id\n      status\n      outcome\n      cancelRequestedAt\n      viewerCanCancel\n      viewerCanRetry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryOperationRun($id: ID!, $idempotencyKey: String) {\n    retryOperationRun(id: $id, idempotencyKey: $idempotencyKey) {\n      ...StartResultBanner_ProviderOperationStartResultFragment\n    }\n  }\n"): (typeof documents)["\n  mutation RetryOperationRun($id: ID!, $idempotencyKey: String) {\n    retryOperationRun(id: $id, idempotencyKey: $idempotencyKey) {\n      ...StartResultBanner_ProviderOperationStartResultFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunOutputs_RunOutputFragment on RunOutput {\n    counts {\n      name\n      value\n    }\n    policyBackup {\n      id\n      itemCount\n      completedAt\n    }\n    restoreRun {\n      id\n      status\n      tenant {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment RunOutputs_RunOutputFragment on RunOutput {\n    counts {\n      name\n      value\n    }\n    policyBackup {\n      id\n      itemCount\n      completedAt\n    }\n    restoreRun {\n      id\n      status\n      tenant {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunProgress_RunProgressFragment on RunProgress {\n    total\n    processed\n    succeeded\n    failed\n  }\n"): (typeof documents)["\n  fragment RunProgress_RunProgressFragment on RunProgress {\n    total\n    processed\n    succeeded\n    failed\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunStatusBadge_OperationRunFragment on OperationRun {\n    status\n    outcome\n  }\n"): (typeof documents)["\n  fragment RunStatusBadge_OperationRunFragment on OperationRun {\n    status\n    outcome\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunTimeline_OperationRunFragment on OperationRun {\n    events {\n      at\n      kind\n      detail\n      attempt\n      actor {\n        id\n        displayName\n        email\n      }\n      reason {\n        code\n        problemClass\n        detail\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment RunTimeline_OperationRunFragment on OperationRun {\n    events {\n      at\n      kind\n      detail\n      attempt\n      actor {\n        id\n        displayName\n        email\n      }\n      reason {\n        code\n        problemClass\n        detail\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StartResultBanner_ProviderOperationStartResultFragment on ProviderOperationStartResult {\n    ... on ProviderOperationAccepted {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationDeduped {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationScopeBusy {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationBlocked {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment StartResultBanner_ProviderOperationStartResultFragment on ProviderOperationStartResult {\n    ... on ProviderOperationAccepted {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationDeduped {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationScopeBusy {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n    ... on ProviderOperationBlocked {\n      outcome\n      message {\n        reason\n        ...OperatorMessage_OperatorMessageFragment\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OperationsScope {\n    myTenants {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query OperationsScope {\n    myTenants {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OperationsConnections($tenantId: ID!) {\n    tenant(id: $tenantId) {\n      id\n      providerConnections {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  query OperationsConnections($tenantId: ID!) {\n    tenant(id: $tenantId) {\n      id\n      providerConnections {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Operations($tenantId: ID!, $filter: OperationRunFilter, $first: Int, $after: String) {\n    operationRuns(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...OperationRow_OperationRunFragment\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Operations($tenantId: ID!, $filter: OperationRunFilter, $first: Int, $after: String) {\n    operationRuns(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          ...OperationRow_OperationRunFragment\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OperationsLive($tenantId: ID!) {\n    operationRunUpdated(tenantId: $tenantId) {\n      previousStatus\n      run {\n        id\n        status\n        outcome\n        operationType\n        createdAt\n        tenant {\n          id\n        }\n        providerConnection {\n          id\n        }\n        initiatedBy {\n          id\n        }\n        ...OperationRow_OperationRunFragment\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription OperationsLive($tenantId: ID!) {\n    operationRunUpdated(tenantId: $tenantId) {\n      previousStatus\n      run {\n        id\n        status\n        outcome\n        operationType\n        createdAt\n        tenant {\n          id\n        }\n        providerConnection {\n          id\n        }\n        initiatedBy {\n          id\n        }\n        ...OperationRow_OperationRunFragment\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunDetail_OperationRunFragment on OperationRun {\n    id\n    operationType\n    initiatedFrom\n    createdAt\n    startedAt\n    completedAt\n    tenant {\n      id\n      name\n    }\n    initiatedBy {\n      id\n      displayName\n      email\n    }\n    reason {\n      code\n      problemClass\n      detail\n    }\n    message {\n      headline\n      reason\n      ...OperatorMessage_OperatorMessageFragment\n    }\n    providerConnection {\n      id\n      ...ConnectionIdentity_ProviderConnectionIdentityFragment\n    }\n    progress {\n      ...RunProgress_RunProgressFragment\n    }\n    output {\n      ...RunOutputs_RunOutputFragment\n    }\n    ...RunStatusBadge_OperationRunFragment\n    ...RunControls_OperationRunFragment\n    ...RunTimeline_OperationRunFragment\n    ...RetryLineage_OperationRunFragment\n  }\n"): (typeof documents)["\n  fragment RunDetail_OperationRunFragment on OperationRun {\n    id\n    operationType\n    initiatedFrom\n    createdAt\n    startedAt\n    completedAt\n    tenant {\n      id\n      name\n    }\n    initiatedBy {\n      id\n      displayName\n      email\n    }\n    reason {\n      code\n      problemClass\n      detail\n    }\n    message {\n      headline\n      reason\n      ...OperatorMessage_OperatorMessageFragment\n    }\n    providerConnection {\n      id\n      ...ConnectionIdentity_ProviderConnectionIdentityFragment\n    }\n    progress {\n      ...RunProgress_RunProgressFragment\n    }\n    output {\n      ...RunOutputs_RunOutputFragment\n    }\n    ...RunStatusBadge_OperationRunFragment\n    ...RunControls_OperationRunFragment\n    ...RunTimeline_OperationRunFragment\n    ...RetryLineage_OperationRunFragment\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunDetail($id: ID!) {\n    operationRun(id: $id) {\n      id\n      tenant {\n        id\n      }\n      ...RunDetail_OperationRunFragment\n    }\n  }\n"): (typeof documents)["\n  query RunDetail($id: ID!) {\n    operationRun(id: $id) {\n      id\n      tenant {\n        id\n      }\n      ...RunDetail_OperationRunFragment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunDetailLive($tenantId: ID!, $runId: ID!) {\n    operationRunUpdated(tenantId: $tenantId, runId: $runId) {\n      run {\n        id\n        ...RunDetail_OperationRunFragment\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription RunDetailLive($tenantId: ID!, $runId: ID!) {\n    operationRunUpdated(tenantId: $tenantId, runId: $runId) {\n      run {\n        id\n        ...RunDetail_OperationRunFragment\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProviderConnectionPage($id: ID!) {\n    providerConnection(id: $id) {\n      id\n      displayName\n      clientId\n      entraTenantId\n      isDefault\n      enabled\n      consentStatus\n      credentialStatus\n      credentialExpiresAt\n      tenant {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProviderConnectionPage($id: ID!) {\n    providerConnection(id: $id) {\n      id\n      displayName\n      clientId\n      entraTenantId\n      isDefault\n      enabled\n      consentStatus\n      credentialStatus\n      credentialExpiresAt\n      tenant {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateProviderCredentials($id: ID!, $clientSecret: String!, $expiresAt: DateTime) {\n    rotateProviderCredentials(id: $id, clientSecret: $clientSecret, expiresAt: $expiresAt) {\n      id\n      credentialStatus\n      credentialExpiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation RotateProviderCredentials($id: ID!, $clientSecret: String!, $expiresAt: DateTime) {\n    rotateProviderCredentials(id: $id, clientSecret: $clientSecret, expiresAt: $expiresAt) {\n      id\n      credentialStatus\n      credentialExpiresAt\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;