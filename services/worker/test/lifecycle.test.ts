/**
 * The run lifecycle on its own, against PostgreSQL and Redis: guarded transitions (each moves a
 * run once), the audit trail, and the live events published after each commit.
 */
import { schema } from '@msp/db';
import { type RunEvent, runEventChannel, runEventSchema } from '@msp/gate';
import { createLifecycle, type Lifecycle } from '@msp/run-lifecycle';
import { testEnv } from '@msp/tests/support/env';
import { testLogger } from '@msp/tests/support/logger';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { describe, eventually, expect, links, notificationsOf, runEvents, test } from './support';

let publisher: Redis;
let subscriber: Redis;
const received = new Map<string, RunEvent[]>();

beforeAll(async () => {
  publisher = new Redis(testEnv.redisUrl);
  subscriber = new Redis(testEnv.redisUrl);
  subscriber.on('message', (_channel: string, message: string) => {
    const event = runEventSchema.parse(JSON.parse(message));
    received.set(event.run.id, [...(received.get(event.run.id) ?? []), event]);
  });
});
afterAll(async () => {
  await Promise.all([publisher.quit(), subscriber.quit()]);
});

function lifecycleFor(db: Parameters<typeof createLifecycle>[0]['db']): Lifecycle {
  return createLifecycle({ db, publisher, links, logger: testLogger });
}

