/**
 * Types that several subgraphs define: the start vocabulary enums, `OperatorMessage`,
 * `ProviderConnectionIdentity` and `PageInfo`. Federation composes a type defined in several
 * subgraphs only when every definition agrees (enums used as input need identical values) and
 * value types are `@shareable`; defining them once here, from the @msp/gate vocabulary, keeps
 * every subgraph's copy identical, descriptions included (differing descriptions only produce
 * composition hints, but clients then see whichever copy the composer picked).
 */
import type { ProviderConnectionSnapshot } from '@msp/db';
import {
  defineStartTypes,
  NEXT_STEP_ACTIONS,
  OPERATION_LABELS,
  OPERATION_TYPES,
  type OperatorMessage,
  PROBLEM_CLASSES,
  REASON_CODES,
  REASONS,
  RUN_OUTCOMES,
  RUN_STATUSES,
  START_OUTCOMES,
  START_SURFACES,
  type StartVocabularyRefs,
} from '@msp/gate';
import { EnumRef, type ObjectRef, type SchemaTypes } from '@pothos/core';

type ErasedTypes = PothosSchemaTypes.ExtendDefaultTypes<{}>;
type ErasedBuilder = PothosSchemaTypes.SchemaBuilder<ErasedTypes>;

const PROBLEM_CLASS_DESCRIPTIONS: Record<(typeof PROBLEM_CLASSES)[number], string> = {
  PROVIDER_CONNECTION: 'No usable provider connection was chosen (none is the default, or it is disabled).',
  PROVIDER_CONSENT: 'Admin consent is missing or was revoked.',
  PROVIDER_CREDENTIALS: 'The client secret is missing, expired or was rejected.',
  PROVIDER_PERMISSIONS: 'The app lacks a Microsoft Graph permission the operation needs.',
  PROVIDER_AVAILABILITY: 'Microsoft Graph throttled the requests, was unavailable or timed out.',
  TENANT_STATE: 'The tenant is archived or otherwise not active.',
  OPERATION_PRECONDITION: 'A precondition of the operation is unmet (for example a restore not previewed).',
  INTERNAL: 'Something went wrong on our side.',
};

const START_OUTCOME_DESCRIPTIONS: Record<(typeof START_OUTCOMES)[number], string> = {
  ACCEPTED: 'A new run was admitted and queued.',
  DEDUPED: 'An equivalent run is already queued or running; no new run was started.',
  SCOPE_BUSY: 'A different operation holds the provider connection; no new run was started.',
  BLOCKED: 'The provider cannot be used now; nothing was queued.',
};

const START_SURFACE_DESCRIPTIONS: Record<(typeof START_SURFACES)[number], string> = {
  TENANT: 'The tenant page.',
  PROVIDER_CONNECTION: 'The provider connection list or detail.',
  DIRECTORY: 'The directory groups page.',
  RBAC: 'The tenant RBAC page.',
  RESTORE: 'The restore run page.',
  ONBOARDING: 'The onboarding wizard.',
  MONITORING: 'Monitoring: a retry of an earlier run (`retryOperationRun`).',
  SCHEDULE: "A schedule's firing.",
};

const NEXT_STEP_DESCRIPTIONS: Record<(typeof NEXT_STEP_ACTIONS)[number], string> = {
  OPEN_RUN: 'Open the run to follow or review it.',
  WAIT_FOR_RUN: 'Wait for the active run to finish, then try again.',
  CREATE_PROVIDER_CONNECTION: 'Create a provider connection for the tenant.',
  SET_DEFAULT_PROVIDER_CONNECTION: 'Mark one of the tenant’s provider connections as the default.',
  ENABLE_PROVIDER_CONNECTION: 'Enable the provider connection.',
  GRANT_PROVIDER_CONSENT: 'Have an administrator grant admin consent to the app.',
  ROTATE_PROVIDER_CREDENTIALS: 'Create a new client secret and rotate it on the connection.',
  GRANT_PROVIDER_PERMISSIONS: 'Add the missing Graph permission and grant admin consent.',
  ACTIVATE_TENANT: 'Reactivate the tenant.',
  PREPARE_RESTORE: 'Preview and confirm the restore run.',
  RETRY_LATER: 'Try again later.',
  CONTACT_SUPPORT: 'Contact support with the run link.',
};

const RUN_STATUS_DESCRIPTIONS: Record<(typeof RUN_STATUSES)[number], string> = {
  QUEUED: 'Admitted and waiting for a worker.',
  RUNNING: 'A worker is executing the run.',
  COMPLETED: 'Finished; the outcome says how.',
};

const RUN_OUTCOME_DESCRIPTIONS: Record<(typeof RUN_OUTCOMES)[number], string> = {
  PENDING: 'Not finished yet.',
  SUCCEEDED: 'Finished and everything succeeded.',
  PARTIALLY_SUCCEEDED: 'Finished; some items failed.',
  FAILED: 'Finished without doing its work.',
  BLOCKED: 'Refused at start by the gate; never queued.',
  CANCELLED: 'Cancelled before it finished.',
};

