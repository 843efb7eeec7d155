// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 12, acceptance 3 to 5: run control on the real stack. The operations subgraph serves
 * `cancelOperationRun` / `retryOperationRun` over HTTP; runs are admitted by the real gate and
 * worked by real worker runtimes (two in-process replicas, or a child process killed with
 * SIGKILL) against the Graph simulator, on this file's database and queue prefix.
 */
import { once } from 'node:events';
import { type DbHandle, type RunRow, schema } from '@msp/db';
import { createGate, type Gate, type OperationType } from '@msp/gate';
import { testEnv } from '@msp/tests/support/env';
import { test as base, describe, expect } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import { waitForRun } from '@msp/tests/support/runs';
import type { SimulatorControl } from '@msp/tests/support/simulator';
import { spawnWorker, testRuntimeOptions } from '@msp/tests/support/worker';
import { createWorkerRuntime, type WorkerRuntime } from '@msp/worker';
import { and, count, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { type OperationsSubgraph, startOperationsSubgraph } from '../src';
import { auth, links, tokenFor } from './helpers';

interface Stack {
  ops: OperationsSubgraph;
  gate: Gate;
  sim: SimulatorControl;
}

const test = base.extend<{ stack: Stack }>({
  stack: [
    async ({ database, db, queue, sim }, use) => {
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
        cancelWaitMs: 3000,
      });
      await use({
        ops,
        gate: createGate({ db: db.db, queue: queue.queue, links, logger: testLogger, publisher }),
        sim,
      });
      await ops.close();
      publisher.disconnect();
    },
    { scope: 'file' },
  ],
});

