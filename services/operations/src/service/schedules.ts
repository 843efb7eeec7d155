/**
 * Schedules (issue 17): per tenant and operation, a cron expression in a time zone or an interval,
 * whose every firing is a start through the gate as the schedule's owner (the worker fires them,
 * services/worker/src/schedules.ts). Here: creating, changing, pausing, resuming and deleting
 * them, and reading them with their firing history.
 *
 * Authorization, through the capability registry: a tenant's schedules are read with
 * `schedules.view` (whoever sees its runs; a non-member gets the NOT_FOUND of a missing id).
 * Creating one, and changing one's own, is the `start.*` action of its operation (the capability
 * its firings will need); another member's schedule needs `schedules.manage_others` as well.
 * Resuming a schedule someone else owns makes the caller its owner: its firings are then the
 * caller's starts (a schedule STOPPED because its owner lost access comes back this way).
 *
 * Every change writes only PostgreSQL, with its audit record. A change of what the BullMQ job
 * scheduler holds (the timing) or of whether there is one (the status, a deletion) grows the row's
 * `version`, and the worker's reconciler brings the job scheduler in line; a change of the name or
 * the connection does not (each firing reads them from the row). A firing reads the row, so a pause
 * or a delete holds from its commit even before the job scheduler is removed.
 */
import { type Database, type DbOrTx, type ScheduleStatus, type ScheduleStopReason, schema } from '@msp/db';
import {
  type Actor,
  authorizeTenant,
  decideTenantAccess,
  decodeCursor,
  fail,
  keysetPage,
  loadTenantScoped,
  NOT_FOUND,
  type OperationType,
  ok,
  parseInput,
  type Result,
  recordChange,
  SCHEDULABLE_OPERATION_TYPES,
  startAction,
  type TenantAccess,
  type TenantAction,
  uuid,
} from '@msp/gate';
import cronParser from 'cron-parser';
import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';

const s = schema.schedules;
const f = schema.scheduleFirings;

export const SCHEDULE_NOT_FOUND = 'Schedule not found.';
/** Schedules one tenant may have: enough for every operation several times over, and a bound. */
export const MAX_SCHEDULES_PER_TENANT = 100;
export const MAX_SCHEDULE_PAGE = 100;
/** The longest interval: a month. Longer cadences are cron expressions (`0 3 1 1,4,7,10 *`). */
export const MAX_INTERVAL_SECONDS = 31 * 24 * 3600;
/**
 * The shortest interval (and the shortest gap between two firings of a cron expression) by
 * default: five minutes. Every firing is a start through the gate and a row of history; a tighter
 * cadence is load without use. `SCHEDULE_MIN_INTERVAL_SECONDS` lowers it (tests fire every second).
 */
export const DEFAULT_MIN_INTERVAL_SECONDS = 300;
const MAX_NAME = 200;
const MAX_CRON = 120;

export interface ScheduleSettings {
  /** @defaultValue DEFAULT_MIN_INTERVAL_SECONDS */
  minIntervalSeconds: number;
  now?: () => Date;
}