function values<K extends string>(keys: readonly K[], describe: (key: K) => string) {
  return Object.fromEntries(keys.map((k) => [k, { value: k, description: describe(k) }])) as {
    [P in K]: { value: P; description: string };
  };
}

/**
 * Descriptions of the root types. Each subgraph declares its own Query/Mutation/Subscription and
 * composition merges them; one text everywhere keeps composition free of description hints.
 */
export const ROOT_TYPE_DESCRIPTIONS = {
  Query: 'Everything a client can read.',
  Mutation: 'Everything a client can change.',
  Subscription: 'Live updates, over graphql-ws (and SSE at the gateway).',
} as const;

export interface PageInfoShape {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export type SharedEnumName =
  | 'ProviderOperationType'
  | 'StartOutcome'
  | 'StartSurface'
  | 'ProblemClass'
  | 'ReasonCode'
  | 'NextStepAction'
  | 'RunStatus'
  | 'RunOutcome';

export interface SharedTypesOptions {
  /**
   * Enums this subgraph does not use. An enum defined but unused makes composition emit a hint
   * ("defined but unused"); the refs of omitted enums must then not be used.
   */
  omit?: readonly SharedEnumName[];
}

/**
 * Defines the shared types on a subgraph's builder and returns their refs. Call it once per
 * builder (in `schema/shared.ts`), and use the refs in the subgraph's own types.
 */
export function defineSharedTypes<Types extends SchemaTypes>(
  typedBuilder: PothosSchemaTypes.SchemaBuilder<Types>,
  options: SharedTypesOptions = {},
) {
  // Defined on the builder seen through the default types (Pothos field helpers do not resolve
  // against a generic `Types`); the refs are handed back typed for the caller's builder.
  const builder = typedBuilder as unknown as ErasedBuilder;
  const omitted = new Set(options.omit ?? []);
  const enumOf = <K extends string>(
    name: SharedEnumName,
    description: string,
    keys: readonly K[],
    describe: (k: K) => string,
  ) =>
    omitted.has(name)
      ? new EnumRef<ErasedTypes, K, K>(name)
      : builder.enumType(name, { description, values: values(keys, describe) });

  const ProviderOperationType = enumOf(
    'ProviderOperationType',
    'A provider-backed operation that runs in the background against Microsoft Graph.',
    OPERATION_TYPES,
    (k) => `${OPERATION_LABELS[k]}.`,
  );
  const StartOutcome = enumOf(
    'StartOutcome',
    'What the start gate decided at click time.',
    START_OUTCOMES,
    (k) => START_OUTCOME_DESCRIPTIONS[k],
  );
  const StartSurface = enumOf(
    'StartSurface',
    'Where in the product an operation was started.',
    START_SURFACES,
    (k) => START_SURFACE_DESCRIPTIONS[k],
  );
  const ProblemClass = enumOf(
    'ProblemClass',
    'The class of problem behind a reason code: one vocabulary for blocked starts and failed runs.',
    PROBLEM_CLASSES,
    (k) => PROBLEM_CLASS_DESCRIPTIONS[k],
  );
  const ReasonCode = enumOf(
    'ReasonCode',
    'Why a start was blocked or a run did not succeed.',
    REASON_CODES,
    (k) => REASONS[k].reason,
  );
  const NextStepAction = enumOf(
    'NextStepAction',
    'The machine-readable next step of an operator message.',
    NEXT_STEP_ACTIONS,
    (k) => NEXT_STEP_DESCRIPTIONS[k],
  );
  const RunStatus = enumOf(
    'RunStatus',
    'Where a run is in its lifecycle.',
    RUN_STATUSES,
    (k) => RUN_STATUS_DESCRIPTIONS[k],
  );
  const RunOutcome = enumOf(
    'RunOutcome',
    'How a run ended (PENDING until it completes).',
    RUN_OUTCOMES,
    (k) => RUN_OUTCOME_DESCRIPTIONS[k],
  );

  const OperatorMessageRef = builder.objectRef<OperatorMessage>('OperatorMessage').implement({
    description: 'The ten-second scan: accepted? if not, why not? what next?',
    shareable: true,
    fields: (t) => ({
      headline: t.exposeString('headline', { description: 'Did it get accepted (or how did it end), in one line.' }),
      reason: t.exposeString('reason', { nullable: true, description: 'If not, why not. Null when nothing is wrong.' }),
      nextStep: t.exposeString('nextStep', { description: 'What should happen next, for a person.' }),
      action: t.expose('action', { type: NextStepAction, description: 'What should happen next, for a machine.' }),
      actionUrl: t.exposeString('actionUrl', {
        nullable: true,
        description: 'Where the next step is done, when it has a page.',
      }),
    }),
  });

  const ProviderConnectionIdentity = builder
    .objectRef<ProviderConnectionSnapshot>('ProviderConnectionIdentity')
    .implement({
      description: 'The provider connection identity, as chosen at click time. Never carries a secret.',
      shareable: true,
      fields: (t) => ({
        id: t.exposeID('id', { description: 'The provider connection id.' }),
        displayName: t.exposeString('displayName', { description: 'The connection name operators gave it.' }),
        entraTenantId: t.exposeString('entraTenantId', { description: 'The customer’s Entra directory (tenant) ID.' }),
        clientId: t.exposeString('clientId', { description: 'The Entra app registration’s client (application) ID.' }),
      }),
    });

  const PageInfo = builder.objectRef<PageInfoShape>('PageInfo').implement({
    description: 'Where a page of a cursor connection starts and ends.',
    shareable: true,
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether another page follows this one.' }),
      hasPreviousPage: t.exposeBoolean('hasPreviousPage', {
        description:
          'Whether a page comes before this one. Paging forward from a cursor (`after`) it is true: the cursor’s own item lies before.',
      }),
      startCursor: t.exposeString('startCursor', {
        nullable: true,
        description: 'Pass as `before` (with `last`) to get the page before; null for an empty page.',
      }),
      endCursor: t.exposeString('endCursor', {
        nullable: true,
        description: 'Pass as `after` to get the next page; null for an empty page.',
      }),
    }),
  });

  type Enum<V extends string> = EnumRef<Types, V, V>;
  return {
    ProviderOperationType: ProviderOperationType as unknown as Enum<(typeof OPERATION_TYPES)[number]>,
    StartOutcome: StartOutcome as unknown as Enum<(typeof START_OUTCOMES)[number]>,
    StartSurface: StartSurface as unknown as Enum<(typeof START_SURFACES)[number]>,
    ProblemClass: ProblemClass as unknown as Enum<(typeof PROBLEM_CLASSES)[number]>,
    ReasonCode: ReasonCode as unknown as Enum<(typeof REASON_CODES)[number]>,
    NextStepAction: NextStepAction as unknown as Enum<(typeof NEXT_STEP_ACTIONS)[number]>,
    RunStatus: RunStatus as unknown as Enum<(typeof RUN_STATUSES)[number]>,
    RunOutcome: RunOutcome as unknown as Enum<(typeof RUN_OUTCOMES)[number]>,
    OperatorMessage: OperatorMessageRef as unknown as ObjectRef<Types, OperatorMessage>,
    ProviderConnectionIdentity: ProviderConnectionIdentity as unknown as ObjectRef<Types, ProviderConnectionSnapshot>,
    PageInfo: PageInfo as unknown as ObjectRef<Types, PageInfoShape>,
  };
}

