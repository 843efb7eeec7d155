/**
 * Run retention: completed runs and blocked attempts older than the retention age are deleted in
 * batches with what belongs to them; active runs, recent runs, the backups runs produced and a
 * tenant's latest verification report stay; a restore run whose execution run goes is settled.
 * The scheduled `prune-runs` job of the runtime does the same on its own.
 */
import { schema } from '@msp/db';
import { CHECK_CONNECTIONS_JOB, createMaintenanceQueue, PRUNE_RUNS_JOB } from '@msp/gate';
import { testLogger } from '@msp/tests/support/logger';
import type { Seed } from '@msp/tests/support/seed';
import { count, eq, inArray } from 'drizzle-orm';
import { createRetention, createWorkerRuntime } from '../src';
import { describe, eventually, expect, test, testRuntimeOptions } from './support';

const DAY = 24 * 3600 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

type Db = Parameters<typeof createRetention>[0]['db'];

/** A run row as the gate and the lifecycle leave it, written directly with the given dates. */
async function run(
  db: Db,
  values: {
    tenantId: string;
    initiatedBy: string;
    operationType?: typeof schema.operationRuns.$inferInsert.operationType;
    status?: 'QUEUED' | 'RUNNING' | 'COMPLETED';
    outcome?: typeof schema.operationRuns.$inferInsert.outcome;
    completedDaysAgo?: number | null;
  },
) {
  const status = values.status ?? 'COMPLETED';
  const completedAt = values.completedDaysAgo == null ? null : daysAgo(values.completedDaysAgo);
  const [row] = await db
    .insert(schema.operationRuns)
    .values({
      tenantId: values.tenantId,
      operationType: values.operationType ?? 'DIRECTORY_GROUPS_SYNC',
      target: `tenant:${values.tenantId}`,
      initiatedFrom: 'TENANT',
      initiatedBy: values.initiatedBy,
      status,
      outcome: values.outcome ?? (status === 'COMPLETED' ? 'SUCCEEDED' : 'PENDING'),
      createdAt: completedAt ?? daysAgo(400),
      completedAt,
    })
    .returning();
  return row!;
}

/** An old world: every kind of row that references a run, around runs old and new. */
async function oldWorld(db: Db, seed: Seed) {
  const w = await seed.world();
  const t = w.tenant.id;
  const by = w.owner.id;
  const succeeded = await run(db, { tenantId: t, initiatedBy: by, completedDaysAgo: 400 });
  const blocked = await run(db, { tenantId: t, initiatedBy: by, outcome: 'BLOCKED', completedDaysAgo: 300 });
  const retried = await run(db, { tenantId: t, initiatedBy: by, outcome: 'FAILED', completedDaysAgo: 250 });
  const retry = await run(db, { tenantId: t, initiatedBy: by, completedDaysAgo: 10 });
  await db.update(schema.operationRuns).set({ retryOf: retried.id }).where(eq(schema.operationRuns.id, retry.id));
  const backupRun = await run(db, {
    tenantId: t,
    initiatedBy: by,
    operationType: 'POLICY_BACKUP',
    completedDaysAgo: 200,
  });
  const oldVerification = await run(db, {
    tenantId: t,
    initiatedBy: by,
    operationType: 'PROVIDER_VERIFICATION',
    completedDaysAgo: 390,
  });
  const latestVerification = await run(db, {
    tenantId: t,
    initiatedBy: by,
    operationType: 'PROVIDER_VERIFICATION',
    completedDaysAgo: 380,
  });
  const cancelledRestore = await run(db, {
    tenantId: t,
    initiatedBy: by,
    operationType: 'RESTORE_EXECUTION',
    outcome: 'CANCELLED',
    completedDaysAgo: 190,
  });
  const recent = await run(db, { tenantId: t, initiatedBy: by, completedDaysAgo: 179 });
  // Active runs are never pruned, however old (these never completed).
  const active = await run(db, { tenantId: t, initiatedBy: by, status: 'RUNNING', completedDaysAgo: null });

  await db.insert(schema.runEvents).values([
    { runId: succeeded.id, type: 'started', toStatus: 'RUNNING' },
    { runId: succeeded.id, type: 'completed', toStatus: 'COMPLETED', outcome: 'SUCCEEDED' },
  ]);
  await db.insert(schema.notifications).values({ userId: by, runId: succeeded.id, title: 't', body: 'b' });
  await db.insert(schema.startDecisions).values({
    userId: by,
    idempotencyKey: 'old-click',
    tenantId: t,
    operationType: 'DIRECTORY_GROUPS_SYNC',
    target: `tenant:${t}`,
    outcome: 'BLOCKED',
    runId: blocked.id,
  });
  const [backup] = await db
    .insert(schema.policyBackups)
    .values({ tenantId: t, operationRunId: backupRun.id, itemCount: 0, completedAt: daysAgo(200) })
    .returning();
  await db.insert(schema.tenantVerificationReports).values([
    { tenantId: t, operationRunId: oldVerification.id, status: 'VERIFIED', checkedAt: daysAgo(390) },
    { tenantId: t, operationRunId: latestVerification.id, status: 'VERIFIED', checkedAt: daysAgo(380) },
  ]);
  const [restore] = await db
    .insert(schema.restoreRuns)
    .values({ tenantId: t, backupId: backup!.id, status: 'EXECUTING', operationRunId: cancelledRestore.id })
    .returning();
  await db
    .insert(schema.directoryGroups)
    .values({ tenantId: t, graphId: 'g1', displayName: 'G', lastRunId: succeeded.id });

  return {
    pruned: [succeeded, blocked, retried, backupRun, oldVerification, cancelledRestore].map((r) => r.id),
    kept: [retry, latestVerification, recent, active].map((r) => r.id),
    retry: retry.id,
    backupId: backup!.id,
    restoreId: restore!.id,
  };
}

