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
 */
import { type Database, type RunRow, schema } from '@msp/db';
import {
  type Links,
  type NotificationEvent,
  notificationChannel,
  type Publisher,
  publishRunEvent,
  type ReasonCode,
  type RunOutcome,
  type RunStatus,
  runMessage,
} from '@msp/gate';
import { and, eq, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';

export type NotificationRow = typeof schema.notifications.$inferSelect;
type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

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
       * attempt is (or was) working on it.
       */
      reason: 'NOT_FOUND' | 'COMPLETED' | 'DUPLICATE';
      run: RunRow | null;
    };

export type CompleteResult =
  | { completed: true; run: RunRow; notification: NotificationRow | null }
  | { completed: false; run: RunRow | null };

export interface LifecycleOptions {
  db: Database;
  /** Redis publisher for run and notification events; null publishes nothing (scripts). */
  publisher: Publisher | null;
  links: Links;
  logger: Logger;
  now?: () => Date;
}

export interface Lifecycle {
  /** QUEUED → RUNNING (or RUNNING → RUNNING for a later attempt, recorded as 'retried'). */
  begin(runId: string, attempt: number): Promise<BeginResult>;
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
   * Records, without moving the run, that an attempt failed and will be retried (event
   * 'attempt_failed'), so the run's timeline says why it was retried. False when the run is no
   * longer RUNNING on that attempt.
   */
  attemptFailed(runId: string, failure: { reasonCode: ReasonCode; retryInMs: number }, fence: Fence): Promise<boolean>;
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
    if (!publisher) return;
    const event: NotificationEvent = {
      id: n.id,
      userId: n.userId,
      runId: n.runId,
      title: n.title,
      body: n.body,
      createdAt: n.createdAt.toISOString(),
    };
    try {
      await publisher.publish(notificationChannel(n.userId), JSON.stringify(event));
    } catch (err) {
      logger.warn({ runId: n.runId, err: (err as Error).message }, 'notification event not published');
    }
  }

  async function begin(runId: string, attempt: number): Promise<BeginResult> {
    const decided = await db.transaction(async (tx) => {
      const [current] = await tx.select().from(r).where(eq(r.id, runId)).for('update');
      if (!current) return { action: 'skip', reason: 'NOT_FOUND', run: null } as const;
      if (current.status === 'COMPLETED') return { action: 'skip', reason: 'COMPLETED', run: current } as const;
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
      await tx.insert(schema.runEvents).values({
        runId,
        type: retried ? 'retried' : 'started',
        fromStatus: current.status,
        toStatus: 'RUNNING',
        outcome: row.outcome,
        data: { attempt: row.attempts, previousAttempt: current.attempts },
      });
      return { action: 'run', run: row, retried, previous: current } as const;
    });
    if (decided.action === 'skip') return decided;
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
    const reasonCode = c.reasonCode ?? (c.outcome === 'FAILED' ? 'INTERNAL_ERROR' : null);
    const reasonDetail = c.reasonDetail ? truncate(c.reasonDetail, MAX_DETAIL) : null;
    const decided = await db.transaction(async (tx) => {
      const [current] = await tx.select().from(r).where(eq(r.id, runId)).for('update');
      if (!current || current.status === 'COMPLETED' || (fence && current.attempts !== fence.attempt)) {
        return { completed: false, run: current ?? null } as const;
      }
      const at = now();
      const [row] = await tx
        .update(r)
        .set({
          status: 'COMPLETED',
          outcome: c.outcome,
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
        .where(and(eq(r.id, runId), inArray(r.status, ACTIVE)))
        .returning();
      if (!row) throw new Error(`run ${runId} changed under a row lock`);
      await tx.insert(schema.runEvents).values({
        runId,
        type: 'completed',
        fromStatus: current.status,
        toStatus: 'COMPLETED',
        outcome: row.outcome,
        data: { reasonCode, attempt: row.attempts },
      });
      const notification = await notifyInitiator(tx, row);
      return { completed: true, run: row, notification, previous: current } as const;
    });
    if (!decided.completed) return decided;
    await publish(decided.run, { status: decided.previous.status, outcome: decided.previous.outcome });
    if (decided.notification) await publishNotification(decided.notification);
    return { completed: true, run: decided.run, notification: decided.notification };
  }

  /**
   * The initiator's notification, written with the terminal transition. Only while the
   * initiator is still a member of the tenant: someone removed since the start learns nothing
   * more about it. `on conflict do nothing` makes a second terminal write (which the status
   * guard already prevents) harmless too.
   */
  async function notifyInitiator(tx: Transaction, run: RunRow): Promise<NotificationRow | null> {
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
      { tenantId: run.tenantId, providerConnectionId: run.providerConnectionId, restoreRunId: restoreRunOf(run) },
    );
    const [inserted] = await tx
      .insert(schema.notifications)
      .values({
        userId: run.initiatedBy,
        runId: run.id,
        title: message.headline,
        body: message.reason ? `${message.reason} ${message.nextStep}` : message.nextStep,
      })
      .onConflictDoNothing({ target: [schema.notifications.runId, schema.notifications.userId] })
      .returning();
    return inserted ?? null;
  }

  async function attemptFailed(
    runId: string,
    failure: { reasonCode: ReasonCode; retryInMs: number },
    fence: Fence,
  ): Promise<boolean> {
    return db.transaction(async (tx) => {
      const [current] = await tx
        .select({ status: r.status, attempts: r.attempts, outcome: r.outcome })
        .from(r)
        .where(eq(r.id, runId))
        .for('update');
      if (current?.status !== 'RUNNING' || current.attempts !== fence.attempt) return false;
      await tx.insert(schema.runEvents).values({
        runId,
        type: 'attempt_failed',
        fromStatus: 'RUNNING',
        toStatus: 'RUNNING',
        outcome: current.outcome,
        data: { attempt: fence.attempt, reasonCode: failure.reasonCode, retryInMs: failure.retryInMs },
      });
      return true;
    });
  }

  return { begin, progress, complete, attemptFailed };
}

function restoreRunOf(run: RunRow): string | null {
  const id = run.input?.restoreRunId;
  return typeof id === 'string' ? id : null;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
