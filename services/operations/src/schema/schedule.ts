/**
 * Schedules (issue 17): `Schedule` and its firing history, `schedule` and `schedules`, and the
 * mutations that create, change, pause, resume and delete one. Thin resolvers over
 * service/schedules.ts, which authorizes through the capability registry and validates.
 */
import { SCHEDULE_STATUSES, SCHEDULE_STOP_REASONS, type ScheduleStatus, type ScheduleStopReason } from '@msp/db';
import { REASON_CODES, type ReasonCode, tenantRoleCan } from '@msp/gate';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import {
  createSchedule,
  deleteSchedule,
  type FiringModel,
  type FiringPage,
  listSchedules,
  MAX_INTERVAL_SECONDS,
  MAX_SCHEDULE_PAGE,
  MAX_SCHEDULES_PER_TENANT,
  nextFiringAt,
  pageFirings,
  pauseSchedule,
  resumeSchedule,
  type ScheduleModel,
  type SchedulePage,
  scheduleChangeActions,
  updateSchedule,
} from '../service/schedules';
import { OperationRunRef, RunReason } from './operation-run';
import { ProviderConnectionRef, shared, TenantRef, UserRef } from './shared';

const STATUS_DESCRIPTIONS: Record<ScheduleStatus, string> = {
  ACTIVE: 'Fires on its timing.',
  PAUSED: 'Paused by a person (`pauseSchedule`); fires no more until resumed.',
  STOPPED:
    'Stopped by its own firing: the gate refused its owner (no longer a member of the tenant, or without the operation’s capability) or its provider connection is gone (`stopReason`). Fires no more until resumed by someone who may.',
};

const STOP_REASON_DESCRIPTIONS: Record<ScheduleStopReason, string> = {
  OWNER_NOT_MEMBER: 'Its owner is no longer a member of the tenant (the gate answered NOT_FOUND).',
  OWNER_LACKS_CAPABILITY:
    'Its owner’s role no longer includes the operation’s start capability (the gate answered FORBIDDEN).',
  PROVIDER_CONNECTION_NOT_FOUND: 'The provider connection it names was deleted (the gate answered NOT_FOUND).',
};

const ScheduleStatusEnum = builder.enumType('ScheduleStatus', {
  description: 'Whether a schedule fires.',
  values: Object.fromEntries(SCHEDULE_STATUSES.map((v) => [v, { value: v, description: STATUS_DESCRIPTIONS[v] }])) as {
    [K in ScheduleStatus]: { value: K; description: string };
  },
});

const ScheduleStopReasonEnum = builder.enumType('ScheduleStopReason', {
  description: 'Why the gate refused a schedule’s firing before deciding it, which stops the schedule.',
  values: Object.fromEntries(
    SCHEDULE_STOP_REASONS.map((v) => [v, { value: v, description: STOP_REASON_DESCRIPTIONS[v] }]),
  ) as { [K in ScheduleStopReason]: { value: K; description: string } },
});

const reasonCode = (code: string | null): ReasonCode | null =>
  code === null ? null : (REASON_CODES as readonly string[]).includes(code) ? (code as ReasonCode) : 'INTERNAL_ERROR';

