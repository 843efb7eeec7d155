/**
 * Types this subgraph shares with others: the vocabulary enums and value types (defined once in
 * the kit so every subgraph's copy is identical), the start result types (defined once in the
 * gate), and stubs of the entities other subgraphs own.
 */
import { defineStartTypes } from '@msp/gate';
import { defineEntityStub, defineSharedTypes } from '@msp/subgraph-kit';
import { builder } from '../builder';

// Restore runs never carry run statuses, outcomes or surfaces; unused enums are composition hints.
export const shared = defineSharedTypes(builder, { omit: ['RunStatus', 'RunOutcome', 'StartSurface'] });

/** Owned by the tenant subgraph; this subgraph adds its restore runs (schema/tenant.ts). */
export const TenantRef = builder.objectRef<{ id: string }>('Tenant');

/** Owned by the tenant subgraph; here only its key, so a restore run can point at its backup. */
export const PolicyBackupRef = defineEntityStub(builder, 'PolicyBackup', 'A backup set of a tenant’s Intune policies.');

/** Owned by the operations subgraph; here only its key. */
export const OperationRunRef = defineEntityStub(
  builder,
  'OperationRun',
  'One provider-backed operation, from admission (or a blocked start) to completion.',
);

/** The answer of every start mutation (the gate's `StartResult`). */
export const { ProviderOperationStartResult: StartResultRef } = defineStartTypes(builder, {
  ...shared,
  OperationRun: OperationRunRef,
});
