/**
 * Outbound webhook delivery: the dispatcher that moves committed deliveries (the outbox, written
 * with each event by `recordWebhookEvent`) into the BullMQ queue, and the worker that makes each
 * attempt, signed as Standard Webhooks specifies, and records how it went.
 *
 * - **Outbox**: a delivery is a row before it is a job. Every `intervalMs` the dispatcher marks the
 *   attempts due within the next interval as enqueued and adds their jobs (delayed to the moment
 *   due); an add that fails (Redis down) clears the mark, so the next pass tries again. A job Redis
 *   lost (enqueued long ago, still unclaimed) is enqueued again. Nothing committed is lost.
 * - **One attempt per number**: a job claims attempt n only while the delivery is PENDING with n - 1
 *   attempts and no claim (`claimed_at`); a duplicate job, or one for an attempt already made, does
 *   nothing. Its outcome is recorded once (`webhook_delivery_attempts` is unique per delivery and
 *   attempt). A delivered message is never sent again unless an owner redelivers it by hand.
 * - **Backoff**: attempt n + 1 is due `retryBaseMs · 2^(n-1)` (75-100 %, jittered) after attempt n
 *   failed; with the defaults (13 attempts, 20 s) the last is about 23 h after the first.
 * - **Persistent failure**: a delivery whose automatic attempts are all spent ends FAILED; if its
 *   endpoint answered nothing with 2xx since that delivery began, the endpoint is disabled
 *   (`disabled_reason` FAILING), the change is audited (`webhooks.disable`, no actor) and each of the
 *   workspace's owners gets a WEBHOOK_ENDPOINT_DISABLED notification naming the event's run.
 * - **Interrupted attempts**: a claim that never reported back (the worker died mid-request) is
 *   recorded as an INTERRUPTED attempt after `claimTimeoutMs`, and the series goes on.
 * - **SSRF**: every attempt checks the URL and the addresses it resolves to against the policy and
 *   connects to the address it checked (no second resolution); no redirect is followed; the
 *   request has a deadline and at most `maxResponseBytes` of the answer are read.
 * - Never logged: the secret, the body, the receiver's answer. A log line names the delivery, the
 *   attempt, the status code and the error class.
 */
