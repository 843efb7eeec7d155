/**
 * The worker's configuration, read once by `main.ts`. Every other module receives its settings
 * as options, so tests build a runtime without touching `process.env`. A bad value stops the
 * process at start with a message naming the variable.
 */
import { dbEnvSchema } from '@msp/db';
import { type GraphClientOptions, graphConfigFromEnv } from '@msp/microsoft-graph';
import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

const workerEnvSchema = dbEnvSchema.extend({
  /** Local Redis of the development machines and docker-compose.yml. */
  REDIS_URL: z.preprocess(emptyAsUndefined, z.string().url().default('redis://:msp-dev-redis@localhost:6379')),
  /** Links in notifications point here; the same default as every other service. */
  PUBLIC_APP_URL: z.preprocess(emptyAsUndefined, z.string().url().default('http://localhost:3000')),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  /** BullMQ key prefix; every producer and worker of one environment must agree on it. */
  BULLMQ_PREFIX: z.preprocess(emptyAsUndefined, z.string().min(1).default('bull')),
  /**
   * Runs processed at once by this process. The work is I/O bound (Graph and Postgres), so a
   * handful per process is cheap; more processes scale further.
   */
  WORKER_CONCURRENCY: int(1, 200, 5),
  /**
   * How long a job's lock lives without renewal (renewed every half of it). A worker that dies
   * is noticed once its lock expires: shorter detects faster, but a process whose event loop
   * stalls longer than this has its job taken over by another worker.
   */
  WORKER_LOCK_DURATION_MS: int(1_000, 600_000, 30_000),
  /** How often a worker looks for jobs whose lock expired (BullMQ stalled-job check). */
  WORKER_STALLED_INTERVAL_MS: int(500, 600_000, 30_000),
  /** Crashes a run survives: beyond this, the run ends FAILED with RUN_INTERRUPTED. */
  WORKER_MAX_STALLED_COUNT: int(0, 10, 1),
  /** Attempts for transient failures (throttling, outages, unexpected errors), the first included. */
  WORKER_MAX_ATTEMPTS: int(1, 20, 3),
  /** First wait before a retry; doubles per attempt (with jitter), or Graph's Retry-After when longer. */
  WORKER_RETRY_BACKOFF_MS: int(0, 600_000, 5_000),
  /** How often the reaper looks for active runs whose job is gone. */
  REAPER_INTERVAL_MS: int(1_000, 3_600_000, 60_000),
  /**
   * Active runs untouched for this long are checked against the queue. Well above the lock
   * duration, so a run whose worker just died is left to the stalled-job check first.
   */
  REAPER_THRESHOLD_MS: int(1_000, 86_400_000, 120_000),
  /**
   * Completed runs (and blocked attempts) older than this many days are deleted. 180 days keeps
   * half a year of history for Monitoring and audits while bounding the table.
   */
  RUN_RETENTION_DAYS: int(1, 36_500, 180),
  /** How often the retention pass runs (one worker of the environment runs each pass). */
  RUN_RETENTION_INTERVAL_MS: int(60_000, 86_400_000, 3_600_000),
  /** Runs deleted per transaction: small enough to keep each lock short. */
  RUN_RETENTION_BATCH: int(1, 10_000, 500),
  /** Port for GET /healthz, /readyz and /metrics (Prometheus text); 0 turns the endpoint off. 4006 follows the subgraphs' 4001-4005. */
  WORKER_HEALTH_PORT: int(0, 65_535, 4006),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema> & { graph: GraphClientOptions };

/** Parses the environment; throws one readable Error listing every bad variable. */
export function parseWorkerEnv(env: Record<string, string | undefined>): WorkerEnv {
  const parsed = workerEnvSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) problems.push(z.prettifyError(parsed.error));
  let graph: GraphClientOptions | undefined;
  try {
    graph = graphConfigFromEnv(env);
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (!parsed.success || !graph) {
    throw new Error(`Invalid environment for the worker:\n${problems.join('\n')}`);
  }
  return { ...parsed.data, graph };
}
