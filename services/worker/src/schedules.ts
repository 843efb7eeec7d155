/**
 * Schedules (issue 17), the worker's half: keeping one BullMQ job scheduler per ACTIVE schedule
 * (the reconciler), and firing each tick as a start through the gate (the firing worker).
 *
 * Exactly one start per tick, across any number of worker replicas:
 * - a job scheduler (id: the schedule id) stores only its next tick's job, with the id
 *   `repeat:<schedule id>:<due ms>`, and the worker that takes a tick's job adds the next one, so a
 *   tick is one job taken by one worker, however many workers share the queue (and however many of
 *   them upserted the scheduler: an upsert replaces the pending job, it never adds a second);
 * - a tick delivered again (its worker died mid-firing, the job was retried) starts with the same
 *   idempotency key, `schedule:<id>:<due ms>`, so the gate replays its first decision instead of
 *   deciding again, and the firing row is unique per (schedule, tick).
 *
 * A firing is a start like a click: `gate.start` with surface SCHEDULE, as the schedule's owner,
 * on its connection or the tenant's default. Its answer is recorded in `schedule_firings`:
 * - ACCEPTED, DEDUPED, SCOPE_BUSY: the run it points at; a problem the owner was told about is
 *   over (cleared). A tick meeting an active run is DEDUPED or SCOPE_BUSY: nothing queued;
 * - BLOCKED: the blocked attempt and its reason. The first blocked firing of a problem (a reason
 *   code other than the one last told) notifies the owner (SCHEDULE_BLOCKED, naming that blocked
 *   attempt) in the transaction that records it; the next ones with the same reason do not. The
 *   decision is one conditional UPDATE of the schedule's `problem_reason_code`, so two replicas
 *   firing two ticks at once cannot both notify;
 * - refused before any decision (NOT_FOUND: the owner is no longer a member, or the connection it
 *   names is gone; FORBIDDEN: the owner's role lost the capability): the schedule STOPs, with the
 *   reason shown on it, and fires no more until someone who may resumes it.
 *
 * The reconciler makes Redis follow PostgreSQL: every change of a schedule's timing or status (or
 * its deletion) grows its `version` (a name or a connection is read by the firing, not held by the
 * scheduler); rows whose `synced_version` differs are taken in batches (locked, SKIP LOCKED, so
 * replicas share the work and a change waits for the batch that holds its row), their job
 * schedulers upserted or removed, and `synced_version` set. A deleted schedule's row goes once its scheduler is removed.
 * Redis losing its data is repaired by `repairMissing` (the job scheduler of every ACTIVE row that
 * has none is added again; existing ones are left as they are), which the runtime runs at start.
 *
 * A firing always reads the row first. A tick of a paused, stopped or deleted schedule (one
 * already due when the change committed, or one of a job scheduler that outlived its schedule:
 * a repair pass racing a pause, Redis restored from an older copy) records nothing, starts
 * nothing, and removes the job scheduler it came from (`retire`), so that no scheduler of a
 * schedule that must not fire stays behind. A tick made for an earlier `version` (the job carries
 * the version its scheduler was upserted for) fires nothing either: its timing or status changed
 * since, and the reconciler's upsert of the current version replaces that scheduler. Every write
 * to a job scheduler is made under the schedule row's lock, after reading the row under it: the
 * reconciler's (FOR UPDATE SKIP LOCKED), the repair pass's and the retiring tick's. A pause or a
 * resume (an UPDATE of that row) so commits either before the write, which then sees it, or
 * after it, and then the reconciler's next pass brings the scheduler in line.
 */
