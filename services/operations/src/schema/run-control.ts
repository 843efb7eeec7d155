/**
 * Run control and a run's history: `cancelOperationRun`, `retryOperationRun`, and the
 * OperationRun fields that tell what happened to a run (timeline, attempts, outputs, retries)
 * and what the caller may do with it (`viewerCanCancel`, `viewerCanRetry`, from the registry).
 */
import { defineStartTypes, startAction, tenantRoleCan, tenantRoleCanOnRun } from '@msp/gate';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type { RunModel } from '../model';
import { MAX_CANCEL_REASON, RETRYABLE_OUTCOMES } from '../service/control';
import {
  attemptsOf,
  outputCounts,
  RUN_EVENT_KINDS,
  type RunAttemptModel,
  type RunEventKind,
  type RunEventModel,
  timelineOf,
} from '../service/timeline';
import { OperationRunRef, RunReason } from './operation-run';
import { PolicyBackupRef, RestoreRunRef, shared, UserRef } from './shared';

const { ProviderOperationStartResult: StartResultRef } = defineStartTypes(builder, {
  ...shared,
  OperationRun: OperationRunRef,
});

const KIND_DESCRIPTIONS: Record<RunEventKind, string> = {
  QUEUED: 'Admitted by the start gate and queued (`actor`: who started it).',
  DISPATCHED: 'Its job was handed to the queue.',
  STARTED: 'A worker began an attempt (`detail` names it).',
  PROGRESS: 'Items processed so far.',
  ATTEMPT_FAILED: 'An attempt failed (`reason`); a retry or the end follows.',
  RETRY_SCHEDULED: 'The next attempt was scheduled after a transient failure.',
  CANCEL_REQUESTED: 'Someone asked to cancel it (`actor`; `detail`: their reason).',
  CANCELLED: 'It ended CANCELLED (`actor`: who cancelled it).',
  COMPLETED: 'It ended (`detail`: the outcome; `reason` when it did not succeed).',
};

const OperationRunEventKind = builder.enumType('OperationRunEventKind', {
  description: 'What happened to a run at one point of its timeline.',
  values: Object.fromEntries(RUN_EVENT_KINDS.map((k) => [k, { value: k, description: KIND_DESCRIPTIONS[k] }])) as {
    [K in RunEventKind]: { value: K; description: string };
  },
});

const OperationRunEvent = builder.objectRef<RunEventModel>('OperationRunEvent').implement({
  description: 'One step of a run’s timeline: what happened, when, and who caused it.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'When it happened.', resolve: (e) => e.at }),
    kind: t.field({ type: OperationRunEventKind, description: 'What happened.', resolve: (e) => e.kind }),
    actor: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who caused it, when a person did (the start, a cancellation); null for the worker’s own steps.',
      resolve: (e) => (e.actorId ? { id: e.actorId } : null),
    }),
    reason: t.field({
      type: RunReason,
      nullable: true,
      description: 'Why, for a failed attempt or an outcome other than success.',
      resolve: (e) => e.reason,
    }),
    detail: t.exposeString('detail', { nullable: true, description: 'One line for the operator.' }),
    attempt: t.exposeInt('attempt', {
      nullable: true,
      description: 'The attempt it belongs to (STARTED, ATTEMPT_FAILED, RETRY_SCHEDULED).',
    }),
  }),
});

const OperationRunAttempt = builder.objectRef<RunAttemptModel>('OperationRunAttempt').implement({
  description: 'One attempt of a run: a worker working on it until it finished, failed or stopped.',
  fields: (t) => ({
    number: t.exposeInt('number', { description: '1 for the first attempt.' }),
    startedAt: t.field({ type: 'DateTime', description: 'When a worker began it.', resolve: (a) => a.startedAt }),
    endedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it ended; null while it runs.',
      resolve: (a) => a.endedAt,
    }),
    reason: t.field({
      type: RunReason,
      nullable: true,
      description: 'Why it failed, when another attempt followed (or its worker died).',
      resolve: (a) => a.reason,
    }),
  }),
});

const RunOutputCount = builder.objectRef<{ name: string; value: number }>('RunOutputCount').implement({
  description: 'One figure a run reports about what it did.',
  fields: (t) => ({
    name: t.exposeString('name', {
      description:
        'What is counted, as the operation names it: groups, pages, removed (directory groups sync); roleDefinitions, removed (role definitions sync); items (policy backup); created, updated, unchanged, failed, notApplied (restore execution).',
    }),
    value: t.exposeInt('value', { description: 'How many.' }),
  }),
});

