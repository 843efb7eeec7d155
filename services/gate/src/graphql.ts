/**
 * The start result types, defined once here and registered identically by every action-host
 * subgraph (the member types are `@shareable`, so composition accepts them from each host). An
 * action host calls `defineStartTypes(builder, refs)` and returns the gate's `StartResult`
 * values from its `start*` mutations.
 */
import type { InterfaceRef, SchemaTypes, UnionRef } from '@pothos/core';
import type { StartResult } from './gate';

/**
 * Each subgraph has its own builder types (context, scalars); these definitions use none of
 * them, so they are written against an untyped builder and their refs typed for the caller's.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
type UntypedBuilder = any;
// biome-ignore lint/suspicious/noExplicitAny: Pothos field builders of an untyped builder
type T = any;

/** The start types on one subgraph's builder: `StartResult` values in, the contract's types out. */
export interface StartTypeRefs<Types extends SchemaTypes> {
  ProviderOperationStart: InterfaceRef<Types, StartResult, StartResult>;
  ProviderOperationStartResult: UnionRef<Types, StartResult, StartResult>;
}

/**
 * Refs of the vocabulary types the start types use. They are defined once per subgraph by
 * `defineSharedTypes` (@msp/subgraph-kit), so every subgraph's copies are identical;
 * `OperationRun` is the subgraph's reference to the entity the operations subgraph owns.
 */
export interface StartVocabularyRefs {
  ProviderOperationType: unknown;
  StartOutcome: unknown;
  ProblemClass: unknown;
  ReasonCode: unknown;
  OperatorMessage: unknown;
  ProviderConnectionIdentity: unknown;
  OperationRun: unknown;
}

/** The start result interface, its four members and the union, on a subgraph's builder. */
export function defineStartTypes<Types extends SchemaTypes>(
  typedBuilder: PothosSchemaTypes.SchemaBuilder<Types>,
  v: StartVocabularyRefs,
): StartTypeRefs<Types> {
  const builder: UntypedBuilder = typedBuilder;
  const operationRun = v.OperationRun;

  const common = {
    outcome: 'The gate decision.',
    operationType: 'The operation that was asked for.',
    message: 'What the operator reads: headline, reason, next step.',
  };

  const Start = builder.interfaceRef('ProviderOperationStart').implement({
    description: 'What every start surface answers: one vocabulary for every action host.',
    resolveType: (r: StartResult) => TYPE_NAMES[r.outcome],
    fields: (t: T) => ({
      outcome: t.field({
        type: v.StartOutcome,
        description: common.outcome,
        resolve: from('outcome'),
      }),
      operationType: t.field({
        type: v.ProviderOperationType,
        description: common.operationType,
        resolve: from('operationType'),
      }),
      message: t.field({
        type: v.OperatorMessage,
        description: common.message,
        resolve: from('message'),
      }),
    }),
  });

  const Accepted = builder.objectRef('ProviderOperationAccepted').implement({
    description: 'Accepted: a new run was admitted and queued.',
    interfaces: [Start],
    shareable: true,
    fields: (t: T) => ({
      run: t.field({
        type: operationRun,
        description: 'The new run.',
        resolve: from('run'),
      }),
      runUrl: t.exposeString('runUrl', { description: 'Canonical Monitoring → Operations link of the run.' }),
      providerConnection: t.field({
        type: v.ProviderConnectionIdentity,
        description: 'The provider connection chosen at click time.',
        resolve: from('providerConnection'),
      }),
    }),
  });

  const Deduped = builder.objectRef('ProviderOperationDeduped').implement({
    description: 'Deduped: an equivalent run is already queued or running; nothing new was queued.',
    interfaces: [Start],
    shareable: true,
    fields: (t: T) => ({
      run: t.field({
        type: operationRun,
        description: 'The equivalent run that is already queued or running.',
        resolve: from('run'),
      }),
      runUrl: t.exposeString('runUrl', { description: 'Canonical link of that run.' }),
    }),
  });

  const ScopeBusy = builder.objectRef('ProviderOperationScopeBusy').implement({
    description: 'Scope busy: a different operation holds the provider connection; nothing was queued.',
    interfaces: [Start],
    shareable: true,
    fields: (t: T) => ({
      activeRun: t.field({
        type: operationRun,
        description: 'The different operation holding the provider connection.',
        resolve: from('activeRun'),
      }),
      activeOperationType: t.field({
        type: v.ProviderOperationType,
        description: 'What the active run is doing.',
        resolve: from('activeOperationType'),
      }),
      runUrl: t.exposeString('runUrl', { description: 'Canonical link of the active run.' }),
    }),
  });

  const Blocked = builder.objectRef('ProviderOperationBlocked').implement({
    description: 'Blocked: a provider problem the operator must fix first; nothing was ever queued.',
    interfaces: [Start],
    shareable: true,
    fields: (t: T) => ({
      reasonCode: t.field({
        type: v.ReasonCode,
        description: 'The exact reason.',
        resolve: from('reasonCode'),
      }),
      problemClass: t.field({
        type: v.ProblemClass,
        description: 'The kind of problem.',
        resolve: from('problemClass'),
      }),
      run: t.field({
        type: operationRun,
        nullable: true,
        description: 'The recorded blocked attempt (status COMPLETED, outcome BLOCKED, never queued).',
        resolve: from('run'),
      }),
    }),
  });

  const Union = builder.unionType('ProviderOperationStartResult', {
    description: 'The answer of every start mutation: accepted, deduped, scope busy or blocked.',
    types: [Accepted, Deduped, ScopeBusy, Blocked],
    resolveType: (r: StartResult) => TYPE_NAMES[r.outcome],
  });

  return { ProviderOperationStart: Start, ProviderOperationStartResult: Union };
}

/** A resolver reading one property of the start result. */
const from = (key: string) => (r: object) => (r as Record<string, unknown>)[key];

const TYPE_NAMES: Record<StartResult['outcome'], string> = {
  ACCEPTED: 'ProviderOperationAccepted',
  DEDUPED: 'ProviderOperationDeduped',
  SCOPE_BUSY: 'ProviderOperationScopeBusy',
  BLOCKED: 'ProviderOperationBlocked',
};