const ScheduleFiring = builder.objectRef<FiringModel>('ScheduleFiring').implement({
  description:
    'One tick of a schedule: its start through the gate (surface SCHEDULE, as the schedule’s owner) and what the gate answered.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The firing id.' }),
    tickAt: t.field({ type: 'DateTime', description: 'When the tick was due.', resolve: (f) => f.tickAt }),
    firedAt: t.field({
      type: 'DateTime',
      description: 'When the gate’s answer was recorded.',
      resolve: (f) => f.firedAt,
    }),
    outcome: t.field({
      type: shared.StartOutcome,
      nullable: true,
      description:
        'The gate’s decision: ACCEPTED (a new run), DEDUPED (an equivalent run was active), SCOPE_BUSY (another run held the connection) or BLOCKED. Null when the gate refused the owner before deciding (`stopReason`).',
      resolve: (f) => f.outcome,
    }),
    run: t.field({
      type: OperationRunRef,
      nullable: true,
      description:
        'The run the decision points at: the admitted run, the active run it was deduped onto or busy with, or the blocked attempt. Null when refused, or once retention pruned the run.',
      resolve: async (f, _args, ctx) => {
        if (!f.runId) return null;
        const loaded = await ctx.loaders.run.load(f.runId);
        return loaded.ok ? loaded.value : null;
      },
    }),
    reason: t.field({
      type: RunReason,
      nullable: true,
      description: 'Why it was BLOCKED (the same vocabulary as any blocked start).',
      resolve: (f) => {
        const code = reasonCode(f.reasonCode);
        return code ? { code, detail: f.detail } : null;
      },
    }),
    stopReason: t.field({
      type: ScheduleStopReasonEnum,
      nullable: true,
      description: 'Why the gate refused it before deciding; the schedule STOPPED with it.',
      resolve: (f) => f.stopReason,
    }),
    notifiedOwner: t.boolean({
      description:
        'This firing told the owner about a new problem (a SCHEDULE_BLOCKED notification): the first blocked firing of each problem does, the following ones with the same reason do not.',
      resolve: (f) => f.notified,
    }),
  }),
});

const ScheduleFiringEdge = builder.objectRef<FiringPage['edges'][number]>('ScheduleFiringEdge').implement({
  description: 'A firing in a page of a schedule’s history.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Opaque position of this firing, for `after`.' }),
    node: t.field({ type: ScheduleFiring, description: 'The firing.', resolve: (e) => e.node }),
  }),
});

const ScheduleFiringConnection = builder.objectRef<FiringPage>('ScheduleFiringConnection').implement({
  description: 'A page of a schedule’s firings, newest tick first.',
  fields: (t) => ({
    edges: t.field({ type: [ScheduleFiringEdge], description: 'The firings of this page.', resolve: (p) => p.edges }),
    pageInfo: t.field({
      type: shared.PageInfo,
      description: 'Where this page starts and ends.',
      resolve: (p) => p.pageInfo,
    }),
  }),
});

const ScheduleProblem = builder.objectRef<{ code: ReasonCode; runId: string | null }>('ScheduleProblem').implement({
  description:
    'What blocks a schedule’s firings now: its owner was notified once, at the first blocked firing, and hears again only when the problem changes.',
  fields: (t) => ({
    reasonCode: t.expose('code', { type: shared.ReasonCode, description: 'The blocker’s reason code.' }),
    firstBlockedRun: t.field({
      type: OperationRunRef,
      nullable: true,
      description: 'The first blocked attempt of this problem (the run the notification names).',
      resolve: async (p, _args, ctx) => {
        if (!p.runId) return null;
        const loaded = await ctx.loaders.run.load(p.runId);
        return loaded.ok ? loaded.value : null;
      },
    }),
  }),
});

