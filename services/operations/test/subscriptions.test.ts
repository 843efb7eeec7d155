/**
 * Live updates through the real server: real graphql-ws clients, real Redis pub/sub, two
 * replicas with their own database pools (issue 3 point 4; issue 5's subscription parts).
 *
 * "Sees nothing" is proven without sleeping: after the events under test, a sentinel is
 * published on the observer's own channel. Redis delivers one connection's messages in publish
 * order, so once the sentinel arrived, every earlier event has been through the replica.
 */
import { randomUUID } from 'node:crypto';
import { type Database, schema } from '@msp/db';
import {
  accessChangedChannel,
  notificationChannel,
  publishAccessChanged,
  publishRunEvent,
  runEventChannel,
} from '@msp/gate';
import { createFanout } from '@msp/subgraph-kit';
import type { TestDatabase } from '@msp/tests/support/db';
import { testEnv } from '@msp/tests/support/env';
import { test as base, describe, expect } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import type { Queue } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { type AccessLost, createAccessWatch, type OperationsSubgraph, startOperationsSubgraph } from '../src';
import { auth, insertRun, links, snapshotOf, subscribe, tokenFor, waitFor, wsClient } from './helpers';

const test = base.extend<{ replicas: [OperationsSubgraph, OperationsSubgraph]; publisher: Redis }>({
  replicas: [
    async ({ database, queue, publisher }, use) => {
      const start = () =>
        startOperationsSubgraph({
          db: database.connect(4),
          redisUrl: testEnv.redisUrl,
          queue: queue.queue,
          publisher,
          auth,
          links,
          logger: testLogger,
          port: 0,
          host: '127.0.0.1',
        });
      const replicas = [await start(), await start()] as [OperationsSubgraph, OperationsSubgraph];
      await use(replicas);
      await Promise.all(replicas.map((r) => r.close()));
    },
    { scope: 'file' },
  ],
  publisher: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take their dependencies by destructuring
    async ({}, use) => {
      const redis = new Redis(testEnv.redisUrl);
      await use(redis);
      await redis.quit();
    },
    { scope: 'file' },
  ],
});

const RUN_UPDATED = /* GraphQL */ `
  subscription Updated($tenantId: ID!, $runId: ID) {
    operationRunUpdated(tenantId: $tenantId, runId: $runId) {
      previousStatus
      previousOutcome
      run {
        id
        status
        outcome
        tenant { id }
        providerConnection { id displayName }
        message { headline action actionUrl }
        progress { total processed succeeded failed }
        url
        startedAt
        completedAt
      }
    }
  }
`;

const NOTIFICATIONS = /* GraphQL */ `
  subscription { notificationReceived { id title body run { id status } } }
`;

const listeners = (replica: OperationsSubgraph, tenantId: string) =>
  replica.events.fanout.listenerCount(runEventChannel(tenantId));

/** Moves a run through the lifecycle as the worker does: commit the row, then publish. */
async function transition(
  db: Database,
  publisher: Redis,
  runId: string,
  set: Partial<typeof schema.operationRuns.$inferInsert>,
) {
  const r = schema.operationRuns;
  const [before] = await db.select({ status: r.status, outcome: r.outcome }).from(r).where(eq(r.id, runId));
  const [after] = await db
    .update(r)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(r.id, runId))
    .returning();
  await publishRunEvent(publisher, after!, { status: before!.status, outcome: before!.outcome });
  return after!;
}

/** Publishes an event of a fresh QUEUED run in `tenantId`: the sentinel of that tenant's channel. */
async function sentinel(db: Database, publisher: Redis, tenantId: string) {
  const row = await insertRun(db, { tenantId, status: 'COMPLETED' });
  await publishRunEvent(publisher, row, { status: null, outcome: null });
  return row;
}

