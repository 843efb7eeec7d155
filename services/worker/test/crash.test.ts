/**
 * Issue 3, acceptance 3: a worker process killed with SIGKILL mid-run. A real child process
 * (`node --import tsx`) runs the worker on this file's database and queue prefix; Graph is made
 * slow so the run is caught RUNNING; the child is killed; a worker started here afterwards
 * detects the stalled job. The run ends retried and SUCCEEDED, or (beyond the stall limit)
 * FAILED with RUN_INTERRUPTED; never stuck RUNNING, and with at most one notification.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { schema } from '@msp/db';
import { spawnWorker } from '@msp/tests/support/worker';
import { eq, sql } from 'drizzle-orm';
import { createWorkerRuntime } from '../src';
import {
  describe,
  expect,
  notificationsOf,
  runEvents,
  scenario,
  test,
  testRuntimeOptions,
  waitForRun,
} from './support';

/** Short locks so that a dead worker's job is noticed within a second or two. */
const LOCK_MS = 1_000;
const STALLED_INTERVAL_MS = 300;

async function killHard(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  const [code, signal] = await exited;
  expect(signal ?? code).toBe('SIGKILL');
}

describe('acceptance 3: a worker killed with SIGKILL mid-run', () => {
  test('the stalled job is taken over by another worker: the run is retried and ends SUCCEEDED, one notification', async ({
    database,
    db,
    queue,
    seed,
    sim,
    gate,
  }) => {
    const s = await scenario({ seed, sim, gate }, { simulator: { groups: 1500, latencyMs: 500 } });
    const child = await spawnWorker({
      databaseUrl: database.url,
      redis: queue.connection,
      prefix: queue.prefix,
      simulatorUrl: sim.url,
      lockDurationMs: LOCK_MS,
      stalledIntervalMs: STALLED_INTERVAL_MS,
    });
    const runId = await s.start('DIRECTORY_GROUPS_SYNC');
    const running = await waitForRun(db.db, runId, (r) => r.status === 'RUNNING');
    expect(running.attempts).toBe(1);
    await killHard(child);
    await sim.configure(s.entraTenantId, { latencyMs: 0 });
    // Still RUNNING: nobody has noticed yet.
    expect((await waitForRun(db.db, runId, () => true)).status).toBe('RUNNING');

    const survivor = createWorkerRuntime(
      testRuntimeOptions(db.db, queue, sim.url, {
        lockDurationMs: LOCK_MS,
        stalledIntervalMs: STALLED_INTERVAL_MS,
        maxStalledCount: 1,
      }),
    );
    await survivor.start();
    try {
      const run = await waitForRun(db.db, runId, undefined, 30_000);
      expect(run).toMatchObject({ status: 'COMPLETED', outcome: 'SUCCEEDED', attempts: 2, progressProcessed: 1500 });
      const types = (await runEvents(db.db, runId)).map((e) => e.type);
      expect(types.slice(0, 2)).toEqual(['dispatched', 'started']);
      expect(types).toContain('retried');
      expect(types.at(-1)).toBe('completed');
      const [groups] = await db.db
        .select({ count: sql<number>`count(*)::int` })
        .from(schema.directoryGroups)
        .where(eq(schema.directoryGroups.tenantId, s.tenant.id));
      expect(groups?.count).toBe(1500);
      expect(await notificationsOf(db.db, runId)).toHaveLength(1);
    } finally {
      await survivor.close();
    }
  });

  test('beyond the stall limit the run ends FAILED with RUN_INTERRUPTED, one notification', async ({
    database,
    db,
    queue,
    seed,
    sim,
    gate,
  }) => {
    const s = await scenario({ seed, sim, gate }, { simulator: { groups: 1500, latencyMs: 500 } });
    const child = await spawnWorker({
      databaseUrl: database.url,
      redis: queue.connection,
      prefix: queue.prefix,
      simulatorUrl: sim.url,
      lockDurationMs: LOCK_MS,
      stalledIntervalMs: STALLED_INTERVAL_MS,
    });
    const runId = await s.start('POLICY_BACKUP');
    await waitForRun(db.db, runId, (r) => r.status === 'RUNNING');
    await killHard(child);

    // No take-over allowed: the first stall is one too many.
    const survivor = createWorkerRuntime(
      testRuntimeOptions(db.db, queue, sim.url, {
        lockDurationMs: LOCK_MS,
        stalledIntervalMs: STALLED_INTERVAL_MS,
        maxStalledCount: 0,
      }),
    );
    await survivor.start();
    try {
      const run = await waitForRun(db.db, runId, undefined, 30_000);
      expect(run).toMatchObject({ status: 'COMPLETED', outcome: 'FAILED', reasonCode: 'RUN_INTERRUPTED', attempts: 1 });
      expect((await runEvents(db.db, runId)).map((e) => e.type)).toEqual(['dispatched', 'started', 'completed']);
      const notifications = await notificationsOf(db.db, runId);
      expect(notifications).toHaveLength(1);
      expect(notifications[0]?.title).toBe('Policy backup failed');
      expect(notifications[0]?.body).toContain('Start the operation again');
    } finally {
      await survivor.close();
    }
  });
});