export const ScheduleRef = builder.objectRef<ScheduleModel>('Schedule').implement({
  description:
    'A tenant’s recurring start of one operation: a cron expression in a time zone, or an interval. Every firing is a start through the gate like a click (surface SCHEDULE, as its owner, on its provider connection or the tenant’s default), with the same four outcomes, recorded in `history`.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The schedule id.' }),
    tenant: t.field({
      type: TenantRef,
      description: 'The tenant it starts operations on.',
      resolve: (s) => ({ id: s.tenantId }),
    }),
    operationType: t.expose('operationType', {
      type: shared.ProviderOperationType,
      description: 'The operation each firing starts.',
    }),
    name: t.exposeString('name', { nullable: true, description: 'The name operators gave it.' }),
    cron: t.exposeString('cron', {
      nullable: true,
      description: 'Its cron expression (5 fields, or 6 with seconds first), read in `timeZone`; null for an interval.',
    }),
    timeZone: t.exposeString('timeZone', {
      nullable: true,
      description: 'The IANA time zone of `cron`; null for an interval.',
    }),
    intervalSeconds: t.exposeInt('intervalSeconds', {
      nullable: true,
      description:
        'Seconds between firings; null for a cron expression. The first firing is one interval after it is created or resumed.',
    }),
    providerConnection: t.field({
      type: ProviderConnectionRef,
      nullable: true,
      description:
        'The connection its firings name. Null, without an error, in two cases that `providerConnectionId` tells apart: the tenant’s default connection at each firing (`providerConnectionId` null), or a connection deleted since (`providerConnectionDeleted` true).',
      resolve: (s) => (s.providerConnectionId && !s.providerConnectionDeleted ? { id: s.providerConnectionId } : null),
    }),
    providerConnectionId: t.id({
      nullable: true,
      description:
        'The id of the connection its firings name, also once that connection is deleted; null: the tenant’s default connection at each firing.',
      resolve: (s) => s.providerConnectionId,
    }),
    providerConnectionDeleted: t.boolean({
      description:
        'It names a connection that no longer exists (deleted after the schedule named it): its next firing is refused and the schedule stops (`stopReason` PROVIDER_CONNECTION_NOT_FOUND); it never falls back to the tenant’s default. Choose another connection (or the default) with `updateSchedule`.',
      resolve: (s) => s.providerConnectionDeleted,
    }),
    owner: t.field({
      type: UserRef,
      description: 'Whom it fires as (the gate’s initiator of every firing): who created it, or who last resumed it.',
      resolve: (s) => ({ id: s.ownerId }),
    }),
    status: t.field({ type: ScheduleStatusEnum, description: 'Whether it fires.', resolve: (s) => s.status }),
    stopReason: t.field({
      type: ScheduleStopReasonEnum,
      nullable: true,
      description: 'Why it STOPPED; null unless STOPPED.',
      resolve: (s) => (s.status === 'STOPPED' ? s.stopReason : null),
    }),
    stopDetail: t.string({
      nullable: true,
      description: 'The gate’s words when it refused the firing that stopped it.',
      resolve: (s) => (s.status === 'STOPPED' ? s.stopDetail : null),
    }),
    problem: t.field({
      type: ScheduleProblem,
      nullable: true,
      description: 'What blocks its firings now, if its last firing was BLOCKED; null otherwise.',
      resolve: (s) => {
        const code = reasonCode(s.problemReasonCode);
        return code ? { code, runId: s.problemRunId } : null;
      },
    }),
    lastTickAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When its latest recorded firing was due; null before the first.',
      resolve: (s) => s.lastTickAt,
    }),
    nextFiringAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When it fires next, as its job scheduler computes it: a cron expression’s next time in its time zone (after now, or after its last tick if later); an interval’s last tick plus the interval (before the first tick, or after a change of its timing or a resume since, that change plus the interval). In the past when the worker is behind (the tick is overdue and fires when a worker takes it). Null unless ACTIVE.',
      resolve: (s, _args, ctx) => nextFiringAt(s, ctx.scheduleSettings.now?.() ?? new Date()),
    }),
    lastFiring: t.field({
      type: ScheduleFiring,
      nullable: true,
      description:
        'Its latest firing (the newest tick), as the first entry of `history`; null before the first. Loaded for a whole page of schedules in one query.',
      resolve: (s, _args, ctx) => ctx.loaders.lastFiring.load(s.id),
    }),
    history: t.field({
      type: ScheduleFiringConnection,
      description: `Its firings, newest first, by cursor. \`first\` is 1 to ${MAX_SCHEDULE_PAGE} (20 when not given).`,
      args: {
        first: t.arg.int({ description: `Page size, 1 to ${MAX_SCHEDULE_PAGE}.` }),
        after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
      },
      resolve: async (s, args, ctx) =>
        unwrap(await pageFirings(ctx.db, s.id, { first: args.first ?? 20, after: args.after })),
    }),
    viewerCanManage: t.boolean({
      description:
        'Whether the caller may change, pause, resume or delete it: the operation’s start capability, and for a schedule someone else owns, schedules.manage as well.',
      resolve: async (s, _args, ctx) => {
        const role = await ctx.loaders.tenantRole.load(s.tenantId);
        return role !== null && scheduleChangeActions(s, ctx.actor.userId).every((a) => tenantRoleCan(role, a));
      },
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was created.', resolve: (s) => s.createdAt }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'When a person last changed it.',
      resolve: (s) => s.updatedAt,
    }),
  }),
});

