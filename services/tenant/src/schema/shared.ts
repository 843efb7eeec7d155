/**
 * Types this subgraph shares with others: the vocabulary enums and value types (defined once in
 * the kit so every subgraph's copy is identical), the gate's start result types, and stubs of
 * the entities other subgraphs own.
 */
import { defineSharedTypes, defineStartResult } from '@msp/subgraph-kit';
import { builder } from '../builder';

// Run status and outcome belong to OperationRun, which only the operations subgraph resolves.
export const shared = defineSharedTypes(builder, { omit: ['RunStatus', 'RunOutcome'] });

/** Owned by the operations subgraph (start results point at runs), and the answer of every start mutation. */
export const { OperationRunRef, StartResultRef } = defineStartResult(builder, shared);
