/**
 * Atomic admission under load: two gate instances with separate connection pools (as two
 * replicas would have) take 200 concurrent clicks of mixed operation types on one connection.
 * And its backstop: the partial unique index holds on its own, for writers that bypass the gate.
 */
import { schema } from '@msp/db';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { waitUntil } from '@msp/tests/support/redis-server';
import { and, eq } from 'drizzle-orm';
import type postgres from 'postgres';
import type { OperationType, RunStatus } from '../src';
import { activeRuns, gateFor } from './helpers';

const TYPES: OperationType[] = [
  'PROVIDER_VERIFICATION',
  'PROVIDER_CONNECTION_HEALTH_CHECK',
  'DIRECTORY_GROUPS_SYNC',
  'ROLE_DEFINITIONS_SYNC',
  'POLICY_BACKUP',
];
const REPETITIONS = 20;
const CLICKS = 200;

describe('atomic admission', () => {
  test(`${CLICKS} concurrent mixed starts through two replicas admit exactly one run, ${REPETITIONS} times`, async ({
    database,
    queue,
    seed,
  }) => {
    const replicaA = database.connect(10);
    const replicaB = database.connect(10);
    const gates = [gateFor(replicaA, queue.queue), gateFor(replicaB, queue.queue)];

    for (let rep = 0; rep < REPETITIONS; rep++) {
      const w = await seed.world();
      const operators = await Promise.all([seed.user(), seed.user(), seed.user()]);
      for (const op of operators) await seed.member(w.tenant.id, op.id, 'OPERATOR');
      const actors = [w.owner.id, ...operators.map((o) => o.id)];

      const results = await Promise.all(
        Array.from({ length: CLICKS }, (_, i) =>
          gates[i % 2]!.start({
            actor: { userId: actors[i % actors.length]! },
            tenantId: w.tenant.id,
            operationType: TYPES[(i * 7 + rep) % TYPES.length]!,
            surface: 'TENANT',
          }),
        ),
      );

      const values = results.map((r) => {
        if (!r.ok) throw new Error(`start failed: ${JSON.stringify(r.error)}`);
        return r.value;
      });
      const accepted = values.filter((v) => v.outcome === 'ACCEPTED');
      expect(accepted, `repetition ${rep}`).toHaveLength(1);
      const admitted = accepted[0]!;
      if (admitted.outcome !== 'ACCEPTED') throw new Error('unreachable');
      const admittedId = admitted.run.id;

      for (const v of values) {
        switch (v.outcome) {
          case 'ACCEPTED':
            break;
          case 'DEDUPED':
            expect(v.run.id).toBe(admittedId);
            expect(v.operationType).toBe(admitted.operationType);
            break;
          case 'SCOPE_BUSY':
            expect(v.activeRun.id).toBe(admittedId);
            expect(v.activeOperationType).toBe(admitted.operationType);
            expect(v.operationType).not.toBe(admitted.operationType);
            break;
          case 'BLOCKED':
            throw new Error(`unexpected BLOCKED: ${v.reasonCode}`);
        }
      }
      expect(await activeRuns(replicaA, w.connection.id)).toHaveLength(1);
      const rows = await replicaB.db
        .select({ id: schema.operationRuns.id })
        .from(schema.operationRuns)
        .where(and(eq(schema.operationRuns.tenantId, w.tenant.id)));
      expect(rows.map((r) => r.id)).toEqual([admittedId]);
      expect((await queue.queue.getJob(admittedId))?.id).toBe(admittedId);
    }
    // 4,000 starts: ~25 s alone on 2 cores, over a minute when the machine is shared by other suites.
  }, 180_000);
});

/** services/db/src/schema.ts, migration 0000_foundation.sql. */
const ONE_ACTIVE_INDEX = 'operation_runs_one_active_per_connection_idx';

