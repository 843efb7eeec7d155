/**
 * The shared start vocabulary as Pothos GraphQL types, defined once here and registered
 * identically by every action-host subgraph (value types are `@shareable`, so composition
 * accepts them from each host). An action host calls `defineStartTypes(builder)` and returns
 * `StartResult` values from its `start*` mutations.
 */
import type { SchemaTypes } from '@pothos/core';
import type { StartResult } from './gate';
import type { OperatorMessage } from './presenter';
import {
  NEXT_STEP_ACTIONS,
  OPERATION_TYPES,
  PROBLEM_CLASSES,
  REASON_CODES,
  START_OUTCOMES,
  START_SURFACES,
} from './vocabulary';

/**
 * Each subgraph has its own builder types (context, scalars); these definitions use none of
 * them, so they take any builder. The refs they return are typed by their shapes.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Builder<_Types extends SchemaTypes> = any;
// biome-ignore lint/suspicious/noExplicitAny: Pothos field builders of an untyped builder
type T = any;

const enumDescriptions = {
  ProviderOperationType: 'A provider-backed operation that runs in the background against Microsoft Graph.',
  StartOutcome: "The start gate's decision, taken at click time before anything is queued.",
  StartSurface: 'Where in the product an operation was started from.',
  ProblemClass: 'The kind of problem behind a blocked start or a failed run: one vocabulary for both.',
  ReasonCode: 'The exact reason a start was blocked or a run failed.',
  NextStepAction: 'What the operator should do next, as a machine-readable action.',
} as const;

/** Enums and value types every subgraph that speaks the start vocabulary shares. */
export function defineVocabularyTypes<Types extends SchemaTypes>(builder: Builder<Types>) {
  const enumOf = (name: keyof typeof enumDescriptions, values: readonly string[]) =>
    builder.enumType(name, { description: enumDescriptions[name], values: values as readonly [string, ...string[]] });
  const ProviderOperationType = enumOf('ProviderOperationType', OPERATION_TYPES);
  const StartOutcomeEnum = enumOf('StartOutcome', START_OUTCOMES);
  const StartSurfaceEnum = enumOf('StartSurface', START_SURFACES);
  const ProblemClassEnum = enumOf('ProblemClass', PROBLEM_CLASSES);
  const ReasonCodeEnum = enumOf('ReasonCode', REASON_CODES);
  const NextStepActionEnum = enumOf('NextStepAction', NEXT_STEP_ACTIONS);

  const OperatorMessageRef = builder.objectRef('OperatorMessage').implement({
    description: 'The ten-second scan: accepted? if not, why not? what next?',
    shareable: true,
    fields: (t: T) => ({
      headline: t.exposeString('headline', { description: 'Did it get accepted: one line.' }),
      reason: t.exposeString('reason', {
        nullable: true,
        description: 'If not, why not. Null when there is nothing to explain.',
      }),
      nextStep: t.exposeString('nextStep', { description: 'What should happen next, in words.' }),
      action: t.field({
        type: NextStepActionEnum,
        description: 'The next step as a machine-readable action.',
        resolve: (m: OperatorMessage) => m.action as never,
      }),
      actionUrl: t.exposeString('actionUrl', { nullable: true, description: 'Where the next step is done.' }),
    }),
  });

  const ProviderConnectionIdentityRef = builder.objectRef('ProviderConnectionIdentity').implement({
    description: 'The provider connection identity, as chosen at click time. Never carries a secret.',
    shareable: true,
    fields: (t: T) => ({
      id: t.exposeID('id', { description: 'The provider connection id.' }),
      displayName: t.exposeString('displayName', { description: 'The connection name operators see.' }),
      entraTenantId: t.exposeString('entraTenantId', {
        description: 'The Entra (directory) tenant id the app signs in to.',
      }),
      clientId: t.exposeString('clientId', { description: 'The app registration (client) id.' }),
    }),
  });

  return {
    ProviderOperationType,
    StartOutcome: StartOutcomeEnum,
    StartSurface: StartSurfaceEnum,
    ProblemClass: ProblemClassEnum,
    ReasonCode: ReasonCodeEnum,
    NextStepAction: NextStepActionEnum,
    OperatorMessage: OperatorMessageRef,
    ProviderConnectionIdentity: ProviderConnectionIdentityRef,
  };
}

/**
 * A reference-only `OperationRun` entity (`@key(fields: "id", resolvable: false)`): action
 * hosts return runs by key and the operations subgraph, which owns the entity, resolves the rest.
 */
export function defineOperationRunReference<Types extends SchemaTypes>(builder: Builder<Types>) {
  const ref = builder.objectRef('OperationRun').implement({
    description: 'A background operation run (owned by the operations subgraph).',
    fields: (t: T) => ({ id: t.exposeID('id', { description: 'The run id.' }) }),
  });
  builder.asEntity(ref, {
    key: builder.keyDirective(builder.selection('id'), false),
    resolveReference: (r: { id: string }) => r,
  });
  return ref;
}

/** The start result union and its members, plus the vocabulary they use. */
export function defineStartTypes<Types extends SchemaTypes>(
  builder: Builder<Types>,
  operationRun = defineOperationRunReference(builder),
) {
  const v = defineVocabularyTypes(builder);

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

  return { ...v, OperationRun: operationRun, ProviderOperationStart: Start, ProviderOperationStartResult: Union };
}

/** A resolver reading one property of the start result. */
const from = (key: string) => (r: object) => (r as Record<string, unknown>)[key];

const TYPE_NAMES: Record<StartResult['outcome'], string> = {
  ACCEPTED: 'ProviderOperationAccepted',
  DEDUPED: 'ProviderOperationDeduped',
  SCOPE_BUSY: 'ProviderOperationScopeBusy',
  BLOCKED: 'ProviderOperationBlocked',
};
