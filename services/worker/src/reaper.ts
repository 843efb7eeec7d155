/**
 * The reaper: the backstop that keeps "no run stays RUNNING forever" true when everything else
 * missed. It looks at active runs that were handed to the queue and have not changed for a
 * while, asks BullMQ for their job, and ends FAILED with RUN_INTERRUPTED each run whose job
 * vanished (Redis lost it, someone removed it) or finished without finishing the run (failed,
 * or completed by a worker that then died before the run's terminal write).
 *
 * A run whose job is waiting, active or delayed (a retry backing off) is left alone: a worker
 * will get to it, and a worker that died holding it is the stalled-job check's business.
 */

import { type Database, schema } from '@msp/db';
import { every } from '@msp/process';
import type { Lifecycle } from '@msp/run-lifecycle';
import { runsReaped } from '@msp/telemetry';
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
}

export interface Reaper {
  /** One pass; returns the ids of the runs it ended. */
  tick(): Promise<string[]>;
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

  async function tick(): Promise<string[]> {
    const r = schema.operationRuns;
    // Undispatched QUEUED runs belong to the outbox dispatcher, which enqueues them.
    const candidates = await db
      .select({ id: r.id })
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
    for (const { id } of candidates) {
      const state = await queue.getJobState(id);
      if (!DEAD_STATES.has(state)) continue;
      const detail =
        state === 'unknown'
          ? 'Its job disappeared from the queue.'
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

  const loop = every(intervalMs, tick, (err) => logger.error({ err }, 'reaper pass failed'));
  return { tick, start: loop.start, stop: loop.stop };
}
