/**
 * The reaper: an active run whose job vanished or failed ends FAILED with RUN_INTERRUPTED;
 * runs whose job is still waiting, runs that changed recently and undispatched runs (the outbox
 * dispatcher's) are left alone.
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
  test('ends a RUNNING run whose job vanished: FAILED RUN_INTERRUPTED, one notification', async ({
    db,
    queue,
    seed,
  }) => {
    const lifecycle = createLifecycle({ db: db.db, publisher: null, links, logger: testLogger });
    const reaper = createReaper({ db: db.db, queue: queue.queue, lifecycle, logger: testLogger, thresholdMs: 60_000 });
    const w = await seed.world();
    const run = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      initiatedBy: w.owner.id,
    });
    await db.db.update(schema.operationRuns).set({ updatedAt: longAgo() }).where(eq(schema.operationRuns.id, run.id));

    const ended = await reaper.tick();
    expect(ended).toEqual([run.id]);
    const [after] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, run.id));
    expect(after).toMatchObject({ status: 'COMPLETED', outcome: 'FAILED', reasonCode: 'RUN_INTERRUPTED' });
    expect(after?.reasonDetail).toMatch(/disappeared from the queue/);
    expect((await runEvents(db.db, run.id)).map((e) => [e.type, e.fromStatus])).toEqual([['completed', 'RUNNING']]);
    const notifications = await notificationsOf(db.db, run.id);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.title).toBe('Directory groups sync failed');

    // A second pass finds nothing more to do.
    expect(await reaper.tick()).toEqual([]);
    expect(await notificationsOf(db.db, run.id)).toHaveLength(1);
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
  test('a committed run whose enqueue was lost is dispatched and completes; an orphaned run is reaped', async ({
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
      const run = await seed.run({
        tenantId: w.tenant.id,
        providerConnectionId: w.connection.id,
        operationType: 'POLICY_BACKUP',
      });
      await db.db.update(schema.operationRuns).set({ updatedAt: longAgo() }).where(eq(schema.operationRuns.id, run.id));
      return run;
    })();

    await runtime.start();
    try {
      const dispatched = await waitForRun(db.db, lost.id);
      expect(dispatched).toMatchObject({ outcome: 'SUCCEEDED', progressSucceeded: 3 });
      expect(dispatched.dispatchedAt).not.toBeNull();
      const reaped = await waitForRun(db.db, orphan.id);
      expect(reaped).toMatchObject({ outcome: 'FAILED', reasonCode: 'RUN_INTERRUPTED' });
    } finally {
      await runtime.close();
    }
  });
});