const ScheduleEdge = builder.objectRef<SchedulePage['edges'][number]>('ScheduleEdge').implement({
  description: 'A schedule in a page of schedules.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Opaque position of this schedule, for `after`.' }),
    node: t.field({ type: ScheduleRef, description: 'The schedule.', resolve: (e) => e.node }),
  }),
});

const ScheduleConnection = builder.objectRef<SchedulePage>('ScheduleConnection').implement({
  description: 'A page of a tenant’s schedules, oldest first.',
  fields: (t) => ({
    edges: t.field({ type: [ScheduleEdge], description: 'The schedules of this page.', resolve: (p) => p.edges }),
    pageInfo: t.field({
      type: shared.PageInfo,
      description: 'Where this page starts and ends.',
      resolve: (p) => p.pageInfo,
    }),
    totalCount: t.int({ description: 'How many schedules the tenant has.', resolve: (p) => p.totalCount() }),
  }),
});

builder.queryFields((t) => ({
  schedule: t.field({
    type: ScheduleRef,
    description:
      'One schedule. NOT_FOUND for an id that does not exist and for a schedule of a tenant the caller is not a member of.',
    args: { id: t.arg.id({ required: true, description: 'The schedule id.' }) },
    resolve: async (_root, args, ctx) => unwrap(await ctx.loaders.schedule.load(String(args.id))),
  }),
  schedules: t.field({
    type: ScheduleConnection,
    description: `A tenant’s schedules, oldest first, by cursor (any member; a non-member gets the tenant’s NOT_FOUND). \`first\` is 1 to ${MAX_SCHEDULE_PAGE} (50 when not given).`,
    args: {
      tenantId: t.arg.id({ required: true, description: 'The tenant.' }),
      first: t.arg.int({ description: `Page size, 1 to ${MAX_SCHEDULE_PAGE}.` }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await listSchedules(ctx.db, ctx.actor, {
          tenantId: String(args.tenantId),
          first: args.first ?? 50,
          after: args.after,
        }),
      ),
  }),
}));

const timingFields = {
  cron: 'A cron expression (5 fields, or 6 with seconds first), read in `timeZone`. Either this or `intervalSeconds`.',
  timeZone: 'The IANA time zone of `cron` (e.g. Europe/Berlin); UTC when not given.',
  intervalSeconds: `Seconds between firings, at least the deployment’s minimum (SCHEDULE_MIN_INTERVAL_SECONDS, 300 by default) and at most ${MAX_INTERVAL_SECONDS} (31 days). Either this or \`cron\`.`,
};

const CreateScheduleInput = builder.inputType('CreateScheduleInput', {
  description: `A new schedule. A tenant has at most ${MAX_SCHEDULES_PER_TENANT}.`,
  fields: (t) => ({
    tenantId: t.id({ required: true, description: 'The tenant.' }),
    operationType: t.field({
      type: shared.ProviderOperationType,
      required: true,
      description: 'The operation each firing starts; RESTORE_EXECUTION is never scheduled (BAD_USER_INPUT).',
    }),
    name: t.string({ description: 'A name for operators, at most 200 characters.' }),
    cron: t.string({ description: timingFields.cron }),
    timeZone: t.string({ description: timingFields.timeZone }),
    intervalSeconds: t.int({ description: timingFields.intervalSeconds }),
    providerConnectionId: t.id({
      description: 'A connection of the tenant its firings name; none: the tenant’s default at each firing.',
    }),
  }),
});

const UpdateScheduleInput = builder.inputType('UpdateScheduleInput', {
  description:
    'Changes to a schedule; what is not given stays. A new `cron` keeps the time zone unless `timeZone` is given; `intervalSeconds` replaces a cron expression and the reverse.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The schedule.' }),
    name: t.string({ description: 'A new name; an empty one removes it.' }),
    cron: t.string({ description: timingFields.cron }),
    timeZone: t.string({ description: 'A new time zone for the cron expression.' }),
    intervalSeconds: t.int({ description: timingFields.intervalSeconds }),
    providerConnectionId: t.id({ description: 'Fire on this connection of the tenant from now on.' }),
    useTenantDefaultConnection: t.boolean({ description: 'Fire on the tenant’s default connection from now on.' }),
  }),
});

