/**
 * Issue 3, acceptance 5: terminal notifications go to the initiator only, exactly once per
 * run, written by the lifecycle at the terminal transition, even when the job is delivered
 * twice (late, after the run ended, or while it is still running).
 */
import { schema } from '@msp/db';
import { notificationChannel, notificationEventSchema, runEventChannel, runEventSchema } from '@msp/gate';
import { createLifecycle } from '@msp/run-lifecycle';
import { testEnv } from '@msp/tests/support/env';
import { testLogger } from '@msp/tests/support/logger';
import type { Queue } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { describe, eventually, expect, links, notificationsOf, runEvents, scenario, test, waitForRun } from './support';

let subscriber: Redis;
const messages: Array<{ channel: string; message: string }> = [];
beforeAll(() => {
  subscriber = new Redis(testEnv.redisUrl);
  subscriber.on('message', (channel: string, message: string) => messages.push({ channel, message }));
});
afterAll(async () => {
  await subscriber.quit();
});

/** Adds a second job for the same run under another job id, as a duplicate delivery would. */
async function deliverAgain(queue: Queue, runId: string, operationType: string): Promise<string> {
  const jobId = `${runId}-again-${Math.random().toString(36).slice(2, 8)}`;
  await queue.add(operationType, { runId, operationType }, { jobId });
  return jobId;
}

async function finishedJob(queue: Queue, jobId: string) {
  return eventually(async () => {
    const job = await queue.getJob(jobId);
    return job?.finishedOn ? job : undefined;
  }, `job ${jobId} to finish`);
}

describe('acceptance 5: notifications go to the initiator only, exactly once per run', () => {
  test('the initiator gets one notification (stored and published); other members of the tenant get none', async ({
    db,
    seed,
    sim,
    gate,
    runtime: _runtime,
  }) => {
    const s = await scenario({ seed, sim, gate });
    const operator = await seed.user();
    await seed.member(s.tenant.id, operator.id, 'OPERATOR');
    await subscriber.subscribe(
      notificationChannel(operator.id),
      notificationChannel(s.owner.id),
      runEventChannel(s.tenant.id),
    );

    const runId = await s.start('ROLE_DEFINITIONS_SYNC', { userId: operator.id, surface: 'RBAC' });
    const run = await waitForRun(db.db, runId);
    expect(run.outcome).toBe('SUCCEEDED');

    const stored = await notificationsOf(db.db, runId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      userId: operator.id,
      kind: 'RUN_COMPLETED',
      title: 'Role definitions sync succeeded',
      body: 'Nothing to do.',
      readAt: null,
    });
    const ownerRows = await db.db
      .select()
      .from(schema.notifications)
      .where(eq(schema.notifications.userId, s.owner.id));
    expect(ownerRows).toHaveLength(0);

    // Published after commit on the initiator's channel only. One subscriber connection gets
    // messages in publish order, so once the terminal run event and the notification are in,
    // anything for the owner would be too.
    const published = await eventually(async () => {
      const mine = messages.filter((m) => m.channel === notificationChannel(operator.id));
      const terminal = messages.some(
        (m) =>
          m.channel === runEventChannel(s.tenant.id) &&
          runEventSchema.parse(JSON.parse(m.message)).run.status === 'COMPLETED',
      );
      return terminal && mine.length > 0 ? mine : undefined;
    }, 'the published notification');
    expect(published).toHaveLength(1);
    expect(notificationEventSchema.parse(JSON.parse(published[0]!.message))).toMatchObject({
      id: stored[0]!.id,
      userId: operator.id,
      runId,
      kind: 'RUN_COMPLETED',
    });
    expect(messages.filter((m) => m.channel === notificationChannel(s.owner.id))).toHaveLength(0);
  });

  test('a job delivered again after its run ended changes nothing: still one notification, one terminal event', async ({
    db,
    seed,
    sim,
    gate,
    queue,
    runtime: _runtime,
  }) => {
    const s = await scenario({ seed, sim, gate });
    const runId = await s.start('POLICY_BACKUP');
    const run = await waitForRun(db.db, runId);
    expect(run.outcome).toBe('SUCCEEDED');

    const job = await finishedJob(queue.queue, await deliverAgain(queue.queue, runId, 'POLICY_BACKUP'));
    expect(job.returnvalue).toEqual({ skipped: 'COMPLETED' });

    const [after] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, runId));
    expect(after?.completedAt?.getTime()).toBe(run.completedAt?.getTime());
    expect(after?.attempts).toBe(1);
    expect(await notificationsOf(db.db, runId)).toHaveLength(1);
    expect((await runEvents(db.db, runId)).filter((e) => e.type === 'completed')).toHaveLength(1);
    const backups = await db.db
      .select()
      .from(schema.policyBackups)
      .where(eq(schema.policyBackups.operationRunId, runId));
    expect(backups).toHaveLength(1);
  });

  test('a job delivered twice while its run is running: the second delivery is skipped, one notification', async ({
    db,
    seed,
    sim,
    gate,
    queue,
    runtime: _runtime,
  }) => {
    // Slow Graph keeps the first delivery busy while the second arrives.
    const s = await scenario({ seed, sim, gate }, { simulator: { latencyMs: 300, groups: 50 } });
    const runId = await s.start('DIRECTORY_GROUPS_SYNC');
    await waitForRun(db.db, runId, (r) => r.status === 'RUNNING');

    const job = await finishedJob(queue.queue, await deliverAgain(queue.queue, runId, 'DIRECTORY_GROUPS_SYNC'));
    expect(job.returnvalue).toEqual({ skipped: 'DUPLICATE' });

    const run = await waitForRun(db.db, runId);
    expect(run).toMatchObject({ outcome: 'SUCCEEDED', attempts: 1, progressSucceeded: 50 });
    expect(await notificationsOf(db.db, runId)).toHaveLength(1);
    expect((await runEvents(db.db, runId)).map((e) => e.type)).toEqual([
      'dispatched',
      'started',
      'progress',
      'completed',
    ]);
  });

  test('no notification without an initiator, or when the initiator has left the tenant', async ({ db, seed }) => {
    const lifecycle = createLifecycle({ db: db.db, publisher: null, links, logger: testLogger });
    const w = await seed.world();
    const system = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
      initiatedBy: null,
    });
    const done = await lifecycle.complete(system.id, { outcome: 'SUCCEEDED' });
    expect(done).toMatchObject({ completed: true, notification: null });

    const former = await seed.user();
    await seed.member(w.tenant.id, former.id, 'OPERATOR');
    const run = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      initiatedBy: former.id,
    });
    await db.db
      .delete(schema.tenantMembers)
      .where(and(eq(schema.tenantMembers.tenantId, w.tenant.id), eq(schema.tenantMembers.userId, former.id)));
    const ended = await lifecycle.complete(run.id, { outcome: 'FAILED', reasonCode: 'PROVIDER_THROTTLED' });
    expect(ended).toMatchObject({ completed: true, notification: null });
    expect(await notificationsOf(db.db, system.id)).toHaveLength(0);
    expect(await notificationsOf(db.db, run.id)).toHaveLength(0);
  });
});
