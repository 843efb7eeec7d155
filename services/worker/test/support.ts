/**
 * Worker test kit: the shared fixtures (`db`, `queue`, `seed`, `sim`) plus, per test file, the
 * gate that admits runs, and an in-process worker runtime
 * on the file's database and queue prefix. Its database pool records every SQL statement, so a
 * test can check round trips.
 */
import { type Database, schema } from '@msp/db';
import { createGate, type Gate, type OperationType, type StartSurface } from '@msp/gate';
import type { TenantConfigPatch } from '@msp/microsoft-graph';
import { test as base, expect } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import type { Seed } from '@msp/tests/support/seed';
import type { SimulatorControl } from '@msp/tests/support/simulator';
import { links, testRuntimeOptions } from '@msp/tests/support/worker';
import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createWorkerRuntime, type WorkerRuntime } from '../src';

export { waitForRun } from '@msp/tests/support/runs';
export { links, secretEncryptionKey, testRuntimeOptions } from '@msp/tests/support/worker';

export interface SqlRecorder {
  db: Database;
  statements: string[];
  close(): Promise<void>;
}

/** A pool on the test database that records the text of every statement it sends. */
export function recordingDb(url: string): SqlRecorder {
  const statements: string[] = [];
  const client = postgres(url, { max: 10, onnotice: () => {}, debug: (_conn, query) => statements.push(query) });
  return { db: drizzle(client, { schema }), statements, close: () => client.end({ timeout: 5 }) };
}

export const test = base.extend<{
  gate: Gate;
  sqlRecorder: SqlRecorder;
  runtime: WorkerRuntime;
}>({
  gate: [
    async ({ db, queue }, use) => use(createGate({ db: db.db, queue: queue.queue, links, logger: testLogger })),
    { scope: 'file' },
  ],
  sqlRecorder: [
    async ({ database }, use) => {
      const recorder = recordingDb(database.url);
      await use(recorder);
      await recorder.close();
    },
    { scope: 'file' },
  ],
  runtime: [
    async ({ sqlRecorder, queue, sim }, use) => {
      const runtime = createWorkerRuntime(testRuntimeOptions(sqlRecorder.db, queue, sim.url));
      await runtime.start();
      await use(runtime);
      await runtime.close();
    },
    { scope: 'file' },
  ],
});

export { describe, expect } from '@msp/tests/support/fixtures';

/** Polls until `check` returns a value other than undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export async function runEvents(db: Database, runId: string) {
  return db.select().from(schema.runEvents).where(eq(schema.runEvents.runId, runId)).orderBy(asc(schema.runEvents.id));
}

export async function notificationsOf(db: Database, runId: string) {
  return db.select().from(schema.notifications).where(eq(schema.notifications.runId, runId));
}

export async function connectionRow(db: Database, id: string) {
  const [row] = await db.select().from(schema.providerConnections).where(eq(schema.providerConnections.id, id));
  if (!row) throw new Error(`no connection ${id}`);
  return row;
}

/**
 * An owner, an ACTIVE tenant and a usable default connection, with the simulator told how the
 * connection's Entra tenant behaves; `start` admits a run through the gate and returns its id.
 */
export async function scenario(
  deps: { seed: Seed; sim: SimulatorControl; gate: Gate },
  options: { simulator?: TenantConfigPatch; connection?: Parameters<Seed['connection']>[1] } = {},
) {
  const w = await deps.seed.world(options.connection ? { connection: options.connection } : {});
  if (options.simulator) await deps.sim.configure(w.connection.entraTenantId, options.simulator);
  return {
    ...w,
    entraTenantId: w.connection.entraTenantId,
    async start(operationType: OperationType, extra: { userId?: string; surface?: StartSurface } = {}) {
      const result = await deps.gate.start({
        actor: { userId: extra.userId ?? w.owner.id },
        tenantId: w.tenant.id,
        operationType,
        surface: extra.surface ?? 'TENANT',
      });
      if (!result.ok) throw new Error(`start failed: ${JSON.stringify(result.error)}`);
      expect(result.value.outcome).toBe('ACCEPTED');
      if (result.value.outcome !== 'ACCEPTED') throw new Error('unreachable');
      return result.value.run.id;
    },
  };
}
