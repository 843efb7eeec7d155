/**
 * The worker runtime: a BullMQ worker on the provider-operations queue that runs one processor
 * per operation type through the run lifecycle, plus the outbox dispatcher and the reaper.
 * `main.ts` builds one from the environment; tests build one in-process with their own
 * database, queue prefix and Graph simulator.
 *
 * Failure policy, per job:
 * - a permanent failure (consent, credentials, permissions, not found...) ends the run FAILED
 *   with its reason code at once, records what it says about the provider connection, and
 *   fails the job with an UnrecoverableError: no retry;
 * - a transient one (throttling, Graph unavailable, an unexpected exception) is retried: the
 *   job is moved back to the delayed set (backoff, or Graph's Retry-After when longer) and the
 *   run stays RUNNING; the attempt after the last ends the run FAILED;
 * - a worker that dies mid-run leaves its job locked until the lock expires; BullMQ's stalled
 *   check then hands it to another worker (the run continues as a new attempt), or, beyond
 *   `maxStalledCount`, fails it, and the run ends FAILED with RUN_INTERRUPTED.
 *
 * Retries are decided here rather than through the job's `attempts` option because the gate
 * enqueues the jobs: the retry policy is the worker's, and a job added without options retries
 * all the same.
 *
 * A database outage (restart, failover) is waited out rather than counted as a failure: every run
 * lifecycle write (begin, progress, the failed attempt, the terminal write) is tried again while
 * PostgreSQL does not answer, for up to `databaseWaitMs`, holding the job (its lock is renewed
 * meanwhile). A processor's own statement that fails that way fails the attempt, which is retried.
 *
 * Cancellation is cooperative: each job runs under an AbortController. A cancellation request
 * reaches it through Redis (`runCancelChannel`, heard by every worker; the one holding the run
 * aborts it) and, should that message be lost, through the run's stored state, read back by every
 * progress write. The abort reaches the Graph client (no request or page after it; a write on
 * the wire finishes) and the processor, which returns what it did so far; the run completes
 * CANCELLED with it.
 */

import {
  createSecretBox,
  type Database,
  databaseErrorSummary,
  isDatabaseUnavailable,
  type RunRow,
  schema,
} from '@msp/db';
import {
  CHECK_CONNECTIONS_JOB,
  connectionBlockers,
  createDispatcher,
  createGate,
  createMaintenanceQueue,
  createOperationsQueue,
  type Dispatcher,
  type DispatcherOptions,
  type Links,
  MAINTENANCE_QUEUE,
  type OperationJob,
  operationJobSchema,
  PROVIDER_OPERATIONS_QUEUE,
  PRUNE_RUNS_JOB,
  type Publisher,
  publishNotification,
  runCancelChannel,
  runCancelEventSchema,
} from '@msp/gate';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '@msp/microsoft-graph';
import { createLifecycle, type Lifecycle } from '@msp/run-lifecycle';
import { jobsStalled, watchQueueDepth } from '@msp/telemetry';
import { DelayedError, type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DEFAULT_CREDENTIAL_EXPIRY_WARNING_MS } from './connection-health';
import { createHealthSweep, type HealthSweep } from './health-sweep';
import {
  type ConnectionRow,
  classifyFailure,
  type ProcessorContext,
  type ProcessorResult,
  type ProcessorSettings,
  RunFailure,
} from './kit';
import { PROCESSORS } from './processors';
import { recordProviderFailure } from './provider-state';
import { createReaper, type Reaper, type ReaperOptions } from './reaper';
import { createRetention, type Retention, type RetentionOptions } from './retention';
import { createScheduleRunner, type ScheduleRunner, type ScheduleRunnerOptions } from './schedules';
import { inJobSpan, inProcessorSpan } from './telemetry';

/** Redis connection settings, as `redisConnection(REDIS_URL)` from @msp/gate returns them. */
export interface RedisSettings {
  host: string;
  port: number;
  db?: number;
  username?: string;
  password?: string;
}