/**
 * A reference-only stub of an entity another subgraph owns (`@key(fields: "id", resolvable:
 * false)`): this subgraph can return it by id (`{ id }`) and the gateway fetches its other fields
 * from the owner. It is not part of this subgraph's `_entities`.
 */
export function defineEntityStub<Types extends SchemaTypes>(
  typedBuilder: PothosSchemaTypes.SchemaBuilder<Types>,
  name: string,
  description: string,
): ObjectRef<Types, { id: string }> {
  const builder = typedBuilder as unknown as ErasedBuilder;
  const ref = builder.objectRef<{ id: string }>(name).implement({
    description,
    fields: (t) => ({ id: t.exposeID('id', { description: `The ${name.toLowerCase()} id.` }) }),
  });
  builder.asEntity(ref, {
    key: builder.keyDirective(builder.selection<{ id: string }>('id'), false),
    resolveReference: (reference) => reference,
  });
  return ref as unknown as ObjectRef<Types, { id: string }>;
}

/**
 * What a subgraph that hosts starts adds to its schema: a stub of `OperationRun` (owned by the
 * operations subgraph; start results point at runs by key) and the gate's start result types, typed
 * for this builder. `shared` is what `defineSharedTypes` returned.
 *
 * ```ts
 * export const { OperationRunRef, StartResultRef } = defineStartResult(builder, shared);
 * ```
 */
export function defineStartResult<Types extends SchemaTypes>(
  builder: PothosSchemaTypes.SchemaBuilder<Types>,
  shared: Omit<StartVocabularyRefs, 'OperationRun'>,
) {
  const OperationRunRef = defineEntityStub(
    builder,
    'OperationRun',
    'One provider-backed operation, from admission (or a blocked start) to completion.',
  );
  const { ProviderOperationStartResult } = defineStartTypes(builder, { ...shared, OperationRun: OperationRunRef });
  return { OperationRunRef, StartResultRef: ProviderOperationStartResult };
}
