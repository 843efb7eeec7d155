/**
 * Issue 10, acceptance 3: Redis lost without persistence while runs are queued and running. A
 * PRIVATE redis-server (`--save "" --appendonly no`, tests/support/redis-server.ts) is killed with
 * SIGKILL and started again empty while the worker (in this process, on the file's own database)
 * holds runs in every state a job can be in:
 *
 * - RUNNING, its worker busy with it (Graph answering slowly): the worker finishes it; only the
 *   job's bookkeeping in Redis is gone;
 * - QUEUED, its job waiting behind them: the job vanished with Redis, the reaper hands the run
 *   back to the outbox dispatcher, which enqueues it again;
 * - RUNNING, backing off before a retry (Graph throttled it; its job sat in the delayed set): the
 *   job vanished, the reaper hands the run back, and the new job takes it over as its next attempt.
 *
 * Every accepted run still completes, SUCCEEDED, each with one terminal notification.
 */
import { schema } from '@msp/db';
import { createGate, type Gate } from '@msp/gate';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import { createTestQueue } from '@msp/tests/support/redis';
import { startPrivateRedis, waitUntil } from '@msp/tests/support/redis-server';
import { waitForRun } from '@msp/tests/support/runs';
import { links, testRuntimeOptions } from '@msp/tests/support/worker';
import { createWorkerRuntime } from '@msp/worker';
import { and, asc, eq, inArray } from 'drizzle-orm';

describe('Redis lost without persistence', () => {
  test('queued, running and backing-off runs all complete after Redis comes back empty', async ({ db, seed, sim }) => {
    const redis = await startPrivateRedis();
    const queue = createTestQueue(redis.url);
    queue.queue.on('error', () => {});
    const runtime = createWorkerRuntime(
      testRuntimeOptions(db.db, queue, sim.url, {
        concurrency: 2,
        dispatcher: { graceMs: 500, intervalMs: 200 },
        reaper: { thresholdMs: 1_500, intervalMs: 250 },
      }),
    );
    const gate: Gate = createGate({ db: db.db, queue: queue.queue, links, logger: testLogger });
    await runtime.start();
    try {
      const start = async (options: { groups?: number; latencyMs?: number; throttle?: boolean }) => {
        const w = await seed.world();
        await sim.configure(w.connection.entraTenantId, {
          groups: options.groups ?? 4,
          latencyMs: options.latencyMs ?? 0,
          ...(options.throttle ? { throttle: true, throttleScope: 'graph', retryAfterSeconds: 60 } : {}),
        });
        const r = await gate.start({
          actor: { userId: w.owner.id },
          tenantId: w.tenant.id,
          operationType: 'DIRECTORY_GROUPS_SYNC',
          surface: 'TENANT',
        });
        if (!r.ok || r.value.outcome !== 'ACCEPTED') throw new Error(`expected ACCEPTED, got ${JSON.stringify(r)}`);
        return { runId: r.value.run.id, entraTenantId: w.connection.entraTenantId };
      };
      const r = schema.operationRuns;
      const e = schema.runEvents;
      const row = async (id: string) => (await db.db.select().from(r).where(eq(r.id, id)))[0]!;

      // Backing off: throttled with Retry-After 60 s, its job waits in the delayed set.
      const backingOff = await start({ throttle: true });
      await waitUntil(
        async () =>
          (
            await db.db
              .select({ id: e.id })
              .from(e)
              .where(and(eq(e.runId, backingOff.runId), eq(e.type, 'retry_scheduled')))
          ).length > 0 && (await queue.queue.getJobState(backingOff.runId)) === 'delayed',
        'the throttled run to back off',
        15_000,
      );
      // Two runs keep both worker slots busy (slow Graph), two more wait behind them.
      const busy = [await start({ latencyMs: 1_500 }), await start({ latencyMs: 1_500 })];
      const waiting = [await start({ latencyMs: 50 }), await start({ latencyMs: 50 })];
      await waitUntil(
        async () => (await Promise.all(busy.map((b) => row(b.runId)))).every((x) => x.status === 'RUNNING'),
        'two runs to be RUNNING',
        15_000,
      );
      // Queued a while: the dispatcher's pass has marked them dispatched (a run younger than its
      // grace whose job is lost is simply enqueued again by the dispatcher: outbox.test.ts).
      await waitUntil(
        async () => (await Promise.all(waiting.map((w) => row(w.runId)))).every((x) => x.dispatchedAt !== null),
        'the waiting runs to be marked dispatched',
        15_000,
      );
      for (const w of waiting) {
        expect(await queue.queue.getJobState(w.runId)).toBe('waiting');
        expect((await row(w.runId)).status).toBe('QUEUED');
      }

      // Redis is lost: killed, and started again with nothing (no RDB, no AOF).
      await redis.stop();
      await sim.configure(backingOff.entraTenantId, { throttle: false });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const restartedAt = Date.now();
      await redis.start();
      await waitUntil(
        () =>
          queue.queue.getJobCounts().then(
            () => true,
            () => false,
          ),
        'the queue to reconnect',
      );
      const all = [backingOff, ...busy, ...waiting];
      // Nothing survived the loss: a run's job is gone, or (the dispatcher and the reaper may be
      // that quick on a busy machine) was added again after Redis came back.
      for (const x of all) {
        const job = await queue.queue.getJob(x.runId);
        if (job) expect(job.timestamp).toBeGreaterThanOrEqual(restartedAt);
      }

      // Every accepted run completes, and succeeds.
      const done = await Promise.all(all.map((x) => waitForRun(db.db, x.runId, undefined, 45_000)));
      expect(done.map((x) => [x.outcome, x.reasonCode])).toEqual(all.map(() => ['SUCCEEDED', null]));
      // The waiting ones and the one backing off were handed back to the dispatcher once each...
      const requeued = await db.db
        .select({ runId: e.runId, fromStatus: e.fromStatus })
        .from(e)
        .where(
          and(
            inArray(
              e.runId,
              all.map((x) => x.runId),
            ),
            eq(e.type, 'requeued'),
          ),
        )
        .orderBy(asc(e.id));
      expect(requeued.filter((x) => x.runId === backingOff.runId)).toEqual([
        { runId: backingOff.runId, fromStatus: 'RUNNING' },
      ]);
      for (const w of waiting) {
        expect(requeued.filter((x) => x.runId === w.runId)).toEqual([{ runId: w.runId, fromStatus: 'QUEUED' }]);
        expect(done.find((x) => x.id === w.runId)?.attempts).toBe(1);
      }
      // ...and the one backing off was taken over as its second attempt.
      expect(done.find((x) => x.id === backingOff.runId)?.attempts).toBe(2);
      // One terminal notification each.
      const notes = await db.db
        .select({ runId: schema.notifications.runId })
        .from(schema.notifications)
        .where(
          inArray(
            schema.notifications.runId,
            all.map((x) => x.runId),
          ),
        );
      expect(notes.map((n) => n.runId).sort()).toEqual(all.map((x) => x.runId).sort());
    } finally {
      await runtime.close({ force: true }).catch(() => {});
      await queue.cleanup().catch(() => {});
      await redis.stop();
    }
  });
});
