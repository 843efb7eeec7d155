/** OperationRun: the entity this subgraph owns, and the queries that read it. */
import { problemClassOf, REASON_CODES, type ReasonCode, runMessage, runUrl } from '@msp/gate';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type { RunModel } from '../model';
import { listRuns, MAX_PAGE_SIZE, type RunPage, type RunPageRows, TOTAL_COUNT_CAP } from '../service/runs';
import { MAX_SCOPE_TENANTS } from '../service/scope';
import { shared, TenantRef, UserRef } from './shared';

/** Outcomes that carry a reason (contract: FAILED, BLOCKED, PARTIALLY_SUCCEEDED). */
const OUTCOMES_WITH_REASON = new Set(['FAILED', 'BLOCKED', 'PARTIALLY_SUCCEEDED']);

interface RunReasonShape {
  code: ReasonCode;
  detail: string | null;
}

function reasonCodeOf(run: RunModel): ReasonCode {
  // Stored as text by the lifecycle; anything outside the vocabulary is our fault.
  return (REASON_CODES as readonly string[]).includes(run.reasonCode ?? '')
    ? (run.reasonCode as ReasonCode)
    : 'INTERNAL_ERROR';
}

export const RunReason = builder.objectRef<RunReasonShape>('RunReason').implement({
  description: 'Why a run did not (fully) succeed, in the same vocabulary as a blocked start.',
  fields: (t) => ({
    code: t.expose('code', { type: shared.ReasonCode, description: 'The reason code.' }),
    problemClass: t.field({
      type: shared.ProblemClass,
      description: 'The class of problem, which decides the next step.',
      resolve: (reason) => problemClassOf(reason.code),
    }),
    detail: t.exposeString('detail', {
      nullable: true,
      description: 'What the provider or the worker reported, when it adds to the code.',
    }),
  }),
});

const RunProgress = builder.objectRef<RunModel>('RunProgress').implement({
  description: 'How far a run got through its items.',
  fields: (t) => ({
    total: t.exposeInt('progressTotal', { nullable: true, description: 'Items to process; null until known.' }),
    processed: t.exposeInt('progressProcessed', { description: 'Items processed so far.' }),
    succeeded: t.exposeInt('progressSucceeded', { description: 'Items processed successfully.' }),
    failed: t.exposeInt('progressFailed', { description: 'Items that failed.' }),
  }),
});

