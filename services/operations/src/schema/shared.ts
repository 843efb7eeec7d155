/**
 * Types this subgraph shares with others: the vocabulary enums and value types (defined once in
 * the kit so every subgraph's copy is identical) and stubs of the entities other subgraphs own.
 */
import { defineEntityStub, defineSharedTypes } from '@msp/subgraph-kit';
import { builder } from '../builder';

// Runs never carry a start outcome; defining the enum unused would be a composition hint.
export const shared = defineSharedTypes(builder, { omit: ['StartOutcome'] });

/** Owned by the tenant subgraph; here only its key, so runs can point at their tenant. */
export const TenantRef = defineEntityStub(builder, 'Tenant', 'A managed Microsoft 365 / Entra tenant.');

/** Owned by the tenant subgraph; here only its key, so runs can point at who started them. */
export const UserRef = defineEntityStub(builder, 'User', 'A person who uses the platform.');
