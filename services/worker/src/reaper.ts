/**
 * The reaper: the backstop that keeps "no lost work" and "no run stays RUNNING forever" true
 * when everything else missed. It looks at active runs that were handed to the queue and have not
 * changed for a while, and asks BullMQ for their job:
 *
 * - the job vanished (Redis lost it: restarted without persistence, flushed, failed over): the run
 *   is handed back (`Lifecycle.handBack`). A QUEUED run goes to the outbox dispatcher, which
 *   enqueues it again, and starts as if nothing happened. A RUNNING one (its worker stopped with
 *   the job, or it was backing off for a retry in the lost delayed set) gets a new job from here,
 *   carrying its attempts so far, and is taken over as its next attempt. (Not through the
 *   dispatcher: a RUNNING run without `dispatched_at` is also what a seed writes for a run that
 *   must stay stuck.) A run handed back `maxHandBacks` times ends FAILED with RUN_INTERRUPTED;
 * - the job finished without finishing the run (failed, or completed by a worker that then died
 *   before the run's terminal write): the run ends FAILED with RUN_INTERRUPTED. BullMQ keeps
 *   finished job ids for a day, so enqueueing such a run again would be a no-op anyway.
 *
 * A run whose job is waiting, active or delayed (a retry backing off) is left alone: a worker
 * will get to it, and a worker that died holding it is the stalled-job check's business.
 */

import { type Database, databaseErrorSummary, isDatabaseUnavailable, schema } from '@msp/db';
import { enqueueTakeover } from '@msp/gate';
import { every } from '@msp/process';
import type { Lifecycle } from '@msp/run-lifecycle';
import { runsReaped, runsRequeued } from '@msp/telemetry';
import type { Queue } from 'bullmq';
import { and, asc, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Logger } from 'pino';

export interface ReaperOptions {
  db: Database;
  queue: Queue;
  lifecycle: Lifecycle;
  logger: Logger;
  /**
   * Active runs untouched (no progress, no transition) for at least this long are checked.
   * Well above the job lock duration, so a freshly crashed worker is left to the stalled-job
   * check, which can still retry the run.
   * @defaultValue 120_000
   */
  thresholdMs?: number;
  /** @defaultValue 60_000 */
  intervalMs?: number;
  /** Runs checked per pass. @defaultValue 200 */
  batchSize?: number;
  /**
   * Times one run is handed back to the dispatcher after its job vanished before it ends FAILED
   * with RUN_INTERRUPTED instead: Redis losing the same run's job again and again is not a blip.
   * @defaultValue 3
   */
  maxHandBacks?: number;
}

export interface Reaper {
  /**
   * One pass; returns the ids of the runs it ended (`requeued`: those it handed back to the
   * dispatcher, when the caller passes an array to collect them).
   */
  tick(requeued?: string[]): Promise<string[]>;
  start(): void;
  stop(): Promise<void>;
}

/** Job states after which no worker will ever pick the job up again. */
const DEAD_STATES = new Set(['unknown', 'failed', 'completed']);

export function createReaper(options: ReaperOptions): Reaper {
  const { db, queue, lifecycle, logger } = options;
  const thresholdMs = options.thresholdMs ?? 120_000;
  const intervalMs = options.intervalMs ?? 60_000;
  const batchSize = options.batchSize ?? 200;
  const maxHandBacks = options.maxHandBacks ?? 3;

  async function tick(requeued: string[] = []): Promise<string[]> {
    const r = schema.operationRuns;
    // Undispatched runs belong to the outbox dispatcher, which enqueues them.
    const candidates = await db
      .select({ id: r.id, updatedAt: r.updatedAt })
      .from(r)
      .where(
        and(
          inArray(r.status, ['QUEUED', 'RUNNING']),
          isNotNull(r.dispatchedAt),
          lt(r.updatedAt, new Date(Date.now() - thresholdMs)),
        ),
      )
      .orderBy(asc(r.updatedAt))
      .limit(batchSize);
    const ended: string[] = [];
    for (const { id, updatedAt } of candidates) {
      const state = await queue.getJobState(id);
      if (!DEAD_STATES.has(state)) continue;
      if (state === 'unknown') {
        const handed = await lifecycle.handBack(id, { updatedAt, jobState: state }, maxHandBacks);
        if (handed.state === 'handed_back') {
          const { run } = handed;
          if (run.status === 'RUNNING') {
            try {
              await enqueueTakeover(queue, run);
            } catch (err) {
              // Redis is still away: the next pass (its `updatedAt` was just touched) tries again.
              logger.warn({ runId: id, err: (err as Error).message }, 'reaper: could not enqueue a run handed back');
              continue;
            }
          }
          requeued.push(id);
          runsRequeued.inc();
          logger.warn(
            { runId: id, status: handed.run.status, attempt: handed.run.attempts },
            'reaper handed a run whose job vanished back to the dispatcher',
          );
        }
        if (handed.state !== 'limit') continue;
      }
      const detail =
        state === 'unknown'
          ? `Its job disappeared from the queue, ${maxHandBacks} times.`
          : `Its job is ${state}, but the run was never finished.`;
      // Guarded by status: a worker finishing the run at this moment wins, and this is a no-op.
      const done = await lifecycle.complete(id, {
        outcome: 'FAILED',
        reasonCode: 'RUN_INTERRUPTED',
        reasonDetail: detail,
      });
      if (done.completed) {
        ended.push(id);
        runsReaped.inc();
        logger.warn({ runId: id, jobState: state }, 'reaper ended an orphaned run');
      }
    }
    return ended;
  }

  const loop = every(intervalMs, tick, (err) => {
    if (isDatabaseUnavailable(err)) logger.warn({ cause: databaseErrorSummary(err) }, 'reaper: database unreachable');
    else logger.error({ err }, 'reaper pass failed');
  });
  return { tick, start: loop.start, stop: loop.stop };
}