describe('run retention', () => {
  test('deletes completed runs and blocked attempts past the age, in batches, with what belongs to them; keeps the rest', async ({
    db,
    seed,
  }) => {
    const world = await oldWorld(db.db, seed);
    // Batches of 2: six prunable runs take three full batches and one empty look.
    const retention = createRetention({ db: db.db, logger: testLogger, batchSize: 2 });
    expect(await retention.prune()).toBe(6);

    const r = schema.operationRuns;
    const left = await db.db
      .select({ id: r.id, retryOf: r.retryOf })
      .from(r)
      .where(inArray(r.id, [...world.pruned, ...world.kept]));
    expect(left.map((x) => x.id).sort()).toEqual([...world.kept].sort());
    // The retry stays, its link to the pruned original cleared.
    expect(left.find((x) => x.id === world.retry)?.retryOf).toBeNull();

    const countOf = async (
      table: typeof schema.runEvents | typeof schema.notifications | typeof schema.startDecisions,
    ) => (await db.db.select({ n: count() }).from(table))[0]?.n;
    expect(await countOf(schema.runEvents)).toBe(0);
    expect(await countOf(schema.notifications)).toBe(0);
    expect(await countOf(schema.startDecisions)).toBe(0);

    // The backup outlives its run.
    const [backup] = await db.db.select().from(schema.policyBackups).where(eq(schema.policyBackups.id, world.backupId));
    expect(backup).toMatchObject({ operationRunId: null });
    // The tenant's latest verification report (and its run) stays; the older one went.
    const reports = await db.db.select().from(schema.tenantVerificationReports);
    expect(reports).toHaveLength(1);
    // The restore run of the pruned (cancelled) execution is settled, no longer EXECUTING.
    const [restore] = await db.db.select().from(schema.restoreRuns).where(eq(schema.restoreRuns.id, world.restoreId));
    expect(restore).toMatchObject({ status: 'FAILED', operationRunId: null });
    const [group] = await db.db.select().from(schema.directoryGroups);
    expect(group?.lastRunId).toBeNull();

    // A second pass finds nothing more.
    expect(await retention.prune()).toBe(0);
  });

  test('prunes audit records past AUDIT_RETENTION_DAYS in batches, and only those (the one DELETE the log allows)', async ({
    db,
    seed,
  }) => {
    const w = await seed.world();
    const daysAgo = (d: number) => new Date(Date.now() - d * 24 * 3600 * 1000);
    const row = (at: Date, action: string) => ({ at, action, actorId: w.owner.id, tenantId: w.tenant.id });
    await db.db
      .insert(schema.auditEvents)
      .values([...[401, 402, 500, 700, 900].map((d) => row(daysAgo(d), 'old')), row(daysAgo(399), 'recent')]);
    const retention = createRetention({ db: db.db, logger: testLogger, batchSize: 2 });
    expect(await retention.pruneAudit()).toBe(5);
    const left = await db.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.tenantId, w.tenant.id));
    expect(left.map((e) => e.action)).toEqual(['recent']);
    // The trigger filled the workspace from the tenant.
    expect(left[0]?.workspaceId).toBe(w.workspaceId);
    await expect(db.sql`delete from audit_events`).rejects.toThrow(/append-only/);
  });

  test('the worker runtime schedules the pass as a BullMQ job and prunes on its own', async ({ db, queue, seed }) => {
    const w = await seed.world();
    const old = await run(db.db, { tenantId: w.tenant.id, initiatedBy: w.owner.id, completedDaysAgo: 200 });
    const active = await run(db.db, {
      tenantId: w.tenant.id,
      initiatedBy: w.owner.id,
      status: 'QUEUED',
      completedDaysAgo: null,
    });
    const runtime = createWorkerRuntime(
      testRuntimeOptions(db.db, queue, 'http://127.0.0.1:9', { retention: { intervalMs: 200 } }),
    );
    await runtime.start();
    try {
      const r = schema.operationRuns;
      await eventually(
        async () => ((await db.db.select().from(r).where(eq(r.id, old.id))).length === 0 ? true : undefined),
        'the scheduled retention job to prune the old run',
      );
      expect(await db.db.select({ id: r.id }).from(r).where(eq(r.id, active.id))).toHaveLength(1);
    } finally {
      await runtime.close();
      // The maintenance queue's keys (its scheduler, its jobs) go with the test.
      const maintenance = createMaintenanceQueue({ connection: queue.connection, prefix: queue.prefix });
      await maintenance.obliterate({ force: true });
      await maintenance.close();
    }
  });

  test('a maintenance job scheduler turned off is removed at start, also by a runtime that runs no maintenance job', async ({
    db,
    queue,
  }) => {
    const maintenance = createMaintenanceQueue({ connection: queue.connection, prefix: queue.prefix });
    const keys = async () => (await maintenance.getJobSchedulers()).map((s) => s.key).sort();
    const startAndClose = async (overrides: Parameters<typeof testRuntimeOptions>[3]) => {
      const runtime = createWorkerRuntime(testRuntimeOptions(db.db, queue, 'http://127.0.0.1:9', overrides));
      await runtime.start();
      await runtime.close();
    };
    try {
      // As earlier starts with retention and the health check on left them.
      await maintenance.upsertJobScheduler(PRUNE_RUNS_JOB, { every: 3_600_000 }, { name: PRUNE_RUNS_JOB });
      await maintenance.upsertJobScheduler(
        CHECK_CONNECTIONS_JOB,
        { pattern: '0 5 * * *', tz: 'UTC' },
        { name: CHECK_CONNECTIONS_JOB },
      );
      expect(await keys()).toEqual([CHECK_CONNECTIONS_JOB, PRUNE_RUNS_JOB].sort());
      // Retention off, the health check on: the retention's scheduler goes.
      await startAndClose({ retention: false, healthCheck: { pattern: '0 5 * * *' } });
      expect(await keys()).toEqual([CHECK_CONNECTIONS_JOB]);
      // The health check left out (not turned off): its scheduler is not touched.
      await startAndClose({ retention: false });
      expect(await keys()).toEqual([CHECK_CONNECTIONS_JOB]);
      // Both off: no maintenance worker here, and the health check's scheduler goes all the same.
      await maintenance.upsertJobScheduler(PRUNE_RUNS_JOB, { every: 3_600_000 }, { name: PRUNE_RUNS_JOB });
      await startAndClose({ retention: false, healthCheck: false });
      expect(await keys()).toEqual([]);
    } finally {
      await maintenance.obliterate({ force: true });
      await maintenance.close();
    }
  });
});