/** A schedule as the API shows it (a row of `schedules`, without the reconciler's columns). */
export interface ScheduleModel {
  id: string;
  tenantId: string;
  operationType: OperationType;
  name: string | null;
  cron: string | null;
  timeZone: string | null;
  intervalSeconds: number | null;
  providerConnectionId: string | null;
  /**
   * It names a connection (`providerConnectionId`) that no longer exists: deleted after the
   * schedule was made (the column has no foreign key, on purpose; see `schema.schedules`).
   */
  providerConnectionDeleted: boolean;
  ownerId: string;
  status: ScheduleStatus;
  stopReason: ScheduleStopReason | null;
  stopDetail: string | null;
  problemReasonCode: string | null;
  problemRunId: string | null;
  lastTickAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface FiringModel {
  id: string;
  scheduleId: string;
  tickAt: Date;
  firedAt: Date;
  outcome: (typeof schema.scheduleFirings.$inferSelect)['outcome'];
  runId: string | null;
  reasonCode: string | null;
  stopReason: ScheduleStopReason | null;
  detail: string | null;
  notified: boolean;
}

export const scheduleColumns = {
  id: s.id,
  tenantId: s.tenantId,
  operationType: s.operationType,
  name: s.name,
  cron: s.cron,
  timeZone: s.timeZone,
  intervalSeconds: s.intervalSeconds,
  providerConnectionId: s.providerConnectionId,
  // Computed in the same statement (select, or an update's returning): no round trip per schedule.
  providerConnectionDeleted: sql<boolean>`(${s.providerConnectionId} is not null and not exists (select 1 from ${schema.providerConnections} where ${schema.providerConnections.id} = ${s.providerConnectionId}))`,
  ownerId: s.ownerId,
  status: s.status,
  stopReason: s.stopReason,
  stopDetail: s.stopDetail,
  problemReasonCode: s.problemReasonCode,
  problemRunId: s.problemRunId,
  lastTickAt: s.lastTickAt,
  createdBy: s.createdBy,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
};

const firingColumns = {
  id: f.id,
  scheduleId: f.scheduleId,
  tickAt: f.tickAt,
  firedAt: f.firedAt,
  outcome: f.outcome,
  runId: f.runId,
  reasonCode: f.reasonCode,
  stopReason: f.stopReason,
  detail: f.detail,
  notified: f.notified,
};

// ---------------------------------------------------------------------------------------------
// Input rules
// ---------------------------------------------------------------------------------------------

/** Whether `zone` is a time zone this runtime (and so cron-parser, through Intl) knows. */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a cron expression as BullMQ will read it (the same cron-parser, in the same time zone):
 * 5 fields, or 6 with leading seconds; it must fire at all, and no two of its next firings may be
 * closer than `minIntervalSeconds`. Answers the problem, or null when it is fine.
 */
export function cronProblem(cron: string, timeZone: string, minIntervalSeconds: number, now: Date): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) return 'must have 5 fields (or 6, with seconds first)';
  let times: number[];
  try {
    const expression = cronParser.parseExpression(cron, { currentDate: now, tz: timeZone });
    times = Array.from({ length: 12 }, () => expression.next().getTime());
  } catch (err) {
    const message = (err as Error).message ?? '';
    // cron-parser's words for an expression that never comes round (e.g. 30 February).
    if (/loop|limit|invalid explicit day/i.test(message)) return 'never fires';
    return `is not a cron expression (${message.slice(0, 120)})`;
  }
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, (times[i] as number) - (times[i - 1] as number));
  if (gap < minIntervalSeconds * 1000) {
    return `fires more often than the shortest interval allowed (every ${minIntervalSeconds} s)`;
  }
  return null;
}

const name = z
  .string()
  .trim()
  .max(MAX_NAME, { message: `must be at most ${MAX_NAME} characters` })
  .transform((v) => (v === '' ? null : v));

function timingSchema(settings: ScheduleSettings) {
  const min = settings.minIntervalSeconds;
  return {
    cron: z
      .string()
      .max(MAX_CRON, { message: `must be at most ${MAX_CRON} characters` })
      .nullish(),
    timeZone: z
      .string()
      .max(64, { message: 'must be at most 64 characters' })
      .refine(isTimeZone, { message: 'is not a known IANA time zone (e.g. Europe/Berlin, UTC)' })
      .nullish(),
    intervalSeconds: z
      .number()
      .int({ message: 'must be a whole number of seconds' })
      .min(min, { message: `must be at least ${min} (seconds)` })
      .max(MAX_INTERVAL_SECONDS, { message: `must be at most ${MAX_INTERVAL_SECONDS} (31 days; use cron beyond)` })
      .nullish(),
  };
}

type Timing =
  | { cron: string; timeZone: string; intervalSeconds: null }
  | { cron: null; timeZone: null; intervalSeconds: number };

