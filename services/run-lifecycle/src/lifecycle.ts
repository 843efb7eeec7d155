/**
 * The run lifecycle: the only code that moves a run after the gate admitted it.
 *
 *   QUEUED ──begin──▶ RUNNING ──complete──▶ COMPLETED (SUCCEEDED | PARTIALLY_SUCCEEDED | FAILED | CANCELLED)
 *                       │  ▲
 *                       └──┘ begin again with a higher attempt (crash, retry): event 'retried'
 *
 * Each change is one transaction: a guarded UPDATE (`where status = ...`, on a row locked
 * for the decision) plus its `run_events` row, so a duplicate delivery or a retry cannot move a
 * run twice. After commit the change is published on the tenant's run-event channel. The
 * terminal transition writes the initiator's notification in the same transaction (unique per
 * run and user, so exactly once whatever the retries) and publishes it after commit.
 *
 * A run whose job vanished from the queue (Redis lost without persistence) is handed back by the
 * reaper (`handBack`): a QUEUED one to the outbox (`dispatched_at` cleared, so the dispatcher
 * enqueues it again); a RUNNING one gets a new job from the reaper carrying the attempts made so
 * far (`attemptBase`), so that its first delivery begins the run again as the next attempt, a
 * takeover like a stalled job's.
 *
 * Cancellation (`requestCancel`): the request is stored on the run with a `cancel_requested`
 * event; a run nobody is working on (QUEUED, its job waiting or delayed, or gone) ends CANCELLED
 * in that same transaction; a run a worker holds is stopped by that worker, which completes it
 * CANCELLED with what it did so far. A later `begin` of a run whose cancellation was requested
 * completes it at once, without running it.
 */

import {
  type Database,
  type NotificationRow,
  type RunRow,
  recordAudit,
  recordNotifications,
  recordWebhookEvent,
  schema,
  type Tx,
  type WebhookEventType,
} from '@msp/db';
import {
  type Links,
  type Publisher,
  problemClassOf,
  publishNotification as publishNotificationEvent,
  publishRunEvent,
  type ReasonCode,
  type RunOutcome,
  type RunStatus,
  runMessage,
} from '@msp/gate';
import { runDurationSeconds } from '@msp/telemetry';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';

export type { NotificationRow };