export interface WorkerRuntimeOptions {
  db: Database;
  redis: RedisSettings;
  /**
   * BullMQ key prefix; the gate's queue must use the same.
   * @defaultValue 'bull'
   */
  prefix?: string;
  /** @defaultValue PROVIDER_OPERATIONS_QUEUE */
  queueName?: string;
  /** Decrypts the connections' client secrets (SECRET_ENCRYPTION_KEY). */
  secretEncryptionKey: string;
  /** A Graph client, or the options to create one (e.g. the simulator's endpoints). */
  graph: GraphClient | GraphClientOptions;
  /** Where links in notifications point. */
  links: Links;
  logger: Logger;
  /**
   * Publisher for run and notification events.
   * @defaultValue an ioredis client on `redis`, closed with the runtime
   */
  publisher?: Publisher;
  /** @defaultValue 5 */
  concurrency?: number;
  /**
   * Job lock lifetime; renewed every half of it while the job runs. A dead worker's job is
   * taken over once its lock has expired.
   * @defaultValue 30_000 (BullMQ's default)
   */
  lockDurationMs?: number;
  /** @defaultValue 30_000 (BullMQ's default) */
  stalledIntervalMs?: number;
  /**
   * Times a job may be taken over after its worker died before its run ends FAILED with
   * RUN_INTERRUPTED.
   * @defaultValue 1
   */
  maxStalledCount?: number;
  /**
   * Attempts for transient failures, the first included.
   * @defaultValue 3
   */
  maxAttempts?: number;
  /**
   * First retry delay, doubled per attempt with jitter; Graph's Retry-After wins when longer.
   * @defaultValue 5_000
   */
  retryBackoffMs?: number;
  /**
   * Longest wait before a retry. When Graph asks for more, the run fails now (PROVIDER_THROTTLED)
   * instead of showing RUNNING for an hour.
   * @defaultValue 300_000
   */
  maxRetryDelayMs?: number;
  /**
   * How long a run lifecycle write waits for PostgreSQL to answer again (a restart, a failover)
   * before it fails like any other error.
   * @defaultValue 60_000
   */
  databaseWaitMs?: number;
  /** Processor settings. @defaultValue `{ groupsPageSize: 999, backupConcurrency: 4 }` */
  processors?: Partial<ProcessorSettings>;
  /** Outbox dispatcher settings, or false to not run one here. @defaultValue its defaults */
  dispatcher?: false | Omit<DispatcherOptions, 'db' | 'queue' | 'logger'>;
  /** Reaper settings, or false to not run one here. @defaultValue its defaults */
  reaper?: false | Omit<ReaperOptions, 'db' | 'queue' | 'lifecycle' | 'logger'>;
  /**
   * Run retention (a `prune-runs` job on the maintenance queue, fired every `intervalMs` by a job
   * scheduler shared by every worker), or false to neither schedule nor process it here: the start
   * then removes the job scheduler an earlier start left.
   * @defaultValue its defaults (180 days), every hour
   */
  retention?: false | (Omit<RetentionOptions, 'db' | 'logger'> & { intervalMs?: number });
  /**
   * Schedules (services/worker/src/schedules.ts): fire their ticks through the gate, and keep their
   * BullMQ job schedulers in line with PostgreSQL; or false to do neither here.
   * @defaultValue its defaults (10 firings at once, reconciling every 5 s)
   */
  schedules?: false | Omit<ScheduleRunnerOptions, 'db' | 'redis' | 'prefix' | 'gate' | 'publisher' | 'logger'>;
  /**
   * The built-in connection health check (a `check-connections` job on the maintenance queue,
   * fired by a job scheduler shared by every worker: on the cron `pattern` in time zone `tz`, or
   * every `everyMs`), or false to neither schedule nor process it here. Each pass starts a health
   * check of every enabled connection through the gate (health-sweep.ts). `false` also removes the
   * job scheduler an earlier start left; left out, that scheduler is not touched.
   * @defaultValue false (main.ts turns it on from the environment: daily at 05:00 UTC)
   */
  healthCheck?: false | { pattern?: string; tz?: string; everyMs?: number; concurrency?: number };
}

export interface WorkerRuntime {
  readonly lifecycle: Lifecycle;
  readonly retention: Retention;
  readonly worker: Worker;
  /** Producer-side queue (dispatcher, reaper); the same queue the gate adds to. */
  readonly queue: Queue;
  readonly reaper: Reaper;
  readonly dispatcher: Dispatcher;
  /** The schedule firings and their reconciler; null when `schedules: false`. */
  readonly schedules: ScheduleRunner | null;
  /** The built-in connection health check's pass (run by its job scheduler; tests call `sweep()`). */
  readonly healthSweep: HealthSweep;
  /** The Redis publisher of run and notification events (the webhook runtime publishes its notices with it). */
  readonly publisher: Publisher;
  /** Starts consuming jobs, the dispatcher and the reaper; resolves once the worker is connected. */
  start(): Promise<void>;
  /**
   * Stops taking jobs and waits for the running ones (`force`: does not wait; their jobs are
   * taken over by another worker once their locks expire), then closes every connection.
   */
  close(options?: { force?: boolean }): Promise<void>;
}