export const OperationRunRef = builder.objectRef<RunModel>('OperationRun').implement({
  description:
    'One provider-backed operation, from admission (or a blocked start) to completion. Runs are visible to members of their tenant only.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The run id (also the job id in the queue).' }),
    tenant: t.field({
      type: TenantRef,
      description: 'The tenant the run acts on.',
      resolve: (run) => ({ id: run.tenantId }),
    }),
    operationType: t.expose('operationType', { type: shared.ProviderOperationType, description: 'What the run does.' }),
    status: t.expose('status', { type: shared.RunStatus, description: 'Where the run is in its lifecycle.' }),
    outcome: t.expose('outcome', { type: shared.RunOutcome, description: 'How it ended; PENDING until COMPLETED.' }),
    initiatedFrom: t.expose('initiatedFrom', { type: shared.StartSurface, description: 'Where it was started.' }),
    initiatedBy: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who started it; null for system-started runs.',
      resolve: (run) => (run.initiatedBy ? { id: run.initiatedBy } : null),
    }),
    providerConnection: t.field({
      type: shared.ProviderConnectionIdentity,
      nullable: true,
      description:
        'The provider connection identity chosen at click time (a snapshot: later renames do not change it).',
      resolve: (run) => run.providerConnectionSnapshot,
    }),
    reason: t.field({
      type: RunReason,
      nullable: true,
      description: 'Why it did not succeed: set when the outcome is FAILED, BLOCKED or PARTIALLY_SUCCEEDED.',
      resolve: (run) =>
        OUTCOMES_WITH_REASON.has(run.outcome) ? { code: reasonCodeOf(run), detail: run.reasonDetail } : null,
    }),
    message: t.field({
      type: shared.OperatorMessage,
      description: 'The ten-second scan, from the same presenter as the start surfaces.',
      resolve: (run, _args, ctx) =>
        runMessage(
          ctx.links,
          {
            id: run.id,
            operationType: run.operationType,
            status: run.status,
            outcome: run.outcome,
            reasonCode: run.reasonCode === null ? null : reasonCodeOf(run),
            reasonDetail: run.reasonDetail,
          },
          {
            tenantId: run.tenantId,
            providerConnectionId: run.providerConnectionSnapshot?.id ?? null,
            restoreRunId: typeof run.input.restoreRunId === 'string' ? run.input.restoreRunId : null,
            connection: run.providerConnectionSnapshot,
          },
        ),
    }),
    progress: t.field({
      type: RunProgress,
      nullable: true,
      description: 'Item progress; null for a blocked start, which never ran.',
      resolve: (run) => (run.outcome === 'BLOCKED' ? null : run),
    }),
    url: t.string({
      description: 'The canonical Monitoring → Operations link.',
      resolve: (run, _args, ctx) => runUrl(ctx.links, run.id),
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was admitted.', resolve: (run) => run.createdAt }),
    startedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a worker started it.',
      resolve: (run) => run.startedAt,
    }),
    completedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it completed.',
      resolve: (run) => run.completedAt,
    }),
  }),
});

builder.asEntity(OperationRunRef, {
  key: builder.selection<{ id: string }>('id'),
  // Authorized like `operationRun`: a reference to a run the caller may not see is NOT_FOUND.
  // References of one `_entities` request are batched into one query by the loader.
  resolveReference: async (reference, ctx) => {
    return unwrap(await ctx.loaders.run.load(reference.id));
  },
});

type Edge = RunPageRows['edges'][number];

const OperationRunEdge = builder.objectRef<Edge>('OperationRunEdge').implement({
  description: 'A run in a page of runs.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Opaque position of this run, for `after`.' }),
    node: t.field({ type: OperationRunRef, description: 'The run.', resolve: (edge) => edge.node }),
  }),
});

const OperationRunConnection = builder.objectRef<RunPage>('OperationRunConnection').implement({
  description: 'A page of runs, newest first.',
  fields: (t) => ({
    edges: t.field({
      type: [OperationRunEdge],
      description: 'The runs of this page.',
      resolve: async (p) => (await p.page()).edges,
    }),
    pageInfo: t.field({
      type: shared.PageInfo,
      description: 'Where this page starts and ends.',
      resolve: async (p) => (await p.page()).pageInfo,
    }),
    totalCount: t.int({
      description: `Exact, or the cap when totalCountIsLowerBound: runs of the list (every page, whatever the cursor) are counted up to ${TOTAL_COUNT_CAP}, and a larger list answers ${TOTAL_COUNT_CAP} with totalCountIsLowerBound true ("${TOTAL_COUNT_CAP}+"). Counted only when asked for.`,
      resolve: async (p) => (await p.count()).totalCount,
    }),
    totalCountIsLowerBound: t.boolean({
      description: `True when the list has more runs than totalCount (${TOTAL_COUNT_CAP}, the cap); false when totalCount is exact.`,
      resolve: async (p) => (await p.count()).totalCountIsLowerBound,
    }),
  }),
});

