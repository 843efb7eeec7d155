/**
 * Run control: cancelling an active run and retrying one that ended without succeeding.
 *
 * Cancel (`run.cancel` in the capability registry: any run with operations.cancel, a run the
 * caller started with operations.cancel_own). The request is stored on the run by the run
 * lifecycle, under the run's row lock. A run nobody is working on ends CANCELLED in that same
 * transaction, its connection freed: a QUEUED run (its job removed from BullMQ), a RUNNING run
 * whose job waits for a retry (removed too), or whose job is gone (the seeded never-dispatched
 * runs). A run a worker holds is stopped cooperatively: the request is published on Redis, the
 * worker holding it aborts it (the Graph client stops before its next request or page) and
 * completes it CANCELLED with what it did; the call waits for that a little while, then answers
 * with the run as it is. A worker that died holding it: the run ends CANCELLED as soon as its
 * job is taken over (the next begin sees the stored request), without running again.
 *
 * Retry: a new start of the same operation, target and connection choice through the gate
 * (surface MONITORING), linked to the original run; the gate answers it like any start.
 */
import { type Database, type RunRow, schema } from '@msp/db';
import {
  type Actor,
  type Blocker,
  decideRunAccess,
  decideTenantAccess,
  fail,
  type Gate,
  NOT_FOUND,
  ok,
  type Publisher,
  parseInput,
  publishRunCancel,
  type Result,
  type StartResult,
  startAction,
  type TenantRole,
  uuid,
} from '@msp/gate';
import { withTimeout } from '@msp/process';
import { linkExecution, restoreExecutionPrecondition } from '@msp/restore';
import type { Lifecycle } from '@msp/run-lifecycle';
import type { Queue } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { RunModel } from '../model';
import { loadRuns, runColumns } from './runs';

export interface RunControlOptions {
  db: Database;
  /** The provider operations queue: a cancelled run's job is removed from it. */
  queue: Queue;
  /** Redis publisher: cancellation requests to the workers. */
  publisher: Publisher;
  /** The run lifecycle: the only code that moves a run after admission. */
  lifecycle: Lifecycle;
  /** The start gate, for retries. */
  gate: Gate;
  logger: Logger;
  /**
   * How long `cancel` waits for the worker holding a running run to stop it before answering
   * with the run as it is (RUNNING, its cancellation requested). Processors stop before their
   * next Graph request, so this is usually milliseconds.
   * @defaultValue 3000
   */
  cancelWaitMs?: number;
  /**
   * Longest wait for one Redis call (job state, job removal, publish); past it the stored request
   * does the work.
   * @defaultValue 1000
   */
  redisTimeoutMs?: number;
}

export interface RunControl {
  cancel(actor: Actor, input: { id: string; reason?: string | null }): Promise<Result<RunModel>>;
  retry(actor: Actor, input: { id: string; idempotencyKey?: string | null }): Promise<Result<StartResult>>;
}

/** Outcomes a retry is for: the run ended without doing its work. */
export const RETRYABLE_OUTCOMES: ReadonlySet<RunModel['outcome']> = new Set(['FAILED', 'CANCELLED', 'BLOCKED']);
/** A cancellation reason is a note for the initiator, not a document. */
export const MAX_CANCEL_REASON = 500;

/** BullMQ job states in which no worker holds the job. */
const WAITING_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children', 'paused']);
const GONE_STATES = new Set(['unknown', 'completed', 'failed']);

const cancelInput = z.object({
  id: uuid,
  reason: z
    .string()
    .max(MAX_CANCEL_REASON, { message: `must be at most ${MAX_CANCEL_REASON} characters` })
    .nullish(),
});

/** A run with the caller's membership of its tenant (null: not a member). */
async function runWithRole(db: Database, actor: Actor, id: string) {
  const r = schema.operationRuns;
  const t = schema.tenants;
  const m = schema.tenantMembers;
  const [row] = await db
    .select({ run: runColumns, workspaceId: t.workspaceId, tenantStatus: t.status, role: m.role })
    .from(r)
    .innerJoin(t, eq(t.id, r.tenantId))
    .leftJoin(m, and(eq(m.tenantId, r.tenantId), eq(m.userId, actor.userId)))
    .where(eq(r.id, id));
  if (!row) return null;
  return {
    run: row.run,
    membership: {
      tenantId: row.run.tenantId,
      workspaceId: row.workspaceId,
      tenantStatus: row.tenantStatus,
      role: row.role as TenantRole | null,
    },
  };
}

