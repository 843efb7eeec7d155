/**
 * A start racing a change to its provider connection, forced deterministically: a second
 * connection opens a transaction that deletes (or disables) the connection row and keeps it
 * open. The gate's unlocked scope read still sees the committed row (MVCC), so it goes on to
 * the next statement that touches the row and waits there on the row lock: the admission lock
 * (`for no key update`) or, for a start blocked by stored state, the FK check of the insert that
 * records the blocked attempt. Once pg_stat_activity shows the gate waiting on exactly that
 * statement, the writer commits, and the gate must settle on the connection as it now is:
 *
 * - deleted, admission path: the locked re-read finds no row (`RaceLost`) and the decision is
 *   taken again;
 * - deleted, blocked path: the insert fails on the FK (23503, `isConnectionGone`) and the
 *   decision is taken again;
 * - either way the re-read answers as for a missing connection: NOT_FOUND when the start named
 *   the connection, BLOCKED `PROVIDER_CONNECTION_MISSING` when it used the tenant's default;
 * - disabled, admission path: no retry; the locked re-read sees `enabled = false` and answers
 *   BLOCKED `PROVIDER_CONNECTION_DISABLED`.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import type { TestDatabase } from '@msp/tests/support/db';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { waitUntil } from '@msp/tests/support/redis-server';
import type { Seed } from '@msp/tests/support/seed';
import type { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Result, StartRequest, StartResult } from '../src';
import { activeRuns, gateFor, jobTotal } from './helpers';

/** The gate's admission statement that takes the connection's row lock. */
const ADMISSION_LOCK = /from provider_connections c where c\.id = \$1 for no key update/;
/** The unlocked insert that records a blocked attempt; its FK check waits on the row lock. */
const RECORD_BLOCKED = /insert into operation_runs[\s\S]*'COMPLETED', 'BLOCKED'/;

/** How long the gate may take to answer once the writer committed; far above any real need. */
const SETTLE_MS = 10_000;

type Writer = (tx: postgres.TransactionSql, connectionId: string) => Promise<unknown>;

/** What the product's `deleteConnection` does: lock the row, then delete it. */
const deleteConnection: Writer = async (tx, id) => {
  await tx`select 1 from provider_connections where id = ${id} for update`;
  await tx`delete from provider_connections where id = ${id}`;
};

/** What the product's `disableProviderConnection` does. */
const disableConnection: Writer = (tx, id) =>
  tx`update provider_connections set enabled = false, updated_at = now() where id = ${id}`;

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `writer` in a transaction on a connection of its own and keeps it open (row lock held,
 * change uncommitted) until `commit` is called.
 */
async function holdOpen(database: TestDatabase, connectionId: string, writer: Writer) {
  const pool = database.connect(1);
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held!: (pid: number) => void;
  const holding = new Promise<number>((resolve) => {
    held = resolve;
  });
  const done = pool.sql.begin(async (tx) => {
    const [row] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
    await writer(tx, connectionId);
    held(row!.pid);
    await released;
  });
  const pid = await Promise.race([
    holding,
    done.then(() => {
      throw new Error('the writer transaction ended before it held the row');
    }),
  ]);
  return {
    pid,
    async commit() {
      release();
      await within(done, SETTLE_MS, 'the writer commit');
      await pool.close();
    },
  };
}

/**
 * Starts `request` while `writer` holds the connection row, waits until the gate is blocked on
 * `statement` by that writer, commits the writer, and returns the gate's answer.
 */
async function startDuring(
  ctx: { database: TestDatabase; db: TestDatabase['handle']; queue: Queue },
  connectionId: string,
  writer: Writer,
  statement: RegExp,
  request: StartRequest,
): Promise<Result<StartResult>> {
  const holder = await holdOpen(ctx.database, connectionId, writer);
  let settled = false;
  const pending = gateFor(ctx.db, ctx.queue)
    .start(request)
    .finally(() => {
      settled = true;
    });
  // Observed below; keeps an early rejection from being reported as unhandled meanwhile.
  pending.catch(() => {});
  try {
    await waitUntil(
      async () => {
        if (settled) throw new Error('the start answered before it reached the held row: the race was not forced');
        const waiting = await ctx.db.sql<{ query: string }[]>`
          select query from pg_stat_activity where ${holder.pid}::int = any(pg_blocking_pids(pid))`;
        return waiting.some((w) => statement.test(w.query));
      },
      `the start to wait on ${statement}`,
      SETTLE_MS,
    );
  } finally {
    // Always end the writer, so a failed wait cannot leave the gate blocked forever.
    await holder.commit();
  }
  return within(pending, SETTLE_MS, 'the start');
}