describe('run lifecycle', () => {
  test('begin, progress and complete each move the run once, record an event and publish it', async ({ db, seed }) => {
    const lifecycle = lifecycleFor(db.db);
    const w = await seed.world();
    await subscriber.subscribe(runEventChannel(w.tenant.id));
    const queued = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      status: 'QUEUED',
      initiatedBy: w.owner.id,
    });
    await db.db.update(schema.operationRuns).set({ dispatchedAt: null }).where(eq(schema.operationRuns.id, queued.id));

    const begun = await lifecycle.begin(queued.id, 1);
    expect(begun.action).toBe('run');
    if (begun.action !== 'run') return;
    expect(begun.retried).toBe(false);
    expect(begun.run).toMatchObject({ status: 'RUNNING', outcome: 'PENDING', attempts: 1 });
    expect(begun.run.startedAt).not.toBeNull();
    expect(begun.run.dispatchedAt).not.toBeNull();

    // The same attempt delivered again does not move the run.
    expect(await lifecycle.begin(queued.id, 1)).toMatchObject({ action: 'skip', reason: 'DUPLICATE' });

    const progressed = await lifecycle.progress(queued.id, { total: 10, processed: 4, succeeded: 4, failed: 0 });
    expect(progressed).toMatchObject({ progressTotal: 10, progressProcessed: 4, progressSucceeded: 4 });

    const done = await lifecycle.complete(queued.id, {
      outcome: 'SUCCEEDED',
      result: { groups: 10 },
      progress: { total: 10, processed: 10, succeeded: 10, failed: 0 },
    });
    expect(done.completed).toBe(true);
    if (!done.completed) return;
    expect(done.run).toMatchObject({ status: 'COMPLETED', outcome: 'SUCCEEDED', progressProcessed: 10 });
    expect(done.run.completedAt).not.toBeNull();
    expect(done.notification).toMatchObject({ userId: w.owner.id, title: 'Directory groups sync succeeded' });

    // Nothing moves a completed run again.
    expect(await lifecycle.complete(queued.id, { outcome: 'FAILED', reasonCode: 'INTERNAL_ERROR' })).toMatchObject({
      completed: false,
    });
    expect(await lifecycle.begin(queued.id, 2)).toMatchObject({ action: 'skip', reason: 'COMPLETED' });
    expect(await lifecycle.progress(queued.id, { processed: 11, succeeded: 11, failed: 0 })).toBeNull();
    const [final] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, queued.id));
    expect(final).toMatchObject({ status: 'COMPLETED', outcome: 'SUCCEEDED', progressProcessed: 10, attempts: 1 });

    const events = await runEvents(db.db, queued.id);
    expect(events.map((e) => [e.type, e.fromStatus, e.toStatus])).toEqual([
      ['started', 'QUEUED', 'RUNNING'],
      ['progress', 'RUNNING', 'RUNNING'],
      ['completed', 'RUNNING', 'COMPLETED'],
    ]);
    expect(await notificationsOf(db.db, queued.id)).toHaveLength(1);

    const published = await eventually(async () => {
      const list = received.get(queued.id) ?? [];
      return list.length >= 3 ? list : undefined;
    }, 'three published run events');
    expect(published.map((e) => [e.previousStatus, e.run.status, e.run.outcome])).toEqual([
      ['QUEUED', 'RUNNING', 'PENDING'],
      ['RUNNING', 'RUNNING', 'PENDING'],
      ['RUNNING', 'COMPLETED', 'SUCCEEDED'],
    ]);
    expect(published[1]?.run.progressProcessed).toBe(4);
  });

  test('a RUNNING run begun with a later attempt is recorded as retried, its counts restart, and the earlier attempt is fenced off', async ({
    db,
    seed,
  }) => {
    const lifecycle = lifecycleFor(db.db);
    const w = await seed.world();
    const run = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'POLICY_BACKUP',
      status: 'QUEUED',
    });
    await lifecycle.begin(run.id, 1);
    await lifecycle.progress(run.id, { total: 5, processed: 3, succeeded: 3, failed: 0 });

    const again = await lifecycle.begin(run.id, 2);
    expect(again).toMatchObject({ action: 'run', retried: true });
    if (again.action !== 'run') return;
    expect(again.run).toMatchObject({ status: 'RUNNING', attempts: 2, progressProcessed: 0, progressTotal: 5 });
    // An older attempt arriving late is a duplicate.
    expect(await lifecycle.begin(run.id, 1)).toMatchObject({ action: 'skip', reason: 'DUPLICATE' });

    const events = await runEvents(db.db, run.id);
    // The first attempt ended without a word (its worker died): the take-over explains it.
    expect(events.map((e) => e.type)).toEqual(['started', 'progress', 'attempt_failed', 'retried']);
    expect(events[2]?.data).toMatchObject({ attempt: 1, reasonCode: 'RUN_INTERRUPTED' });
    expect(events[3]?.data).toEqual({ attempt: 2, previousAttempt: 1 });

    // The first attempt, slow rather than dead, is fenced off: no progress, no terminal write.
    expect(await lifecycle.progress(run.id, { processed: 5, succeeded: 5, failed: 0 }, { attempt: 1 })).toBeNull();
    expect(await lifecycle.complete(run.id, { outcome: 'SUCCEEDED' }, { attempt: 1 })).toMatchObject({
      completed: false,
    });
    expect(await lifecycle.complete(run.id, { outcome: 'SUCCEEDED' }, { attempt: 2 })).toMatchObject({
      completed: true,
      run: { outcome: 'SUCCEEDED', attempts: 2 },
    });
  });

  test('complete raced from many places ends the run once, with one notification', async ({ db, seed }) => {
    const lifecycle = lifecycleFor(db.db);
    const w = await seed.world();
    const run = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'ROLE_DEFINITIONS_SYNC',
      initiatedBy: w.owner.id,
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        lifecycle.complete(
          run.id,
          i % 2 === 0
            ? { outcome: 'SUCCEEDED' }
            : { outcome: 'FAILED', reasonCode: 'RUN_INTERRUPTED', reasonDetail: 'reaped' },
        ),
      ),
    );
    expect(results.filter((r) => r.completed)).toHaveLength(1);
    expect(await notificationsOf(db.db, run.id)).toHaveLength(1);
    expect((await runEvents(db.db, run.id)).filter((e) => e.type === 'completed')).toHaveLength(1);
  });
});