describe('operationRunUpdated', () => {
  test('a member sees QUEUED → RUNNING → COMPLETED; a member of another tenant sees nothing', async ({
    db,
    seed,
    replicas: [replica],
    publisher,
  }) => {
    const w = await seed.world();
    const other = await seed.world();
    const member = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(w.owner)}` });
    const stranger = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(other.owner)}` });
    try {
      const seen = subscribe(member, RUN_UPDATED, { tenantId: w.tenant.id });
      const strangerSeen = subscribe(stranger, RUN_UPDATED, { tenantId: other.tenant.id });
      await waitFor(() => listeners(replica, w.tenant.id) === 1, 'member subscription');
      await waitFor(() => listeners(replica, other.tenant.id) === 1, 'stranger subscription');

      // Admission (the gate publishes QUEUED), then the worker's transitions.
      const queued = await insertRun(db.db, {
        tenantId: w.tenant.id,
        status: 'QUEUED',
        initiatedBy: w.owner.id,
        snapshot: snapshotOf(w.connection),
      });
      await publishRunEvent(publisher, queued!, { status: null, outcome: null });
      await transition(db.db, publisher, queued.id, { status: 'RUNNING', startedAt: new Date(), progressTotal: 3 });
      await transition(db.db, publisher, queued.id, {
        status: 'COMPLETED',
        outcome: 'SUCCEEDED',
        completedAt: new Date(),
        progressProcessed: 3,
        progressSucceeded: 3,
      });

      const events = await seen.received(3);
      expect(events.map((e) => e.operationRunUpdated.run.status)).toEqual(['QUEUED', 'RUNNING', 'COMPLETED']);
      expect(events.map((e) => e.operationRunUpdated.previousStatus)).toEqual([null, 'QUEUED', 'RUNNING']);
      expect(events.map((e) => e.operationRunUpdated.run.outcome)).toEqual(['PENDING', 'PENDING', 'SUCCEEDED']);
      const done = events[2].operationRunUpdated.run;
      expect(done).toMatchObject({
        id: queued.id,
        tenant: { id: w.tenant.id },
        providerConnection: { id: w.connection.id, displayName: w.connection.displayName },
        message: { headline: 'Directory groups sync succeeded', action: 'OPEN_RUN' },
        progress: { total: 3, processed: 3, succeeded: 3, failed: 0 },
        url: `${links.publicAppUrl}/monitoring/operations/${queued.id}`,
      });
      expect(typeof done.completedAt).toBe('string');

      const own = await sentinel(db.db, publisher, other.tenant.id);
      const strangerEvents = await strangerSeen.received(1);
      expect(strangerEvents.map((e) => e.operationRunUpdated.run.id)).toEqual([own.id]);
      expect(seen.events).toHaveLength(3);
    } finally {
      await member.dispose();
      await stranger.dispose();
    }
  });

  test('with runId, only that run’s changes arrive', async ({ db, seed, replicas: [replica], publisher }) => {
    const w = await seed.world();
    const watched = await insertRun(db.db, { tenantId: w.tenant.id, status: 'QUEUED' });
    const client = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(w.owner)}` });
    try {
      const seen = subscribe(client, RUN_UPDATED, { tenantId: w.tenant.id, runId: watched.id });
      await waitFor(() => listeners(replica, w.tenant.id) === 1, 'subscription');
      await sentinel(db.db, publisher, w.tenant.id); // another run of the same tenant
      await transition(db.db, publisher, watched.id, { status: 'RUNNING', startedAt: new Date() });
      const events = await seen.received(1);
      expect(events.map((e) => e.operationRunUpdated.run.id)).toEqual([watched.id]);
    } finally {
      await client.dispose();
    }
  });

  test('subscribing to another tenant is NOT_FOUND, exactly like a tenant that does not exist', async ({
    seed,
    replicas: [replica],
  }) => {
    const w = await seed.world();
    const other = await seed.world();
    const client = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(other.owner)}` });
    try {
      const foreign = await subscribe(client, RUN_UPDATED, { tenantId: w.tenant.id }).failed;
      const missing = await subscribe(client, RUN_UPDATED, { tenantId: randomUUID() }).failed;
      expect(foreign).toHaveLength(1);
      expect(foreign[0]).toMatchObject({ message: 'Tenant not found.', extensions: { code: 'NOT_FOUND' } });
      expect(JSON.stringify(foreign.map(({ message, extensions }) => ({ message, extensions })))).toBe(
        JSON.stringify(missing.map(({ message, extensions }) => ({ message, extensions }))),
      );
      expect(listeners(replica, w.tenant.id)).toBe(0);
    } finally {
      await client.dispose();
    }
  });

  test('a fleet stream takes exactly one scope; a stranger’s workspace and a foreign tenant in a list are NOT_FOUND as missing ones are; a run outside the scope is NOT_FOUND', async ({
    seed,
    replicas: [replica],
  }) => {
    const w = await seed.world();
    const other = await seed.world();
    const foreignRun = await seed.run({
      tenantId: other.tenant.id,
      providerConnectionId: null,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      status: 'COMPLETED',
    });
    const client = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(w.owner)}` });
    const FLEET =
      'subscription($t: ID, $w: ID, $ts: [ID!], $r: ID) { operationRunUpdated(tenantId: $t, workspaceId: $w, tenantIds: $ts, runId: $r) { run { id } } }';
    const shape = (errors: Array<{ message: string; extensions?: unknown }>) =>
      JSON.stringify(errors.map(({ message, extensions }) => ({ message, extensions })));
    try {
      for (const vars of [{}, { t: w.tenant.id, w: w.workspaceId }]) {
        const errors = await subscribe(client, FLEET, vars).failed;
        expect(errors[0]).toMatchObject({
          message: 'Give exactly one of tenantId, workspaceId or tenantIds.',
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      const foreignWs = await subscribe(client, FLEET, { w: other.workspaceId }).failed;
      const missingWs = await subscribe(client, FLEET, { w: randomUUID() }).failed;
      expect(foreignWs[0]).toMatchObject({ message: 'Workspace not found.', extensions: { code: 'NOT_FOUND' } });
      expect(shape(foreignWs)).toBe(shape(missingWs));
      const foreignList = await subscribe(client, FLEET, { ts: [w.tenant.id, other.tenant.id] }).failed;
      const missingList = await subscribe(client, FLEET, { ts: [w.tenant.id, randomUUID()] }).failed;
      expect(foreignList[0]).toMatchObject({ message: 'Tenant not found.', extensions: { code: 'NOT_FOUND' } });
      expect(shape(foreignList)).toBe(shape(missingList));
      const outside = await subscribe(client, FLEET, { w: w.workspaceId, r: foreignRun.id }).failed;
      expect(outside[0]).toMatchObject({ message: 'Operation run not found.', extensions: { code: 'NOT_FOUND' } });
    } finally {
      await client.dispose();
    }
  });

  test('no token, a bad token or a lowercase-key token: UNAUTHENTICATED, UNAUTHENTICATED, accepted', async ({
    seed,
    replicas: [replica],
  }) => {
    const w = await seed.world();
    const none = wsClient(replica.url);
    const bad = wsClient(replica.url, { Authorization: 'Bearer not-a-jwt' });
    const lower = wsClient(replica.url, { authorization: `Bearer ${await tokenFor(w.owner)}` });
    try {
      const [noneErrors, badErrors] = await Promise.all([
        subscribe(none, RUN_UPDATED, { tenantId: w.tenant.id }).failed,
        subscribe(bad, RUN_UPDATED, { tenantId: w.tenant.id }).failed,
      ]);
      expect(noneErrors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect(badErrors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect(badErrors[0]?.message).toBe('The bearer token is invalid or expired.');
      subscribe(lower, RUN_UPDATED, { tenantId: w.tenant.id });
      await waitFor(() => listeners(replica, w.tenant.id) === 1, 'lowercase-key subscription');
    } finally {
      await Promise.all([none.dispose(), bad.dispose(), lower.dispose()]);
    }
  });

  test('one socket, many callers (as the gateway sends them): each operation is decided by its own token in extensions.headers', async ({
    db,
    seed,
    replicas: [replica],
    publisher,
  }) => {
    const w = await seed.world();
    const other = await seed.world();
    const as = async (user: { subject: string }) => ({
      headers: { authorization: `Bearer ${await tokenFor(user)}` },
    });
    // No token on the connection itself; a second connection opened with the member's token.
    const shared = wsClient(replica.url);
    const withToken = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(w.owner)}` });
    try {
      const member = subscribe(shared, RUN_UPDATED, { tenantId: w.tenant.id }, await as(w.owner));
      // The stranger's operation on the same socket: their token decides, not the member's.
      const stranger = subscribe(shared, RUN_UPDATED, { tenantId: w.tenant.id }, await as(other.owner));
      const none = subscribe(shared, RUN_UPDATED, { tenantId: w.tenant.id });
      // An operation's own token wins over its connection's, a bad one included.
      const bad = subscribe(
        withToken,
        RUN_UPDATED,
        { tenantId: w.tenant.id },
        { headers: { authorization: 'Bearer nope' } },
      );
      expect((await stranger.failed)[0]).toMatchObject({
        message: 'Tenant not found.',
        extensions: { code: 'NOT_FOUND' },
      });
      expect((await none.failed)[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect((await bad.failed)[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
      await waitFor(() => listeners(replica, w.tenant.id) === 1, 'the member subscription');
      const run = await insertRun(db.db, {
        tenantId: w.tenant.id,
        status: 'QUEUED',
        initiatedBy: w.owner.id,
        snapshot: snapshotOf(w.connection),
      });
      await publishRunEvent(publisher, run, { status: null, outcome: null });
      const [event] = await member.received(1);
      expect(event.operationRunUpdated.run.id).toBe(run.id);
    } finally {
      await shared.dispose();
      await withToken.dispose();
    }
  });

  test('two replicas each deliver an event published once', async ({ db, seed, replicas: [a, b], publisher }) => {
    const w = await seed.world();
    const token = await tokenFor(w.owner);
    const onA = wsClient(a.url, { Authorization: `Bearer ${token}` });
    const onB = wsClient(b.url, { Authorization: `Bearer ${token}` });
    try {
      const seenA = subscribe(onA, RUN_UPDATED, { tenantId: w.tenant.id });
      const seenB = subscribe(onB, RUN_UPDATED, { tenantId: w.tenant.id });
      await waitFor(() => listeners(a, w.tenant.id) === 1 && listeners(b, w.tenant.id) === 1, 'both replicas');
      const row = await sentinel(db.db, publisher, w.tenant.id);
      const [fromA, fromB] = await Promise.all([seenA.received(1), seenB.received(1)]);
      expect(fromA.map((e) => e.operationRunUpdated.run.id)).toEqual([row.id]);
      expect(fromB.map((e) => e.operationRunUpdated.run.id)).toEqual([row.id]);
    } finally {
      await Promise.all([onA.dispose(), onB.dispose()]);
    }
  });

  test('a subscriber that leaves frees its listener (and the Redis channel)', async ({
    seed,
    replicas: [replica],
    publisher,
  }) => {
    const w = await seed.world();
    const client = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(w.owner)}` });
    const sub = subscribe(client, RUN_UPDATED, { tenantId: w.tenant.id });
    await waitFor(() => listeners(replica, w.tenant.id) === 1, 'subscription');
    sub.dispose();
    await waitFor(() => listeners(replica, w.tenant.id) === 0, 'listener released');
    await waitFor(async () => {
      const [, count] = (await publisher.pubsub('NUMSUB', runEventChannel(w.tenant.id))) as [string, number];
      return Number(count) === 0;
    }, 'redis channel released');
    await client.dispose();
  });
});

describe('operationRunUpdated: access re-checked while subscribed', () => {
  test('a member removed from the tenant gets NOT_FOUND and the stream ends; other members keep receiving', async ({
    db,
    seed,
    replicas: [replica],
    publisher,
  }) => {
    const w = await seed.world();
    const operator = await seed.user();
    await seed.member(w.tenant.id, operator.id, 'OPERATOR');
    const owner = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(w.owner)}` });
    const removed = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(operator)}` });
    try {
      const ownerSeen = subscribe(owner, RUN_UPDATED, { tenantId: w.tenant.id });
      const removedSeen = subscribe(removed, RUN_UPDATED, { tenantId: w.tenant.id });
      await waitFor(() => listeners(replica, w.tenant.id) === 2, 'both subscriptions');
      const first = await sentinel(db.db, publisher, w.tenant.id);
      await Promise.all([ownerSeen.received(1), removedSeen.received(1)]);

      // Still a member: a re-check changes nothing.
      await replica.access.recheck();
      expect(listeners(replica, w.tenant.id)).toBe(2);

      const tm = schema.tenantMembers;
      await db.db.delete(tm).where(eq(tm.userId, operator.id));
      await replica.access.recheck();
      const errors = await removedSeen.failed;
      await removedSeen.completed;
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        message: 'Tenant not found.',
        path: ['operationRunUpdated'],
        extensions: { code: 'NOT_FOUND' },
      });
      await waitFor(() => listeners(replica, w.tenant.id) === 1, "the removed member's listener released");

      const second = await sentinel(db.db, publisher, w.tenant.id);
      const ownerEvents = await ownerSeen.received(2);
      expect(ownerEvents.map((e) => e.operationRunUpdated.run.id)).toEqual([first.id, second.id]);
      expect(removedSeen.events.map((e) => e.operationRunUpdated.run.id)).toEqual([first.id]);
    } finally {
      await Promise.all([owner.dispose(), removed.dispose()]);
    }
  });

  test('the periodic re-check ends the stream of a member removed, without any event', async ({
    database,
    db,
    queue,
    publisher,
    seed,
  }) => {
    const replica = await startOperationsSubgraph({
      db: database.connect(2),
      redisUrl: testEnv.redisUrl,
      queue: queue.queue,
      publisher,
      auth,
      links,
      logger: testLogger,
      port: 0,
      host: '127.0.0.1',
      subscriptionRecheckMs: 150,
    });
    const w = await seed.world();
    const client = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(w.owner)}` });
    try {
      const seen = subscribe(client, RUN_UPDATED, { tenantId: w.tenant.id });
      await waitFor(() => listeners(replica, w.tenant.id) === 1, 'subscription');
      await db.db.delete(schema.tenantMembers).where(eq(schema.tenantMembers.userId, w.owner.id));
      const errors = await seen.failed;
      await seen.completed;
      expect(errors[0]).toMatchObject({ message: 'Tenant not found.', extensions: { code: 'NOT_FOUND' } });
      await waitFor(() => listeners(replica, w.tenant.id) === 0, 'listener released');
    } finally {
      await client.dispose();
      await replica.close();
    }
  });
});