const RunOutput = builder.objectRef<RunModel>('RunOutput').implement({
  description: 'What a run produced, as far as it got (a cancelled run keeps what it did before it stopped).',
  fields: (t) => ({
    counts: t.field({
      type: [RunOutputCount],
      description: 'The figures the run reported when it ended; empty until then.',
      resolve: (run) => outputCounts(run),
    }),
    policyBackup: t.field({
      type: PolicyBackupRef,
      nullable: true,
      description: 'The backup set a POLICY_BACKUP run stored (partial if it was cancelled).',
      resolve: (run) => {
        const id = run.result?.backupId;
        return run.operationType === 'POLICY_BACKUP' && typeof id === 'string' ? { id } : null;
      },
    }),
    restoreRun: t.field({
      type: RestoreRunRef,
      nullable: true,
      description: 'The restore run a RESTORE_EXECUTION run executed: its `itemResults` are the per-item results.',
      resolve: (run) => {
        const id = run.input.restoreRunId;
        return run.operationType === 'RESTORE_EXECUTION' && typeof id === 'string' ? { id } : null;
      },
    }),
  }),
});

const ACTIVE = new Set<RunModel['status']>(['QUEUED', 'RUNNING']);

builder.objectFields(OperationRunRef, (t) => ({
  events: t.field({
    type: [OperationRunEvent],
    description: 'The run’s timeline, oldest first.',
    resolve: async (run, _args, ctx) => timelineOf(run, await ctx.loaders.runEvents.load(run.id)),
  }),
  attempts: t.field({
    type: [OperationRunAttempt],
    description: 'Each attempt a worker made, oldest first; empty for a run never begun.',
    resolve: async (run, _args, ctx) => attemptsOf(run, timelineOf(run, await ctx.loaders.runEvents.load(run.id))),
  }),
  output: t.field({
    type: RunOutput,
    description: 'What the run produced: counts, the policy backup, the restore it executed.',
    resolve: (run) => run,
  }),
  retryOf: t.field({
    type: OperationRunRef,
    nullable: true,
    description: 'The run this one retries; null for a first start (or once that run was pruned).',
    resolve: async (run, _args, ctx) => {
      if (!run.retryOf) return null;
      const loaded = await ctx.loaders.run.load(run.retryOf);
      return loaded.ok ? loaded.value : null;
    },
  }),
  retries: t.field({
    type: [OperationRunRef],
    description: 'The runs started as retries of this one (blocked attempts included), oldest first.',
    resolve: (run, _args, ctx) => ctx.loaders.retries.load(run.id),
  }),
  cancelRequestedAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'When its cancellation was asked for; the run ends CANCELLED once its worker stops.',
    resolve: (run) => run.cancelRequestedAt,
  }),
  viewerCanCancel: t.boolean({
    description:
      'Whether the caller may cancel it now: it is active, and the caller holds operations.cancel, or operations.cancel_own and started it.',
    resolve: async (run, _args, ctx) => {
      if (!ACTIVE.has(run.status)) return false;
      const role = await ctx.loaders.tenantRole.load(run.tenantId);
      return role !== null && tenantRoleCanOnRun(role, 'run.cancel', run.initiatedBy === ctx.actor.userId);
    },
  }),
  viewerCanRetry: t.boolean({
    description:
      'Whether the caller may retry it now: it ended FAILED, CANCELLED or BLOCKED, and the caller may start its operation (the gate still decides the outcome).',
    resolve: async (run, _args, ctx) => {
      if (run.status !== 'COMPLETED' || !RETRYABLE_OUTCOMES.has(run.outcome)) return false;
      const role = await ctx.loaders.tenantRole.load(run.tenantId);
      return role !== null && tenantRoleCan(role, startAction(run.operationType));
    },
  }),
}));

builder.mutationFields((t) => ({
  cancelOperationRun: t.field({
    type: OperationRunRef,
    description: `QUEUED: removed from the queue at once. RUNNING: stopped cooperatively. Ends CANCELLED. A run whose worker died ends CANCELLED as soon as its job is taken over; until then it reads RUNNING with \`cancelRequestedAt\` set. Cancelling again changes nothing; a run that completed otherwise is CONFLICT. Needs operations.cancel, or operations.cancel_own for a run the caller started.`,
    args: {
      id: t.arg.id({ required: true, description: 'The run id.' }),
      reason: t.arg.string({
        description: `Why, for the run's initiator (at most ${MAX_CANCEL_REASON} characters).`,
      }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(await ctx.control.cancel(ctx.actor, { id: String(args.id), reason: args.reason })),
  }),
  retryOperationRun: t.field({
    type: StartResultRef,
    description:
      'A new start of the same operation, target and connection choice, through the gate (surface MONITORING), linked to the original (`retryOf`). For a FAILED, CANCELLED or BLOCKED run; any other is CONFLICT. Answers like every start: BLOCKED while its blocker remains, DEDUPED onto an equivalent active run.',
    args: {
      id: t.arg.id({ required: true, description: 'The run to retry.' }),
      idempotencyKey: t.arg.string({
        description:
          'The same key from the same user replays the first decision; reused for another operation: BAD_USER_INPUT.',
      }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(await ctx.control.retry(ctx.actor, { id: String(args.id), idempotencyKey: args.idempotencyKey ?? null })),
  }),
}));
