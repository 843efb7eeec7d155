/**
 * Types this subgraph shares with others: the vocabulary enums and value types (defined once in
 * the kit so every subgraph's copy is identical), the gate's start result types, and stubs of
 * the entities other subgraphs own.
 */
import { defineStartTypes } from '@msp/gate';
import { defineEntityStub, defineSharedTypes } from '@msp/subgraph-kit';
import { builder } from '../builder';

// Run status and outcome belong to OperationRun, which only the operations subgraph resolves.
export const shared = defineSharedTypes(builder, { omit: ['RunStatus', 'RunOutcome'] });

/** Owned by the operations subgraph; start results and backups point at runs by key. */
export const OperationRunRef = defineEntityStub(
  builder,
  'OperationRun',
  'One provider-backed operation, owned by the operations subgraph.',
);

/** The answer of every start mutation (the gate's `StartResult`). */
export const { ProviderOperationStartResult: StartResultRef } = defineStartTypes(builder, {
  ...shared,
  OperationRun: OperationRunRef,
});