export const OperationRunFilter = builder.inputType('OperationRunFilter', {
  description:
    'Narrows a list (or a live stream) of runs. Each given list matches any of its values; an empty list matches all. Given filters all apply (AND).',
  fields: (t) => ({
    status: t.field({ type: [shared.RunStatus], required: false, description: 'Runs in any of these statuses.' }),
    outcome: t.field({ type: [shared.RunOutcome], required: false, description: 'Runs with any of these outcomes.' }),
    operationType: t.field({
      type: [shared.ProviderOperationType],
      required: false,
      description: 'Runs of any of these operation types.',
    }),
    providerConnectionId: t.id({
      required: false,
      description: 'Runs on this provider connection (as chosen at click time; also after the connection was deleted).',
    }),
    initiatedBy: t.id({ required: false, description: 'Runs started by this user.' }),
    surface: t.field({
      type: [shared.StartSurface],
      required: false,
      description: 'Runs started from any of these surfaces.',
    }),
    reasonCode: t.field({
      type: [shared.ReasonCode],
      required: false,
      description: 'Runs (failed, partially succeeded or blocked) with any of these reason codes.',
    }),
    problemClass: t.field({
      type: [shared.ProblemClass],
      required: false,
      description: 'Runs whose reason code is of any of these problem classes (with reasonCode: both apply).',
    }),
    createdAfter: t.field({
      type: 'DateTime',
      required: false,
      description: 'Runs created at or after this time (inclusive).',
    }),
    createdBefore: t.field({
      type: 'DateTime',
      required: false,
      description: 'Runs created before this time (exclusive: consecutive ranges neither overlap nor leave a gap).',
    }),
  }),
});

type FilterArg = typeof OperationRunFilter.$inferInput;

/** The GraphQL filter as the service takes it (ids as strings). */
export function filterInput(filter: FilterArg | null | undefined) {
  if (!filter) return null;
  return {
    ...filter,
    providerConnectionId: filter.providerConnectionId?.toString() ?? null,
    initiatedBy: filter.initiatedBy?.toString() ?? null,
  };
}

builder.queryFields((t) => ({
  operationRun: t.field({
    type: OperationRunRef,
    nullable: true,
    description:
      'One run. NOT_FOUND when it does not exist or the caller is not a member of its tenant (the two are indistinguishable).',
    args: { id: t.arg.id({ required: true, description: 'The run id.' }) },
    resolve: async (_root, args, ctx) => {
      return unwrap(await ctx.loaders.run.load(String(args.id)));
    },
  }),
  operationRuns: t.field({
    type: OperationRunConnection,
    description: `Runs, newest first (Monitoring → Operations). Give exactly one of tenantId, workspaceId (every tenant of it the caller is a member of) or tenantIds (BAD_USER_INPUT otherwise). A tenant the caller is not a member of is NOT_FOUND as a missing one is, and so is a workspace where the caller is a member of nothing. Page with \`first\`/\`after\` towards older runs or \`last\`/\`before\` towards newer ones (1 to ${MAX_PAGE_SIZE}; 50 when neither is given).`,
    args: {
      tenantId: t.arg.id({ description: 'One tenant.' }),
      workspaceId: t.arg.id({
        description: 'Every tenant of this workspace the caller is a member of (decided at each request).',
      }),
      tenantIds: t.arg.idList({
        description: `These tenants (1 to ${MAX_SCOPE_TENANTS}); each must be one of the caller's.`,
      }),
      filter: t.arg({ type: OperationRunFilter, description: 'Narrows the list.' }),
      first: t.arg.int({ description: `Page size towards older runs, 1 to ${MAX_PAGE_SIZE}.` }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
      last: t.arg.int({ description: `Page size towards newer runs, 1 to ${MAX_PAGE_SIZE}.` }),
      before: t.arg.string({ description: 'The `startCursor` of the page after the one wanted.' }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await listRuns(ctx.db, ctx.actor, {
          tenantId: args.tenantId == null ? null : String(args.tenantId),
          workspaceId: args.workspaceId == null ? null : String(args.workspaceId),
          tenantIds: args.tenantIds == null ? null : args.tenantIds.map(String),
          first: args.first,
          after: args.after,
          last: args.last,
          before: args.before,
          filter: filterInput(args.filter),
        }),
      ),
  }),
}));
