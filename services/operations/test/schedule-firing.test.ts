// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 17, acceptance 1 and 2: schedules firing on the real stack. Schedules are created through
 * the operations subgraph over HTTP (the deployment's shortest interval lowered to one second);
 * two worker runtimes (two BullMQ workers, each with its own Redis connections and reconciler, as
 * two worker processes would be) fire them through the real gate on this file's database and
 * queue prefix, and work the admitted runs against the Graph simulator.
 */
import { schema } from '@msp/db';
import { createGate, FIRE_SCHEDULE_JOB } from '@msp/gate';
import { metricsText } from '@msp/telemetry';
import { testEnv } from '@msp/tests/support/env';
import { test as base, describe, expect } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import type { TestQueue } from '@msp/tests/support/redis';
import { testRuntimeOptions } from '@msp/tests/support/worker';
import { createScheduleRunner, createWorkerRuntime, type FiringReport, type WorkerRuntime } from '@msp/worker';
import { and, asc, eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { type OperationsSubgraph, startOperationsSubgraph } from '../src';
import { auth, links, tokenFor, waitFor } from './helpers';

const test = base.extend<{ ops: OperationsSubgraph }>({
  ops: [
    async ({ database, queue }, use) => {
      const publisher = new Redis(testEnv.redisUrl);
      const ops = await startOperationsSubgraph({
        db: database.connect(4),
        redisUrl: testEnv.redisUrl,
        queue: queue.queue,
        publisher,
        auth,
        links,
        logger: testLogger,
        port: 0,
        host: '127.0.0.1',
        scheduleMinIntervalSeconds: 1,
      });
      await use(ops);
      await ops.close();
      publisher.disconnect();
    },
    { scope: 'file' },
  ],
});

async function gql(ops: OperationsSubgraph, user: { subject: string }, query: string, variables = {}) {
  const res = await fetch(ops.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(user)}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

const CREATE = /* GraphQL */ `
  mutation ($input: CreateScheduleInput!) {
    createSchedule(input: $input) { id status }
  }
`;
const SCHEDULE = /* GraphQL */ `
  query ($id: ID!, $first: Int) {
    schedule(id: $id) {
      id status stopReason stopDetail
      owner { id }
      problem { reasonCode firstBlockedRun { id outcome } }
      history(first: $first) {
        edges { node { tickAt outcome stopReason notifiedOwner reason { code } run { id outcome status initiatedFrom } } }
      }
    }
  }
`;

/** Two worker runtimes firing schedules (and working runs); each reports its firings. */
async function replicas(
  deps: { db: { db: Parameters<typeof testRuntimeOptions>[0] }; queue: Parameters<typeof testRuntimeOptions>[1] },
  simUrl: string,
  n = 2,
) {
  const fired: FiringReport[][] = Array.from({ length: n }, () => []);
  const runtimes: WorkerRuntime[] = fired.map((list) =>
    createWorkerRuntime(
      testRuntimeOptions(deps.db.db, deps.queue, simUrl, {
        schedules: { concurrency: 4, syncIntervalMs: 200, onFired: (f) => list.push(f) },
      }),
    ),
  );
  await Promise.all(runtimes.map((r) => r.start()));
  let closed: Promise<void> | null = null;
  return {
    runtimes,
    fired,
    all: () => fired.flat(),
    /** The job scheduler of a schedule, as Redis holds it (undefined once removed). */
    scheduler: (id: string) => runtimes[0]!.schedules!.queue.getJobScheduler(id),
    /**
     * Pauses every schedule of the file (so the next test's replicas fire only its own), then stops,
     * once the firings and runs under way are done: afterwards nothing more is written.
     */
    close: () => {
      closed ??= (async () => {
        await deps.db.db
          .update(schema.schedules)
          .set({ status: 'PAUSED', version: sql`${schema.schedules.version} + 1` })
          .where(eq(schema.schedules.status, 'ACTIVE'));
        await runtimes[0]!.schedules!.sync();
        await Promise.all(runtimes.map((r) => r.close()));
      })();
      return closed;
    },
  };
}

/**
 * A schedule firing every second whose first tick falls due while no worker takes ticks: a
 * schedule runner (the worker's, through the real gate) whose reconciler runs only when the test
 * calls `sync()`, and whose firing worker starts only in `process()`, which answers what the held
 * tick's job returned. Whatever happens to the job scheduler meanwhile is the firing's doing.
 */
async function heldTick(
  deps: { db: { db: any }; queue: TestQueue },
  ops: OperationsSubgraph,
  w: { tenant: { id: string }; owner: { subject: string } },
) {
  const { db, queue } = deps;
  const created = await gql(ops, w.owner, CREATE, {
    input: { tenantId: w.tenant.id, operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK', intervalSeconds: 1 },
  });
  expect(created.errors).toBeUndefined();
  const id = created.data.createSchedule.id as string;
  const gate = createGate({ db: db.db, queue: queue.queue, links, logger: testLogger });
  const runner = createScheduleRunner({
    db: db.db,
    redis: queue.connection,
    prefix: queue.prefix,
    gate,
    logger: testLogger,
    concurrency: 1,
  });
  const processed: unknown[] = [];
  runner.worker.on('completed', (job, value) => {
    if (job.data?.scheduleId === id) processed.push(value);
  });
  /** What a firing writes: its row, its run, the gate's decision (an audit record). */
  const written = async () => {
    const a = schema.auditEvents;
    const r = schema.operationRuns;
    const runs = await db.db
      .select({ id: r.id })
      .from(r)
      .where(and(eq(r.tenantId, w.tenant.id), eq(r.initiatedFrom, 'SCHEDULE')));
    const decisions = await db.db
      .select({ id: a.id })
      .from(a)
      .where(and(eq(a.tenantId, w.tenant.id), eq(a.surface, 'SCHEDULE')));
    return { firings: (await firings(db, id)).length, runs: runs.length, decisions: decisions.length };
  };
  // The reconciler upserts its job scheduler; its first tick is one interval later.
  expect(await runner.sync()).toBe(1);
  await waitFor(
    async () => ((await runner.queue.getJobScheduler(id))?.next ?? Number.POSITIVE_INFINITY) <= Date.now(),
    'its first tick due',
    10_000,
  );
  return {
    id,
    runner,
    written,
    async process() {
      runner.worker.run().catch(() => undefined);
      await waitFor(() => processed.length > 0, 'the due tick processed', 10_000);
      return processed[0];
    },
    async close() {
      await db.db
        .update(schema.schedules)
        .set({ status: 'PAUSED', version: sql`${schema.schedules.version} + 1` })
        .where(eq(schema.schedules.status, 'ACTIVE'));
      await runner.sync();
      await runner.close();
    },
  };
}

/** A sample's value in Prometheus text (`name{labels}` exactly as printed); 0 when absent. */
function metricValue(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

async function firings(db: { db: any }, scheduleId: string) {
  const f = schema.scheduleFirings;
  return db.db.select().from(f).where(eq(f.scheduleId, scheduleId)).orderBy(asc(f.tickAt)) as Promise<
    Array<typeof f.$inferSelect>
  >;
}

describe('schedules fire through the gate (issue 17)', () => {
  test('acceptance 1: a schedule firing every 2 s across two worker replicas starts once per tick; a tick meeting a running run is DEDUPED and recorded, not queued', async ({
    db,
    queue,
    seed,
    sim,
    ops,
  }) => {
    const w = await seed.world();
    // Each directory sync takes about 3 s (one slow page), longer than the interval: the next tick
    // meets it running.
    await sim.configure(w.connection.entraTenantId, { latencyMs: 3_000, groups: 5 });
    const metricsBefore = await metricsText();
    const workers = await replicas({ db, queue }, sim.url);
    try {
      const created = await gql(ops, w.owner, CREATE, {
        input: {
          tenantId: w.tenant.id,
          operationType: 'DIRECTORY_GROUPS_SYNC',
          intervalSeconds: 2,
          name: 'nightly-ish',
        },
      });
      expect(created.errors).toBeUndefined();
      const id = created.data.createSchedule.id as string;
      await waitFor(async () => (await firings(db, id)).length >= 8, 'eight firings', 60_000);
      // The schedule paused and the replicas stopped once their firings and runs were done: from
      // here every count is final, so each is exact. (How many ticks fired, and which of them met
      // a running sync, depends on timing: those counts are only bounded.)
      await workers.close();

      const rows = await firings(db, id);
      const ticks = rows.map((r) => r.tickAt.getTime());
      // One firing per tick: distinct ticks, consecutive, two seconds apart (none skipped, none twice).
      expect(new Set(ticks).size).toBe(ticks.length);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBe(2_000);
      // Every report of a replica is a recorded firing, one per row: no tick was fired by both.
      const reports = workers.all().filter((r) => r.scheduleId === id);
      expect(reports.map((r) => r.tickAt.getTime()).sort((a, b) => a - b)).toEqual(ticks);
      expect(reports.filter((r) => r.recorded)).toHaveLength(rows.length);

      // One gate decision per tick (the audit log records each one), and one run per ACCEPTED tick.
      const decisions = await db.db
        .select()
        .from(schema.auditEvents)
        .where(and(eq(schema.auditEvents.tenantId, w.tenant.id), eq(schema.auditEvents.surface, 'SCHEDULE')));
      const runs = await db.db
        .select()
        .from(schema.operationRuns)
        .where(and(eq(schema.operationRuns.tenantId, w.tenant.id), eq(schema.operationRuns.initiatedFrom, 'SCHEDULE')));
      const accepted = rows.filter((r) => r.outcome === 'ACCEPTED');
      const deduped = rows.filter((r) => r.outcome === 'DEDUPED' || r.outcome === 'SCOPE_BUSY');
      expect(decisions).toHaveLength(rows.length);
      // Every tick was either admitted or met the running sync (none blocked, none refused).
      expect(accepted.length + deduped.length).toBe(rows.length);
      expect(accepted.length).toBeGreaterThan(0);
      expect(deduped.length).toBeGreaterThan(0);
      // Not queued: the runs are exactly the accepted firings' runs; a deduped tick points at one of them.
      const acceptedRuns = new Set(accepted.map((r) => r.runId));
      expect(acceptedRuns.size).toBe(accepted.length);
      expect(new Set(runs.map((r) => r.id))).toEqual(acceptedRuns);
      for (const d of deduped) expect(acceptedRuns.has(d.runId)).toBe(true);
      for (const r of runs) expect(r.initiatedBy).toBe(w.owner.id);
      // Counted for operators: firings by outcome, and how late ticks fire (one observation each).
      const metrics = await metricsText();
      const grown = (line: string) => metricValue(metrics, line) - metricValue(metricsBefore, line);
      for (const outcome of ['ACCEPTED', 'DEDUPED', 'SCOPE_BUSY'] as const) {
        expect(
          grown(`msp_schedule_firings_total{operation_type="DIRECTORY_GROUPS_SYNC",outcome="${outcome}"}`),
          outcome,
        ).toBe(rows.filter((r) => r.outcome === outcome).length);
      }
      expect(grown('msp_schedule_firing_lag_seconds_count')).toBe(rows.length);
      // Both replicas took part (the same queue, each tick to one of them).
      testLogger.info({ perReplica: workers.fired.map((f) => f.length) }, 'firings per replica');

      // The history as the API shows it.
      const read = await gql(ops, w.owner, SCHEDULE, { id, first: 50 });
      expect(read.errors).toBeUndefined();
      const history = read.data.schedule.history.edges.map((e: any) => e.node);
      expect(history.map((n: any) => n.tickAt)).toEqual(rows.map((r) => r.tickAt.toISOString()).reverse());
      const dedupedNode = history.find((n: any) => n.outcome === 'DEDUPED');
      expect(dedupedNode.run.initiatedFrom).toBe('SCHEDULE');
    } finally {
      await workers.close();
    }
  });

  test('acceptance 2: a schedule whose connection loses consent records BLOCKED each tick, notifies its owner once, and is ACCEPTED on the next tick after consent is restored', async ({
    db,
    queue,
    seed,
    sim,
    ops,
  }) => {
    const w = await seed.world();
    // Consent withdrawn in Entra: the first firing's run fails on it, and the connection is marked.
    await sim.configure(w.connection.entraTenantId, { consent: 'missing' });
    const workers = await replicas({ db, queue }, sim.url);
    try {
      const created = await gql(ops, w.owner, CREATE, {
        input: { tenantId: w.tenant.id, operationType: 'ROLE_DEFINITIONS_SYNC', intervalSeconds: 2 },
      });
      expect(created.errors).toBeUndefined();
      const id = created.data.createSchedule.id as string;
      await waitFor(
        async () => (await firings(db, id)).filter((f) => f.outcome === 'BLOCKED').length >= 3,
        'three blocked firings',
        60_000,
      );

      const blocked = (await firings(db, id)).filter((f) => f.outcome === 'BLOCKED');
      for (const b of blocked) expect(b.reasonCode).toBe('PROVIDER_CONSENT_MISSING');
      // Every blocked tick is its own blocked attempt (a run row), none queued.
      expect(new Set(blocked.map((b) => b.runId)).size).toBe(blocked.length);
      // Notified once, naming the first blocked attempt.
      const notes = await db.db
        .select()
        .from(schema.notifications)
        .where(and(eq(schema.notifications.userId, w.owner.id), eq(schema.notifications.kind, 'SCHEDULE_BLOCKED')));
      expect(notes).toHaveLength(1);
      expect(notes[0]!.runId).toBe(blocked[0]!.runId);
      expect(blocked.filter((b) => b.notified).map((b) => b.runId)).toEqual([blocked[0]!.runId]);

      const read = await gql(ops, w.owner, SCHEDULE, { id, first: 5 });
      expect(read.data.schedule.problem).toEqual({
        reasonCode: 'PROVIDER_CONSENT_MISSING',
        firstBlockedRun: { id: blocked[0]!.runId, outcome: 'BLOCKED' },
      });

      // Consent granted again in Entra and recorded on the connection.
      await sim.configure(w.connection.entraTenantId, { consent: 'granted' });
      await db.db
        .update(schema.providerConnections)
        .set({ consentStatus: 'GRANTED', health: 'UNKNOWN' })
        .where(eq(schema.providerConnections.id, w.connection.id));
      // Ticks due after this moment were decided after the restore committed.
      const restoredAt = new Date();
      await waitFor(
        async () => (await firings(db, id)).some((f) => f.outcome === 'ACCEPTED' && f.tickAt > restoredAt),
        'an accepted firing after consent was restored',
        30_000,
      );
      const after = (await firings(db, id)).filter((f) => f.tickAt > restoredAt);
      // The first tick recorded after the restore is ACCEPTED (none BLOCKED in between).
      expect(after[0]!.outcome).toBe('ACCEPTED');
      const cleared = await gql(ops, w.owner, SCHEDULE, { id, first: 1 });
      expect(cleared.data.schedule.problem).toBeNull();
      // Still one notification.
      const notesAfter = await db.db
        .select()
        .from(schema.notifications)
        .where(and(eq(schema.notifications.userId, w.owner.id), eq(schema.notifications.kind, 'SCHEDULE_BLOCKED')));
      expect(notesAfter).toHaveLength(1);
    } finally {
      await workers.close();
    }
  });

  test('an owner losing access stops the schedule: the next tick is refused by the gate, recorded, and the schedule shows why', async ({
    db,
    queue,
    seed,
    sim,
    ops,
  }) => {
    const w = await seed.world();
    const operator = await seed.user();
    await seed.member(w.tenant.id, operator.id, 'OPERATOR');
    const workers = await replicas({ db, queue }, sim.url);
    try {
      const created = await gql(ops, operator, CREATE, {
        input: { tenantId: w.tenant.id, operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK', intervalSeconds: 2 },
      });
      expect(created.errors).toBeUndefined();
      const id = created.data.createSchedule.id as string;
      await waitFor(async () => (await firings(db, id)).length >= 1, 'a first firing', 30_000);
      // The operator becomes read-only: the registry no longer lets them start the operation.
      await seed.member(w.tenant.id, operator.id, 'READONLY');
      await waitFor(async () => (await firings(db, id)).some((f) => f.stopReason !== null), 'a refused firing', 30_000);

      const read = await gql(ops, w.owner, SCHEDULE, { id, first: 50 });
      expect(read.data.schedule.status).toBe('STOPPED');
      expect(read.data.schedule.stopReason).toBe('OWNER_LACKS_CAPABILITY');
      expect(read.data.schedule.stopDetail).toMatch(/provider_connection\.health_check/);
      const refused = read.data.schedule.history.edges.map((e: any) => e.node).filter((n: any) => n.stopReason);
      expect(refused).toEqual([
        expect.objectContaining({ outcome: null, stopReason: 'OWNER_LACKS_CAPABILITY', run: null }),
      ]);
      // The stop is in the audit log, as the system's own step.
      const [stop] = await db.db
        .select()
        .from(schema.auditEvents)
        .where(eq(schema.auditEvents.action, 'schedule.stop'));
      expect(stop).toMatchObject({ actorId: null, tenantId: w.tenant.id, targetId: id });
      expect(stop!.detail).toMatchObject({ stopReason: 'OWNER_LACKS_CAPABILITY', ownerId: operator.id });
      // It fires no more.
      const count = (await firings(db, id)).length;
      await new Promise((resolve) => setTimeout(resolve, 4_500));
      expect((await firings(db, id)).length).toBe(count);

      // The tenant's OWNER resumes it and so takes it over: it fires as them.
      const resumed = await gql(
        ops,
        w.owner,
        `mutation ($id: ID!) { resumeSchedule(id: $id) { status owner { id } stopReason } }`,
        { id },
      );
      expect(resumed.data.resumeSchedule).toEqual({ status: 'ACTIVE', owner: { id: w.owner.id }, stopReason: null });
      await waitFor(
        async () => (await firings(db, id)).some((f) => f.outcome !== null && f.tickAt.getTime() > Date.now() - 3_000),
        'a firing after the resume',
        30_000,
      );
    } finally {
      await workers.close();
    }
  });

  test('a tick delivered twice (a retried or taken-over job) is one firing: the gate replays its first decision', async ({
    db,
    queue,
    seed,
    sim,
    ops,
  }) => {
    const w = await seed.world();
    const workers = await replicas({ db, queue }, sim.url);
    try {
      // Hourly: no tick of its own during the test.
      const created = await gql(ops, w.owner, CREATE, {
        input: { tenantId: w.tenant.id, operationType: 'POLICY_BACKUP', intervalSeconds: 3600 },
      });
      const id = created.data.createSchedule.id as string;
      // The same tick twice, as BullMQ would hand it over again: two jobs naming one due time.
      const tick = Math.floor(Date.now() / 1000) * 1000;
      const schedulesQueue = workers.runtimes[0]!.schedules!.queue;
      for (const copy of ['a', 'b']) {
        await schedulesQueue.add(FIRE_SCHEDULE_JOB, { scheduleId: id }, {
          jobId: `redelivery-${copy}`,
          prevMillis: tick,
        } as never);
      }
      await waitFor(
        () => workers.all().filter((f) => f.scheduleId === id).length === 2,
        'both deliveries processed',
        20_000,
      );
      const reports = workers.all().filter((f) => f.scheduleId === id);
      expect(reports.map((r) => r.outcome)).toEqual(['ACCEPTED', 'ACCEPTED']);
      expect(new Set(reports.map((r) => r.runId)).size).toBe(1);
      expect(reports.filter((r) => r.recorded)).toHaveLength(1);
      const rows = await firings(db, id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.tickAt.getTime()).toBe(tick);
      const runs = await db.db
        .select()
        .from(schema.operationRuns)
        .where(and(eq(schema.operationRuns.tenantId, w.tenant.id), eq(schema.operationRuns.initiatedFrom, 'SCHEDULE')));
      expect(runs).toHaveLength(1);
      // One decision: the replay records nothing new.
      const decisions = await db.db
        .select()
        .from(schema.auditEvents)
        .where(and(eq(schema.auditEvents.tenantId, w.tenant.id), eq(schema.auditEvents.surface, 'SCHEDULE')));
      expect(decisions).toHaveLength(1);
    } finally {
      await workers.close();
    }
  });

  test('a job scheduler Redis lost is added again by the repair pass, and the schedule fires again', async ({
    db,
    queue,
    seed,
    sim,
    ops,
  }) => {
    const w = await seed.world();
    const workers = await replicas({ db, queue }, sim.url, 1);
    try {
      const created = await gql(ops, w.owner, CREATE, {
        input: { tenantId: w.tenant.id, operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK', intervalSeconds: 1 },
      });
      const id = created.data.createSchedule.id as string;
      // Reconciled: its job scheduler upserted, and the version recorded (in the transaction that
      // holds the row while Redis is written, so the scheduler shows a little before the row).
      await waitFor(
        async () => {
          const [row] = await db.db
            .select({ version: schema.schedules.version, synced: schema.schedules.syncedVersion })
            .from(schema.schedules)
            .where(eq(schema.schedules.id, id));
          return row?.synced === row?.version && (await workers.scheduler(id)) !== undefined;
        },
        'the job scheduler, reconciled',
        10_000,
      );
      // Redis forgets it (restarted without persistence, flushed). The reconciler sees nothing to
      // do (the row did not change); the repair pass at start does. (A tick taken after the
      // removal does not put it back: BullMQ's worker adds the next tick's job only while the
      // job scheduler exists.)
      await workers.runtimes[0]!.schedules!.queue.removeJobScheduler(id);
      expect(await workers.runtimes[0]!.schedules!.repairMissing()).toBe(1);
      expect(await workers.scheduler(id)).toMatchObject({ every: 1_000 });
      const before = (await firings(db, id)).length;
      await waitFor(async () => (await firings(db, id)).length > before, 'a firing after the repair', 15_000);
      // A second pass finds nothing missing.
      expect(await workers.runtimes[0]!.schedules!.repairMissing()).toBe(0);
    } finally {
      await workers.close();
    }
  });

  test('a tick already due when its schedule is paused records nothing, starts nothing and removes the job scheduler it came from; the reconciler and the repair pass agree', async ({
    db,
    queue,
    seed,
    ops,
  }) => {
    const w = await seed.world();
    const held = await heldTick({ db, queue }, ops, w);
    try {
      const paused = await gql(ops, w.owner, `mutation ($id: ID!) { pauseSchedule(id: $id) { status } }`, {
        id: held.id,
      });
      expect(paused.data.pauseSchedule.status).toBe('PAUSED');
      const result = await held.process();
      const none = { firings: 0, runs: 0, decisions: 0 };

      // Nothing recorded, nothing started, no decision for the tick; the schedule's audit trail is
      // its creation and its pause.
      expect(await held.written()).toEqual(none);
      const trail = await db.db
        .select({ action: schema.auditEvents.action })
        .from(schema.auditEvents)
        .where(eq(schema.auditEvents.targetId, held.id))
        .orderBy(asc(schema.auditEvents.id));
      expect(trail.map((e: { action: string }) => e.action)).toEqual(['schedule.create', 'schedule.pause']);
      // The tick removed its job scheduler (and the next tick's job BullMQ added on taking it),
      // before any reconciler pass.
      expect(await held.runner.queue.getJobScheduler(held.id)).toBeUndefined();
      expect(await held.runner.queue.getJobCounts('delayed', 'wait', 'prioritized')).toEqual({
        delayed: 0,
        wait: 0,
        prioritized: 0,
      });
      expect(result).toEqual({ skipped: 'PAUSED', retired: true });
      // The reconciler agrees (it marks the pause as synced, with nothing left to remove), and the
      // repair pass finds nothing to add.
      expect(await held.runner.sync()).toBe(1);
      expect(await held.runner.repairMissing()).toBe(0);
      expect(await held.runner.queue.getJobScheduler(held.id)).toBeUndefined();
      expect(await held.written()).toEqual(none);
    } finally {
      await held.close();
    }
  });

  test('a tick made before a change of the timing (a stale version) fires nothing; the reconciler replaces its job scheduler', async ({
    db,
    queue,
    seed,
    ops,
  }) => {
    const w = await seed.world();
    const held = await heldTick({ db, queue }, ops, w);
    try {
      const updated = await gql(
        ops,
        w.owner,
        `mutation ($input: UpdateScheduleInput!) { updateSchedule(input: $input) { intervalSeconds } }`,
        { input: { id: held.id, intervalSeconds: 3600 } },
      );
      expect(updated.data.updateSchedule.intervalSeconds).toBe(3600);
      const result = await held.process();
      const none = { firings: 0, runs: 0, decisions: 0 };
      expect(await held.written()).toEqual(none);
      expect(result).toEqual({ skipped: 'STALE_VERSION' });
      // Still ACTIVE: its scheduler stays for the reconciler, which upserts the current version.
      expect(await held.runner.sync()).toBe(1);
      const scheduler = await held.runner.queue.getJobScheduler(held.id);
      expect(scheduler).toMatchObject({ every: 3_600_000, template: { data: { scheduleId: held.id, version: 2 } } });
    } finally {
      await held.close();
    }
  });

  test('pause stops the firings at once, resume brings them back, delete removes the schedule and its job scheduler', async ({
    db,
    queue,
    seed,
    sim,
    ops,
  }) => {
    const w = await seed.world();
    const workers = await replicas({ db, queue }, sim.url, 1);
    try {
      const created = await gql(ops, w.owner, CREATE, {
        input: {
          tenantId: w.tenant.id,
          operationType: 'PROVIDER_VERIFICATION',
          cron: '*/1 * * * * *',
          timeZone: 'Europe/Berlin',
        },
      });
      expect(created.errors).toBeUndefined();
      const id = created.data.createSchedule.id as string;
      await waitFor(async () => (await firings(db, id)).length >= 2, 'two firings', 30_000);

      const paused = await gql(ops, w.owner, `mutation ($id: ID!) { pauseSchedule(id: $id) { status } }`, { id });
      expect(paused.data.pauseSchedule.status).toBe('PAUSED');
      await waitFor(async () => (await workers.scheduler(id)) === undefined, 'the job scheduler removed', 10_000);
      const count = (await firings(db, id)).length;
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect((await firings(db, id)).length).toBe(count);

      await gql(ops, w.owner, `mutation ($id: ID!) { resumeSchedule(id: $id) { status } }`, { id });
      await waitFor(async () => (await firings(db, id)).length > count, 'a firing after the resume', 15_000);

      const deleted = await gql(ops, w.owner, `mutation ($id: ID!) { deleteSchedule(id: $id) }`, { id });
      expect(deleted.data.deleteSchedule).toBe(id);
      const gone = await gql(ops, w.owner, SCHEDULE, { id });
      expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      await waitFor(
        async () => (await db.db.select().from(schema.schedules).where(eq(schema.schedules.id, id))).length === 0,
        'the row removed by the reconciler',
        10_000,
      );
      expect(await workers.scheduler(id)).toBeUndefined();
    } finally {
      await workers.close();
    }
  });
});
