/**
 * The worker process: `tsx services/worker/src/main.ts`. Reads the environment (failing fast
 * with a readable message), starts the BullMQ worker, the outbox dispatcher and the reaper,
 * serves GET /healthz, /readyz and /metrics, and closes cleanly on SIGTERM/SIGINT: running jobs get a
 * grace period, then their locks are left to expire so another worker takes them over.
 */
import { createDb, createSecretBox } from '@msp/db';
import { redisConnection } from '@msp/gate';
import { stopOnSignals } from '@msp/process';
import { settingsOrExit } from '@msp/settings';
import { logMixin, startTracing } from '@msp/telemetry';
import pino from 'pino';
import { parseWorkerEnv } from './env';
import { serveWorkerHealth } from './health';
import { createWorkerRuntime } from './runtime';
import { createWebhookRuntime } from './webhooks';

/** How long a shutdown waits for running jobs before leaving them to another worker. */
const SHUTDOWN_GRACE_MS = 25_000;

const env = settingsOrExit(() => parseWorkerEnv());
// Tracing (OTLP) when the standard OTEL_* variables ask for it: services/telemetry/README.md.
const tracing = startTracing({ serviceName: 'worker', env });
const logger = pino({ name: 'worker', level: env.LOG_LEVEL, mixin: logMixin });
const database = createDb({
  url: env.DATABASE_URL,
  max: env.WORKER_CONCURRENCY + env.WORKER_SCHEDULE_CONCURRENCY + 4,
  applicationName: 'msp-worker',
});
const redis = redisConnection(env.REDIS_URL);

const runtime = createWorkerRuntime({
  db: database.db,
  redis,
  prefix: env.BULLMQ_PREFIX,
  secretEncryptionKey: env.SECRET_ENCRYPTION_KEY,
  graph: env.graph,
  links: { publicAppUrl: env.PUBLIC_APP_URL, graphCloud: env.GRAPH_CLOUD },
  logger,
  concurrency: env.WORKER_CONCURRENCY,
  lockDurationMs: env.WORKER_LOCK_DURATION_MS,
  stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  maxStalledCount: env.WORKER_MAX_STALLED_COUNT,
  maxAttempts: env.WORKER_MAX_ATTEMPTS,
  retryBackoffMs: env.WORKER_RETRY_BACKOFF_MS,
  reaper: { intervalMs: env.REAPER_INTERVAL_MS, thresholdMs: env.REAPER_THRESHOLD_MS },
  retention: {
    maxAgeMs: env.RUN_RETENTION_DAYS * 24 * 3600 * 1000,
    auditMaxAgeMs: env.AUDIT_RETENTION_DAYS * 24 * 3600 * 1000,
    intervalMs: env.RUN_RETENTION_INTERVAL_MS,
    batchSize: env.RUN_RETENTION_BATCH,
  },
  schedules: { concurrency: env.WORKER_SCHEDULE_CONCURRENCY, syncIntervalMs: env.SCHEDULE_SYNC_INTERVAL_MS },
  processors: { credentialExpiryWarningMs: env.CREDENTIAL_EXPIRY_WARNING_DAYS * 24 * 3600 * 1000 },
  healthCheck: env.CONNECTION_HEALTH_CHECK && {
    pattern: env.CONNECTION_HEALTH_CHECK_CRON,
    tz: env.CONNECTION_HEALTH_CHECK_TZ,
    ...(env.CONNECTION_HEALTH_CHECK_EVERY_MS ? { everyMs: env.CONNECTION_HEALTH_CHECK_EVERY_MS } : {}),
    concurrency: env.CONNECTION_HEALTH_CHECK_CONCURRENCY,
  },
});

// Outbound webhooks: the deliveries' dispatcher and worker (src/webhooks.ts), on their own queue.
const webhooks = createWebhookRuntime({
  db: database.db,
  redis,
  prefix: env.BULLMQ_PREFIX,
  secretBox: createSecretBox(env.SECRET_ENCRYPTION_KEY),
  links: { publicAppUrl: env.PUBLIC_APP_URL },
  logger,
  publisher: runtime.publisher,
  policy: { allowInsecure: env.WEBHOOK_ALLOW_INSECURE_TARGETS },
  concurrency: env.WEBHOOK_CONCURRENCY,
  maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
  retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
  timeoutMs: env.WEBHOOK_TIMEOUT_MS,
  maxResponseBytes: env.WEBHOOK_MAX_RESPONSE_BYTES,
  intervalMs: env.WEBHOOK_DISPATCH_INTERVAL_MS,
});

await runtime.start();
await webhooks.start();
const health =
  env.WORKER_HEALTH_PORT > 0
    ? await serveWorkerHealth({
        port: env.WORKER_HEALTH_PORT,
        checkDatabase: () => database.sql`select 1`,
        queue: runtime.queue,
      })
    : null;
logger.info(
  { concurrency: env.WORKER_CONCURRENCY, prefix: env.BULLMQ_PREFIX, healthPort: env.WORKER_HEALTH_PORT || null },
  'worker started',
);

stopOnSignals(
  async () => {
    health?.close();
    await webhooks.close();
    await runtime.close();
    await database.close();
    await tracing?.shutdown();
  },
  {
    logger,
    graceMs: SHUTDOWN_GRACE_MS,
    // Exiting with jobs running is a crash as far as BullMQ is concerned: their locks expire
    // and the stalled-job check hands them to another worker, which continues the runs.
    graceExceeded: 'running jobs did not finish in time; leaving them to another worker',
  },
);