/** The complete timing from what was given, checked; BAD_USER_INPUT naming the field otherwise. */
function resolveTiming(
  given: { cron?: string | null; timeZone?: string | null; intervalSeconds?: number | null },
  current: Timing | null,
  settings: ScheduleSettings,
): Result<Timing> {
  const cron = given.cron?.trim() || null;
  const interval = given.intervalSeconds ?? null;
  if (cron && interval !== null) {
    return fail('BAD_USER_INPUT', 'Give either cron (with timeZone) or intervalSeconds, not both.', 'cron');
  }
  let timing: Timing;
  if (interval !== null) {
    if (given.timeZone) return fail('BAD_USER_INPUT', 'timeZone goes with cron, not with intervalSeconds.', 'timeZone');
    timing = { cron: null, timeZone: null, intervalSeconds: interval };
  } else if (cron) {
    timing = { cron, timeZone: given.timeZone ?? current?.timeZone ?? 'UTC', intervalSeconds: null };
  } else if (given.cron !== undefined && given.cron !== null) {
    return fail('BAD_USER_INPUT', 'cron must not be empty.', 'cron');
  } else if (current) {
    if (given.timeZone) {
      if (!current.cron)
        return fail('BAD_USER_INPUT', 'timeZone goes with cron, not with intervalSeconds.', 'timeZone');
      timing = { ...current, timeZone: given.timeZone };
    } else {
      timing = current;
    }
  } else {
    return fail('BAD_USER_INPUT', 'Give cron (with timeZone) or intervalSeconds.', 'cron');
  }
  if (timing.cron) {
    const problem = cronProblem(
      timing.cron,
      timing.timeZone,
      settings.minIntervalSeconds,
      settings.now?.() ?? new Date(),
    );
    if (problem) return fail('BAD_USER_INPUT', `cron ${problem}.`, 'cron');
  }
  return ok(timing);
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

const accessFields = {
  tenantId: schema.tenants.id,
  workspaceId: schema.tenants.workspaceId,
  tenantStatus: schema.tenants.status,
  role: schema.tenantMembers.role,
};

type LoadedSchedule = ScheduleModel & { access: TenantAccess; deletedAt: Date | null };

/** Schedules by id for the caller (schedules.view), batched; a deleted one is NOT_FOUND. */
export async function loadSchedules(
  db: Database,
  actor: Actor,
  ids: readonly string[],
): Promise<Result<ScheduleModel>[]> {
  const loaded = await loadForChange(db, actor, ids, 'NOT_FOUND');
  return loaded.map((r) => (r.ok ? ok(stripLoaded(r.value)) : r));
}

async function loadForChange(
  db: Database,
  actor: Actor,
  ids: readonly string[],
  malformedId: 'BAD_USER_INPUT' | 'NOT_FOUND',
): Promise<Result<LoadedSchedule>[]> {
  const rows = await loadTenantScoped(db, actor, ids, {
    table: s,
    id: s.id,
    tenantId: s.tenantId,
    fields: { ...scheduleColumns, deletedAt: s.deletedAt, access: accessFields },
    action: 'schedules.view',
    notFound: SCHEDULE_NOT_FOUND,
    malformedId,
  });
  return rows.map((r) => {
    if (!r.ok) return r;
    const row = r.value as unknown as LoadedSchedule;
    return row.deletedAt ? fail('NOT_FOUND', SCHEDULE_NOT_FOUND) : ok(row);
  });
}

function stripLoaded({ access: _a, deletedAt: _d, ...model }: LoadedSchedule): ScheduleModel {
  return model;
}

export interface SchedulePage {
  edges: Array<{ cursor: string; node: ScheduleModel }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount(): Promise<number>;
}

const pageSize = (what: string) =>
  z
    .number()
    .int()
    .min(1, { message: `must be between 1 and ${MAX_SCHEDULE_PAGE}` })
    .max(MAX_SCHEDULE_PAGE, { message: `must be between 1 and ${MAX_SCHEDULE_PAGE}` })
    .describe(what);

const listSchema = z.object({
  tenantId: uuid,
  first: pageSize('first'),
  after: z
    .string()
    .nullish()
    .refine((c) => c == null || decodeCursor(c) !== null, { message: 'is not a cursor of this list' }),
});

const micros = (column: typeof s.createdAt | typeof f.tickAt) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A tenant's schedules, oldest first, by cursor over (createdAt, id). */
export async function listSchedules(
  db: Database,
  actor: Actor,
  input: { tenantId: string; first: number; after?: string | null },
): Promise<Result<SchedulePage>> {
  const parsed = parseInput(listSchema, input);
  if (!parsed.ok) return parsed;
  const { tenantId, first, after } = parsed.value;
  const access = await authorizeTenant(db, actor, tenantId, 'schedules.view');
  if (!access.ok) return access;
  const where = [eq(s.tenantId, tenantId), isNull(s.deletedAt)];
  if (after) {
    const [createdAt, id] = decodeCursor(after) as [string, string];
    where.push(sql`(${s.createdAt}, ${s.id}) > (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  const rows = await db
    .select({ ...scheduleColumns, createdAtMicros: micros(s.createdAt) })
    .from(s)
    .where(and(...where))
    .orderBy(asc(s.createdAt), asc(s.id))
    .limit(first + 1);
  return ok({
    ...keysetPage(rows, { size: first, from: after }, ({ createdAtMicros, ...node }) => ({
      micros: createdAtMicros,
      node,
    })),
    totalCount: async () => {
      const [row] = await db
        .select({ n: count() })
        .from(s)
        .where(and(eq(s.tenantId, tenantId), isNull(s.deletedAt)));
      return Number(row?.n ?? 0);
    },
  });
}

export interface FiringPage {
  edges: Array<{ cursor: string; node: FiringModel }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const historySchema = z.object({
  first: pageSize('first'),
  after: z
    .string()
    .nullish()
    .refine((c) => c == null || decodeCursor(c) !== null, { message: 'is not a cursor of this list' }),
});

/**
 * A page of a schedule's firings, newest tick first (one firing per tick, so the tick is the
 * key). The schedule was authorized when it was loaded.
 */
export async function pageFirings(
  db: Database,
  scheduleId: string,
  input: { first: number; after?: string | null },
): Promise<Result<FiringPage>> {
  const parsed = parseInput(historySchema, input);
  if (!parsed.ok) return parsed;
  const { first, after } = parsed.value;
  const where = [eq(f.scheduleId, scheduleId)];
  if (after) {
    const [tickAt] = decodeCursor(after) as [string, string];
    where.push(sql`${f.tickAt} < ${tickAt}::timestamptz`);
  }
  const rows = await db
    .select({ ...firingColumns, tickMicros: micros(f.tickAt) })
    .from(f)
    .where(and(...where))
    .orderBy(desc(f.tickAt))
    .limit(first + 1);
  return ok(
    keysetPage(rows, { size: first, from: after }, ({ tickMicros, ...node }) => ({ micros: tickMicros, node })),
  );
}

/**
 * The last firing of each schedule (already authorized), in the order of `scheduleIds`: one query
 * for the batch (`distinct on`, over the (schedule, tick) index), so a page of schedules costs one.
 */
export async function lastFiringsOf(db: Database, scheduleIds: readonly string[]): Promise<Array<FiringModel | null>> {
  if (scheduleIds.length === 0) return [];
  const rows = await db
    .selectDistinctOn([f.scheduleId], firingColumns)
    .from(f)
    .where(inArray(f.scheduleId, [...scheduleIds]))
    .orderBy(f.scheduleId, desc(f.tickAt));
  const bySchedule = new Map(rows.map((row) => [row.scheduleId, row]));
  return scheduleIds.map((id) => bySchedule.get(id) ?? null);
}

/**
 * When an ACTIVE schedule fires next, as its BullMQ job scheduler computes it; null otherwise.
 *
 * - A cron expression: its next time after `now` (or after its last tick, if that is later) in
 *   its time zone, read by cron-parser, the library BullMQ's `pattern` uses.
 * - An interval: BullMQ's `every` fires one interval after the previous tick; the first tick
 *   (and the first after a resume or a new timing, when the reconciler upserts the job scheduler
 *   with `startDate` one interval away) is one interval after that change. Without a column for
 *   when the timing or status last changed, `updatedAt` stands for it when it is later than the
 *   last tick; a change of only the name or the connection after the last tick (which keeps the
 *   cadence) then shows one interval after that change, not after the tick.
 *
 * The time may be in the past when the worker is behind: BullMQ fires an overdue tick as soon as
 * a worker takes it, so that is still the next firing.
 */
export function nextFiringAt(
  schedule: Pick<ScheduleModel, 'status' | 'cron' | 'timeZone' | 'intervalSeconds' | 'lastTickAt' | 'updatedAt'>,
  now: Date,
): Date | null {
  if (schedule.status !== 'ACTIVE') return null;
  const last = schedule.lastTickAt;
  if (schedule.cron) {
    const from = last && last > now ? last : now;
    try {
      const expression = cronParser.parseExpression(schedule.cron, {
        currentDate: from,
        tz: schedule.timeZone ?? 'UTC',
      });
      return expression.next().toDate();
    } catch {
      // Checked when saved; an expression this cron-parser no longer reads fires never.
      return null;
    }
  }
  if (!schedule.intervalSeconds) return null;
  const anchor = last && last >= schedule.updatedAt ? last : schedule.updatedAt;
  return new Date(anchor.getTime() + schedule.intervalSeconds * 1000);
}

// ---------------------------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------------------------

/** A connection id of another tenant is the same NOT_FOUND as a missing one (as at the gate). */
async function checkConnection(db: DbOrTx, tenantId: string, connectionId: string): Promise<Result<string>> {
  const [row] = await db
    .select({ id: schema.providerConnections.id })
    .from(schema.providerConnections)
    .where(and(eq(schema.providerConnections.id, connectionId), eq(schema.providerConnections.tenantId, tenantId)));
  return row ? ok(row.id) : fail('NOT_FOUND', NOT_FOUND.providerConnection);
}

/**
 * The registry's actions a change of this schedule needs from `userId`: its operation's start
 * action, and for a schedule someone else owns, schedules.manage_others too. The mutations
 * (`decideChange`) and `Schedule.viewerCanManage` both ask this.
 */
export function scheduleChangeActions(
  schedule: Pick<ScheduleModel, 'operationType' | 'ownerId'>,
  userId: string,
): TenantAction[] {
  const start = startAction(schedule.operationType);
  return schedule.ownerId === userId ? [start] : [start, 'schedules.manage_others'];
}

/** May the caller change this schedule (`scheduleChangeActions`, each decided by the registry). */
function decideChange(schedule: LoadedSchedule, actor: Actor): Result<TenantAccess> {
  let decided: Result<TenantAccess> = fail('NOT_FOUND', SCHEDULE_NOT_FOUND);
  for (const action of scheduleChangeActions(schedule, actor.userId)) {
    decided = decideTenantAccess(schedule.access, action, SCHEDULE_NOT_FOUND);
    if (!decided.ok) return decided;
  }
  return decided;
}

async function loadOneForChange(db: Database, actor: Actor, id: string): Promise<Result<LoadedSchedule>> {
  const [loaded] = await loadForChange(db, actor, [id], 'BAD_USER_INPUT');
  if (!loaded?.ok) return loaded ?? fail('NOT_FOUND', SCHEDULE_NOT_FOUND);
  const decided = decideChange(loaded.value, actor);
  return decided.ok ? loaded : decided;
}

function createSchema(settings: ScheduleSettings) {
  return z.object({
    tenantId: uuid,
    operationType: z.enum(SCHEDULABLE_OPERATION_TYPES, {
      message: `must be one of ${SCHEDULABLE_OPERATION_TYPES.join(', ')} (a restore execution is never scheduled)`,
    }),
    name: name.nullish(),
    providerConnectionId: uuid.nullish(),
    ...timingSchema(settings),
  });
}

export interface CreateScheduleInput {
  tenantId: string;
  operationType: string;
  name?: string | null;
  cron?: string | null;
  timeZone?: string | null;
  intervalSeconds?: number | null;
  providerConnectionId?: string | null;
}

export async function createSchedule(
  db: Database,
  actor: Actor,
  input: CreateScheduleInput,
  settings: ScheduleSettings,
): Promise<Result<ScheduleModel>> {
  // The operation, then the tenant: who may do this is decided before what they asked for.
  const operation = parseInput(createSchema(settings).pick({ operationType: true }), input);
  if (!operation.ok) return operation;
  const access = await authorizeTenant(db, actor, input.tenantId, startAction(operation.value.operationType));
  if (!access.ok) return access;
  const parsed = parseInput(createSchema(settings), input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const timing = resolveTiming(value, null, settings);
  if (!timing.ok) return timing;
  if (value.providerConnectionId) {
    const connection = await checkConnection(db, value.tenantId, value.providerConnectionId);
    if (!connection.ok) return connection;
  }
  return db.transaction(async (tx) => {
    // One creation at a time per tenant, so the bound below holds under concurrent creations.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`schedules:${value.tenantId}`}, 0))`);
    const [existing] = await tx
      .select({ n: count() })
      .from(s)
      .where(and(eq(s.tenantId, value.tenantId), isNull(s.deletedAt)));
    if (Number(existing?.n ?? 0) >= MAX_SCHEDULES_PER_TENANT) {
      return fail('CONFLICT', `A tenant has at most ${MAX_SCHEDULES_PER_TENANT} schedules; delete one first.`);
    }
    const [row] = await tx
      .insert(s)
      .values({
        tenantId: value.tenantId,
        operationType: value.operationType,
        name: value.name ?? null,
        ...timing.value,
        providerConnectionId: value.providerConnectionId ?? null,
        ownerId: actor.userId,
        createdBy: actor.userId,
      })
      .returning(scheduleColumns);
    await recordChange(tx, actor, {
      action: 'schedule.create',
      scope: { tenantId: value.tenantId },
      target: { type: 'schedule', id: row!.id },
      detail: { operationType: value.operationType, ...timing.value, providerConnectionId: row!.providerConnectionId },
    });
    return ok(row!);
  });
}

