/**
 * The outbox dispatcher. A start commits its run before it enqueues; when the enqueue fails
 * (Redis down, process killed in between), the run stays QUEUED with no `dispatched_at`. This
 * loop finds such runs and enqueues them. The job id is the run id, so an enqueue that did
 * reach Redis after all makes the second one a no-op: each run is queued exactly once.
 *
 * The worker's reaper hands a QUEUED run whose job vanished from Redis back here the same way (it
 * clears `dispatched_at`).
 */

import { type Database, databaseErrorSummary, isDatabaseUnavailable, schema } from '@msp/db';
import { every } from '@msp/process';
import { outboxDispatched } from '@msp/telemetry';
import type { Queue } from 'bullmq';
import { and, asc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Logger } from 'pino';
import { enqueueOperation } from './jobs';

export interface DispatcherOptions {
  db: Database;
  queue: Queue;
  logger: Logger;
  /**
   * Runs younger than this are left to the start that created them, whose own enqueue is
   * probably still in flight.
   * @defaultValue 5000
   */
  graceMs?: number;
  /** @defaultValue 2000 */
  intervalMs?: number;
  /** @defaultValue 500 */
  batchSize?: number;
}

export interface Dispatcher {
  /** One pass; returns how many runs were enqueued. */
  tick(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, queue, logger } = options;
  const graceMs = options.graceMs ?? 5000;
  const intervalMs = options.intervalMs ?? 2000;
  const batchSize = options.batchSize ?? 500;

  async function tick(): Promise<number> {
    const r = schema.operationRuns;
    const pending = await db
      .select({ id: r.id, operationType: r.operationType })
      .from(r)
      .where(and(eq(r.status, 'QUEUED'), isNull(r.dispatchedAt), lt(r.createdAt, new Date(Date.now() - graceMs))))
      .orderBy(asc(r.createdAt))
      .limit(batchSize);
    const done: string[] = [];
    for (const run of pending) {
      try {
        await enqueueOperation(queue, { runId: run.id, operationType: run.operationType });
        outboxDispatched.inc();
        done.push(run.id);
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'dispatcher: Redis unavailable, will retry');
        break;
      }
    }
    if (done.length > 0) {
      await db.update(r).set({ dispatchedAt: new Date() }).where(inArray(r.id, done));
      logger.info({ count: done.length }, 'dispatcher enqueued undispatched runs');
    }
    return done.length;
  }

  const loop = every(intervalMs, tick, (err) => {
    // An unreachable database is an outage the next pass outlives, not a bug.
    if (isDatabaseUnavailable(err))
      logger.warn({ cause: databaseErrorSummary(err) }, 'dispatcher: database unreachable');
    else logger.error({ err }, 'dispatcher pass failed');
  });
  return { tick, start: loop.start, stop: loop.stop };
}
