/**
 * The worker's configuration, read once by `main.ts`. Every other module receives its settings
 * as options, so tests build a runtime without touching the environment. A bad value stops the
 * process at start with one line naming the variable.
 */
import { type GraphClientOptions, graphEndpointsTogether, graphOptions, graphSettings } from '@msp/microsoft-graph';
import {
  boolean,
  databaseSettings,
  type Environment,
  encryptionSettings,
  integer,
  linkSettings,
  processSettings,
  queueSettings,
  readSettings,
  setting,
  telemetrySettings,
  webhookTargetSettings,
} from '@msp/settings';
import { z } from 'zod';

const workerEnvSchema = z
  .object({
    ...processSettings,
    ...databaseSettings,
    ...encryptionSettings,
    /** The queue it works, and the live run events it publishes. */
    ...queueSettings,
    /** Links in notifications point here, normalized as in every subgraph. */
    ...linkSettings,
    ...telemetrySettings,
    ...graphSettings,
    /**
     * Runs processed at once by this process. The work is I/O bound (Graph and Postgres), so a
     * handful per process is cheap; more processes scale further.
     */
    WORKER_CONCURRENCY: integer(1, 200, 5),
    /**
     * How long a job's lock lives without renewal (renewed every half of it). A worker that dies
     * is noticed once its lock expires: shorter detects faster, but a process whose event loop
     * stalls longer than this has its job taken over by another worker.
     */
    WORKER_LOCK_DURATION_MS: integer(1_000, 600_000, 30_000),
    /** How often a worker looks for jobs whose lock expired (BullMQ stalled-job check). */
    WORKER_STALLED_INTERVAL_MS: integer(500, 600_000, 30_000),
    /** Crashes a run survives: beyond this, the run ends FAILED with RUN_INTERRUPTED. */
    WORKER_MAX_STALLED_COUNT: integer(0, 10, 1),
    /** Attempts for transient failures (throttling, outages, unexpected errors), the first included. */
    WORKER_MAX_ATTEMPTS: integer(1, 20, 3),
    /** First wait before a retry; doubles per attempt (with jitter), or Graph's Retry-After when longer. */
    WORKER_RETRY_BACKOFF_MS: integer(0, 600_000, 5_000),
    /** How often the reaper looks for active runs whose job is gone. */
    REAPER_INTERVAL_MS: integer(1_000, 3_600_000, 60_000),
    /**
     * Active runs untouched for this long are checked against the queue. Well above the lock
     * duration, so a run whose worker just died is left to the stalled-job check first.
     */
    REAPER_THRESHOLD_MS: integer(1_000, 86_400_000, 120_000),
    /**
     * Completed runs (and blocked attempts) older than this many days are deleted. 180 days keeps
     * half a year of history for Monitoring and audits while bounding the table.
     */
    RUN_RETENTION_DAYS: integer(1, 36_500, 180),
    /**
     * Audit records (services/db, `audit_events`) older than this many days are deleted by the same
     * pass. 400 days: a yearly review still finds the whole previous year.
     */
    AUDIT_RETENTION_DAYS: integer(1, 36_500, 400),
    /** How often the retention pass runs (one worker of the environment runs each pass). */
    RUN_RETENTION_INTERVAL_MS: integer(60_000, 86_400_000, 3_600_000),
    /** Runs deleted per transaction: small enough to keep each lock short. */
    RUN_RETENTION_BATCH: integer(1, 10_000, 500),
    /**
     * Schedule ticks fired at once by this process (issue 17). Each firing waits on PostgreSQL (the
     * gate's decision, then its record), so a burst of schedules due in the same minute needs a
     * few in flight; every replica adds its own.
     */
    WORKER_SCHEDULE_CONCURRENCY: integer(1, 200, 10),
    /**
     * How often the reconciler makes the BullMQ job schedulers follow the schedules table. A change
     * holds at once for firings (they read the row); this is how soon a new or changed timing
     * takes effect.
     */
    SCHEDULE_SYNC_INTERVAL_MS: integer(100, 3_600_000, 5_000),
    /**
     * The built-in connection health check of every enabled connection (through the gate, as the
     * system principal connection-health). On by default: an expiring secret or a revoked
     * permission is found before a run fails on it.
     */
    CONNECTION_HEALTH_CHECK: boolean(true),
    /**
     * When it runs: a cron expression (five fields; BullMQ's cron parser) in
     * CONNECTION_HEALTH_CHECK_TZ. Daily at 05:00: before the working day in Europe, after it in
     * the Americas, and off the top of the hour most schedules pick.
     */
    CONNECTION_HEALTH_CHECK_CRON: setting(
      z
        .string()
        .regex(/^\s*(\S+\s+){4,5}\S+\s*$/, { error: 'must be a cron expression such as 0 5 * * *' })
        .default('0 5 * * *'),
    ),
    /** The IANA time zone of the cron expression. */
    CONNECTION_HEALTH_CHECK_TZ: setting(
      z
        .string()
        .refine(
          (zone) => {
            try {
              new Intl.DateTimeFormat('en', { timeZone: zone });
              return true;
            } catch {
              return false;
            }
          },
          { error: 'must be an IANA time zone such as UTC or Europe/Berlin' },
        )
        .default('UTC'),
    ),
    /**
     * An interval in milliseconds instead of the cron expression (development and tests); unset:
     * the cron expression decides.
     */
    CONNECTION_HEALTH_CHECK_EVERY_MS: setting(
      z.coerce
        .number({ error: 'must be a whole number from 1000 to 604800000' })
        .int({ error: 'must be a whole number from 1000 to 604800000' })
        .min(1_000, { error: 'must be a whole number from 1000 to 604800000' })
        .max(604_800_000, { error: 'must be a whole number from 1000 to 604800000' })
        .optional(),
    ),
    /** Health checks started at once by a pass (each a short gate decision; the checks queue). */
    CONNECTION_HEALTH_CHECK_CONCURRENCY: integer(1, 100, 8),
    /**
     * A client secret expiring within this many days raises a CREDENTIALS_EXPIRING notification
     * (once per connection and expiry date). 30 days: time to create a secret, roll it out and
     * rotate it on the connection without a run failing.
     */
    CREDENTIAL_EXPIRY_WARNING_DAYS: integer(1, 365, 30),
    /** Where webhooks may be delivered (https and public addresses only, unless this allows more). */
    ...webhookTargetSettings,
    /** Webhook delivery attempts at once per process (each waits on a receiver, so I/O bound). */
    WEBHOOK_CONCURRENCY: integer(1, 200, 10),
    /**
     * Automatic attempts per delivery, the first included. With WEBHOOK_RETRY_BASE_MS 20 s the
     * 13th comes about 23 hours after the first (20 s · (2^12 - 1)): a receiver down for most of a
     * day still gets the event.
     */
    WEBHOOK_MAX_ATTEMPTS: integer(1, 30, 13),
    /** The wait after the first failed attempt; doubles per attempt (jittered 75-100 %). */
    WEBHOOK_RETRY_BASE_MS: integer(10, 3_600_000, 20_000),
    /** One attempt's deadline, connection to answer. Standard Webhooks receivers answer at once and work later. */
    WEBHOOK_TIMEOUT_MS: integer(100, 60_000, 10_000),
    /** Bytes of a receiver's answer read at most (the log keeps 256 characters of it). */
    WEBHOOK_MAX_RESPONSE_BYTES: integer(256, 1_048_576, 65_536),
    /** How often committed deliveries are moved into the queue (and how far ahead due ones are). */
    WEBHOOK_DISPATCH_INTERVAL_MS: integer(50, 60_000, 1_000),
    /** Port for GET /healthz, /readyz and /metrics (Prometheus text); 0 turns the endpoint off. 4006 follows the subgraphs' 4001-4005. */
    WORKER_HEALTH_PORT: integer(0, 65_535, 4006),
  })
  .superRefine(graphEndpointsTogether);

export type WorkerEnv = z.output<typeof workerEnvSchema> & { graph: GraphClientOptions };

/** Reads the environment; throws one line naming every bad variable. */
export function parseWorkerEnv(env?: Environment): WorkerEnv {
  const settings = readSettings(workerEnvSchema, { what: 'the worker', env });
  return { ...settings, graph: graphOptions(settings) };
}