async function gql(stack: Stack, user: { subject: string }, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(stack.ops.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(user)}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

const RUN_FIELDS = /* GraphQL */ `
  id status outcome cancelRequestedAt viewerCanCancel viewerCanRetry
  progress { total processed succeeded failed }
  message { headline reason nextStep }
  retryOf { id }
  retries { id outcome initiatedFrom }
  events { at kind actor { id } reason { code detail } detail attempt }
  attempts { number startedAt endedAt reason { code } }
  output { counts { name value } policyBackup { id } restoreRun { id } }
`;
const CANCEL = `mutation($id: ID!, $reason: String) { cancelOperationRun(id: $id, reason: $reason) { ${RUN_FIELDS} } }`;
const RUN = `query($id: ID!) { operationRun(id: $id) { ${RUN_FIELDS} } }`;
const RETRY = /* GraphQL */ `
  mutation($id: ID!, $key: String) {
    retryOperationRun(id: $id, idempotencyKey: $key) {
      ... on ProviderOperationStart { outcome message { headline reason nextStep action } }
      ... on ProviderOperationAccepted { run { id status initiatedFrom retryOf { id } } }
      ... on ProviderOperationDeduped { run { id } }
      ... on ProviderOperationBlocked { reasonCode attempt: run { id outcome retryOf { id } } }
    }
  }
`;

/** Starts worker runtimes on this file's queue and simulator; the returned function closes them. */
async function workers(
  deps: { db: { db: Parameters<typeof testRuntimeOptions>[0] }; queue: Parameters<typeof testRuntimeOptions>[1] },
  stack: Stack,
  n: number,
  overrides: Parameters<typeof testRuntimeOptions>[3] = {},
): Promise<{ runtimes: WorkerRuntime[]; close(): Promise<void> }> {
  const runtimes = Array.from({ length: n }, () =>
    createWorkerRuntime(testRuntimeOptions(deps.db.db, deps.queue, stack.sim.url, overrides)),
  );
  await Promise.all(runtimes.map((r) => r.start()));
  return { runtimes, close: async () => void (await Promise.all(runtimes.map((r) => r.close()))) };
}

async function start(
  stack: Stack,
  w: { tenant: { id: string }; owner: { id: string } },
  operationType: OperationType,
  extra: { target?: string; input?: Record<string, unknown>; userId?: string } = {},
) {
  const result = await stack.gate.start({
    actor: { userId: extra.userId ?? w.owner.id },
    tenantId: w.tenant.id,
    operationType,
    surface: 'TENANT',
    ...(extra.target ? { target: extra.target } : {}),
    ...(extra.input ? { input: extra.input } : {}),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** Starts through the gate and returns the run id; the start must be ACCEPTED. */
async function admit(
  stack: Stack,
  w: Parameters<typeof start>[1],
  operationType: OperationType,
  extra: Parameters<typeof start>[3] = {},
) {
  const started = await start(stack, w, operationType, extra);
  expect(started.outcome).toBe('ACCEPTED');
  if (started.outcome !== 'ACCEPTED') throw new Error('not admitted');
  return started.run.id;
}

/** The connection is free: the next start is admitted and (with a worker running) completes. */
async function admitsNextRun(db: DbHandle, stack: Stack, w: Parameters<typeof start>[1], operationType: OperationType) {
  const id = await admit(stack, w, operationType);
  return settled(db, id, (r) => r.status === 'COMPLETED');
}

async function runRow(db: DbHandle, id: string): Promise<RunRow> {
  const [row] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, id));
  if (!row) throw new Error(`no run ${id}`);
  return row;
}

/** The shared waitForRun, with this file's longer budget (runs here wait on real workers). */
const settled = (db: DbHandle, id: string, until: (r: RunRow) => boolean) => waitForRun(db.db, id, until, 30_000);

async function notifications(db: { db: any }, runId: string) {
  return db.db.select().from(schema.notifications).where(eq(schema.notifications.runId, runId)) as Promise<
    Array<typeof schema.notifications.$inferSelect>
  >;
}

describe('acceptance 3: cancelOperationRun', () => {
  test('a QUEUED run leaves the queue and ends CANCELLED at once, without a Graph call; its connection admits the next start; one notification; twice is the same; READONLY FORBIDDEN, stranger NOT_FOUND', async ({
    db,
    queue,
    seed,
    stack,
  }) => {
    const w = await seed.world();
    const readonly = await seed.user();
    const operator = await seed.user();
    const stranger = await seed.user();
    await seed.member(w.tenant.id, readonly.id, 'READONLY');
    await seed.member(w.tenant.id, operator.id, 'OPERATOR');
    // No worker runs: the job waits in the queue.
    const runId = await admit(stack, w, 'DIRECTORY_GROUPS_SYNC');
    expect(await queue.queue.getJobState(runId)).toBe('waiting');

    const forbidden = await gql(stack, readonly, CANCEL, { id: runId });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // An OPERATOR may cancel the runs they started, not someone else's.
    expect((await gql(stack, operator, CANCEL, { id: runId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const notFound = await gql(stack, stranger, CANCEL, { id: runId });
    expect(notFound.errors?.[0]).toMatchObject({
      message: 'Operation run not found.',
      extensions: { code: 'NOT_FOUND' },
    });
    expect((await runRow(db, runId)).cancelRequestedAt).toBeNull();

    const cancelled = await gql(stack, w.owner, CANCEL, { id: runId, reason: 'wrong tenant' });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data.cancelOperationRun).toMatchObject({
      status: 'COMPLETED',
      outcome: 'CANCELLED',
      viewerCanCancel: false,
      viewerCanRetry: true,
      message: { headline: 'Directory groups sync was cancelled' },
    });
    expect(cancelled.data.cancelOperationRun.message.reason).toContain('wrong tenant');
    expect(await queue.queue.getJob(runId)).toBeUndefined();
    expect((await stack.sim.state(w.connection.entraTenantId)).counters.graphRequests).toBe(0);
    expect(cancelled.data.cancelOperationRun.events.map((e: any) => e.kind)).toEqual([
      'QUEUED',
      'CANCEL_REQUESTED',
      'CANCELLED',
    ]);
    expect(cancelled.data.cancelOperationRun.events[2].actor).toEqual({ id: w.owner.id });

    const note = await notifications(db, runId);
    expect(note).toHaveLength(1);
    expect(note[0]).toMatchObject({ userId: w.owner.id, title: 'Directory groups sync was cancelled' });
    expect(note[0]?.body).toContain(`Cancelled by ${w.owner.displayName}: wrong tenant`);

    // Twice: the same answer, nothing new written.
    const again = await gql(stack, w.owner, CANCEL, { id: runId });
    expect(again.data.cancelOperationRun).toMatchObject({ outcome: 'CANCELLED' });
    expect(again.data.cancelOperationRun.events).toHaveLength(3);
    expect(await notifications(db, runId)).toHaveLength(1);
    // Issue 16: exactly one audit record of the cancellation, with the actor and the run (refusals
    // and the repeated cancel add none).
    const cancels = await db.db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.runId, runId), eq(schema.auditEvents.action, 'run.cancel')));
    expect(cancels).toMatchObject([
      {
        actorId: w.owner.id,
        tenantId: w.tenant.id,
        targetType: 'run',
        targetId: runId,
        detail: { reason: 'wrong tenant' },
      },
    ]);

    // The connection is free: the next start is admitted.
    const next = await admit(stack, w, 'ROLE_DEFINITIONS_SYNC');
    // A worker started now finds nothing of the cancelled run to do.
    const pool = await workers({ db, queue }, stack, 1);
    try {
      const done = await settled(db, next, (r) => r.status === 'COMPLETED');
      expect(done.outcome).toBe('SUCCEEDED');
      expect((await stack.sim.state(w.connection.entraTenantId)).counters.byRoute['GET /v1.0/groups']).toBeUndefined();
      // A completed run cannot be cancelled.
      const late = await gql(stack, w.owner, CANCEL, { id: done.id });
      expect(late.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(late.errors?.[0]?.message).toContain('already completed (SUCCEEDED)');
    } finally {
      await pool.close();
    }
  });

  test('a RUNNING directory sync of many pages stops at its next page (worker replicas: whichever holds it); the counts so far are kept', async ({
    db,
    queue,
    seed,
    stack,
  }) => {
    const w = await seed.world();
    // 20 pages of 500 groups, each page slow enough to catch the run in the middle.
    await stack.sim.configure(w.connection.entraTenantId, { groups: 10_000, latencyMs: 150 });
    const pool = await workers({ db, queue }, stack, 2);
    try {
      const runId = await admit(stack, w, 'DIRECTORY_GROUPS_SYNC');
      await settled(db, runId, (r) => r.progressProcessed >= 1000);
      const pagesAtRequest =
        (await stack.sim.state(w.connection.entraTenantId)).counters.byRoute['GET /v1.0/groups'] ?? 0;

      const result = await gql(stack, w.owner, CANCEL, { id: runId });
      expect(result.errors).toBeUndefined();
      const run = result.data.cancelOperationRun;
      expect(run).toMatchObject({ status: 'COMPLETED', outcome: 'CANCELLED' });

      // Stopped early: at most the page in flight (and the one prefetched) after the request, of 20.
      const pagesFetched =
        (await stack.sim.state(w.connection.entraTenantId)).counters.byRoute['GET /v1.0/groups'] ?? 0;
      expect(pagesFetched).toBeLessThanOrEqual(pagesAtRequest + 2);
      expect(pagesFetched).toBeLessThan(20);
      // The counts so far are kept, and they are what was written.
      const [stored] = await db.db
        .select({ n: count() })
        .from(schema.directoryGroups)
        .where(eq(schema.directoryGroups.tenantId, w.tenant.id));
      expect(run.progress.processed).toBe(stored?.n);
      expect(run.progress.processed).toBeGreaterThanOrEqual(1000);
      expect(run.progress.processed).toBeLessThan(10_000);
      expect(run.output.counts).toEqual(
        expect.arrayContaining([
          { name: 'groups', value: run.progress.processed },
          { name: 'removed', value: 0 },
        ]),
      );
      expect(run.events.map((e: any) => e.kind)).toEqual(
        expect.arrayContaining(['QUEUED', 'DISPATCHED', 'STARTED', 'PROGRESS', 'CANCEL_REQUESTED', 'CANCELLED']),
      );
      expect(run.events.at(-1)).toMatchObject({ kind: 'CANCELLED', actor: { id: w.owner.id } });
      expect(await notifications(db, runId)).toHaveLength(1);
      // Only one of the two replicas held it; the other did nothing with the request.
      expect((await runRow(db, runId)).attempts).toBe(1);

      await stack.sim.configure(w.connection.entraTenantId, { latencyMs: 0, groups: 10 });
      await admitsNextRun(db, stack, w, 'DIRECTORY_GROUPS_SYNC');
    } finally {
      await pool.close();
    }
  });

  test('a restore stopped mid-way keeps the per-item results of what it applied, and nothing more is written', async ({
    db,
    queue,
    seed,
    stack,
  }) => {
    const w = await seed.world();
    const entra = w.connection.entraTenantId;
    await stack.sim.configure(entra, { policies: 12 });
    const pool = await workers({ db, queue }, stack, 1);
    try {
      const backupRun = await settled(db, await admit(stack, w, 'POLICY_BACKUP'), (r) => r.status === 'COMPLETED');
      expect(backupRun.outcome).toBe('SUCCEEDED');
      const [backup] = await db.db
        .select()
        .from(schema.policyBackups)
        .where(eq(schema.policyBackups.operationRunId, backupRun.id));
      // The tenant lost its policies: the restore recreates each one (one POST per item), slowly.
      await stack.sim.configure(entra, { policies: 0, latencyMs: 150 });
      const [restore] = await db.db
        .insert(schema.restoreRuns)
        .values({
          tenantId: w.tenant.id,
          backupId: backup!.id,
          status: 'PREVIEWED',
          previewedAt: new Date(),
          createdBy: w.owner.id,
        })
        .returning();
      const runId = await admit(stack, w, 'RESTORE_EXECUTION', {
        target: `restore:${restore!.id}`,
        input: { restoreRunId: restore!.id },
      });
      await settled(db, runId, (r) => r.progressProcessed >= 3);

      const result = await gql(stack, w.owner, CANCEL, { id: runId });
      expect(result.errors).toBeUndefined();
      const run = result.data.cancelOperationRun;
      expect(run).toMatchObject({
        status: 'COMPLETED',
        outcome: 'CANCELLED',
        output: { restoreRun: { id: restore!.id } },
      });

      const [after] = await db.db.select().from(schema.restoreRuns).where(eq(schema.restoreRuns.id, restore!.id));
      const items = after!.itemResults as Array<{ ok: boolean; action: string }>;
      expect(items.length).toBe(run.progress.processed);
      expect(items.length).toBeGreaterThanOrEqual(3);
      expect(items.length).toBeLessThan(12);
      expect(items.every((i) => i.ok && i.action === 'CREATE')).toBe(true);
      // Every write that reached the tenant is recorded, and none came after the stop.
      const writes = async () =>
        (await stack.sim.state(entra)).counters.byRoute['POST /beta/deviceManagement/configurationPolicies'] ?? 0;
      expect(await writes()).toBe(items.length);
      expect(run.output.counts).toEqual(
        expect.arrayContaining([
          { name: 'created', value: items.length },
          { name: 'notApplied', value: 12 - items.length },
        ]),
      );
      expect(await notifications(db, runId)).toHaveLength(1);
      await admitsNextRun(db, stack, w, 'ROLE_DEFINITIONS_SYNC');
      expect(await writes()).toBe(items.length);
    } finally {
      await pool.close();
    }
  });

  test('a run whose worker process was killed ends CANCELLED when its job is taken over, without running again', async ({
    database,
    db,
    queue,
    seed,
    stack,
  }) => {
    const w = await seed.world();
    const entra = w.connection.entraTenantId;
    await stack.sim.configure(entra, { groups: 10_000, latencyMs: 300 });
    const child = await spawnWorker({
      databaseUrl: database.url,
      redis: queue.connection,
      prefix: queue.prefix,
      simulatorUrl: stack.sim.url,
      lockDurationMs: 1000,
      stalledIntervalMs: 300,
    });
    const runId = await admit(stack, w, 'DIRECTORY_GROUPS_SYNC');
    await settled(db, runId, (r) => r.status === 'RUNNING');
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    const requestsAtDeath = (await stack.sim.state(entra)).counters.graphRequests;

    // Nobody answers the request: the call returns the run still RUNNING, its cancellation stored.
    const result = await gql(stack, w.owner, CANCEL, { id: runId, reason: 'stuck' });
    expect(result.errors).toBeUndefined();
    expect(result.data.cancelOperationRun).toMatchObject({ status: 'RUNNING' });
    expect(result.data.cancelOperationRun.cancelRequestedAt).not.toBeNull();

    // A live worker takes the dead one's job over and completes the run at once.
    const pool = await workers({ db, queue }, stack, 1, { lockDurationMs: 1000, stalledIntervalMs: 300 });
    try {
      const run = await settled(db, runId, (r) => r.status === 'COMPLETED');
      expect(run).toMatchObject({ outcome: 'CANCELLED', attempts: 1 });
      expect(run.reasonDetail).toContain('Cancelled by');
      expect((await stack.sim.state(entra)).counters.graphRequests).toBe(requestsAtDeath);
      expect(await notifications(db, runId)).toHaveLength(1);
      await stack.sim.configure(entra, { latencyMs: 0, groups: 10 });
      await admitsNextRun(db, stack, w, 'DIRECTORY_GROUPS_SYNC');
    } finally {
      await pool.close();
    }
  });

  test('a run that never reached the queue (like the seeded ones) is cancelled at once', async ({
    db,
    seed,
    stack,
  }) => {
    const w = await seed.world();
    const operator = await seed.user();
    await seed.member(w.tenant.id, operator.id, 'OPERATOR');
    const [run] = await db.db
      .insert(schema.operationRuns)
      .values({
        tenantId: w.tenant.id,
        operationType: 'POLICY_BACKUP',
        target: `tenant:${w.tenant.id}`,
        initiatedFrom: 'TENANT',
        initiatedBy: operator.id,
        providerConnectionId: w.connection.id,
        status: 'RUNNING',
        outcome: 'PENDING',
        attempts: 1,
        startedAt: new Date(),
      })
      .returning();
    // The OPERATOR started it: their own run is theirs to cancel.
    const result = await gql(stack, operator, CANCEL, { id: run!.id });
    expect(result.errors).toBeUndefined();
    expect(result.data.cancelOperationRun).toMatchObject({ status: 'COMPLETED', outcome: 'CANCELLED' });
    const [n] = await db.db
      .select({ n: count() })
      .from(schema.notifications)
      .where(and(eq(schema.notifications.runId, run!.id), eq(schema.notifications.userId, operator.id)));
    expect(n?.n).toBe(1);
    await admit(stack, w, 'DIRECTORY_GROUPS_SYNC');
  });
});

describe('acceptance 4: retryOperationRun', () => {
  test('goes through the gate: BLOCKED while its blocker remains, ACCEPTED after the fix, DEDUPED on a double click, linked to the original', async ({
    db,
    queue,
    seed,
    stack,
  }) => {
    const w = await seed.world();
    const readonly = await seed.user();
    await seed.member(w.tenant.id, readonly.id, 'READONLY');
    const entra = w.connection.entraTenantId;
    await stack.sim.configure(entra, { consent: 'missing' });
    const pool = await workers({ db, queue }, stack, 1);
    try {
      const failed = await settled(db, await admit(stack, w, 'PROVIDER_VERIFICATION'), (r) => r.status === 'COMPLETED');
      expect(failed).toMatchObject({ outcome: 'FAILED', reasonCode: 'PROVIDER_CONSENT_MISSING' });
      expect((await gql(stack, w.owner, RUN, { id: failed.id })).data.operationRun.viewerCanRetry).toBe(true);
      expect((await gql(stack, readonly, RUN, { id: failed.id })).data.operationRun.viewerCanRetry).toBe(false);
      const denied = await gql(stack, readonly, RETRY, { id: failed.id });
      expect(denied.errors?.[0]?.extensions?.code, JSON.stringify(denied.errors)).toBe('FORBIDDEN');

      // The failure recorded the missing consent on the connection: the retry is BLOCKED, and linked.
      const blocked = (await gql(stack, w.owner, RETRY, { id: failed.id })).data.retryOperationRun;
      expect(blocked).toMatchObject({
        outcome: 'BLOCKED',
        reasonCode: 'PROVIDER_CONSENT_MISSING',
        attempt: { outcome: 'BLOCKED', retryOf: { id: failed.id } },
      });

      // The fix: consent granted in the tenant and recorded on the connection.
      await stack.sim.configure(entra, { consent: 'granted' });
      await db.db
        .update(schema.providerConnections)
        .set({ consentStatus: 'GRANTED' })
        .where(eq(schema.providerConnections.id, w.connection.id));
      const [accepted, doubleClick] = [
        (await gql(stack, w.owner, RETRY, { id: failed.id, key: 'retry-1' })).data.retryOperationRun,
        (await gql(stack, w.owner, RETRY, { id: failed.id })).data.retryOperationRun,
      ];
      expect(accepted).toMatchObject({
        outcome: 'ACCEPTED',
        run: { initiatedFrom: 'MONITORING', retryOf: { id: failed.id } },
      });
      expect(doubleClick).toMatchObject({ outcome: 'DEDUPED', run: { id: accepted.run.id } });
      // The same key replays the first decision.
      expect(
        (await gql(stack, w.owner, RETRY, { id: failed.id, key: 'retry-1' })).data.retryOperationRun,
      ).toMatchObject({
        outcome: 'ACCEPTED',
        run: { id: accepted.run.id },
      });

      const retried = await settled(db, accepted.run.id, (r) => r.status === 'COMPLETED');
      expect(retried.outcome).toBe('SUCCEEDED');
      const original = (await gql(stack, w.owner, RUN, { id: failed.id })).data.operationRun;
      expect(original.retries.map((r: any) => [r.id, r.outcome])).toEqual([
        [blocked.attempt.id, 'BLOCKED'],
        [accepted.run.id, 'SUCCEEDED'],
      ]);
      // A run that succeeded is not retried.
      const conflict = await gql(stack, w.owner, RETRY, { id: retried.id });
      expect(conflict.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    } finally {
      await pool.close();
    }
  });
});

describe('acceptance 5: a run’s timeline', () => {
  test('a run that failed once, was retried by BullMQ and succeeded shows each step', async ({
    db,
    queue,
    seed,
    stack,
  }) => {
    const w = await seed.world();
    // The first attempt is throttled beyond the adapter's own retries (1 + 2), the second succeeds.
    await stack.sim.configure(w.connection.entraTenantId, {
      groups: 600,
      throttleCount: 3,
      throttleScope: 'graph',
      retryAfterSeconds: 0,
    });
    const pool = await workers({ db, queue }, stack, 1);
    try {
      const runId = await admit(stack, w, 'DIRECTORY_GROUPS_SYNC');
      await settled(db, runId, (r) => r.status === 'COMPLETED');
      const run = (await gql(stack, w.owner, RUN, { id: runId })).data.operationRun;
      expect(run).toMatchObject({ outcome: 'SUCCEEDED', viewerCanRetry: false, viewerCanCancel: false });
      expect(run.events.map((e: any) => [e.kind, e.attempt])).toEqual([
        ['QUEUED', null],
        ['DISPATCHED', null],
        ['STARTED', 1],
        ['ATTEMPT_FAILED', 1],
        ['RETRY_SCHEDULED', 2],
        ['STARTED', 2],
        ['PROGRESS', null],
        ['PROGRESS', null],
        ['COMPLETED', null],
      ]);
      expect(run.events[0].actor).toEqual({ id: w.owner.id });
      expect(run.events[3].reason).toMatchObject({ code: 'PROVIDER_THROTTLED' });
      expect(run.events.at(-1).detail).toBe('Outcome SUCCEEDED.');
      const times = run.events.map((e: any) => Date.parse(e.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(run.attempts).toMatchObject([
        { number: 1, reason: { code: 'PROVIDER_THROTTLED' } },
        { number: 2, reason: null },
      ]);
      expect(run.attempts.every((a: any) => a.endedAt !== null)).toBe(true);
      expect(run.output.counts).toEqual(expect.arrayContaining([{ name: 'groups', value: 600 }]));
    } finally {
      await pool.close();
    }
  });
});