export const TERMINAL_OUTCOMES = ['SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type TerminalOutcome = (typeof TERMINAL_OUTCOMES)[number];

/** Absolute counts (not increments), so a repeated write is harmless. */
export interface Progress {
  /** Items the run will process, once known. */
  total?: number | null;
  processed: number;
  succeeded: number;
  failed: number;
}

export interface Completion {
  outcome: TerminalOutcome;
  /** Required for FAILED and PARTIALLY_SUCCEEDED: it selects the operator message. */
  reasonCode?: ReasonCode | null;
  reasonDetail?: string | null;
  result?: Record<string, unknown> | null;
  /** Final counts, written in the same transaction. */
  progress?: Progress;
}

export type BeginResult =
  | { action: 'run'; run: RunRow; retried: boolean }
  | {
      action: 'skip';
      /**
       * NOT_FOUND: no such run. COMPLETED: already finished (a late duplicate delivery).
       * DUPLICATE: RUNNING under this attempt or a later one, i.e. another delivery of the same
       * attempt is (or was) working on it. CANCELLED: its cancellation had been requested; it was
       * completed CANCELLED now, without running.
       */
      reason: 'NOT_FOUND' | 'COMPLETED' | 'DUPLICATE' | 'CANCELLED';
      run: RunRow | null;
    };

export interface CancelRequest {
  /** Who asked (the notification says "cancelled by" them). */
  actorId: string;
  /** The API client they asked through, when one did (the audit record names it). */
  apiClientId?: string | null;
  reason?: string | null;
}

/**
 * How a cancellation request went. `cancelled`: the run ended CANCELLED now. `requested`: a
 * worker holds the run and will stop it (the request is stored either way). `completed`: it had
 * already ended (see its outcome).
 */
export type CancelResult =
  | { state: 'cancelled'; run: RunRow; notification: NotificationRow | null }
  | { state: 'requested'; run: RunRow }
  | { state: 'completed'; run: RunRow }
  | { state: 'not_found'; run: null };

export type CompleteResult =
  | { completed: true; run: RunRow; notification: NotificationRow | null }
  | { completed: false; run: RunRow | null };

/**
 * How a hand-back went. `handed_back`: recorded (a QUEUED run's `dispatched_at` cleared for the
 * dispatcher; a RUNNING run's job is the caller's to add). `limit`: it was handed back `limit` times already (the caller ends it instead). `changed`: it
 * moved or ended since the caller looked (nothing done).
 */
export type HandBackResult =
  | { state: 'handed_back'; run: RunRow }
  | { state: 'limit'; run: RunRow; handBacks: number }
  | { state: 'changed'; run: RunRow | null };

export interface LifecycleOptions {
  db: Database;
  /** Redis publisher for run and notification events; null publishes nothing (scripts). */
  publisher: Publisher | null;
  links: Links;
  logger: Logger;
  now?: () => Date;
}

export interface Lifecycle {
  /**
   * QUEUED → RUNNING (or RUNNING → RUNNING for a later attempt, recorded as 'retried').
   * `queuedAt`, the time its job entered the queue, is recorded as the run's 'dispatched' event
   * on its first begin.
   */
  begin(runId: string, attempt: number, options?: { queuedAt?: Date }): Promise<BeginResult>;
  /**
   * Records progress of a RUNNING run; returns null when the run is not RUNNING (or, with a
   * fence, no longer on that attempt).
   */
  progress(runId: string, progress: Progress, fence?: Fence): Promise<RunRow | null>;
  /**
   * QUEUED/RUNNING → COMPLETED with the outcome; a no-op (`completed: false`) when the run has
   * already ended or, with a fence, was taken over by a later attempt.
   */
  complete(runId: string, completion: Completion, fence?: Fence): Promise<CompleteResult>;
  /**
   * Records, without moving the run, that an attempt failed and will be retried (events
   * 'attempt_failed' with the reason, then 'retry_scheduled' with the delay), so the run's
   * timeline says why it was retried. False when the run is no longer RUNNING on that attempt.
   */
  attemptFailed(
    runId: string,
    failure: { reasonCode: ReasonCode; retryInMs: number; detail?: string | null },
    fence: Fence,
  ): Promise<boolean>;
  /**
   * Records a cancellation request on an active run (once: a second request changes nothing)
   * and, under the run's row lock, asks `stopsNow` whether nobody is working on it (it removes
   * the run's job from the queue when it can): then the run ends CANCELLED in the same
   * transaction, which frees its provider connection. Otherwise the worker holding it stops it.
   */
  requestCancel(
    runId: string,
    request: CancelRequest,
    stopsNow: (run: RunRow) => Promise<boolean>,
  ): Promise<CancelResult>;
  /**
   * Hands an active run whose job vanished back: a QUEUED run to the outbox dispatcher (its
   * `dispatched_at` cleared); a RUNNING run's interrupted attempt gets its 'attempt_failed'
   * (RUN_INTERRUPTED), and its new job is the caller's to add. Records a 'requeued' event and
   * touches `updatedAt`. Only while the run is still as the caller saw it (active, dispatched,
   * `updatedAt` unchanged) and was handed back fewer than `limit` times.
   */
  handBack(runId: string, seen: { updatedAt: Date; jobState: string }, limit: number): Promise<HandBackResult>;
}

/**
 * A fencing token: the attempt a worker began. Once a later attempt has taken the run over (the
 * first worker was thought dead but was only slow), the earlier one can neither report
 * progress nor finish the run.
 */
export interface Fence {
  attempt: number;
}

const ACTIVE: RunStatus[] = ['QUEUED', 'RUNNING'];
const MAX_DETAIL = 1000;
const MAX_CANCEL_REASON = 500;

export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const { db, publisher, links, logger } = options;
  const now = options.now ?? (() => new Date());
  const r = schema.operationRuns;

  async function publish(row: RunRow, previous: { status: RunStatus; outcome: RunOutcome }): Promise<void> {
    if (!publisher) return;
    try {
      await publishRunEvent(publisher, row, previous);
    } catch (err) {
      // The change is committed; subscribers catch up from the run itself.
      logger.warn({ runId: row.id, err: (err as Error).message }, 'run event not published');
    }
  }

  async function publishNotification(n: NotificationRow): Promise<void> {
    await publishNotificationEvent(publisher, n, logger);
  }

  async function begin(runId: string, attempt: number, options: { queuedAt?: Date } = {}): Promise<BeginResult> {
    const decided = await db.transaction(async (tx) => {
      const [current] = await tx.select().from(r).where(eq(r.id, runId)).for('update');
      if (!current) return { action: 'skip', reason: 'NOT_FOUND', run: null } as const;
      if (current.status === 'COMPLETED') return { action: 'skip', reason: 'COMPLETED', run: current } as const;
      if (current.cancelRequestedAt) {
        // Cancelled while nobody worked on it (queued, backing off, or its worker died).
        const ended = await finish(tx, current, { outcome: 'CANCELLED' });
        return { action: 'skip', reason: 'CANCELLED', run: ended.run, ended } as const;
      }
      if (current.status === 'RUNNING' && attempt <= current.attempts) {
        return { action: 'skip', reason: 'DUPLICATE', run: current } as const;
      }
      const retried = current.status === 'RUNNING';
      const at = now();
      const [row] = await tx
        .update(r)
        .set({
          status: 'RUNNING',
          attempts: Math.max(attempt, current.attempts + 1),
          startedAt: current.startedAt ?? at,
          dispatchedAt: current.dispatchedAt ?? at,
          updatedAt: at,
          // A new attempt starts over; its counts replace the interrupted attempt's.
          ...(retried ? { progressProcessed: 0, progressSucceeded: 0, progressFailed: 0 } : {}),
        })
        .where(and(eq(r.id, runId), eq(r.status, current.status)))
        .returning();
      if (!row) throw new Error(`run ${runId} changed under a row lock`);
      const e = schema.runEvents;
      if (!retried && options.queuedAt) {
        await tx.insert(e).values({
          runId,
          type: 'dispatched',
          fromStatus: 'QUEUED',
          toStatus: 'QUEUED',
          outcome: current.outcome,
          data: {},
          createdAt: options.queuedAt,
        });
      }
      if (retried) {
        // An attempt that ended without a word (its worker died) gets its failure on the timeline.
        const [explained] = await tx
          .select({ id: e.id })
          .from(e)
          .where(
            and(
              eq(e.runId, runId),
              eq(e.type, 'attempt_failed'),
              sql`(${e.data}->>'attempt')::int = ${current.attempts}`,
            ),
          )
          .limit(1);
        if (!explained) {
          await tx.insert(e).values({
            runId,
            type: 'attempt_failed',
            fromStatus: 'RUNNING',
            toStatus: 'RUNNING',
            outcome: current.outcome,
            data: {
              attempt: current.attempts,
              reasonCode: 'RUN_INTERRUPTED',
              detail: 'The worker running this attempt stopped before it finished.',
            },
          });
        }
      }
      await tx.insert(e).values({
        runId,
        type: retried ? 'retried' : 'started',
        fromStatus: current.status,
        toStatus: 'RUNNING',
        outcome: row.outcome,
        data: { attempt: row.attempts, previousAttempt: current.attempts },
      });
      return { action: 'run', run: row, retried, previous: current } as const;
    });
    if (decided.action === 'skip') {
      if (decided.reason === 'CANCELLED') await published(decided.ended);
      const { ended: _ended, ...skip } = decided as typeof decided & { ended?: unknown };
      return skip as BeginResult;
    }
    await publish(decided.run, { status: decided.previous.status, outcome: decided.previous.outcome });
    return { action: 'run', run: decided.run, retried: decided.retried };
  }

  async function progress(runId: string, p: Progress, fence?: Fence): Promise<RunRow | null> {
    const row = await db.transaction(async (tx) => {
      const [updated] = await tx
        .update(r)
        .set({
          ...(p.total !== undefined ? { progressTotal: p.total } : {}),
          progressProcessed: p.processed,
          progressSucceeded: p.succeeded,
          progressFailed: p.failed,
          updatedAt: now(),
        })
        .where(and(eq(r.id, runId), eq(r.status, 'RUNNING'), fence ? eq(r.attempts, fence.attempt) : undefined))
        .returning();
      if (!updated) return null;
      await tx.insert(schema.runEvents).values({
        runId,
        type: 'progress',
        fromStatus: 'RUNNING',
        toStatus: 'RUNNING',
        outcome: updated.outcome,
        data: { ...p },
      });
      return updated;
    });
    if (row) await publish(row, { status: 'RUNNING', outcome: row.outcome });
    return row;
  }

  async function complete(runId: string, c: Completion, fence?: Fence): Promise<CompleteResult> {
    const decided = await db.transaction(async (tx) => {
      const [current] = await tx.select().from(r).where(eq(r.id, runId)).for('update');
      if (!current || current.status === 'COMPLETED' || (fence && current.attempts !== fence.attempt)) {
        return { completed: false, run: current ?? null } as const;
      }
      return finish(tx, current, c);
    });
    if (!decided.completed) return decided;
    observeRunDuration(decided.run);
    await published(decided);
    return { completed: true, run: decided.run, notification: decided.notification };
  }

  type Finished = { completed: true; run: RunRow; notification: NotificationRow | null; previous: RunRow };

  /**
   * The terminal write, on a run locked by the caller's transaction and still active: the row,
   * its 'completed' event and the initiator's notification. A run whose cancellation was
   * requested and that stopped because of it (or because its worker vanished) ends CANCELLED,
   * its detail naming who cancelled it.
   */
  async function finish(tx: Tx, current: RunRow, c: Completion): Promise<Finished> {
    const cancelled =
      c.outcome === 'CANCELLED' ||
      (current.cancelRequestedAt !== null && c.outcome === 'FAILED' && c.reasonCode === 'RUN_INTERRUPTED');
    const outcome = cancelled ? 'CANCELLED' : c.outcome;
    const reasonCode = cancelled ? null : (c.reasonCode ?? (c.outcome === 'FAILED' ? 'INTERNAL_ERROR' : null));
    const detail = cancelled ? await cancelDetail(tx, current) : c.reasonDetail;
    const reasonDetail = detail ? truncate(detail, MAX_DETAIL) : null;
    const at = now();
    const [row] = await tx
      .update(r)
      .set({
        status: 'COMPLETED',
        outcome,
        reasonCode,
        reasonDetail,
        ...(c.result !== undefined ? { result: c.result } : {}),
        ...(c.progress
          ? {
              ...(c.progress.total !== undefined ? { progressTotal: c.progress.total } : {}),
              progressProcessed: c.progress.processed,
              progressSucceeded: c.progress.succeeded,
              progressFailed: c.progress.failed,
            }
          : {}),
        completedAt: at,
        updatedAt: at,
      })
      .where(and(eq(r.id, current.id), inArray(r.status, ACTIVE)))
      .returning();
    if (!row) throw new Error(`run ${current.id} changed under a row lock`);
    await tx.insert(schema.runEvents).values({
      runId: current.id,
      type: 'completed',
      fromStatus: current.status,
      toStatus: 'COMPLETED',
      outcome: row.outcome,
      data: { reasonCode, attempt: row.attempts, ...(cancelled ? { detail: reasonDetail } : {}) },
      actorId: cancelled ? current.cancelRequestedBy : null,
    });
    const notification = await notifyInitiator(tx, row);
    await recordRunWebhookEvent(tx, row);
    return { completed: true, run: row, notification, previous: current };
  }

  /** After commit: the run's live event, then the initiator's notification. */
  async function published(done: Finished): Promise<void> {
    await publish(done.run, { status: done.previous.status, outcome: done.previous.outcome });
    if (done.notification) await publishNotification(done.notification);
  }

  /** "Cancelled by Olivia Owner: wrong tenant." — the words the run and the notification show. */
  async function cancelDetail(tx: Tx, run: RunRow): Promise<string> {
    let who = 'the system';
    if (run.cancelRequestedBy) {
      const u = schema.users;
      const [user] = await tx
        .select({ displayName: u.displayName, email: u.email })
        .from(u)
        .where(eq(u.id, run.cancelRequestedBy));
      who = user?.displayName || user?.email || 'a former member';
    }
    return run.cancelReason ? `Cancelled by ${who}: ${run.cancelReason}` : `Cancelled by ${who}.`;
  }

  async function requestCancel(
    runId: string,
    request: CancelRequest,
    stopsNow: (run: RunRow) => Promise<boolean>,
  ): Promise<CancelResult> {
    const reason = request.reason?.trim() ? truncate(request.reason.trim(), MAX_CANCEL_REASON) : null;
    const decided = await db.transaction(async (tx) => {
      const [current] = await tx.select().from(r).where(eq(r.id, runId)).for('update');
      if (!current) return { state: 'not_found', run: null } as const;
      if (current.status === 'COMPLETED') return { state: 'completed', run: current } as const;
      let run = current;
      if (!current.cancelRequestedAt) {
        const at = now();
        const [row] = await tx
          .update(r)
          .set({ cancelRequestedAt: at, cancelRequestedBy: request.actorId, cancelReason: reason, updatedAt: at })
          .where(eq(r.id, runId))
          .returning();
        if (!row) throw new Error(`run ${runId} changed under a row lock`);
        run = row;
        await tx.insert(schema.runEvents).values({
          runId,
          type: 'cancel_requested',
          fromStatus: current.status,
          toStatus: current.status,
          outcome: current.outcome,
          data: reason ? { reason } : {},
          actorId: request.actorId,
        });
        // The audit record of the cancellation, with the request (a repeated cancel adds none).
        await recordAudit(tx, {
          action: 'run.cancel',
          actorId: request.actorId,
          apiClientId: request.apiClientId ?? null,
          tenantId: current.tenantId,
          workspaceId: current.workspaceId,
          runId,
          target: { type: 'run', id: runId },
          detail: { operationType: current.operationType, status: current.status, reason },
        });
      }
      if (!(await stopsNow(run))) return { state: 'requested', run, previous: current } as const;
      const ended = await finish(tx, run, { outcome: 'CANCELLED' });
      return { state: 'cancelled', run: ended.run, ended } as const;
    });
    if (decided.state === 'cancelled') {
      await published(decided.ended);
      return { state: 'cancelled', run: decided.run, notification: decided.ended.notification };
    }
    if (decided.state === 'requested') {
      // Subscribers see the request (the run's row changed); the worker is told by the caller.
      await publish(decided.run, { status: decided.previous.status, outcome: decided.previous.outcome });
      return { state: 'requested', run: decided.run };
    }
    return decided;
  }

  /**
   * The initiator's notification, written with the terminal transition. Only while the
   * initiator is still a member of the tenant: someone removed since the start learns nothing
   * more about it. `on conflict do nothing` makes a second terminal write (which the status
   * guard already prevents) harmless too.
   */
  async function notifyInitiator(tx: Tx, run: RunRow): Promise<NotificationRow | null> {
    if (!run.initiatedBy) return null;
    const m = schema.tenantMembers;
    const [member] = await tx
      .select({ userId: m.userId })
      .from(m)
      .where(and(eq(m.tenantId, run.tenantId), eq(m.userId, run.initiatedBy)));
    if (!member) return null;
    const message = runMessage(
      links,
      {
        id: run.id,
        operationType: run.operationType,
        status: run.status,
        outcome: run.outcome,
        reasonCode: run.reasonCode as ReasonCode | null,
        reasonDetail: run.reasonDetail,
      },
      {
        tenantId: run.tenantId,
        providerConnectionId: run.providerConnectionId,
        restoreRunId: restoreRunOf(run),
        connection: run.providerConnectionSnapshot,
      },
    );
    const [inserted] = await recordNotifications(tx, [
      {
        userId: run.initiatedBy,
        runId: run.id,
        title: message.headline,
        body: message.reason ? `${message.reason} ${message.nextStep}` : message.nextStep,
      },
    ]);
    return inserted ?? null;
  }

  async function attemptFailed(
    runId: string,
    failure: { reasonCode: ReasonCode; retryInMs: number; detail?: string | null },
    fence: Fence,
  ): Promise<boolean> {
    return db.transaction(async (tx) => {
      const [current] = await tx
        .select({ status: r.status, attempts: r.attempts, outcome: r.outcome })
        .from(r)
        .where(eq(r.id, runId))
        .for('update');
      if (current?.status !== 'RUNNING' || current.attempts !== fence.attempt) return false;
      const detail = failure.detail ? truncate(failure.detail, MAX_DETAIL) : null;
      await tx.insert(schema.runEvents).values([
        {
          runId,
          type: 'attempt_failed',
          fromStatus: 'RUNNING',
          toStatus: 'RUNNING',
          outcome: current.outcome,
          data: { attempt: fence.attempt, reasonCode: failure.reasonCode, ...(detail ? { detail } : {}) },
        },
        {
          runId,
          type: 'retry_scheduled',
          fromStatus: 'RUNNING',
          toStatus: 'RUNNING',
          outcome: current.outcome,
          data: { attempt: fence.attempt + 1, retryInMs: failure.retryInMs },
        },
      ]);
      return true;
    });
  }

  async function handBack(
    runId: string,
    seen: { updatedAt: Date; jobState: string },
    limit: number,
  ): Promise<HandBackResult> {
    return db.transaction(async (tx): Promise<HandBackResult> => {
      const [current] = await tx.select().from(r).where(eq(r.id, runId)).for('update');
      if (
        !current ||
        !ACTIVE.includes(current.status) ||
        current.dispatchedAt === null ||
        current.updatedAt.getTime() !== seen.updatedAt.getTime()
      ) {
        return { state: 'changed', run: current ?? null };
      }
      const e = schema.runEvents;
      const [counted] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(e)
        .where(and(eq(e.runId, runId), eq(e.type, 'requeued')));
      const handBacks = counted?.n ?? 0;
      if (handBacks >= limit) return { state: 'limit', run: current, handBacks };
      const [row] = await tx
        .update(r)
        .set({ ...(current.status === 'QUEUED' ? { dispatchedAt: null } : {}), updatedAt: now() })
        .where(and(eq(r.id, runId), eq(r.status, current.status)))
        .returning();
      if (!row) throw new Error(`run ${runId} changed under a row lock`);
      if (current.status === 'RUNNING') {
        await tx.insert(e).values({
          runId,
          type: 'attempt_failed',
          fromStatus: 'RUNNING',
          toStatus: 'RUNNING',
          outcome: current.outcome,
          data: {
            attempt: current.attempts,
            reasonCode: 'RUN_INTERRUPTED',
            detail: 'Its job was lost from the queue; the run was queued again.',
          },
        });
      }
      await tx.insert(e).values({
        runId,
        type: 'requeued',
        fromStatus: current.status,
        toStatus: current.status,
        outcome: current.outcome,
        data: { jobState: seen.jobState, attempt: current.attempts, handBack: handBacks + 1 },
      });
      return { state: 'handed_back', run: row };
    });
  }

  return { begin, progress, complete, attemptFailed, requestCancel, handBack };
}