export interface UpdateScheduleInput {
  id: string;
  /** undefined: unchanged; null or '': no name. */
  name?: string | null;
  cron?: string | null;
  timeZone?: string | null;
  intervalSeconds?: number | null;
  providerConnectionId?: string | null;
  /** True: fire on the tenant's default connection from now on. */
  useTenantDefaultConnection?: boolean | null;
}

function updateSchema(settings: ScheduleSettings) {
  return z.object({
    id: uuid,
    name: name.nullish(),
    providerConnectionId: uuid.nullish(),
    useTenantDefaultConnection: z.boolean().nullish(),
    ...timingSchema(settings),
  });
}

export async function updateSchedule(
  db: Database,
  actor: Actor,
  input: UpdateScheduleInput,
  settings: ScheduleSettings,
): Promise<Result<ScheduleModel>> {
  if (!uuid.safeParse(input.id).success) return fail('BAD_USER_INPUT', 'id must be a UUID.', 'id');
  const loaded = await loadOneForChange(db, actor, input.id);
  if (!loaded.ok) return loaded;
  const parsed = parseInput(updateSchema(settings), input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const current = loaded.value;
  if (value.providerConnectionId && value.useTenantDefaultConnection) {
    return fail(
      'BAD_USER_INPUT',
      'Give providerConnectionId or useTenantDefaultConnection, not both.',
      'useTenantDefaultConnection',
    );
  }
  const currentTiming = (
    current.cron
      ? { cron: current.cron, timeZone: current.timeZone ?? 'UTC', intervalSeconds: null }
      : { cron: null, timeZone: null, intervalSeconds: current.intervalSeconds ?? 0 }
  ) as Timing;
  const timing = resolveTiming(value, currentTiming, settings);
  if (!timing.ok) return timing;
  let connectionId = current.providerConnectionId;
  if (value.providerConnectionId) {
    const connection = await checkConnection(db, current.tenantId, value.providerConnectionId);
    if (!connection.ok) return connection;
    connectionId = connection.value;
  } else if (value.useTenantDefaultConnection) {
    connectionId = null;
  }
  const newName = input.name === undefined ? current.name : (value.name ?? null);
  // Only the timing is in the job scheduler (its repeat options); the name, the connection and
  // the owner are read from the row by each firing. A change that leaves the timing as it was
  // gives the reconciler nothing to do, so it keeps the version (and an unchanged schedule's
  // ticks stay current: the worker skips a tick of an earlier version).
  const timingChanged =
    timing.value.cron !== current.cron ||
    timing.value.timeZone !== current.timeZone ||
    timing.value.intervalSeconds !== current.intervalSeconds;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(s)
      .set({
        name: newName,
        ...timing.value,
        providerConnectionId: connectionId,
        ...(timingChanged ? { version: sql`${s.version} + 1` } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(s.id, current.id), isNull(s.deletedAt)))
      .returning(scheduleColumns);
    if (!row) return fail('NOT_FOUND', SCHEDULE_NOT_FOUND);
    await recordChange(tx, actor, {
      action: 'schedule.update',
      scope: { tenantId: row.tenantId },
      target: { type: 'schedule', id: row.id },
      detail: { ...timing.value, providerConnectionId: connectionId },
    });
    return ok(row);
  });
}

