import { injectTraceContext } from '@msp/telemetry';
import { type ConnectionOptions, Queue } from 'bullmq';
import { z } from 'zod';
import { OPERATION_TYPES } from './vocabulary';

/**
 * The job catalog of provider-backed work. One queue; the job name is the operation type and
 * the job id is the run id, so a repeated enqueue of the same run is a no-op in BullMQ.
 */
export const PROVIDER_OPERATIONS_QUEUE = 'provider-operations';

export const operationJobSchema = z.object({
  runId: z.string().uuid(),
  operationType: z.enum(OPERATION_TYPES),
  /**
   * The W3C trace context of the start that enqueued the job (`traceparent`, `tracestate`), so
   * the worker continues the start's trace; absent when tracing is off or for re-enqueues.
   */
  trace: z.record(z.string(), z.string().max(512)).optional(),
  /**
   * Attempts the run had made before this job was added: set when the reaper enqueues a RUNNING
   * run again after Redis lost its job. The worker counts the job's deliveries on top of it, so
   * the first one takes the run over as its next attempt.
   */
  attemptBase: z.number().int().min(0).max(1000).optional(),
});
export type OperationJob = z.infer<typeof operationJobSchema>;

/** Retention keeps finished job ids long enough that a late duplicate add stays a no-op. */
export const OPERATION_JOB_OPTIONS = {
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export interface OperationsQueueOptions {
  connection: ConnectionOptions;
  /** @defaultValue PROVIDER_OPERATIONS_QUEUE */
  name?: string;
  /** BullMQ key prefix; tests use a unique one per file. @defaultValue 'bull' */
  prefix?: string;
}

/**
 * A producer-side queue. The offline queue is off so that, with Redis down, an enqueue fails at
 * once instead of holding the start open; the outbox dispatcher enqueues later.
 */
export function createOperationsQueue(options: OperationsQueueOptions): Queue {
  const connection =
    typeof options.connection === 'object' && !('options' in options.connection)
      ? { ...options.connection, enableOfflineQueue: false, maxRetriesPerRequest: 1 }
      : options.connection;
  return new Queue(options.name ?? PROVIDER_OPERATIONS_QUEUE, {
    connection,
    prefix: options.prefix ?? 'bull',
  });
}

/** Adds the job of a run; the active trace context rides in the job's data. */
export async function enqueueOperation(queue: Queue, job: OperationJob): Promise<void> {
  const trace = job.trace ?? injectTraceContext();
  const data = operationJobSchema.parse(trace ? { ...job, trace } : job);
  await queue.add(data.operationType, data, { jobId: data.runId, ...OPERATION_JOB_OPTIONS });
}

/**
 * A new job for a RUNNING run whose job Redis lost (the worker's reaper, after
 * `Lifecycle.handBack`): it carries the attempts made so far, so that its first delivery takes the
 * run over as the next attempt. Here, with every other producer of provider work.
 */
export async function enqueueTakeover(
  queue: Queue,
  run: { id: string; operationType: OperationJob['operationType']; attempts: number },
): Promise<void> {
  await enqueueOperation(queue, { runId: run.id, operationType: run.operationType, attemptBase: run.attempts });
}

/** Parses `redis://host:port/db` into BullMQ connection options. */
export function redisConnection(url: string): {
  host: string;
  port: number;
  db: number;
  password?: string;
  username?: string;
} {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    db: Number(u.pathname.replace('/', '') || 0),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
  };
}

/**
 * Housekeeping jobs, on their own queue so that they never wait behind provider work: the run
 * retention pass (`prune-runs`) and the daily connection health check (`check-connections`), each
 * fired by a BullMQ job scheduler every worker upserts (one scheduler id, so N workers still fire
 * it once per tick).
 */
export const MAINTENANCE_QUEUE = 'maintenance';
export const PRUNE_RUNS_JOB = 'prune-runs';
/**
 * The built-in connection health check's pass (services/worker, health-sweep.ts): a health check
 * of every enabled connection, each started through the gate by the system principal.
 */
export const CHECK_CONNECTIONS_JOB = 'check-connections';

/** The maintenance queue (producer side: its job scheduler). */
export function createMaintenanceQueue(options: OperationsQueueOptions): Queue {
  return new Queue(options.name ?? MAINTENANCE_QUEUE, {
    connection: options.connection,
    prefix: options.prefix ?? 'bull',
  });
}

/**
 * Schedule firings (issue 17): one BullMQ job scheduler per ACTIVE schedule (its id is the
 * schedule id), which produces one `fire-schedule` job per tick, on a queue of its own so that a
 * minute's burst of ticks never waits behind provider work (nor the reverse). A job scheduler
 * stores only the job of its next tick, with the id `repeat:<schedule id>:<due ms>`, and the
 * worker that takes a tick adds the next one: however many workers share the queue, each tick is
 * one job, taken by one of them. The firing itself is a start through the gate (`Gate.start`).
 */
export const SCHEDULES_QUEUE = 'schedules';
export const FIRE_SCHEDULE_JOB = 'fire-schedule';

/**
 * `version`: the schedule's `version` the reconciler upserted the job scheduler for. A tick whose
 * version is not the row's was made by a job scheduler that is out of date (the timing or the
 * status changed since) and fires nothing; the reconciler's upsert replaces it. Optional: a job of
 * a scheduler upserted before this field existed names no version, and is decided on the row alone.
 */
export const fireScheduleJobSchema = z.object({
  scheduleId: z.string().uuid(),
  version: z.number().int().positive().optional(),
});
export type FireScheduleJob = z.infer<typeof fireScheduleJobSchema>;

/**
 * A tick's job is removed once done (its firing is recorded in PostgreSQL, `schedule_firings`);
 * a failed one is kept a while for inspection.
 */
export const FIRE_SCHEDULE_JOB_OPTIONS = {
  // A firing that failed on the database is tried again (the gate replays its decision if it had
  // made one: the idempotency key is the schedule and the tick).
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;

/**
 * The schedules queue (producer side: the job schedulers the worker's reconciler keeps). As for
 * the operations queue, the offline queue is off: with Redis down a reconcile fails at once and
 * its next pass tries again, instead of hanging.
 */
export function createSchedulesQueue(options: OperationsQueueOptions): Queue {
  return createOperationsQueue({ ...options, name: options.name ?? SCHEDULES_QUEUE });
}
