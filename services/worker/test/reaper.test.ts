/**
 * The reaper: an active run whose job vanished is handed back to the outbox dispatcher (and ends
 * FAILED with RUN_INTERRUPTED once it was handed back too often); one whose job failed ends FAILED
 * with RUN_INTERRUPTED; runs whose job is still waiting, runs that changed recently and
 * undispatched runs (the outbox dispatcher's) are left alone.
 */
import { schema } from '@msp/db';
import { PROVIDER_OPERATIONS_QUEUE } from '@msp/gate';
import { createLifecycle } from '@msp/run-lifecycle';
import { testLogger } from '@msp/tests/support/logger';
import { UnrecoverableError, Worker } from 'bullmq';
import { eq } from 'drizzle-orm';
import { createReaper, createWorkerRuntime } from '../src';
import {
  describe,
  eventually,
  expect,
  links,
  notificationsOf,
  runEvents,
  test,
  testRuntimeOptions,
  waitForRun,
} from './support';

const longAgo = () => new Date(Date.now() - 10 * 60_000);

describe('reaper', () => {
  test('hands a run whose job vanished back (QUEUED to the dispatcher, RUNNING with a new job); ends it FAILED after maxHandBacks', async ({
    db,
    queue,
    seed,
  }) => {
    const lifecycle = createLifecycle({ db: db.db, publisher: null, links, logger: testLogger });
    const reaper = createReaper({
      db: db.db,
      queue: queue.queue,
      lifecycle,
      logger: testLogger,
      thresholdMs: 60_000,
      maxHandBacks: 2,
    });
    const runOn = async (status: 'QUEUED' | 'RUNNING') => {
      const w = await seed.world();
      const run = await seed.run({
        tenantId: w.tenant.id,
        providerConnectionId: w.connection.id,
        operationType: 'DIRECTORY_GROUPS_SYNC',
        initiatedBy: w.owner.id,
        status,
      });
      return run;
    };
    const queued = await runOn('QUEUED');
    const running = await runOn('RUNNING');
    const age = () =>
      db.db.update(schema.operationRuns).set({ updatedAt: longAgo() }).where(eq(schema.operationRuns.id, queued.id));
    const ageRunning = () =>
      db.db.update(schema.operationRuns).set({ updatedAt: longAgo() }).where(eq(schema.operationRuns.id, running.id));
    await age();
    await ageRunning();
    const row = async (id: string) =>
      (await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, id)))[0]!;

    const requeued: string[] = [];
    expect(await reaper.tick(requeued)).toEqual([]);
    expect(requeued.sort()).toEqual([queued.id, running.id].sort());
    // Handed back, nobody notified: the QUEUED run undispatched (the dispatcher's to enqueue), the
    // RUNNING one with a new job that carries its attempts so far.
    expect(await row(queued.id)).toMatchObject({ status: 'QUEUED', outcome: 'PENDING', dispatchedAt: null });
    expect(await row(running.id)).toMatchObject({ status: 'RUNNING', outcome: 'PENDING' });
    const job = await queue.queue.getJob(running.id);
    expect(job?.data).toEqual({ runId: running.id, operationType: 'DIRECTORY_GROUPS_SYNC', attemptBase: 0 });
    expect((await runEvents(db.db, queued.id)).map((e) => e.type)).toEqual(['requeued']);
    const events = await runEvents(db.db, running.id);
    expect(events.map((e) => e.type)).toEqual(['attempt_failed', 'requeued']);
    expect(events[0]?.data).toMatchObject({ reasonCode: 'RUN_INTERRUPTED', attempt: running.attempts });
    expect(await notificationsOf(db.db, queued.id)).toHaveLength(0);
    // A second pass leaves them alone: one is the dispatcher's, the other's job waits.
    expect(await reaper.tick()).toEqual([]);

    // The dispatcher enqueued them again, and Redis lost the jobs again: a second hand-back...
    const redispatch = () =>
      db.db
        .update(schema.operationRuns)
        .set({ dispatchedAt: new Date(), updatedAt: longAgo() })
        .where(eq(schema.operationRuns.id, queued.id));
    await redispatch();
    const again: string[] = [];
    expect(await reaper.tick(again)).toEqual([]);
    expect(again).toEqual([queued.id]);
    // ...and past maxHandBacks (2), the run ends FAILED with RUN_INTERRUPTED, one notification.
    await redispatch();
    expect(await reaper.tick()).toEqual([queued.id]);
    const ended = await row(queued.id);
    expect(ended).toMatchObject({ status: 'COMPLETED', outcome: 'FAILED', reasonCode: 'RUN_INTERRUPTED' });
    expect(ended.reasonDetail).toMatch(/disappeared from the queue, 2 times/);
    const notifications = await notificationsOf(db.db, queued.id);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.title).toBe('Directory groups sync failed');
    expect(await reaper.tick()).toEqual([]);
  });

  test('a RUNNING run handed back is taken over as its next attempt by the job the reaper adds', async ({
    db,
    queue,
    seed,
    sim,
  }) => {
    const w = await seed.world();
    await sim.configure(w.connection.entraTenantId, { roleDefinitions: 2 });
    const run = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'ROLE_DEFINITIONS_SYNC',
      initiatedBy: w.owner.id,
    });
    await db.db
      .update(schema.operationRuns)
      .set({ attempts: 2, updatedAt: longAgo() })
      .where(eq(schema.operationRuns.id, run.id));
    const runtime = createWorkerRuntime(
      testRuntimeOptions(db.db, queue, sim.url, {
        dispatcher: { graceMs: 0, intervalMs: 100 },
        reaper: { thresholdMs: 60_000, intervalMs: 100 },
      }),
    );
    await runtime.start();
    try {
      const done = await waitForRun(db.db, run.id);
      expect(done).toMatchObject({ outcome: 'SUCCEEDED', attempts: 3, progressSucceeded: 2 });
      const job = await queue.queue.getJob(run.id);
      expect(job?.data).toMatchObject({ runId: run.id, attemptBase: 2 });
      const types = (await runEvents(db.db, run.id)).map((e) => e.type);
      expect(types.slice(0, 3)).toEqual(['attempt_failed', 'requeued', 'retried']);
    } finally {
      await runtime.close();
    }
  });

  test('ends a run whose job failed without finishing it', async ({ db, queue, seed }) => {
    const lifecycle = createLifecycle({ db: db.db, publisher: null, links, logger: testLogger });
    const reaper = createReaper({ db: db.db, queue: queue.queue, lifecycle, logger: testLogger, thresholdMs: 60_000 });
    const w = await seed.world();
    const run = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'POLICY_BACKUP',
    });
    // A worker that is not ours: it fails the job and never touches the run.
    const rogue = new Worker(
      PROVIDER_OPERATIONS_QUEUE,
      async () => {
        throw new UnrecoverableError('boom');
      },
      { connection: queue.connection, prefix: queue.prefix },
    );
    try {
      await queue.queue.add('POLICY_BACKUP', { runId: run.id, operationType: 'POLICY_BACKUP' }, { jobId: run.id });
      await eventually(
        async () => ((await queue.queue.getJobState(run.id)) === 'failed' ? true : undefined),
        'the job to fail',
      );
    } finally {
      await rogue.close();
    }
    await db.db.update(schema.operationRuns).set({ updatedAt: longAgo() }).where(eq(schema.operationRuns.id, run.id));
    expect(await reaper.tick()).toEqual([run.id]);
    const [after] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, run.id));
    expect(after).toMatchObject({ outcome: 'FAILED', reasonCode: 'RUN_INTERRUPTED' });
    expect(after?.reasonDetail).toMatch(/job is failed/);
  });

  test('leaves alone a run whose job still waits, a run that changed recently, and an undispatched run', async ({
    db,
    queue,
    seed,
  }) => {
    const lifecycle = createLifecycle({ db: db.db, publisher: null, links, logger: testLogger });
    const reaper = createReaper({ db: db.db, queue: queue.queue, lifecycle, logger: testLogger, thresholdMs: 60_000 });

    const waiting = await (async () => {
      const w = await seed.world();
      const run = await seed.run({
        tenantId: w.tenant.id,
        providerConnectionId: w.connection.id,
        operationType: 'ROLE_DEFINITIONS_SYNC',
      });
      // A retry backing off: the job sits in the delayed set.
      await queue.queue.add(
        'ROLE_DEFINITIONS_SYNC',
        { runId: run.id, operationType: 'ROLE_DEFINITIONS_SYNC' },
        { jobId: run.id, delay: 600_000 },
      );
      await db.db.update(schema.operationRuns).set({ updatedAt: longAgo() }).where(eq(schema.operationRuns.id, run.id));
      return run;
    })();
    const recent = await (async () => {
      const w = await seed.world();
      return seed.run({ tenantId: w.tenant.id, providerConnectionId: w.connection.id, operationType: 'POLICY_BACKUP' });
    })();
    const undispatched = await (async () => {
      const w = await seed.world();
      const run = await seed.run({
        tenantId: w.tenant.id,
        providerConnectionId: w.connection.id,
        operationType: 'POLICY_BACKUP',
        status: 'QUEUED',
      });
      await db.db
        .update(schema.operationRuns)
        .set({ dispatchedAt: null, updatedAt: longAgo() })
        .where(eq(schema.operationRuns.id, run.id));
      return run;
    })();

    expect(await reaper.tick()).toEqual([]);
    for (const run of [waiting, recent, undispatched]) {
      const [row] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, run.id));
      expect(row?.status).toBe(run.status);
    }
  });
});