async function runsOfTenant(db: TestDatabase['handle'], tenantId: string) {
  return db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.tenantId, tenantId));
}

async function decisionsOf(db: TestDatabase['handle'], userId: string) {
  return db.db.select().from(schema.startDecisions).where(eq(schema.startDecisions.userId, userId));
}

type Scope = 'connection surface' | 'tenant, explicit connection' | 'tenant default';

function requestFor(
  scope: Scope,
  w: Awaited<ReturnType<Seed['world']>>,
  extra: Partial<StartRequest> = {},
): StartRequest {
  const common = { actor: { userId: w.owner.id }, operationType: 'DIRECTORY_GROUPS_SYNC' as const, ...extra };
  switch (scope) {
    case 'connection surface':
      return { ...common, surface: 'PROVIDER_CONNECTION', providerConnectionId: w.connection.id };
    case 'tenant, explicit connection':
      return { ...common, surface: 'TENANT', tenantId: w.tenant.id, providerConnectionId: w.connection.id };
    case 'tenant default':
      return { ...common, surface: 'TENANT', tenantId: w.tenant.id };
  }
}

describe('a start racing the deletion of its provider connection', () => {
  const paths = [
    {
      path: 'admission (row lock finds the row gone)',
      statement: ADMISSION_LOCK,
      connection: {},
    },
    {
      path: 'recording a blocked start (FK violation on insert)',
      statement: RECORD_BLOCKED,
      // A blocker seen by the unlocked read: the attempt is recorded without the row lock.
      connection: { consentStatus: 'MISSING' as const },
    },
  ];

  for (const { path, statement, connection } of paths) {
    for (const scope of ['connection surface', 'tenant, explicit connection'] as const) {
      test(`${path}, ${scope} → NOT_FOUND, nothing written or queued`, async ({ database, db, queue, seed }) => {
        const w = await seed.world({ connection });
        const jobsBefore = await jobTotal(queue.queue);
        const request = requestFor(scope, w, { idempotencyKey: `race-${randomUUID()}` });

        const r = await startDuring(
          { database, db, queue: queue.queue },
          w.connection.id,
          deleteConnection,
          statement,
          request,
        );

        expect(r).toEqual({
          ok: false,
          error: { code: 'NOT_FOUND', message: 'Provider connection not found.' },
        });
        expect(await runsOfTenant(db, w.tenant.id)).toEqual([]);
        expect(await decisionsOf(db, w.owner.id)).toEqual([]);
        expect(await jobTotal(queue.queue)).toBe(jobsBefore);
        // The same key again is a fresh decision on the connection as it now is, not a replay.
        expect(await gateFor(db, queue.queue).start(request)).toEqual(r);
      });
    }

    test(`${path}, tenant default → BLOCKED PROVIDER_CONNECTION_MISSING, recorded, nothing queued`, async ({
      database,
      db,
      queue,
      seed,
    }) => {
      const w = await seed.world({ connection });
      const jobsBefore = await jobTotal(queue.queue);

      const r = await startDuring(
        { database, db, queue: queue.queue },
        w.connection.id,
        deleteConnection,
        statement,
        requestFor('tenant default', w),
      );

      if (!r.ok || r.value.outcome !== 'BLOCKED') throw new Error(`expected BLOCKED, got ${JSON.stringify(r)}`);
      // The stale blocker of the first read (consent) is not what is answered: the connection is gone.
      expect(r.value).toMatchObject({
        reasonCode: 'PROVIDER_CONNECTION_MISSING',
        problemClass: 'PROVIDER_CONNECTION',
        message: { action: 'CREATE_PROVIDER_CONNECTION' },
      });
      const runs = await runsOfTenant(db, w.tenant.id);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        id: r.value.run!.id,
        status: 'COMPLETED',
        outcome: 'BLOCKED',
        reasonCode: 'PROVIDER_CONNECTION_MISSING',
        reasonDetail: 'The tenant has no provider connection.',
        providerConnectionId: null,
        providerConnectionSnapshot: null,
      });
      expect(await queue.queue.getJob(r.value.run!.id)).toBeUndefined();
      expect(await jobTotal(queue.queue)).toBe(jobsBefore);
    });
  }
});