/**
 * The terminal run's outbound webhook event, in the completing transaction: `run.failed` for
 * FAILED, `run.completed` for every other end (SUCCEEDED, PARTIALLY_SUCCEEDED, and CANCELLED: a
 * cancellation is someone's decision, not a failure of the run; `data.outcome` tells them apart).
 * Written only when an endpoint of the run's workspace subscribes to it (`recordWebhookEvent`).
 */
async function recordRunWebhookEvent(tx: Tx, run: RunRow): Promise<void> {
  if (!run.workspaceId) return;
  const type: WebhookEventType = run.outcome === 'FAILED' ? 'RUN_FAILED' : 'RUN_COMPLETED';
  const reasonCode = run.reasonCode as ReasonCode | null;
  await recordWebhookEvent(tx, {
    workspaceId: run.workspaceId,
    tenantId: run.tenantId,
    type,
    runId: run.id,
    data: {
      operationType: run.operationType,
      initiatedFrom: run.initiatedFrom,
      initiatedBy: run.initiatedBy,
      status: run.status,
      outcome: run.outcome,
      reasonCode,
      problemClass: reasonCode ? problemClassOf(reasonCode) : null,
      reasonDetail: run.reasonDetail,
      providerConnectionId: run.providerConnectionSnapshot?.id ?? run.providerConnectionId,
      attempts: run.attempts,
      progress: {
        total: run.progressTotal,
        processed: run.progressProcessed,
        succeeded: run.progressSucceeded,
        failed: run.progressFailed,
      },
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      completedAt: run.completedAt?.toISOString() ?? null,
    },
  });
}

function restoreRunOf(run: RunRow): string | null {
  const id = run.input?.restoreRunId;
  return typeof id === 'string' ? id : null;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `msp_run_duration_seconds`: from start (or creation, for a run that never started) to completion. */
function observeRunDuration(run: RunRow): void {
  const from = run.startedAt ?? run.createdAt;
  const to = run.completedAt ?? new Date();
  if (!from) return;
  runDurationSeconds.observe(
    { operation_type: run.operationType, outcome: run.outcome },
    Math.max(0, (to.getTime() - new Date(from).getTime()) / 1000),
  );
}