describe('operationRunUpdated: access-changed events end streams at once', () => {
  /** Replicas whose periodic re-check would take ten minutes: only the event can end a stream. */
  async function slowRecheckReplica(database: TestDatabase, queue: { queue: Queue }, publisher: Redis) {
    const replica = await startOperationsSubgraph({
      db: database.connect(2),
      redisUrl: testEnv.redisUrl,
      queue: queue.queue,
      publisher,
      auth,
      links,
      logger: testLogger,
      port: 0,
      host: '127.0.0.1',
      subscriptionRecheckMs: 600_000,
    });
    await replica.access.listening;
    return replica;
  }

  test('a removed member gets NOT_FOUND and completion on every replica right after the event; another member keeps receiving; an event for a pair that kept access ends nothing', async ({
    database,
    db,
    seed,
    queue,
    publisher,
  }) => {
    const [a, b] = await Promise.all([
      slowRecheckReplica(database, queue, publisher),
      slowRecheckReplica(database, queue, publisher),
    ]);
    const w = await seed.world();
    const operator = await seed.user();
    await seed.member(w.tenant.id, operator.id, 'OPERATOR');
    const operatorToken = `Bearer ${await tokenFor(operator)}`;
    const owner = wsClient(a.url, { Authorization: `Bearer ${await tokenFor(w.owner)}` });
    const removedOnA = wsClient(a.url, { Authorization: operatorToken });
    const removedOnB = wsClient(b.url, { Authorization: operatorToken });
    try {
      expect(a.events.fanout.listenerCount(accessChangedChannel)).toBe(1);
      const ownerSeen = subscribe(owner, RUN_UPDATED, { tenantId: w.tenant.id });
      const seenOnA = subscribe(removedOnA, RUN_UPDATED, { tenantId: w.tenant.id });
      const seenOnB = subscribe(removedOnB, RUN_UPDATED, { tenantId: w.tenant.id });
      await waitFor(() => listeners(a, w.tenant.id) === 2 && listeners(b, w.tenant.id) === 1, 'three subscriptions');
      const first = await sentinel(db.db, publisher, w.tenant.id);
      await Promise.all([ownerSeen.received(1), seenOnA.received(1), seenOnB.received(1)]);

      // The owner's pair is re-checked too (still a member: nothing ends), then the removal, as
      // the tenant subgraph does it: commit, then publish with the gate's helper.
      await publishAccessChanged(publisher, { tenantId: w.tenant.id, userId: w.owner.id });
      const tm = schema.tenantMembers;
      await db.db.delete(tm).where(and(eq(tm.tenantId, w.tenant.id), eq(tm.userId, operator.id)));
      await publishAccessChanged(publisher, { tenantId: w.tenant.id, userId: operator.id });

      for (const removed of [seenOnA, seenOnB]) {
        const errors = await removed.failed;
        await removed.completed;
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatchObject({
          message: 'Tenant not found.',
          path: ['operationRunUpdated'],
          extensions: { code: 'NOT_FOUND' },
        });
      }
      await waitFor(() => listeners(a, w.tenant.id) === 1 && listeners(b, w.tenant.id) === 0, 'listeners released');

      const second = await sentinel(db.db, publisher, w.tenant.id);
      const ownerEvents = await ownerSeen.received(2);
      expect(ownerEvents.map((e) => e.operationRunUpdated.run.id)).toEqual([first.id, second.id]);
      expect(seenOnA.events.map((e) => e.operationRunUpdated.run.id)).toEqual([first.id]);
      expect(seenOnB.events.map((e) => e.operationRunUpdated.run.id)).toEqual([first.id]);
    } finally {
      await Promise.all([owner.dispose(), removedOnA.dispose(), removedOnB.dispose()]);
      await Promise.all([a.close(), b.close()]);
    }
  });

  /** The database with its `select` calls counted (the database underneath is the real one). */
  function countingSelects(db: Database) {
    let selects = 0;
    const counted = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'select') {
          return (...args: Parameters<typeof target.select>) => {
            selects++;
            return target.select(...args);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    return { db: counted, selects: () => selects };
  }

  /** A stream as the watch sees it, recording how it ended. */
  function stream() {
    const s = {
      ended: null as AccessLost | null,
      endWith(last: AccessLost) {
        s.ended = last;
      },
      isDone: () => s.ended !== null,
    };
    return s;
  }

  test('a burst of events is one re-check running and one waiting, not one per event', async ({
    database,
    db,
    seed,
    publisher,
  }) => {
    // Counts the watch's queries (the database underneath is the real one).
    const { db: counted, selects } = countingSelects(database.connect(2).db);
    const subscriber = new Redis(testEnv.redisUrl);
    const fanout = createFanout({ subscriber });
    const watch = createAccessWatch({ db: counted, logger: testLogger, intervalMs: 600_000, fanout });
    try {
      await watch.listening;
      const w = await seed.world();
      const users = await Promise.all(Array.from({ length: 20 }, () => seed.user()));
      for (const u of users) await seed.member(w.tenant.id, u.id, 'READONLY');
      const streams = users.map((u) => {
        const s = stream();
        watch.watch(u.id, w.tenant.id, 'operations.view', s);
        return s;
      });
      const tm = schema.tenantMembers;
      await db.db.delete(tm).where(and(eq(tm.tenantId, w.tenant.id), eq(tm.role, 'READONLY')));

      // Hold every read of tenant_members until the whole burst has been heard.
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const locked = db.sql.begin(async (tx) => {
        await tx`lock table tenant_members in access exclusive mode`;
        await released;
      });
      await waitFor(async () => {
        const [row] = await db.sql`select count(*)::int as n from pg_locks
          where relation = 'tenant_members'::regclass and mode = 'AccessExclusiveLock' and granted`;
        return (row?.n ?? 0) > 0;
      }, 'the lock');
      await publishAccessChanged(publisher, { tenantId: w.tenant.id, userId: users[0]!.id });
      await waitFor(() => selects() === 1, 'the first re-check, blocked');
      for (const u of users.slice(1)) await publishAccessChanged(publisher, { tenantId: w.tenant.id, userId: u.id });
      await waitFor(() => watch.checkpoint() === 20, 'the burst heard');
      release();
      await locked;
      await waitFor(() => streams.every((s) => s.isDone()), 'every stream ended');
      expect(selects()).toBe(2);
      for (const s of streams)
        expect(s.ended?.result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Tenant not found.' } });
    } finally {
      watch.close();
      await fanout.close();
      subscriber.disconnect();
    }
  });

  test('the periodic re-check re-decides the pairs of a user only when that user’s access changed (fingerprints)', async ({
    database,
    db,
    seed,
  }) => {
    // Counts the pair questions (authorizeTenantPairs' select); fingerprints are one statement each look.
    const handle = database.connect(2);
    const { db: counted, selects: pairQueries } = countingSelects(handle.db);
    const watch = createAccessWatch({ db: counted, logger: testLogger, intervalMs: 600_000 });
    try {
      const w = await seed.world();
      const second = await seed.tenant(w.owner.id, { workspaceId: w.workspaceId });
      const [kept, narrowed] = [await seed.user(), await seed.user()];
      for (const u of [kept, narrowed]) {
        await seed.member(w.tenant.id, u.id, 'READONLY');
        await seed.member(second.id, u.id, 'OPERATOR');
      }
      const lost: Array<[string, string]> = [];
      const tenantsOf = (userId: string) => {
        const tenants = new Set([w.tenant.id, second.id]);
        watch.watchTenants(userId, tenants, 'operations.view', {
          lose: (tenantId, last) => {
            expect(last.result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Tenant not found.' } });
            lost.push([userId, tenantId]);
          },
          isDone: () => false,
        });
        return tenants;
      };
      const keptTenants = tenantsOf(kept.id);
      const narrowedTenants = tenantsOf(narrowed.id);

      // First look: nobody was looked at yet, so every pair is asked (one statement).
      await watch.recheck();
      expect(pairQueries()).toBe(1);
      // Nothing changed: the fingerprints say so and no pair is asked.
      await watch.recheck();
      await watch.recheck();
      expect(pairQueries()).toBe(1);
      // Another user's change (the owner's role) does not make these users' pairs asked either.
      await seed.member(second.id, w.owner.id, 'MANAGER');
      await watch.recheck();
      expect(pairQueries()).toBe(1);

      // One user loses one tenant, with no event: only that user's pairs are asked, and the stream narrows.
      const tm = schema.tenantMembers;
      await db.db.delete(tm).where(and(eq(tm.tenantId, second.id), eq(tm.userId, narrowed.id)));
      await watch.recheck();
      expect(pairQueries()).toBe(2);
      expect(lost).toEqual([[narrowed.id, second.id]]);
      expect([...narrowedTenants]).toEqual([w.tenant.id]);
      expect([...keptTenants].sort()).toEqual([w.tenant.id, second.id].sort());
      // A role change is a change too (asked again, nothing lost: READONLY may view).
      await seed.member(w.tenant.id, kept.id, 'OPERATOR');
      await watch.recheck();
      expect(pairQueries()).toBe(3);
      expect(lost).toHaveLength(1);
      await watch.recheck();
      expect(pairQueries()).toBe(3);
    } finally {
      watch.close();
      await handle.close();
    }
  });

  test('a change heard between a subscription’s own check and its watch still ends it (checkpoint)', async ({
    database,
    db,
    seed,
    publisher,
  }) => {
    const subscriber = new Redis(testEnv.redisUrl);
    const fanout = createFanout({ subscriber });
    const watch = createAccessWatch({ db: database.connect(1).db, logger: testLogger, intervalMs: 600_000, fanout });
    try {
      await watch.listening;
      const w = await seed.world();
      const member = await seed.user();
      await seed.member(w.tenant.id, member.id, 'OPERATOR');
      // The subscription: a checkpoint, its access check (a member)...
      const since = watch.checkpoint();
      // ...the removal commits and its event is heard before the subscription is watched...
      const tm = schema.tenantMembers;
      await db.db.delete(tm).where(and(eq(tm.tenantId, w.tenant.id), eq(tm.userId, member.id)));
      await publishAccessChanged(publisher, { tenantId: w.tenant.id, userId: member.id });
      await waitFor(() => watch.checkpoint() > since, 'the event heard');
      // ...then the watch: re-checked at once, without waiting ten minutes.
      const s = stream();
      watch.watch(member.id, w.tenant.id, 'operations.view', s, since);
      await waitFor(() => s.isDone(), 'the stream ended');
      expect(s.ended?.result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Tenant not found.' } });
    } finally {
      watch.close();
      await fanout.close();
      subscriber.disconnect();
    }
  });
});

describe('notificationReceived', () => {
  test('the initiator receives their notification; another member does not', async ({
    db,
    seed,
    replicas: [, replica],
    publisher,
  }) => {
    const w = await seed.world();
    const colleague = await seed.user();
    await seed.member(w.tenant.id, colleague.id, 'OPERATOR');
    const initiator = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(w.owner)}` });
    const other = wsClient(replica.url, { Authorization: `Bearer ${await tokenFor(colleague)}` });
    const channelCount = (userId: string) => replica.events.fanout.listenerCount(notificationChannel(userId));
    try {
      const mine = subscribe(initiator, NOTIFICATIONS);
      const theirs = subscribe(other, NOTIFICATIONS);
      await waitFor(() => channelCount(w.owner.id) === 1 && channelCount(colleague.id) === 1, 'subscriptions');

      const notify = async (userId: string) => {
        const row = await insertRun(db.db, { tenantId: w.tenant.id, status: 'COMPLETED', initiatedBy: userId });
        const [n] = await db.db
          .insert(schema.notifications)
          .values({ userId, runId: row.id, title: 'Directory groups sync succeeded', body: 'Nothing to do.' })
          .returning();
        await publisher.publish(
          notificationChannel(userId),
          JSON.stringify({ ...n, createdAt: n!.createdAt.toISOString(), readAt: undefined }),
        );
        return { run: row, notification: n! };
      };
      const forOwner = await notify(w.owner.id);
      const received = await mine.received(1);
      expect(received[0].notificationReceived).toEqual({
        id: forOwner.notification.id,
        title: 'Directory groups sync succeeded',
        body: 'Nothing to do.',
        run: { id: forOwner.run.id, status: 'COMPLETED' },
      });

      const forColleague = await notify(colleague.id);
      const theirsReceived = await theirs.received(1);
      expect(theirsReceived.map((e) => e.notificationReceived.id)).toEqual([forColleague.notification.id]);
      expect(mine.events).toHaveLength(1);
    } finally {
      await Promise.all([initiator.dispose(), other.dispose()]);
    }
  });
});

describe('over HTTP', () => {
  test('a query with a bearer token works; without one it is UNAUTHENTICATED (401)', async ({
    db,
    seed,
    replicas: [replica],
  }) => {
    const w = await seed.world();
    const row = await insertRun(db.db, { tenantId: w.tenant.id });
    const body = JSON.stringify({
      query: 'query($id: ID!) { operationRun(id: $id) { id status } }',
      variables: { id: row.id },
    });
    const ok = await fetch(replica.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(w.owner)}` },
      body,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: { operationRun: { id: row.id, status: 'QUEUED' } } });

    const anonymous = await fetch(replica.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      errors: [{ message: 'A bearer token is required.', extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  test('healthz and readyz answer', async ({ replicas: [replica] }) => {
    const origin = new URL(replica.url).origin;
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', subgraph: 'operations' });
  });
});