/** A run inserted directly, bypassing the gate (no row lock, no active-run check). */
function insertRun(
  sql: postgres.Sql | postgres.TransactionSql,
  run: { tenantId: string; connectionId: string | null; operationType: OperationType; status: RunStatus },
) {
  const outcome = run.status === 'COMPLETED' ? 'SUCCEEDED' : 'PENDING';
  return sql<{ id: string }[]>`
    insert into operation_runs
      (tenant_id, operation_type, target, initiated_from, status, outcome, provider_connection_id)
    values (${run.tenantId}::uuid, ${run.operationType}::operation_type, ${`tenant:${run.tenantId}`}, 'TENANT',
      ${run.status}::run_status, ${outcome}::run_outcome, ${run.connectionId}::uuid)
    returning id`;
}

/** How a statement failed: its SQLSTATE and constraint, or null if it succeeded. */
async function failureOf(statement: Promise<unknown>): Promise<{ code: string; constraint: string } | null> {
  try {
    await statement;
    return null;
  } catch (err) {
    const e = err as { code?: string; constraint_name?: string };
    return { code: e.code ?? String(err), constraint: e.constraint_name ?? '' };
  }
}

const UNIQUE_VIOLATION = { code: '23505', constraint: ONE_ACTIVE_INDEX };

describe('the partial unique index: at most one active run per provider connection, without the gate', () => {
  const PAIRS: Array<[RunStatus, RunStatus, OperationType]> = [
    ['QUEUED', 'QUEUED', 'POLICY_BACKUP'],
    ['QUEUED', 'RUNNING', 'DIRECTORY_GROUPS_SYNC'],
    ['RUNNING', 'QUEUED', 'POLICY_BACKUP'],
    ['RUNNING', 'RUNNING', 'DIRECTORY_GROUPS_SYNC'],
  ];
  for (const [existing, next, nextType] of PAIRS) {
    test(`a direct insert of a ${next} ${nextType} beside a ${existing} DIRECTORY_GROUPS_SYNC fails with a unique violation`, async ({
      db,
      seed,
    }) => {
      const w = await seed.world();
      const active = await seed.run({
        tenantId: w.tenant.id,
        providerConnectionId: w.connection.id,
        operationType: 'DIRECTORY_GROUPS_SYNC',
        status: existing,
      });
      const second = insertRun(db.sql, {
        tenantId: w.tenant.id,
        connectionId: w.connection.id,
        operationType: nextType,
        status: next,
      });
      expect(await failureOf(second)).toEqual(UNIQUE_VIOLATION);
      expect((await activeRuns(db, w.connection.id)).map((r) => r.id)).toEqual([active.id]);
    });
  }

  test('a run the gate admitted is protected the same way', async ({ db, queue, seed }) => {
    const w = await seed.world();
    const r = await gateFor(db, queue.queue).start({
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      operationType: 'POLICY_BACKUP',
      surface: 'TENANT',
    });
    if (!r.ok || r.value.outcome !== 'ACCEPTED') throw new Error(`expected ACCEPTED, got ${JSON.stringify(r)}`);
    const second = insertRun(db.sql, {
      tenantId: w.tenant.id,
      connectionId: w.connection.id,
      operationType: 'ROLE_DEFINITIONS_SYNC',
      status: 'QUEUED',
    });
    expect(await failureOf(second)).toEqual(UNIQUE_VIOLATION);
    expect((await activeRuns(db, w.connection.id)).map((a) => a.id)).toEqual([r.value.run.id]);
  });

  test('an update that would make a second run active fails too', async ({ db, seed }) => {
    const w = await seed.world();
    const active = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'POLICY_BACKUP',
    });
    const done = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'POLICY_BACKUP',
      status: 'COMPLETED',
    });
    const requeue = db.sql`update operation_runs set status = 'QUEUED' where id = ${done.id}::uuid`;
    expect(await failureOf(requeue)).toEqual(UNIQUE_VIOLATION);
    expect((await activeRuns(db, w.connection.id)).map((r) => r.id)).toEqual([active.id]);
  });

  test('it is partial: completed runs, and active runs on other connections, do not conflict', async ({ db, seed }) => {
    const w = await seed.world();
    const other = await seed.connection(w.tenant.id, { isDefault: false });
    const base = { tenantId: w.tenant.id, operationType: 'POLICY_BACKUP' as const };
    // Any number of completed runs beside an active one.
    const [active] = await insertRun(db.sql, { ...base, connectionId: w.connection.id, status: 'RUNNING' });
    for (let i = 0; i < 3; i++) {
      expect(await failureOf(insertRun(db.sql, { ...base, connectionId: w.connection.id, status: 'COMPLETED' }))).toBe(
        null,
      );
    }
    // Another connection of the same tenant has its own slot.
    expect(await failureOf(insertRun(db.sql, { ...base, connectionId: other.id, status: 'QUEUED' }))).toBe(null);
    // The slot stays taken while the run is active, and is free again once it completes.
    expect(await failureOf(insertRun(db.sql, { ...base, connectionId: w.connection.id, status: 'QUEUED' }))).toEqual(
      UNIQUE_VIOLATION,
    );
    await db.sql`update operation_runs set status = 'COMPLETED', outcome = 'SUCCEEDED' where id = ${active!.id}::uuid`;
    const [next] = await insertRun(db.sql, { ...base, connectionId: w.connection.id, status: 'QUEUED' });
    expect((await activeRuns(db, w.connection.id)).map((r) => r.id)).toEqual([next!.id]);
  });

  test('two concurrent direct inserts: the second waits on the first and fails when it commits, succeeds when it rolls back', async ({
    database,
    db,
    seed,
  }) => {
    const first = database.connect(1);
    const second = database.connect(1);
    try {
      for (let rep = 0; rep < 10; rep++) {
        const commit = rep % 2 === 0;
        const w = await seed.world();
        const run = (operationType: OperationType) => ({
          tenantId: w.tenant.id,
          connectionId: w.connection.id,
          operationType,
          status: 'QUEUED' as const,
        });

        // The first insert, uncommitted, holds its index entry until the transaction ends.
        let release!: () => void;
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        let inserted!: (v: { pid: number; id: string }) => void;
        const holding = new Promise<{ pid: number; id: string }>((resolve) => {
          inserted = resolve;
        });
        const tx = first.sql
          .begin(async (t) => {
            const [me] = await t<{ pid: number }[]>`select pg_backend_pid() as pid`;
            const [row] = await insertRun(t, run('POLICY_BACKUP'));
            inserted({ pid: me!.pid, id: row!.id });
            await released;
            if (!commit) throw new Error('roll back');
          })
          .catch((err: Error) => {
            if (err.message !== 'roll back') throw err;
          });
        const held = await holding;

        // The second cannot decide until the first ends: it waits on the first's backend.
        let settled = false;
        const pending = failureOf(insertRun(second.sql, run('DIRECTORY_GROUPS_SYNC'))).finally(() => {
          settled = true;
        });
        try {
          await waitUntil(async () => {
            if (settled) throw new Error('the second insert finished while the first was uncommitted');
            const waiting = await db.sql`
              select 1 from pg_stat_activity where ${held.pid}::int = any(pg_blocking_pids(pid))`;
            return waiting.length > 0;
          }, 'the second insert to wait on the first');
        } finally {
          release();
          await tx;
        }

        const outcome = await pending;
        const winners = (await activeRuns(db, w.connection.id)).map((r) => r.operationType);
        if (commit) {
          expect(outcome, `repetition ${rep}`).toEqual(UNIQUE_VIOLATION);
          expect(winners, `repetition ${rep}`).toEqual(['POLICY_BACKUP']);
        } else {
          expect(outcome, `repetition ${rep}`).toBe(null);
          expect(winners, `repetition ${rep}`).toEqual(['DIRECTORY_GROUPS_SYNC']);
        }
      }
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