describe('the worker runtime runs the outbox dispatcher and the reaper on its own', () => {
  test('a committed run whose enqueue was lost is dispatched and completes; an orphaned run is handed back and completes', async ({
    db,
    queue,
    seed,
    sim,
  }) => {
    const runtime = createWorkerRuntime(
      testRuntimeOptions(db.db, queue, sim.url, {
        dispatcher: { graceMs: 0, intervalMs: 100 },
        reaper: { thresholdMs: 60_000, intervalMs: 100 },
      }),
    );
    // Committed by the gate, but Redis was down at the enqueue: QUEUED, never dispatched.
    const lost = await (async () => {
      const w = await seed.world();
      await sim.configure(w.connection.entraTenantId, { roleDefinitions: 3 });
      const run = await seed.run({
        tenantId: w.tenant.id,
        providerConnectionId: w.connection.id,
        operationType: 'ROLE_DEFINITIONS_SYNC',
        status: 'QUEUED',
        initiatedBy: w.owner.id,
      });
      await db.db.update(schema.operationRuns).set({ dispatchedAt: null }).where(eq(schema.operationRuns.id, run.id));
      return run;
    })();
    // RUNNING on a worker that is gone, and its job with it.
    const orphan = await (async () => {
      const w = await seed.world();
      await sim.configure(w.connection.entraTenantId, { policies: 2 });
      const run = await seed.run({
        tenantId: w.tenant.id,
        providerConnectionId: w.connection.id,
        operationType: 'POLICY_BACKUP',
      });
      await db.db
        .update(schema.operationRuns)
        .set({ attempts: 1, updatedAt: longAgo() })
        .where(eq(schema.operationRuns.id, run.id));
      return run;
    })();

    await runtime.start();
    try {
      const dispatched = await waitForRun(db.db, lost.id);
      expect(dispatched).toMatchObject({ outcome: 'SUCCEEDED', progressSucceeded: 3 });
      expect(dispatched.dispatchedAt).not.toBeNull();
      const recovered = await waitForRun(db.db, orphan.id);
      expect(recovered).toMatchObject({ outcome: 'SUCCEEDED', attempts: 2 });
    } finally {
      await runtime.close();
    }
  });
});