import {
  type Database,
  recordAudit,
  recordNotifications,
  type SecretBox,
  schema,
  type WebhookDeliveryStatus,
} from '@msp/db';
import {
  attemptWebhook,
  checkWebhookUrl,
  createWebhookQueue,
  enqueueWebhookAttempts,
  type Links,
  type Lookup,
  type Publisher,
  publishNotification,
  resolveWebhookTarget,
  runUrl,
  WEBHOOK_DELIVERIES_QUEUE,
  WEBHOOK_WIRE_NAMES,
  type WebhookAttemptResult,
  type WebhookErrorClass,
  type WebhookEventType,
  type WebhookTargetPolicy,
  webhookBody,
  webhookHeaders,
  webhookJobSchema,
  webhookMessageId,
  workspaceRolesWith,
} from '@msp/gate';
import { every } from '@msp/process';
import { webhookAttempts, webhookEndpointsDisabled } from '@msp/telemetry';
import { type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type postgres from 'postgres';
import type { RedisSettings } from './runtime';

export interface WebhookRuntimeOptions {
  db: Database;
  redis: RedisSettings;
  /** BullMQ key prefix. @defaultValue 'bull' */
  prefix?: string;
  /** @defaultValue WEBHOOK_DELIVERIES_QUEUE */
  queueName?: string;
  /** Opens the endpoints' signing secrets (SECRET_ENCRYPTION_KEY). */
  secretBox: SecretBox;
  /** The body's `runUrl` points here. */
  links: Links;
  logger: Logger;
  /** Live notifications (endpoint disabled); null publishes nothing. */
  publisher: Publisher | null;
  /** Where deliveries may go (WEBHOOK_ALLOW_INSECURE_TARGETS). */
  policy: WebhookTargetPolicy;
  /** Name resolution; tests give their own. @defaultValue the system resolver */
  lookup?: Lookup;
  /** Attempts at once in this process. @defaultValue 10 */
  concurrency?: number;
  /** Automatic attempts per delivery, the first included. @defaultValue 13 */
  maxAttempts?: number;
  /** Wait after the first failed attempt; doubles per attempt. @defaultValue 20_000 */
  retryBaseMs?: number;
  /** An attempt's deadline, connection to answer. @defaultValue 10_000 */
  timeoutMs?: number;
  /** Bytes of an answer read at most. @defaultValue 65_536 */
  maxResponseBytes?: number;
  /** Dispatcher pass interval; also how far ahead due attempts are enqueued. @defaultValue 1_000 */
  intervalMs?: number;
  /** Deliveries enqueued per pass at most. @defaultValue 500 */
  batchSize?: number;
  /** A claim older than this without an outcome is an interrupted attempt. @defaultValue timeoutMs + 60_000 */
  claimTimeoutMs?: number;
  /** A due attempt enqueued this long ago and still unclaimed is enqueued again. @defaultValue 300_000 */
  requeueAfterMs?: number;
  /** Run the dispatcher in this process. @defaultValue true */
  dispatcher?: boolean;
}

export interface WebhookRuntime {
  readonly worker: Worker;
  readonly queue: Queue;
  /** One dispatcher pass: interrupted claims recorded, lost jobs re-marked, due attempts enqueued. Returns how many were enqueued. */
  tick(): Promise<number>;
  start(): Promise<void>;
  close(options?: { force?: boolean }): Promise<void>;
}

/** What a claimed attempt needs: the delivery, its endpoint and its event. */
interface Claimed {
  id: string;
  attempts: number;
  attemptLimit: number | null;
  manual: boolean;
  createdAt: Date;
  endpointId: string;
  url: string;
  secretEncrypted: Buffer;
  previousSecretEncrypted: Buffer | null;
  previousSecretExpiresAt: Date | null;
  eventId: string;
  type: WebhookEventType;
  workspaceId: string;
  tenantId: string | null;
  runId: string;
  data: Record<string, unknown>;
  eventCreatedAt: Date;
}

/** Claims attempt $2 of delivery $1: only one claim per attempt number, only for an enabled, subscribed endpoint. */
const CLAIM = `
  update webhook_deliveries d
  set attempts = $2, claimed_at = now(), enqueued_at = null, last_attempt_at = now(), updated_at = now()
  from webhook_endpoints e, webhook_events ev
  where d.id = $1 and d.status = 'PENDING' and d.attempts = $2 - 1 and d.claimed_at is null
    and e.id = d.endpoint_id and ev.id = d.event_id and e.enabled and ev.type = any(e.event_types)
  returning d.id, d.attempts, d.attempt_limit as "attemptLimit", d.manual, d.created_at as "createdAt",
    e.id as "endpointId", e.url, e.secret_encrypted as "secretEncrypted",
    e.previous_secret_encrypted as "previousSecretEncrypted", e.previous_secret_expires_at as "previousSecretExpiresAt",
    ev.id as "eventId", ev.type, ev.workspace_id as "workspaceId", ev.tenant_id as "tenantId", ev.run_id as "runId",
    ev.data, ev.created_at as "eventCreatedAt"`;

/** A pending delivery whose endpoint was disabled, or dropped the event's type, before it could be sent. */
const SKIP = `
  update webhook_deliveries d set status = 'SKIPPED', enqueued_at = null, updated_at = now()
  from webhook_endpoints e, webhook_events ev
  where d.id = $1 and d.status = 'PENDING' and d.claimed_at is null and d.attempts = $2 - 1
    and e.id = d.endpoint_id and ev.id = d.event_id and not (e.enabled and ev.type = any(e.event_types))
  returning d.id`;

/** Attempts due before $1 not yet in the queue, marked enqueued (one dispatcher takes each). */
const TAKE_DUE = `
  update webhook_deliveries set enqueued_at = now()
  where id in (
    select id from webhook_deliveries
    where status = 'PENDING' and enqueued_at is null and claimed_at is null and next_attempt_at <= $1::timestamptz
    order by next_attempt_at limit $2
    for update skip locked
  )
  returning id, attempts, next_attempt_at as "nextAttemptAt", enqueued_at as "enqueuedAt"`;

/** Jobs Redis lost: enqueued before $1, due before $1, never claimed. */
const REQUEUE_LOST = `
  update webhook_deliveries set enqueued_at = null
  where status = 'PENDING' and claimed_at is null and enqueued_at < $1::timestamptz and next_attempt_at < $1::timestamptz`;

/** Claims older than $1 that never reported back, with what recording their outcome needs. */
const STALE_CLAIMS = `
  select d.id, d.attempts, d.attempt_limit as "attemptLimit", ev.run_id as "runId"
  from webhook_deliveries d join webhook_events ev on ev.id = d.event_id
  where d.status = 'PENDING' and d.claimed_at < $1::timestamptz
  order by d.claimed_at limit $2`;

/** Marks taken by a pass whose jobs could not be added: the next pass takes them again. */
const RELEASE = `update webhook_deliveries set enqueued_at = null where id = any($1::uuid[]) and claimed_at is null`;

/** Attempt n's log row: once per delivery and attempt, and only while attempt n is the claimed one. */
const insertAttempt = (c: { id: string; attempts: number }, r: WebhookAttemptResult) => sql`
  insert into webhook_delivery_attempts
    (delivery_id, attempt, manual, started_at, duration_ms, succeeded, response_status, error_class, response_excerpt)
  select d.id, ${c.attempts}::int, d.manual, coalesce(d.last_attempt_at, now()), ${r.durationMs}::int, ${r.succeeded}::boolean,
    ${r.responseStatus}::int, ${r.errorClass}::webhook_error_class, ${r.excerpt}::text
  from webhook_deliveries d where d.id = ${c.id}::uuid and d.attempts = ${c.attempts}::int and d.claimed_at is not null
  on conflict (delivery_id, attempt) do nothing
  returning id`;

/** The outcome on the delivery: DELIVERED, FAILED (series spent) or PENDING again with the next attempt due. */
const settle = (
  c: { id: string; attempts: number },
  status: WebhookDeliveryStatus,
  next: string | null,
  r: WebhookAttemptResult,
) => sql`
  update webhook_deliveries
  set status = ${status}::webhook_delivery_status, claimed_at = null, enqueued_at = null,
    next_attempt_at = coalesce(${next}::timestamptz, next_attempt_at),
    last_response_status = ${r.responseStatus}::int, last_error_class = ${r.errorClass}::webhook_error_class,
    delivered_at = case when ${status}::text = 'DELIVERED' then now() else delivered_at end, updated_at = now()
  where id = ${c.id}::uuid and attempts = ${c.attempts}::int
  returning endpoint_id as "endpointId", created_at as "createdAt", manual`;

/**
 * Disables the endpoint for persistent failure: only while enabled, and only when nothing got
 * through to it since the failed delivery began.
 */
const disableFailing = (endpointId: string, since: string) => sql`
  update webhook_endpoints set enabled = false, disabled_reason = 'FAILING', disabled_at = now(), updated_at = now()
  where id = ${endpointId}::uuid and enabled and (last_success_at is null or last_success_at < ${since}::timestamptz)
  returning id, workspace_id as "workspaceId", url`;

export function createWebhookRuntime(options: WebhookRuntimeOptions): WebhookRuntime {
  const { db, logger, links, policy, secretBox } = options;
  const pg = db.$client as postgres.Sql;
  const prefix = options.prefix ?? 'bull';
  const queueName = options.queueName ?? WEBHOOK_DELIVERIES_QUEUE;
  const maxAttempts = options.maxAttempts ?? 13;
  const retryBaseMs = options.retryBaseMs ?? 20_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxResponseBytes = options.maxResponseBytes ?? 65_536;
  const intervalMs = options.intervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 500;
  const claimTimeoutMs = options.claimTimeoutMs ?? timeoutMs + 60_000;
  const requeueAfterMs = options.requeueAfterMs ?? 300_000;
  const log = logger.child({ component: 'webhooks' });
  const q = <T>(client: postgres.Sql | postgres.TransactionSql, text: string, params: unknown[]) =>
    client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }) as unknown as Promise<T[]>;

  const queue = createWebhookQueue({ connection: { ...options.redis }, prefix, name: queueName });
  queue.on('error', (err) => log.warn({ err: err.message }, 'webhook queue: redis error'));

  const worker = new Worker(queueName, (job: Job) => deliver(job), {
    connection: { ...options.redis },
    prefix,
    autorun: false,
    concurrency: options.concurrency ?? 10,
    // An attempt is bounded by timeoutMs; a lock well above it.
    lockDuration: Math.max(30_000, timeoutMs * 3),
  });
  worker.on('error', (err) => log.error({ err: err.message }, 'webhook worker error'));
  worker.on('failed', (job, err) => {
    if (!(err instanceof UnrecoverableError)) log.warn({ jobId: job?.id, err: err.message }, 'webhook job failed');
  });

  /** Exponential, jittered: base · 2^(n-1), between 75 % and 100 % of it. */
  function retryDelay(failedAttempt: number): number {
    const ms = retryBaseMs * 2 ** Math.max(0, failedAttempt - 1);
    return Math.round(ms * (0.75 + Math.random() / 4));
  }

  async function deliver(job: Job): Promise<unknown> {
    const parsed = webhookJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('invalid webhook job payload');
    const { deliveryId, attempt } = parsed.data;
    const [claimed] = await q<Claimed>(pg, CLAIM, [deliveryId, attempt]);
    if (!claimed) {
      const skipped = await q(pg, SKIP, [deliveryId, attempt]);
      if (skipped.length > 0)
        log.info({ deliveryId, attempt }, 'webhook delivery skipped: endpoint disabled or unsubscribed');
      return { skipped: true };
    }
    const result = await send(claimed);
    // The outcome must be written: a lost one becomes an INTERRUPTED attempt later, and the
    // receiver may get the message again. A database that blinks is tried again for a few seconds.
    await persistently(() => record(claimed, result));
    webhookAttempts.inc({
      event_type: claimed.type,
      outcome: result.succeeded ? 'delivered' : 'failed',
      error_class: result.errorClass ?? 'none',
    });
    log.info(
      {
        deliveryId,
        endpointId: claimed.endpointId,
        eventType: claimed.type,
        attempt,
        succeeded: result.succeeded,
        responseStatus: result.responseStatus,
        errorClass: result.errorClass,
        durationMs: result.durationMs,
      },
      result.succeeded ? 'webhook delivered' : 'webhook attempt failed',
    );
    return { succeeded: result.succeeded };
  }

  /** The HTTP attempt: URL and addresses checked against the policy, then one signed POST. */
  async function send(c: Claimed): Promise<WebhookAttemptResult> {
    const refused = (errorClass: WebhookErrorClass): WebhookAttemptResult => ({
      succeeded: false,
      responseStatus: null,
      errorClass,
      excerpt: null,
      durationMs: 0,
    });
    try {
      const url = checkWebhookUrl(c.url, policy);
      if (!url.ok) return refused(url.errorClass);
      const target = await resolveWebhookTarget(url.url, policy, options.lookup, Math.min(timeoutMs, 5_000));
      if (!target.ok) return refused(target.errorClass);
      const secrets = [secretBox.decrypt(c.secretEncrypted)];
      if (c.previousSecretEncrypted && c.previousSecretExpiresAt && new Date(c.previousSecretExpiresAt) > new Date()) {
        secrets.push(secretBox.decrypt(c.previousSecretEncrypted));
      }
      const body = webhookBody(
        {
          id: c.eventId,
          type: c.type,
          workspaceId: c.workspaceId,
          tenantId: c.tenantId,
          runId: c.runId,
          data: c.data,
          createdAt: new Date(c.eventCreatedAt),
        },
        WEBHOOK_WIRE_NAMES[c.type],
        runUrl(links, c.runId),
      );
      const headers = webhookHeaders(secrets, webhookMessageId(c.eventId), Math.floor(Date.now() / 1000), body);
      return await attemptWebhook({
        url: url.url,
        addresses: target.addresses,
        headers,
        body,
        timeoutMs,
        maxResponseBytes,
      });
    } catch (err) {
      // Never the error's text in the log line beyond its name: it could quote the request.
      log.error({ deliveryId: c.id, err: (err as Error).name }, 'webhook attempt could not be made');
      return refused('INTERNAL');
    }
  }

  /**
   * Records attempt `c.attempts` once (a second report of the same attempt changes nothing) and
   * settles the delivery: DELIVERED, PENDING with the next attempt due, or FAILED, which may
   * disable the endpoint (then its owners are notified, after the commit).
   */
  async function record(c: Pick<Claimed, 'id' | 'attempts' | 'attemptLimit' | 'runId'>, r: WebhookAttemptResult) {
    let endpointDisabled = false;
    const notices = await db.transaction(async (tx) => {
      endpointDisabled = false;
      const run = async <T>(query: SQL) => (await tx.execute(query)) as unknown as T[];
      const inserted = await run(insertAttempt(c, r));
      if (inserted.length === 0) return [];
      const limit = c.attemptLimit ?? maxAttempts;
      const status = r.succeeded ? 'DELIVERED' : c.attempts >= limit ? 'FAILED' : 'PENDING';
      const next = status === 'PENDING' ? new Date(Date.now() + retryDelay(c.attempts)).toISOString() : null;
      const [settled] = await run<{ endpointId: string; createdAt: string; manual: boolean }>(
        settle(c, status, next, r),
      );
      if (!settled) return [];
      if (status === 'DELIVERED') {
        await run(sql`update webhook_endpoints set last_success_at = now() where id = ${settled.endpointId}::uuid`);
      }
      if (status !== 'FAILED' || settled.manual) return [];
      const [disabled] = await run<{ id: string; workspaceId: string; url: string }>(
        disableFailing(settled.endpointId, new Date(settled.createdAt).toISOString()),
      );
      if (!disabled) return [];
      endpointDisabled = true;
      const host = hostOf(disabled.url);
      // The change's audit record (the system's own step: no actor) and the owners' notices.
      await recordAudit(tx, {
        action: 'webhooks.disable',
        actorId: null,
        workspaceId: disabled.workspaceId,
        runId: c.runId,
        target: { type: 'webhook_endpoint', id: disabled.id },
        detail: { reason: 'FAILING', attempts: c.attempts, host },
      });
      const wm = schema.workspaceMembers;
      const owners = await tx
        .select({ userId: wm.userId })
        .from(wm)
        .where(
          and(
            eq(wm.workspaceId, disabled.workspaceId),
            inArray(wm.role, workspaceRolesWith('workspace.webhooks.manage')),
          ),
        );
      return recordNotifications(
        tx,
        owners.map((o) => ({
          userId: o.userId,
          runId: c.runId,
          kind: 'WEBHOOK_ENDPOINT_DISABLED' as const,
          title: 'A webhook endpoint was disabled',
          body: `Every attempt (${c.attempts}) to deliver this run's event to the endpoint at ${host} failed, and nothing reached it meanwhile: it was disabled. Fix the receiver, enable the endpoint again and redeliver what it missed.`,
        })),
      );
    });
    if (endpointDisabled) webhookEndpointsDisabled.inc();
    for (const n of notices) await publishNotification(options.publisher, n, log);
  }

  /**
   * One pass, in round trips per pass rather than per delivery: the interrupted claims with what
   * recording them needs (one query; each outcome then in its own transaction, as any attempt's),
   * the lost jobs released (one), the due attempts marked (one `UPDATE … RETURNING`) and their
   * jobs added (one `addBulk`), or their marks released (one) when Redis refuses them.
   */
  async function tick(): Promise<number> {
    const now = Date.now();
    // Claims that never reported back: the attempt was interrupted.
    const stale = await q<{ id: string; attempts: number; attemptLimit: number | null; runId: string }>(
      pg,
      STALE_CLAIMS,
      [new Date(now - claimTimeoutMs).toISOString(), batchSize],
    );
    for (const s of stale) {
      await record(s, {
        succeeded: false,
        responseStatus: null,
        errorClass: 'INTERRUPTED',
        excerpt: null,
        durationMs: claimTimeoutMs,
      });
      log.warn({ deliveryId: s.id, attempt: s.attempts }, 'webhook attempt interrupted; the next one is scheduled');
    }
    await q(pg, REQUEUE_LOST, [new Date(now - requeueAfterMs).toISOString()]);
    const due = await q<{ id: string; attempts: number; nextAttemptAt: string; enqueuedAt: string }>(pg, TAKE_DUE, [
      new Date(now + intervalMs).toISOString(),
      batchSize,
    ]);
    if (due.length === 0) return 0;
    const addedAt = Date.now();
    try {
      await enqueueWebhookAttempts(
        queue,
        due.map((d) => ({
          job: { deliveryId: d.id, attempt: d.attempts + 1 },
          delayMs: new Date(d.nextAttemptAt).getTime() - addedAt,
          enqueuedAt: new Date(d.enqueuedAt),
        })),
      );
      return due.length;
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'webhook dispatcher: Redis unavailable, will retry');
      await q(pg, RELEASE, [due.map((d) => d.id)]);
      return 0;
    }
  }

  const loop = every(intervalMs, tick, (err) =>
    log.warn({ err: (err as Error).message }, 'webhook dispatcher pass failed'),
  );
  let started = false;
  return {
    worker,
    queue,
    tick,
    async start() {
      if (started) return;
      started = true;
      worker.run().catch((err) => log.error({ err }, 'webhook worker stopped with an error'));
      await worker.waitUntilReady();
      if (options.dispatcher !== false) loop.start();
    },
    async close(closeOptions = {}) {
      await loop.stop();
      await worker.close(closeOptions.force ?? false);
      await queue.close();
    },
  };
}

/** The host of an endpoint URL, for messages (never its path or query, which may carry a token). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'its URL';
  }
}

/** `fn`, tried again (up to 5 times over about 4 s) while it fails. */
async function persistently<T>(fn: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (i - 1)));
    }
  }
}
