/**
 * Types this subgraph shares with others: the vocabulary enums and value types (defined once in
 * the kit so every subgraph's copy is identical), the start result types (defined once in the
 * gate), and stubs of the entities other subgraphs own.
 */
import { defineEntityStub, defineSharedTypes, defineStartResult } from '@msp/subgraph-kit';
import { builder } from '../builder';

// Restore runs never carry run statuses, outcomes or surfaces; unused enums are composition hints.
export const shared = defineSharedTypes(builder, { omit: ['RunStatus', 'RunOutcome', 'StartSurface'] });

/** Owned by the tenant subgraph; this subgraph adds its restore runs (schema/tenant.ts). */
export const TenantRef = builder.objectRef<{ id: string }>('Tenant');

/** Owned by the tenant subgraph; here only its key, so a restore run can point at its backup. */
export const PolicyBackupRef = defineEntityStub(builder, 'PolicyBackup', 'A backup set of a tenant’s Intune policies.');

/** Owned by the operations subgraph (start results point at runs), and the answer of every start mutation. */
export const { OperationRunRef, StartResultRef } = defineStartResult(builder, shared);