const whoMay =
  'Needs the start capability of the schedule’s operation; a schedule someone else owns needs schedules.manage too (FORBIDDEN otherwise). A non-member gets NOT_FOUND, as for a missing id.';

builder.mutationFields((t) => ({
  createSchedule: t.field({
    type: ScheduleRef,
    description: `Creates an ACTIVE schedule owned by the caller, who needs the operation’s start capability (FORBIDDEN otherwise; a non-member of the tenant gets NOT_FOUND). A bad cron expression, time zone or interval, or a connection not of the tenant, is a coded error and writes nothing.`,
    args: { input: t.arg({ type: CreateScheduleInput, required: true, description: 'The schedule.' }) },
    resolve: async (_root, { input }, ctx) =>
      unwrap(
        await createSchedule(
          ctx.db,
          ctx.actor,
          {
            tenantId: String(input.tenantId),
            operationType: input.operationType,
            name: input.name,
            cron: input.cron,
            timeZone: input.timeZone,
            intervalSeconds: input.intervalSeconds,
            providerConnectionId: input.providerConnectionId == null ? null : String(input.providerConnectionId),
          },
          ctx.scheduleSettings,
        ),
      ),
  }),
  updateSchedule: t.field({
    type: ScheduleRef,
    description: `Changes a schedule’s name, timing or connection. ${whoMay}`,
    args: { input: t.arg({ type: UpdateScheduleInput, required: true, description: 'The changes.' }) },
    resolve: async (_root, { input }, ctx) =>
      unwrap(
        await updateSchedule(
          ctx.db,
          ctx.actor,
          {
            id: String(input.id),
            name: input.name,
            cron: input.cron,
            timeZone: input.timeZone,
            intervalSeconds: input.intervalSeconds,
            providerConnectionId:
              input.providerConnectionId == null ? input.providerConnectionId : String(input.providerConnectionId),
            useTenantDefaultConnection: input.useTenantDefaultConnection,
          },
          ctx.scheduleSettings,
        ),
      ),
  }),
  pauseSchedule: t.field({
    type: ScheduleRef,
    description: `Pauses a schedule: no firing from now on until it is resumed (a paused one stays so). ${whoMay}`,
    args: { id: t.arg.id({ required: true, description: 'The schedule.' }) },
    resolve: async (_root, args, ctx) => unwrap(await pauseSchedule(ctx.db, ctx.actor, String(args.id))),
  }),
  resumeSchedule: t.field({
    type: ScheduleRef,
    description: `Makes a PAUSED or STOPPED schedule ACTIVE again (an active one stays so). Resumed by someone other than its owner, it becomes theirs: it fires as them from now on. ${whoMay}`,
    args: { id: t.arg.id({ required: true, description: 'The schedule.' }) },
    resolve: async (_root, args, ctx) => unwrap(await resumeSchedule(ctx.db, ctx.actor, String(args.id))),
  }),
  deleteSchedule: t.id({
    description: `Deletes a schedule and its history; answers its id. No firing from now on. ${whoMay}`,
    args: { id: t.arg.id({ required: true, description: 'The schedule.' }) },
    resolve: async (_root, args, ctx) => unwrap(await deleteSchedule(ctx.db, ctx.actor, String(args.id))),
  }),
}));
