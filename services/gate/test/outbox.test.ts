/**
 * No lost and no duplicated work across a Redis outage: the run commits before the enqueue,
 * the start still answers, and the dispatcher enqueues the run exactly once when Redis is back.
 */
import { createDb, schema } from '@msp/db';
import { afterAll, beforeAll, describe, expect, test } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import { type PrivateRedis, startPrivateRedis, waitUntil } from '@msp/tests/support/redis-server';
import { eq } from 'drizzle-orm';
import { createDispatcher, createOperationsQueue, redisConnection } from '../src';
import { gateFor, jobTotal } from './helpers';

let redis: PrivateRedis;
beforeAll(async () => {
  redis = await startPrivateRedis();
});
afterAll(async () => {
  await redis.stop();
});

function privateQueue() {
  return createOperationsQueue({ connection: redisConnection(redis.url), prefix: 'outbox-test' });
}

describe('transactional outbox', () => {
  test('Redis stopped during a start: ACCEPTED anyway, enqueued exactly once when Redis is back', async ({
    db,
    seed,
  }) => {
    const queue = privateQueue();
    queue.on('error', () => {});
    await queue.waitUntilReady();
    const gate = gateFor(db, queue, 300);
    const dispatcher = createDispatcher({ db: db.db, queue, logger: testLogger, graceMs: 0 });
    const w = await seed.world();

    await redis.stop();
    const started = Date.now();
    const r = await gate.start({
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      surface: 'TENANT',
    });
    expect(Date.now() - started).toBeLessThan(5000);
    if (!r.ok || r.value.outcome !== 'ACCEPTED') throw new Error(`expected ACCEPTED, got ${JSON.stringify(r)}`);
    const runId = r.value.run.id;
    const [row] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, runId));
    expect(row).toMatchObject({ status: 'QUEUED', dispatchedAt: null });

    // While Redis is down the dispatcher enqueues nothing and loses nothing.
    expect(await dispatcher.tick()).toBe(0);

    await redis.start();
    await waitUntil(async () => {
      try {
        await queue.getJobCounts();
        return true;
      } catch {
        return false;
      }
    }, 'the queue to reconnect');

    expect(await dispatcher.tick()).toBe(1);
    expect(await dispatcher.tick()).toBe(0);
    const job = await queue.getJob(runId);
    expect(job?.id).toBe(runId);
    expect(job?.data).toEqual({ runId, operationType: 'DIRECTORY_GROUPS_SYNC' });
    expect(await jobTotal(queue)).toBe(1);
    const [after] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, runId));
    expect(after?.dispatchedAt).toBeInstanceOf(Date);
    await queue.obliterate({ force: true });
    await queue.close();
  });

  test('a run whose enqueue did reach Redis is not queued twice by the dispatcher', async ({ db, seed }) => {
    const queue = privateQueue();
    const gate = gateFor(db, queue);
    const w = await seed.world();
    const r = await gate.start({
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      operationType: 'POLICY_BACKUP',
      surface: 'TENANT',
    });
    if (!r.ok || r.value.outcome !== 'ACCEPTED') throw new Error('expected ACCEPTED');
    // The start enqueued it but left dispatched_at unset (as after a crash right after the add).
    const dispatcher = createDispatcher({ db: db.db, queue, logger: testLogger, graceMs: 0 });
    expect(await dispatcher.tick()).toBe(1);
    expect(await jobTotal(queue)).toBe(1);
    expect((await queue.getJob(r.value.run.id))?.id).toBe(r.value.run.id);
    await queue.obliterate({ force: true });
    await queue.close();
  });

  test('a second gate replica with its own pool sees runs the first one committed', async ({ database, seed }) => {
    const queue = privateQueue();
    const other = createDb({ url: database.url, max: 2 });
    const w = await seed.world();
    const a = gateFor(database.handle, queue);
    const b = gateFor(other, queue);
    const first = await a.start({
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      operationType: 'POLICY_BACKUP',
      surface: 'TENANT',
    });
    const second = await b.start({
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      operationType: 'POLICY_BACKUP',
      surface: 'TENANT',
    });
    expect(first.ok && first.value.outcome).toBe('ACCEPTED');
    expect(second.ok && second.value.outcome).toBe('DEDUPED');
    expect(await jobTotal(queue)).toBe(1);
    await other.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
