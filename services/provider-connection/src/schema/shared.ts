/**
 * Types this subgraph shares with others: the vocabulary enums and value types (defined once in
 * the kit so every subgraph's copy is identical), the gate's start result types, and stubs of
 * the entities other subgraphs own.
 */
import { defineSharedTypes, defineStartResult } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type { TenantStubModel } from '../model';

// Run status and outcome belong to OperationRun; start surfaces are fixed here (PROVIDER_CONNECTION).
export const shared = defineSharedTypes(builder, { omit: ['RunStatus', 'RunOutcome', 'StartSurface'] });

/** Owned by the operations subgraph (start results point at runs), and the answer of every start mutation. */
export const { OperationRunRef, StartResultRef } = defineStartResult(builder, shared);

/**
 * Owned by the tenant subgraph. Here a resolvable `Tenant @key(id)` with only `id` and the two
 * fields this subgraph contributes (`providerConnections`, `defaultProviderConnection`,
 * in schema/tenant.ts), so the gateway can ask this subgraph for them by key.
 */
export const TenantRef = builder.objectRef<TenantStubModel>('Tenant');