export function createRunControl(options: RunControlOptions): RunControl {
  const { db, queue, publisher, lifecycle, gate, logger } = options;
  const cancelWaitMs = options.cancelWaitMs ?? 3000;
  const redisTimeoutMs = options.redisTimeoutMs ?? 1000;

  /** A Redis call bounded in time; null when it failed or took too long (logged). */
  async function bounded<T>(what: string, call: () => Promise<T>): Promise<T | null> {
    try {
      return await withTimeout(call(), redisTimeoutMs);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, `${what} failed`);
      return null;
    }
  }

  /**
   * Under the run's row lock: is nobody working on it? Removes its job when it waits in the
   * queue. A QUEUED run always ends now: a worker that took its job meanwhile waits for the lock
   * and then finds it completed.
   */
  async function stopsNow(run: RunRow): Promise<boolean> {
    if (run.status === 'QUEUED') {
      await bounded('removing a cancelled job', () => queue.remove(run.id));
      return true;
    }
    const state = await bounded('reading a job state', () => queue.getJobState(run.id));
    if (state === null || state === 'active') return false;
    if (GONE_STATES.has(state)) return true;
    if (WAITING_STATES.has(state)) return (await bounded('removing a cancelled job', () => queue.remove(run.id))) === 1;
    return false;
  }

  function alreadyCompleted(run: RunModel): Result<RunModel> {
    // Cancelling twice is the same as once.
    if (run.outcome === 'CANCELLED') return ok(run);
    return fail('CONFLICT', `This run already completed (${run.outcome}): there is nothing to cancel.`);
  }

  async function waitUntilCompleted(runId: string): Promise<void> {
    const r = schema.operationRuns;
    const deadline = Date.now() + cancelWaitMs;
    while (Date.now() < deadline) {
      const [row] = await db.select({ status: r.status }).from(r).where(eq(r.id, runId));
      if (!row || row.status === 'COMPLETED') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function reload(actor: Actor, id: string): Promise<Result<RunModel>> {
    const [loaded] = await loadRuns(db, actor, [id]);
    return loaded ?? fail('NOT_FOUND', NOT_FOUND.operationRun);
  }

  async function cancel(actor: Actor, input: { id: string; reason?: string | null }): Promise<Result<RunModel>> {
    const parsed = parseInput(cancelInput, input);
    if (!parsed.ok) return parsed;
    const { id, reason } = parsed.value;
    const found = await runWithRole(db, actor, id);
    if (!found) return fail('NOT_FOUND', NOT_FOUND.operationRun);
    const access = decideRunAccess(found.membership, 'run.cancel', found.run, actor);
    if (!access.ok) return access;
    if (found.run.status === 'COMPLETED') return alreadyCompleted(found.run);

    const decided = await lifecycle.requestCancel(
      id,
      { actorId: actor.userId, apiClientId: actor.apiClientId ?? null, reason: reason ?? null },
      stopsNow,
    );
    switch (decided.state) {
      case 'not_found':
        return fail('NOT_FOUND', NOT_FOUND.operationRun);
      case 'completed':
        return alreadyCompleted(decided.run);
      case 'cancelled':
        logger.info({ runId: id }, 'run cancelled before a worker ran it');
        return ok(decided.run);
      case 'requested':
        await bounded('publishing a cancellation', () => publishRunCancel(publisher, { runId: id }));
        await waitUntilCompleted(id);
        return reload(actor, id);
    }
  }

  /** The operation's own precondition, re-read for the retry (a restore must still be executable). */
  async function preconditionOf(run: RunModel): Promise<Blocker | null> {
    if (run.operationType === 'RESTORE_EXECUTION') return restoreExecutionPrecondition(db, run.input.restoreRunId);
    return null;
  }

  async function retry(
    actor: Actor,
    input: { id: string; idempotencyKey?: string | null },
  ): Promise<Result<StartResult>> {
    const parsed = parseInput(z.object({ id: uuid }), { id: input.id });
    if (!parsed.ok) return parsed;
    const found = await runWithRole(db, actor, parsed.value.id);
    if (!found) return fail('NOT_FOUND', NOT_FOUND.operationRun);
    const { run } = found;
    // Membership, then the capability to start this run's operation, before anything else.
    const access = decideTenantAccess(found.membership, startAction(run.operationType), NOT_FOUND.operationRun);
    if (!access.ok) return access;
    if (run.status !== 'COMPLETED' || !RETRYABLE_OUTCOMES.has(run.outcome)) {
      return fail(
        'CONFLICT',
        run.status === 'COMPLETED'
          ? `Only a failed, cancelled or blocked run can be retried; this one ${run.outcome === 'SUCCEEDED' ? 'succeeded' : 'partially succeeded'}.`
          : 'Only a failed, cancelled or blocked run can be retried; this one is still active.',
      );
    }
    const started = await gate.start({
      actor,
      operationType: run.operationType,
      surface: 'MONITORING',
      tenantId: run.tenantId,
      // The same choice as the original: the connection it named, or the tenant's default now.
      providerConnectionId: run.providerConnectionChosen
        ? (run.providerConnectionId ?? run.providerConnectionSnapshot?.id ?? null)
        : null,
      target: run.target,
      input: run.input,
      idempotencyKey: input.idempotencyKey ?? null,
      precondition: await preconditionOf(run),
      retryOf: run.id,
    });
    if (
      started.ok &&
      started.value.outcome === 'ACCEPTED' &&
      run.operationType === 'RESTORE_EXECUTION' &&
      typeof run.input.restoreRunId === 'string'
    ) {
      await linkExecution(db, run.input.restoreRunId, started.value.run.id);
    }
    return started.ok ? ok(await withRows(actor, started.value)) : started;
  }

  /**
   * The runs a start result points at, as whole rows: here the result's runs are this subgraph's
   * own OperationRun entity (not a reference to resolve elsewhere), so every field must be there.
   */
  async function withRows(actor: Actor, result: StartResult): Promise<StartResult> {
    const row = async <T extends { id: string }>(ref: T): Promise<T> => {
      const [loaded] = await loadRuns(db, actor, [ref.id]);
      return loaded?.ok ? { ...ref, ...loaded.value } : ref;
    };
    switch (result.outcome) {
      case 'SCOPE_BUSY':
        return { ...result, activeRun: await row(result.activeRun) };
      case 'BLOCKED':
        return { ...result, run: result.run ? await row(result.run) : null };
      default:
        return { ...result, run: await row(result.run) };
    }
  }

  return { cancel, retry };
}