/** The error a job fails with once its run has been completed: the 'failed' listener skips it. */
class RunEndedError extends UnrecoverableError {}

/** Thrown into a processor whose progress write found the run no longer on its attempt. */
class RunSuperseded extends Error {
  override readonly name = 'RunSuperseded';
}

/** The abort reason of a job whose run's cancellation was requested. */
class CancelRequested extends Error {
  override readonly name = 'CancelRequested';
}

const cancelRequested = (signal: AbortSignal) => signal.aborted && signal.reason instanceof CancelRequested;

/** The built-in health check's default time: daily at 05:00 (UTC unless `tz` says otherwise). */
export const DEFAULT_HEALTH_CHECK_PATTERN = '0 5 * * *';

const STALLED_LIMIT_MESSAGES = ['job stalled more than allowable limit', 'job started more than allowable limit'];

export function createWorkerRuntime(options: WorkerRuntimeOptions): WorkerRuntime {
  const { db, logger, links } = options;
  const prefix = options.prefix ?? 'bull';
  const queueName = options.queueName ?? PROVIDER_OPERATIONS_QUEUE;
  const maxAttempts = options.maxAttempts ?? 3;
  const retryBackoffMs = options.retryBackoffMs ?? 5_000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 300_000;
  const databaseWaitMs = options.databaseWaitMs ?? 60_000;
  /** A lifecycle write, tried again while the database does not answer (see the header). */
  const durably = <T>(what: string, fn: () => Promise<T>) => whileDatabaseDown(fn, databaseWaitMs, logger, what);
  const settings: ProcessorSettings = {
    groupsPageSize: options.processors?.groupsPageSize ?? 999,
    backupConcurrency: options.processors?.backupConcurrency ?? 4,
    credentialExpiryWarningMs: options.processors?.credentialExpiryWarningMs ?? DEFAULT_CREDENTIAL_EXPIRY_WARNING_MS,
  };
  // Fails fast on a malformed key, before any job is taken.
  const secrets = createSecretBox(options.secretEncryptionKey);
  const graph = 'forTenant' in options.graph ? options.graph : createGraphClient({ logger, ...options.graph });

  const ownPublisher = options.publisher
    ? null
    : new Redis({ ...options.redis, maxRetriesPerRequest: 2, lazyConnect: true });
  // Redis going away is an outage every client reconnects from: one warn line per client error,
  // instead of ioredis' "Unhandled error event" on stderr.
  ownPublisher?.on('error', (err) => logger.warn({ err: err.message }, 'run event publisher: redis error'));
  const publisher = options.publisher ?? (ownPublisher as Redis);
  const lifecycle = createLifecycle({ db, publisher, links, logger });
  const queue = createOperationsQueue({ connection: { ...options.redis }, prefix, name: queueName });
  queue.on('error', (err) => logger.warn({ err: err.message }, 'queue: redis error'));
  const dispatcher = createDispatcher({ db, queue, logger, ...(options.dispatcher || {}) });
  const reaper = createReaper({ db, queue, lifecycle, logger, ...(options.reaper || {}) });

  const retentionSettings = options.retention === false ? null : (options.retention ?? {});
  const retention = createRetention({ db, logger, ...(retentionSettings ?? {}) });
  const healthCheck = options.healthCheck || null;
  // The health check starts through the gate, on the queue the gate's clicks use.
  const gate = createGate({ db, queue, links, logger, publisher });
  const healthSweep = createHealthSweep({
    db,
    gate,
    logger,
    credentialExpiryWarningMs: settings.credentialExpiryWarningMs,
    ...(healthCheck?.concurrency ? { concurrency: healthCheck.concurrency } : {}),
    publishNotifications: async (rows) => {
      for (const n of rows) await publishNotification(publisher, n, logger);
    },
  });
  const maintenanceJobs: Record<string, () => Promise<unknown>> = {};
  if (retentionSettings) maintenanceJobs[PRUNE_RUNS_JOB] = async () => ({ deleted: await retention.prune() });
  if (healthCheck) {
    maintenanceJobs[CHECK_CONNECTIONS_JOB] = async () => {
      const report = await healthSweep.sweep();
      return { ...report.counts, refused: report.refused };
    };
  }
  const maintenance =
    Object.keys(maintenanceJobs).length > 0
      ? {
          queue: createMaintenanceQueue({ connection: { ...options.redis }, prefix }),
          worker: new Worker(MAINTENANCE_QUEUE, async (job: Job) => (await maintenanceJobs[job.name]?.()) ?? null, {
            connection: { ...options.redis },
            prefix,
            autorun: false,
            concurrency: 1,
          }),
        }
      : null;
  maintenance?.worker.on('error', (err) => logger.error({ err }, 'maintenance worker error'));
  maintenance?.worker.on('failed', (job, err) => logger.error({ job: job?.name, err }, 'maintenance job failed'));

  // A schedule's firing is a start through the gate like a click, on this runtime's queue.
  const schedules =
    options.schedules === false
      ? null
      : createScheduleRunner({
          db,
          redis: options.redis,
          prefix,
          gate,
          publisher,
          logger,
          ...(options.schedules ?? {}),
        });

  /** The runs this process is working on, by run id: a cancellation request aborts one. */
  const running = new Map<string, AbortController>();
  const cancelSubscriber = new Redis({ ...options.redis, maxRetriesPerRequest: null, lazyConnect: true });
  cancelSubscriber.on('error', (err) => logger.warn({ err: err.message }, 'cancel listener: redis error'));
  cancelSubscriber.on('message', (channel: string, message: string) => {
    if (channel !== runCancelChannel) return;
    let runId: string;
    try {
      runId = runCancelEventSchema.parse(JSON.parse(message)).runId;
    } catch {
      return;
    }
    stop(runId, 'cancel request');
  });

  function stop(runId: string, via: string): void {
    const controller = running.get(runId);
    if (!controller || controller.signal.aborted) return;
    logger.info({ runId, via }, 'cancelling the run');
    controller.abort(new CancelRequested(`cancelled (${via})`));
  }

  const worker = new Worker(queueName, (job: Job, token?: string) => inJobSpan(job, () => processJob(job, token)), {
    connection: { ...options.redis },
    prefix,
    autorun: false,
    concurrency: options.concurrency ?? 5,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 1,
  });

  worker.on('failed', (job, err) => {
    if (!job || err instanceof RunEndedError) return;
    void onJobFailed(job, err);
  });
  worker.on('stalled', (jobId) => {
    jobsStalled.inc();
    logger.warn({ jobId }, 'job stalled: its worker died or hung; handing it over');
  });
  worker.on('error', (err) => logger.error({ err }, 'worker error'));

  /**
   * A job failed without its run being completed by us: the stalled limit (the worker died too
   * often), or an error escaping `processJob` (e.g. the database was unreachable for the
   * terminal write). The run ends FAILED unless it already ended; the reaper is the backstop
   * when this write fails too.
   */
  async function onJobFailed(job: Job, err: Error): Promise<void> {
    const parsed = operationJobSchema.safeParse(job.data);
    // Only the run's own job (its id is the run id) speaks for the run, and only once BullMQ
    // itself will not retry it.
    if (!parsed.success || job.id !== parsed.data.runId) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) return;
    const interrupted = STALLED_LIMIT_MESSAGES.includes(err.message);
    try {
      const done = await lifecycle.complete(parsed.data.runId, {
        outcome: 'FAILED',
        reasonCode: interrupted ? 'RUN_INTERRUPTED' : 'INTERNAL_ERROR',
        reasonDetail: interrupted ? 'The worker running it stopped, more often than a run is retried.' : null,
      });
      if (done.completed) {
        logger.warn({ jobId: job.id, runId: parsed.data.runId, reason: err.message }, 'job failed; run ended FAILED');
      }
    } catch (e) {
      logger.error({ err: e, runId: parsed.data.runId }, 'could not end the run of a failed job; the reaper will');
    }
  }

  async function processJob(job: Job, token: string | undefined): Promise<unknown> {
    const parsed = operationJobSchema.safeParse(job.data);
    if (!parsed.success) {
      // Nothing to run and no run to end: a malformed job never becomes valid.
      throw new UnrecoverableError(`invalid job payload: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    }
    const input = parsed.data;
    // A run handed back after Redis lost its job continues its count (`attemptBase`).
    const attempt = (input.attemptBase ?? 0) + Math.max(1, job.attemptsStarted);
    const log = logger.child({ jobId: job.id, attempt, runId: input.runId, operationType: input.operationType });

    let begun: Awaited<ReturnType<Lifecycle['begin']>>;
    try {
      begun = await durably('begin', () =>
        lifecycle.begin(input.runId, attempt, { queuedAt: new Date(job.timestamp) }),
      );
    } catch (err) {
      // The database did not answer: the run has not moved, so the delivery can simply wait.
      if (attempt < maxAttempts && token) {
        const delay = backoff(retryBackoffMs, attempt);
        log.warn({ err: describe(err), retryInMs: delay }, 'could not begin the run; retrying the job');
        await job.moveToDelayed(Date.now() + delay, token);
        throw new DelayedError();
      }
      throw err;
    }
    if (begun.action === 'skip') {
      log.info({ reason: begun.reason }, 'job skipped: the run is not waiting for this delivery');
      return { skipped: begun.reason };
    }
    if (begun.retried) log.warn('run taken over from an earlier attempt');
    const run = begun.run;

    const controller = new AbortController();
    running.set(run.id, controller);
    let result: ProcessorResult;
    try {
      result = await execute(run, input, attempt, log, controller);
    } catch (err) {
      if (!cancelRequested(controller.signal)) {
        return handleFailure(err, { job, token, run, attempt: run.attempts, log });
      }
      // Stopped by its cancellation: what it did so far is in the run's last progress.
      log.info({ err: describe(err) }, 'run stopped by its cancellation');
      result = { outcome: 'CANCELLED' };
    } finally {
      running.delete(run.id);
    }
    // The work is done and stored; a database blip must not turn it into a failure.
    const done = await persistently(() =>
      durably('complete', () => lifecycle.complete(run.id, result, { attempt: run.attempts })),
    );
    if (!done.completed) {
      log.warn('run already ended or taken over by a later attempt; result not recorded');
      return { skipped: 'SUPERSEDED' };
    }
    log.info({ outcome: result.outcome, reasonCode: result.reasonCode ?? null }, 'run completed');
    return { outcome: result.outcome };
  }

  async function execute(
    run: RunRow,
    input: OperationJob,
    attempt: number,
    log: Logger,
    controller: AbortController,
  ): Promise<ProcessorResult> {
    if (run.operationType !== input.operationType) {
      throw new RunFailure('INTERNAL_ERROR', 'The job does not match its run.');
    }
    if (!run.providerConnectionId) {
      throw new RunFailure('PROVIDER_CONNECTION_MISSING', 'The provider connection was deleted after the start.');
    }
    const [row] = await db
      .select()
      .from(schema.providerConnections)
      .where(eq(schema.providerConnections.id, run.providerConnectionId));
    if (!row)
      throw new RunFailure('PROVIDER_CONNECTION_MISSING', 'The provider connection was deleted after the start.');

    // The gate checked these at click time; the connection may have changed while queued
    // (disabled, consent revoked...). Same rules, same reason codes, no Graph call.
    const blocker = connectionBlockers(
      run.operationType,
      { ...row, hasSecret: row.clientSecretEncrypted !== null },
      new Date(),
    )[0];
    if (blocker) throw new RunFailure(blocker.reasonCode, `${blocker.detail} (changed after the start)`);

    const { clientSecretEncrypted, ...rest } = row;
    const connection: ConnectionRow = rest;
    if (!clientSecretEncrypted) throw new RunFailure('PROVIDER_CREDENTIALS_MISSING', 'No client secret is stored.');
    let clientSecret: string;
    try {
      clientSecret = secrets.decrypt(clientSecretEncrypted);
    } catch {
      // Never log the stored bytes or any part of a plaintext.
      throw new RunFailure('INTERNAL_ERROR', 'The stored client secret could not be decrypted.');
    }
    const context: ProcessorContext = {
      db,
      run,
      connection,
      graph: graph.forTenant(
        { entraTenantId: row.entraTenantId, clientId: row.clientId, clientSecret },
        { signal: controller.signal },
      ),
      attempt,
      settings,
      signal: controller.signal,
      publishNotifications: async (rows) => {
        for (const n of rows) await publishNotification(publisher, n, log);
      },
      progress: async (p) => {
        const row = await durably('progress', () => lifecycle.progress(run.id, p, { attempt: run.attempts }));
        if (!row) throw new RunSuperseded();
        // The stored request: the safety net for a cancel message this process did not hear.
        if (row.cancelRequestedAt) stop(run.id, 'stored request');
      },
    };
    const processor = PROCESSORS[run.operationType];
    return inProcessorSpan(run, () => processor.handle({ input, context, logger: log }));
  }

  async function handleFailure(
    err: unknown,
    ctx: { job: Job; token: string | undefined; run: RunRow; attempt: number; log: Logger },
  ): Promise<never> {
    const { job, token, run, attempt, log } = ctx;
    if (err instanceof RunSuperseded) {
      // Not a failure: another attempt owns the run now (or it was ended, e.g. by the reaper).
      log.warn('run ended or taken over by a later attempt; stopping this one');
      throw new RunEndedError('run superseded');
    }
    const failure = classifyFailure(err);
    const delay = Math.max(failure.retryAfterMs ?? 0, backoff(retryBackoffMs, attempt));
    if (failure.retryable && attempt < maxAttempts && delay <= maxRetryDelayMs && token) {
      log.warn(
        { reasonCode: failure.reasonCode, err: describe(err), retryInMs: delay },
        'transient failure; the run will be retried',
      );
      // The run stays RUNNING; the next delivery begins it again as attempt + 1.
      await durably('attempt failed', () =>
        lifecycle.attemptFailed(
          run.id,
          { reasonCode: failure.reasonCode, retryInMs: delay, detail: failure.detail || null },
          { attempt: run.attempts },
        ),
      ).catch((e) => log.warn({ err: describe(e) }, 'could not record the failed attempt'));
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError();
    }
    log.error({ reasonCode: failure.reasonCode, err: describe(err) }, 'run failed');
    if (failure.fromProvider && run.providerConnectionId) {
      const grantedPermissions =
        failure.reasonCode === 'PROVIDER_PERMISSIONS_MISSING' ? await knownPermissions(run) : null;
      await recordProviderFailure(db, {
        connectionId: run.providerConnectionId,
        operationType: run.operationType,
        reasonCode: failure.reasonCode,
        runId: run.id,
        grantedPermissions,
      }).catch((e) => log.error({ err: e }, 'could not record the provider state'));
    }
    const detail =
      failure.reasonCode === 'INTERNAL_ERROR' && !failure.detail
        ? attempt > 1
          ? `Failed after ${attempt} attempts.`
          : null
        : failure.detail;
    await persistently(() =>
      durably('complete', () =>
        lifecycle.complete(
          run.id,
          { outcome: 'FAILED', reasonCode: failure.reasonCode, reasonDetail: detail, result: { attempts: attempt } },
          { attempt: run.attempts },
        ),
      ),
    );
    throw new RunEndedError(`run ended FAILED with ${failure.reasonCode}`);
  }

  /**
   * What Entra grants the app now (its service principal's app role assignments), read after a
   * PERMISSIONS_MISSING failure: not a cached token's roles, which keep a revoked permission until
   * the token expires and would let the gate admit the next start again.
   */
  async function knownPermissions(run: RunRow): Promise<string[] | null> {
    try {
      if (!run.providerConnectionId) return null;
      const [row] = await db
        .select()
        .from(schema.providerConnections)
        .where(eq(schema.providerConnections.id, run.providerConnectionId));
      if (!row?.clientSecretEncrypted) return null;
      const client = graph.forTenant({
        entraTenantId: row.entraTenantId,
        clientId: row.clientId,
        clientSecret: secrets.decrypt(row.clientSecretEncrypted),
      });
      return (await client.readGrantedPermissions()).permissions;
    } catch {
      return null;
    }
  }

  /**
   * The maintenance job schedulers turned off here (`retention: false`, `healthCheck: false`) that
   * an earlier start left in Redis: removed, or they would go on firing a job that no worker of
   * this configuration runs (or, with another worker still running it, one the configuration
   * says not to run). Also when this runtime runs no maintenance job at all, through a queue made
   * for this. Best effort: a failure is logged and the start goes on.
   */
  async function removeTurnedOff(): Promise<void> {
    const turnedOff = [
      ...(options.retention === false ? [PRUNE_RUNS_JOB] : []),
      ...(options.healthCheck === false ? [CHECK_CONNECTIONS_JOB] : []),
    ];
    if (turnedOff.length === 0) return;
    const target = maintenance?.queue ?? createMaintenanceQueue({ connection: { ...options.redis }, prefix });
    try {
      for (const id of turnedOff) {
        if (await target.removeJobScheduler(id)) {
          logger.info({ scheduler: id }, 'maintenance: job scheduler turned off removed');
        }
      }
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'maintenance: could not remove the job schedulers turned off');
    } finally {
      if (!maintenance) await target.close().catch(() => undefined);
    }
  }

  let started = false;
  // msp_queue_jobs follows this queue from now on (also while not started: runs still queue up).
  const unwatchQueue = watchQueueDepth(queue);
  return {
    lifecycle,
    retention,
    worker,
    queue,
    reaper,
    dispatcher,
    schedules,
    healthSweep,
    publisher,
    async start() {
      if (started) return;
      started = true;
      if (ownPublisher) await ownPublisher.connect();
      await cancelSubscriber.subscribe(runCancelChannel);
      worker.run().catch((err) => logger.error({ err }, 'worker stopped with an error'));
      await worker.waitUntilReady();
      if (options.dispatcher !== false) dispatcher.start();
      if (options.reaper !== false) reaper.start();
      if (maintenance && retentionSettings) {
        await maintenance.queue.upsertJobScheduler(
          PRUNE_RUNS_JOB,
          { every: retentionSettings.intervalMs ?? 3_600_000 },
          { name: PRUNE_RUNS_JOB, opts: { removeOnComplete: 100, removeOnFail: 100 } },
        );
      }
      await removeTurnedOff();
      if (maintenance && healthCheck) {
        await maintenance.queue.upsertJobScheduler(
          CHECK_CONNECTIONS_JOB,
          healthCheck.everyMs
            ? { every: healthCheck.everyMs }
            : { pattern: healthCheck.pattern ?? DEFAULT_HEALTH_CHECK_PATTERN, tz: healthCheck.tz ?? 'UTC' },
          { name: CHECK_CONNECTIONS_JOB, opts: { removeOnComplete: 100, removeOnFail: 100 } },
        );
      }
      if (maintenance) {
        maintenance.worker.run().catch((err) => logger.error({ err }, 'maintenance worker stopped with an error'));
      }
      if (schedules) {
        await schedules.start();
        // Job schedulers Redis lost (restarted without persistence) come back, in the background.
        void schedules
          .repairMissing()
          .catch((err) => logger.warn({ err: (err as Error).message }, 'schedules: repair pass failed'));
      }
    },
    async close(closeOptions = {}) {
      unwatchQueue();
      await Promise.all([dispatcher.stop(), reaper.stop()]);
      await schedules?.close(closeOptions);
      await worker.close(closeOptions.force ?? false);
      if (maintenance) {
        await maintenance.worker.close(closeOptions.force ?? false);
        await maintenance.queue.close();
      }
      await queue.close();
      await cancelSubscriber.quit().catch(() => cancelSubscriber.disconnect());
      if (ownPublisher) await ownPublisher.quit().catch(() => ownPublisher.disconnect());
    },
  };
}

/**
 * Runs `fn`, and again while it fails because PostgreSQL does not answer (`isDatabaseUnavailable`),
 * waiting 250 ms doubling to 2 s between tries, for up to `budgetMs`; any other error, or the
 * last one, is thrown. Logs once per outage, at warn, without the statement.
 */
async function whileDatabaseDown<T>(fn: () => Promise<T>, budgetMs: number, logger: Logger, what: string): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() >= deadline) throw err;
      if (i === 0)
        logger.warn({ cause: databaseErrorSummary(err), write: what }, 'database unreachable; waiting for it');
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 250 * 2 ** i)));
    }
  }
}

/** Retries a write a few times over ~2 s before giving up (to the 'failed' listener and the reaper). */
async function persistently<T>(fn: () => Promise<T>, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (i - 1)));
    }
  }
}

/** Exponential backoff with jitter: base, 2×base, 4×base... each between 50% and 100%. */
function backoff(baseMs: number, attempt: number): number {
  const ms = baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(ms * (0.5 + Math.random() / 2));
}

/** For logs: the message and name, never a request body (the adapter's messages carry no secret). */
function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}