import {
  type Database,
  databaseErrorSummary,
  isDatabaseUnavailable,
  recordAudit,
  recordNotifications,
  type ScheduleStopReason,
  schema,
} from '@msp/db';
import {
  type Actor,
  createSchedulesQueue,
  FIRE_SCHEDULE_JOB,
  FIRE_SCHEDULE_JOB_OPTIONS,
  fireScheduleJobSchema,
  type Gate,
  NOT_FOUND,
  OPERATION_LABELS,
  type OperationType,
  type Publisher,
  publishNotification,
  type Result,
  SCHEDULES_QUEUE,
  type StartOutcome,
  type StartResult,
} from '@msp/gate';
import { every } from '@msp/process';
import { scheduleFiringLagSeconds, scheduleFirings } from '@msp/telemetry';
import { type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type postgres from 'postgres';

export interface ScheduleRunnerOptions {
  db: Database;
  /** Redis connection settings, as `redisConnection(REDIS_URL)` from @msp/gate returns them. */
  redis: { host: string; port: number; db?: number; username?: string; password?: string };
  /** BullMQ key prefix. @defaultValue 'bull' */
  prefix?: string;
  /** @defaultValue SCHEDULES_QUEUE */
  queueName?: string;
  /** The gate every firing starts through (on the provider operations queue). */
  gate: Gate;
  /** Live notification events (SCHEDULE_BLOCKED); none: stored only. */
  publisher?: Publisher | null;
  logger: Logger;
  /**
   * Ticks fired at once by this process. A firing waits on PostgreSQL (the gate's decision, the
   * record), so a burst of ticks due in the same minute needs several in flight.
   * @defaultValue 10
   */
  concurrency?: number;
  /** How often the reconciler looks for schedules whose job scheduler is behind. @defaultValue 5_000 */
  syncIntervalMs?: number;
  /** Schedules reconciled per transaction. @defaultValue 200 */
  syncBatchSize?: number;
  /** Told about every firing recorded (tests and the benchmark measure with it). */
  onFired?: (firing: FiringReport) => void;
}

export interface FiringReport {
  scheduleId: string;
  tickAt: Date;
  /** The gate's outcome; null when it refused the owner (`stopReason`). */
  outcome: StartOutcome | null;
  stopReason: ScheduleStopReason | null;
  runId: string | null;
  /** How long the gate took to decide, in ms. */
  gateMs: number;
  /** False for a tick delivered again (its first delivery's firing stands). */
  recorded: boolean;
  notified: boolean;
}

export interface ScheduleRunner {
  readonly queue: Queue;
  readonly worker: Worker;
  /** Starts firing ticks and the reconciler loop; resolves once the worker is connected. */
  start(): Promise<void>;
  /** One reconciler pass over every schedule that is behind; answers how many it reconciled. */
  sync(): Promise<number>;
  /**
   * Upserts the job scheduler of every ACTIVE, reconciled schedule that has none (Redis lost it:
   * restarted without persistence, flushed); answers how many. Existing schedulers are left as they
   * are: upserting one whose tick is due right now would drop that tick.
   */
  repairMissing(): Promise<number>;
  close(options?: { force?: boolean }): Promise<void>;
}

const s = schema.schedules;
const f = schema.scheduleFirings;

interface ScheduleRow {
  id: string;
  tenantId: string;
  operationType: OperationType;
  name: string | null;
  ownerId: string;
  providerConnectionId: string | null;
  status: string;
  version: number;
}

const FIRING_ROW = `select id, tenant_id as "tenantId", operation_type as "operationType", name, owner_id as "ownerId",
  provider_connection_id as "providerConnectionId", status, version
  from schedules where id = $1 and deleted_at is null`;

/** The row of a schedule whose tick found it not ACTIVE, locked while its job scheduler is removed. */
const RETIRE_ROW = `select status, (deleted_at is not null) as deleted from schedules where id = $1 for share`;

/**
 * Recording a firing that is not BLOCKED and not refused: the firing row and, if it is the first
 * record of that tick, the schedule's problem cleared (unless a later tick was recorded first).
 * One statement, so one round trip and one commit.
 */
const RECORD_DECIDED = `
  with firing as (
    insert into schedule_firings (schedule_id, tick_at, outcome, run_id)
    values ($1::uuid, $2::timestamptz, $3::start_outcome, $4::uuid)
    on conflict (schedule_id, tick_at) do nothing
    returning id
  )
  update schedules set
    problem_reason_code = case when last_tick_at is null or last_tick_at <= $2::timestamptz then null else problem_reason_code end,
    problem_run_id = case when last_tick_at is null or last_tick_at <= $2::timestamptz then null else problem_run_id end,
    last_tick_at = greatest(last_tick_at, $2::timestamptz)
  where id = $1::uuid and exists (select 1 from firing)
  returning id`;

const SYNC_BATCH = `
  select id, status, cron, time_zone as "timeZone", interval_seconds as "intervalSeconds",
    (deleted_at is not null) as deleted, version
  from schedules where synced_version <> version
  order by id limit $1
  for update skip locked`;

const MARK_SYNCED = `
  update schedules s set synced_version = v.version
  from unnest($1::uuid[], $2::int[]) as v(id, version)
  where s.id = v.id`;

const ACTIVE_PAGE = `
  select id, status, cron, time_zone as "timeZone", interval_seconds as "intervalSeconds", false as deleted, version
  from schedules where status = 'ACTIVE' and deleted_at is null and synced_version = version and id > $1::uuid
  order by id limit $2`;

/** An ACTIVE, reconciled row the repair pass found without a job scheduler, locked while it adds one. */
const REPAIR_ROW = `
  select id, status, cron, time_zone as "timeZone", interval_seconds as "intervalSeconds", false as deleted, version
  from schedules where id = $1 and status = 'ACTIVE' and deleted_at is null and synced_version = version
  for update`;

const DELETE_REMOVED = `delete from schedules where id = any($1::uuid[]) and deleted_at is not null`;

interface SyncRow {
  id: string;
  status: string;
  cron: string | null;
  timeZone: string | null;
  intervalSeconds: number | null;
  deleted: boolean;
  version: number;
}

/** The tick a scheduler's job stands for: its due time (`prevMillis`, also the id's last part). */
export function tickOf(job: Pick<Job, 'id' | 'opts' | 'timestamp'>): number {
  const fromOpts = (job.opts as { prevMillis?: number }).prevMillis;
  if (typeof fromOpts === 'number' && Number.isFinite(fromOpts)) return fromOpts;
  const fromId = Number(job.id?.split(':').at(-1));
  return Number.isFinite(fromId) ? fromId : job.timestamp;
}

/** What the gate's refusal means for the schedule; null for a refusal that is not about access. */
function stopReasonOf(result: Extract<Result<StartResult>, { ok: false }>): ScheduleStopReason | null {
  if (result.error.code === 'FORBIDDEN') return 'OWNER_LACKS_CAPABILITY';
  if (result.error.code !== 'NOT_FOUND') return null;
  return result.error.message === NOT_FOUND.providerConnection ? 'PROVIDER_CONNECTION_NOT_FOUND' : 'OWNER_NOT_MEMBER';
}

export function createScheduleRunner(options: ScheduleRunnerOptions): ScheduleRunner {
  const { db, gate, logger } = options;
  const raw = db.$client as postgres.Sql;
  const prefix = options.prefix ?? 'bull';
  const queueName = options.queueName ?? SCHEDULES_QUEUE;
  const batchSize = options.syncBatchSize ?? 200;
  const q = <T>(client: postgres.Sql | postgres.TransactionSql, text: string, params: unknown[]) =>
    client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }) as unknown as Promise<T[]>;

  const queue = createSchedulesQueue({ connection: { ...options.redis }, prefix, name: queueName });
  queue.on('error', (err) => logger.warn({ err: err.message }, 'schedules queue: redis error'));
  const worker = new Worker(queueName, (job: Job) => fire(job), {
    connection: { ...options.redis },
    prefix,
    autorun: false,
    concurrency: options.concurrency ?? 10,
  });
  worker.on('error', (err) => logger.error({ err }, 'schedule worker error'));
  worker.on('failed', (job, err) =>
    logger.error({ jobId: job?.id, err: err.message }, 'schedule firing failed; the tick is retried or dropped'),
  );

  async function fire(job: Job): Promise<unknown> {
    const parsed = fireScheduleJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('invalid fire-schedule job payload');
    const { scheduleId, version } = parsed.data;
    const tick = tickOf(job);
    const tickAt = new Date(tick);
    const [row] = await q<ScheduleRow>(raw, FIRING_ROW, [scheduleId]);
    if (row?.status !== 'ACTIVE') {
      // Paused, stopped or deleted since the scheduler made this tick: nothing to fire, and no
      // scheduler may stay behind (BullMQ added the next tick's job when this one was taken).
      const retired = await retire(scheduleId);
      return { skipped: row ? row.status : 'DELETED', retired };
    }
    if (version !== undefined && version !== row.version) {
      // Made by a scheduler of an earlier version (the timing or the status changed since): the
      // reconciler replaces it with the current one, whose ticks fire.
      return { skipped: 'STALE_VERSION' };
    }
    const actor: Actor = { userId: row.ownerId };
    const began = performance.now();
    const result = await gate.start({
      actor,
      operationType: row.operationType,
      surface: 'SCHEDULE',
      tenantId: row.tenantId,
      providerConnectionId: row.providerConnectionId,
      idempotencyKey: `schedule:${row.id}:${tick}`,
    });
    const gateMs = performance.now() - began;
    const report = await record(row, tickAt, result);
    if (report.recorded) {
      scheduleFirings.inc({ operation_type: row.operationType, outcome: report.outcome ?? 'STOPPED' });
      scheduleFiringLagSeconds.observe(Math.max(0, Date.now() - tick) / 1000);
    }
    const full: FiringReport = { scheduleId, tickAt, gateMs, ...report };
    options.onFired?.(full);
    return { outcome: full.outcome, stopReason: full.stopReason, recorded: full.recorded };
  }

  /**
   * Removes the job scheduler of a schedule that must have none, found by one of its ticks; answers
   * whether there was one. Under a share lock on the row, read again: a resume that committed
   * meanwhile keeps its scheduler (the reconciler's upsert of it may already have happened), and
   * a resume committing later waits for this removal, so the reconciler's upsert comes after it.
   */
  async function retire(scheduleId: string): Promise<boolean> {
    const removed = (await raw.begin(async (tx) => {
      const [still] = await q<{ status: string; deleted: boolean }>(tx, RETIRE_ROW, [scheduleId]);
      if (still?.status === 'ACTIVE' && !still.deleted) return false;
      return queue.removeJobScheduler(scheduleId);
    })) as boolean;
    if (removed) logger.info({ scheduleId }, 'schedules: a tick removed the job scheduler of an inactive schedule');
    return removed;
  }

  async function record(
    row: ScheduleRow,
    tickAt: Date,
    result: Result<StartResult>,
  ): Promise<Omit<FiringReport, 'scheduleId' | 'tickAt' | 'gateMs'>> {
    const tick = tickAt.toISOString();
    if (!result.ok) {
      const stopReason = stopReasonOf(result);
      if (!stopReason) {
        // Not about access (bad input, an unexpected refusal): the tick fails, is logged, and the
        // next one decides afresh.
        throw new UnrecoverableError(`the gate refused the firing: ${result.error.code} ${result.error.message}`);
      }
      const recorded = await db.transaction(async (tx) => {
        const [firing] = await tx
          .insert(f)
          .values({ scheduleId: row.id, tickAt, stopReason, detail: result.error.message })
          .onConflictDoNothing({ target: [f.scheduleId, f.tickAt] })
          .returning({ id: f.id });
        if (!firing) return false;
        await tx
          .update(s)
          .set({
            status: 'STOPPED',
            stopReason,
            stopDetail: result.error.message,
            version: sql`${s.version} + 1`,
            lastTickAt: sql`greatest(${s.lastTickAt}, ${tick}::timestamptz)`,
          })
          .where(and(eq(s.id, row.id), eq(s.status, 'ACTIVE'), isNull(s.deletedAt)));
        // The system's own step (no actor): who owned it and why it stopped, beside the refused
        // decision the audit log does not have (the gate records decisions, not refusals).
        await recordAudit(tx, {
          action: 'schedule.stop',
          actorId: null,
          tenantId: row.tenantId,
          target: { type: 'schedule', id: row.id },
          detail: { stopReason, ownerId: row.ownerId, operationType: row.operationType },
        });
        return true;
      });
      if (recorded) logger.warn({ scheduleId: row.id, stopReason }, 'schedule stopped: the gate refused its owner');
      return { outcome: null, stopReason, runId: null, recorded, notified: false };
    }
    const decided = result.value;
    const runId = decided.outcome === 'SCOPE_BUSY' ? decided.activeRun.id : (decided.run?.id ?? null);
    if (decided.outcome !== 'BLOCKED') {
      const [updated] = await q<{ id: string }>(raw, RECORD_DECIDED, [row.id, tick, decided.outcome, runId]);
      return { outcome: decided.outcome, stopReason: null, runId, recorded: Boolean(updated), notified: false };
    }
    const { reasonCode, message } = decided;
    const notices = await db.transaction(async (tx) => {
      const [firing] = await tx
        .insert(f)
        .values({ scheduleId: row.id, tickAt, outcome: 'BLOCKED', runId, reasonCode, detail: message.reason })
        .onConflictDoNothing({ target: [f.scheduleId, f.tickAt] })
        .returning({ id: f.id });
      if (!firing) return null;
      const lastTick = sql`greatest(${s.lastTickAt}, ${tick}::timestamptz)`;
      // A new problem is claimed by exactly one firing: the row lock serializes concurrent ones,
      // and the second sees the reason already set.
      const [claimed] = runId
        ? await tx
            .update(s)
            .set({ problemReasonCode: reasonCode, problemRunId: runId, lastTickAt: lastTick })
            .where(
              and(
                eq(s.id, row.id),
                sql`${s.problemReasonCode} is distinct from ${reasonCode}`,
                or(isNull(s.lastTickAt), lte(s.lastTickAt, tickAt)),
              ),
            )
            .returning({ ownerId: s.ownerId })
        : [];
      if (!claimed || !runId) {
        await tx.update(s).set({ lastTickAt: lastTick }).where(eq(s.id, row.id));
        return [];
      }
      await tx.update(f).set({ notified: true }).where(eq(f.id, firing.id));
      const label = OPERATION_LABELS[row.operationType];
      const named = row.name ? `“${row.name}” (${label})` : `Your ${label.toLowerCase()} schedule`;
      // Inside this transaction: the firing and its notice commit together, or neither does.
      return recordNotifications(tx, [
        {
          userId: claimed.ownerId,
          runId,
          kind: 'SCHEDULE_BLOCKED',
          title: `Schedule blocked: ${label}`,
          body: `${named} was blocked at ${tick}: ${message.reason ?? reasonCode}. ${message.nextStep} It keeps firing on its timing and records each blocked firing; you are told again only if the problem changes.`,
        },
      ]);
    });
    if (notices === null) {
      return { outcome: 'BLOCKED', stopReason: null, runId, recorded: false, notified: false };
    }
    for (const notice of notices) await publishNotification(options.publisher, notice, logger);
    return { outcome: 'BLOCKED', stopReason: null, runId, recorded: true, notified: notices.length > 0 };
  }

  async function syncBatch(): Promise<number> {
    const done = (await raw.begin(async (tx) => {
      const rows = await q<SyncRow>(tx, SYNC_BATCH, [batchSize]);
      if (rows.length === 0) return 0;
      // A row whose scheduler Redis refused stays behind for the next pass; the others are done
      // (one failure must not send the whole batch round again).
      const settled = await Promise.allSettled(rows.map((r) => syncOne(r)));
      const synced = rows.filter((_, i) => settled[i]?.status === 'fulfilled');
      const failed = rows.length - synced.length;
      if (failed > 0) {
        const first = settled.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        logger.warn(
          { failed, err: (first.reason as Error)?.message },
          'schedules: job schedulers not synced; retried next pass',
        );
      }
      if (synced.length > 0) await q(tx, MARK_SYNCED, [synced.map((r) => r.id), synced.map((r) => r.version)]);
      const removed = synced.filter((r) => r.deleted).map((r) => r.id);
      if (removed.length > 0) await q(tx, DELETE_REMOVED, [removed]);
      // Fewer than a batch ends this pass (`sync`): the rows left behind wait for the next one.
      return synced.length;
    })) as number;
    return done;
  }

  async function syncOne(row: SyncRow): Promise<void> {
    if (row.deleted || row.status !== 'ACTIVE') {
      await queue.removeJobScheduler(row.id);
      return;
    }
    const repeat = row.cron
      ? { pattern: row.cron, tz: row.timeZone ?? 'UTC' }
      : // A new interval's first tick is one interval from now (BullMQ would fire it at once); an
        // unchanged interval keeps its cadence (the scheduler's previous tick wins over startDate).
        { every: (row.intervalSeconds ?? 0) * 1000, startDate: Date.now() + (row.intervalSeconds ?? 0) * 1000 };
    await queue.upsertJobScheduler(row.id, repeat, {
      name: FIRE_SCHEDULE_JOB,
      data: { scheduleId: row.id, version: row.version },
      opts: FIRE_SCHEDULE_JOB_OPTIONS,
    });
  }

  async function repairMissing(): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let repaired = 0;
    for (;;) {
      const rows = await q<SyncRow>(raw, ACTIVE_PAGE, [after, batchSize]);
      const missing = await Promise.all(rows.map(async (r) => ((await queue.getJobScheduler(r.id)) ? null : r)));
      for (const r of missing) {
        if (r && (await repairOne(r.id))) repaired++;
      }
      if (rows.length < batchSize) break;
      after = rows.at(-1)?.id ?? after;
    }
    if (repaired > 0) logger.warn({ schedules: repaired }, 'schedules: job schedulers Redis had lost were added again');
    return repaired;
  }

  /**
   * Adds the job scheduler of one schedule found without one, if it still is ACTIVE, reconciled and
   * without one once its row is locked: the page was read without locks, and a pause reconciled
   * since (its scheduler removed) must not get a scheduler back from this pass.
   */
  async function repairOne(id: string): Promise<boolean> {
    return (await raw.begin(async (tx) => {
      const [row] = await q<SyncRow>(tx, REPAIR_ROW, [id]);
      if (!row || (await queue.getJobScheduler(id))) return false;
      await syncOne(row);
      return true;
    })) as boolean;
  }

  async function sync(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await syncBatch();
      total += n;
      if (n < batchSize) break;
    }
    if (total > 0) logger.info({ schedules: total }, 'schedules reconciled with their job schedulers');
    return total;
  }

  const loop = every(options.syncIntervalMs ?? 5_000, sync, (err) => {
    if (isDatabaseUnavailable(err))
      logger.warn({ cause: databaseErrorSummary(err) }, 'schedules: database unreachable');
    else logger.warn({ err: (err as Error).message }, 'schedules: reconciling failed; next pass retries');
  });

  let started = false;
  return {
    queue,
    worker,
    sync,
    repairMissing,
    async start() {
      if (started) return;
      started = true;
      worker.run().catch((err) => logger.error({ err }, 'schedule worker stopped with an error'));
      await worker.waitUntilReady();
      await sync().catch((err) => logger.warn({ err: (err as Error).message }, 'schedules: first reconcile failed'));
      loop.start();
    },
    async close(closeOptions = {}) {
      await loop.stop();
      await worker.close(closeOptions.force ?? false);
      await queue.close();
    },
  };
}
