/**
 * Types this subgraph shares with others: the vocabulary enums and value types (defined once in
 * the kit so every subgraph's copy is identical) and stubs of the entities other subgraphs own.
 */
import { defineEntityStub, defineSharedTypes } from '@msp/subgraph-kit';
import { builder } from '../builder';

export const shared = defineSharedTypes(builder);

/** Owned by the tenant subgraph; here only its key, so runs can point at their tenant. */
export const TenantRef = defineEntityStub(builder, 'Tenant', 'A managed Microsoft 365 / Entra tenant.');

/** Owned by the tenant subgraph; here only its key, so runs can point at who started them. */
export const UserRef = defineEntityStub(builder, 'User', 'A person who uses the platform.');

/** Owned by the tenant subgraph; here only its key, so a backup run can point at its backup. */
export const PolicyBackupRef = defineEntityStub(builder, 'PolicyBackup', 'A backup set of a tenant’s Intune policies.');

/** Owned by the restore subgraph; here only its key, so a restore execution can point at it. */
export const RestoreRunRef = defineEntityStub(
  builder,
  'RestoreRun',
  'A restore of a policy backup (or some of its items) into its tenant.',
);

/** Owned by the provider-connection subgraph; here only its key, so a schedule can name its connection. */
export const ProviderConnectionRef = defineEntityStub(
  builder,
  'ProviderConnection',
  'An Entra app registration used to reach Microsoft Graph for one managed tenant. Its secret is stored encrypted and never returned.',
);