describe('a start racing the disabling of its provider connection', () => {
  for (const scope of ['connection surface', 'tenant default'] as const) {
    test(`${scope}: the locked re-read sees it disabled → BLOCKED PROVIDER_CONNECTION_DISABLED, nothing queued`, async ({
      database,
      db,
      queue,
      seed,
    }) => {
      const w = await seed.world();
      const jobsBefore = await jobTotal(queue.queue);
      const request = requestFor(scope, w, { idempotencyKey: `race-${randomUUID()}` });

      const r = await startDuring(
        { database, db, queue: queue.queue },
        w.connection.id,
        disableConnection,
        ADMISSION_LOCK,
        request,
      );

      if (!r.ok || r.value.outcome !== 'BLOCKED') throw new Error(`expected BLOCKED, got ${JSON.stringify(r)}`);
      expect(r.value).toMatchObject({
        reasonCode: 'PROVIDER_CONNECTION_DISABLED',
        problemClass: 'PROVIDER_CONNECTION',
        message: { action: 'ENABLE_PROVIDER_CONNECTION' },
      });
      const runId = r.value.run!.id;
      const runs = await runsOfTenant(db, w.tenant.id);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        id: runId,
        status: 'COMPLETED',
        outcome: 'BLOCKED',
        reasonCode: 'PROVIDER_CONNECTION_DISABLED',
        providerConnectionId: w.connection.id,
      });
      expect(await activeRuns(db, w.connection.id)).toHaveLength(0);
      expect(await queue.queue.getJob(runId)).toBeUndefined();
      expect(await jobTotal(queue.queue)).toBe(jobsBefore);
      // The decision was stored with the run, under the lock: the same key replays it.
      expect(await decisionsOf(db, w.owner.id)).toMatchObject([{ outcome: 'BLOCKED', runId }]);
      const replay = await gateFor(db, queue.queue).start(request);
      expect(replay.ok && replay.value.outcome === 'BLOCKED' && replay.value.run?.id).toBe(runId);
    });
  }
});

describe('a start racing the disabling of a connection that already has an active run', () => {
  // The unlocked read sees the connection enabled and the active run; with an idempotency key
  // the start goes on to the admission lock, where it waits for the disabling to commit. The
  // locked re-read must report the blocker before the dedupe / scope-busy the active run
  // would give (ARCHITECTURE: provider blockers → dedupe → scope busy).
  for (const [activeType, shadowed] of [
    ['DIRECTORY_GROUPS_SYNC', 'DEDUPED'],
    ['POLICY_BACKUP', 'SCOPE_BUSY'],
  ] as const) {
    for (const scope of ['connection surface', 'tenant default'] as const) {
      test(`${scope}, active ${activeType}: the locked re-read sees it disabled → BLOCKED, not ${shadowed}`, async ({
        database,
        db,
        queue,
        seed,
      }) => {
        const w = await seed.world();
        const active = await seed.run({
          tenantId: w.tenant.id,
          providerConnectionId: w.connection.id,
          operationType: activeType,
        });
        const jobsBefore = await jobTotal(queue.queue);
        const request = requestFor(scope, w, { idempotencyKey: `race-${randomUUID()}` });

        const r = await startDuring(
          { database, db, queue: queue.queue },
          w.connection.id,
          disableConnection,
          ADMISSION_LOCK,
          request,
        );

        if (!r.ok || r.value.outcome !== 'BLOCKED') throw new Error(`expected BLOCKED, got ${JSON.stringify(r)}`);
        expect(r.value.reasonCode).toBe('PROVIDER_CONNECTION_DISABLED');
        const runId = r.value.run!.id;
        expect(runId).not.toBe(active.id);
        expect(await decisionsOf(db, w.owner.id)).toMatchObject([{ outcome: 'BLOCKED', runId }]);
        expect((await activeRuns(db, w.connection.id)).map((a) => a.id)).toEqual([active.id]);
        expect(await jobTotal(queue.queue)).toBe(jobsBefore);
      });
    }
  }
});