/** PAUSED: fires no more until resumed. Pausing a paused schedule changes nothing. */
export async function pauseSchedule(db: Database, actor: Actor, id: string): Promise<Result<ScheduleModel>> {
  const loaded = await loadOneForChange(db, actor, id);
  if (!loaded.ok) return loaded;
  if (loaded.value.status === 'PAUSED') return ok(stripLoaded(loaded.value));
  return setStatus(db, actor, loaded.value, 'schedule.pause', { status: 'PAUSED' });
}

/**
 * ACTIVE again, from PAUSED or STOPPED (the stop's reason cleared). Resumed by someone other
 * than its owner, it becomes theirs: from now on it fires as them, and the problem its former
 * owner was told about is told to them afresh. Resuming an active schedule changes nothing.
 */
export async function resumeSchedule(db: Database, actor: Actor, id: string): Promise<Result<ScheduleModel>> {
  const loaded = await loadOneForChange(db, actor, id);
  if (!loaded.ok) return loaded;
  const current = loaded.value;
  if (current.status === 'ACTIVE') return ok(stripLoaded(current));
  const takeOver = current.ownerId !== actor.userId;
  return setStatus(db, actor, current, 'schedule.resume', {
    status: 'ACTIVE',
    ...(takeOver ? { ownerId: actor.userId, problemReasonCode: null, problemRunId: null } : {}),
  });
}

