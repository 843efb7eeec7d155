/**
 * Types this subgraph shares with others: the vocabulary enums and value types (defined once in
 * the kit so every subgraph's copy is identical), the start result types (defined once in the
 * gate), and stubs of the entities other subgraphs own.
 */
import { defineEntityStub, defineSharedTypes, defineStartResult } from '@msp/subgraph-kit';
import { builder } from '../builder';

// Onboarding never shows run statuses, outcomes or surfaces; unused enums are composition hints.
export const shared = defineSharedTypes(builder, { omit: ['RunStatus', 'RunOutcome', 'StartSurface'] });

/** Owned by the tenant subgraph; this subgraph adds its onboarding sessions (schema/workspace.ts). */
export const WorkspaceRef = builder.objectRef<{ id: string }>('Workspace');

/** Owned by the tenant subgraph; this subgraph adds the session that onboarded it (schema/workspace.ts). */
export const TenantRef = builder.objectRef<{ id: string }>('Tenant');

/** Owned by the provider-connection subgraph; here only its key. */
export const ProviderConnectionRef = defineEntityStub(
  builder,
  'ProviderConnection',
  'An Entra app registration used to reach Microsoft Graph for one managed tenant. Its secret is stored encrypted and never returned.',
);

/** Owned by the operations subgraph (start results point at runs), and the answer of every start mutation. */
export const { OperationRunRef, StartResultRef } = defineStartResult(builder, shared);