async function setStatus(
  db: Database,
  actor: Actor,
  current: LoadedSchedule,
  action: 'schedule.pause' | 'schedule.resume',
  set: { status: ScheduleStatus; ownerId?: string; problemReasonCode?: null; problemRunId?: null },
): Promise<Result<ScheduleModel>> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(s)
      .set({ ...set, stopReason: null, stopDetail: null, version: sql`${s.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(s.id, current.id), isNull(s.deletedAt)))
      .returning(scheduleColumns);
    if (!row) return fail('NOT_FOUND', SCHEDULE_NOT_FOUND);
    await recordChange(tx, actor, {
      action,
      scope: { tenantId: row.tenantId },
      target: { type: 'schedule', id: row.id },
      detail: {
        from: current.status,
        ...(set.ownerId && set.ownerId !== current.ownerId ? { previousOwnerId: current.ownerId } : {}),
      },
    });
    return ok(row);
  });
}

/**
 * Deleted at once for the API (NOT_FOUND from then on) and for firings (a tick that was already
 * due reads the row and does nothing); the row and its history go once the worker's reconciler
 * has removed its job scheduler.
 */
export async function deleteSchedule(db: Database, actor: Actor, id: string): Promise<Result<string>> {
  const loaded = await loadOneForChange(db, actor, id);
  if (!loaded.ok) return loaded;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(s)
      .set({ deletedAt: sql`now()`, version: sql`${s.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(s.id, loaded.value.id), isNull(s.deletedAt)))
      .returning({ id: s.id, tenantId: s.tenantId });
    if (!row) return fail('NOT_FOUND', SCHEDULE_NOT_FOUND);
    await recordChange(tx, actor, {
      action: 'schedule.delete',
      scope: { tenantId: row.tenantId },
      target: { type: 'schedule', id: row.id },
      detail: { operationType: loaded.value.operationType },
    });
    return ok(row.id);
  });
}
