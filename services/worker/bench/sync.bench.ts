/**
 * `npm run bench:sync`: groups upserted per second by a DIRECTORY_GROUPS_SYNC of 20,000 groups
 * against the Graph simulator, end to end (gate admission → BullMQ → worker → Graph pages →
 * one upsert per page → progress events → completion). Not a test: it prints figures.
 *
 * Three figures: the Graph side alone (paging through the simulator, no database), a first
 * sync (every group inserted) and a re-sync (every group updated in place). The run's own
 * started_at → completed_at is the measured span.
 *
 * It builds its own database (dropped at the end), starts the simulator in-process on a free
 * port and uses a private BullMQ prefix. DATABASE_URL names the server, REDIS_URL the Redis;
 * BENCH_GROUPS changes the size.
 */
import { performance } from 'node:perf_hooks';
import { createDb, createSecretBox, runMigrations, schema } from '@msp/db';
import { createGate, createOperationsQueue, redisConnection } from '@msp/gate';
import { createGraphClient, startGraphSimulator } from '@msp/microsoft-graph';
import { DEVELOPMENT_DEFAULTS } from '@msp/settings';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import postgres from 'postgres';
import { createWorkerRuntime } from '../src';

const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/msp');
const redisUrl = process.env.REDIS_URL ?? 'redis://localhost:6379';
const GROUPS = Number(process.env.BENCH_GROUPS ?? 20_000);

function dbUrl(name: string) {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const name = `msp_bench_sync_${Date.now()}`;
const admin = postgres(dbUrl('postgres'), { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
await runMigrations(dbUrl(name));
const handle = createDb({ url: dbUrl(name), max: 8, applicationName: 'bench-sync' });
const db = handle.db;
const logger = pino({ level: 'silent' });
const simulator = await startGraphSimulator({ port: 0, host: '127.0.0.1' });
const endpoints = { loginBaseUrl: simulator.url, graphBaseUrl: simulator.url };
const redis = redisConnection(redisUrl);
const prefix = `bench-sync-${Date.now()}`;
const queue = createOperationsQueue({ connection: redis, prefix });
const links = { publicAppUrl: 'http://localhost:3000' };
const secretKey = DEVELOPMENT_DEFAULTS.SECRET_ENCRYPTION_KEY;
const runtime = createWorkerRuntime({
  db,
  redis,
  prefix,
  secretEncryptionKey: secretKey,
  graph: { endpoints },
  links,
  logger,
  concurrency: 1,
  dispatcher: false,
  reaper: false,
});

try {
  const [user] = await db.insert(schema.users).values({ subject: 'bench-owner' }).returning();
  const [ws] = await db.insert(schema.workspaces).values({ name: 'bench', createdBy: user!.id }).returning();
  await db.insert(schema.workspaceMembers).values({ workspaceId: ws!.id, userId: user!.id, role: 'OWNER' });
  const [tenant] = await db
    .insert(schema.tenants)
    .values({ workspaceId: ws!.id, name: 'bench', entraTenantId: crypto.randomUUID(), status: 'ACTIVE' })
    .returning();
  await db.insert(schema.tenantMembers).values({ tenantId: tenant!.id, userId: user!.id, role: 'OWNER' });
  const secret = 'bench-secret';
  const [connection] = await db
    .insert(schema.providerConnections)
    .values({
      tenantId: tenant!.id,
      displayName: 'bench app',
      entraTenantId: crypto.randomUUID(),
      clientId: crypto.randomUUID(),
      clientSecretEncrypted: createSecretBox(secretKey).encrypt(secret),
      clientSecretExpiresAt: new Date(Date.now() + 90 * 86_400_000),
      isDefault: true,
      consentStatus: 'GRANTED',
    })
    .returning();
  const entraTenantId = connection!.entraTenantId;
  await fetch(`${simulator.url}/_simulator/tenants/${entraTenantId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ groups: GROUPS }),
  });

  // The floor: Graph pages alone (999 per page), through the same adapter, no database.
  const graph = createGraphClient({ endpoints }).forTenant({
    entraTenantId,
    clientId: connection!.clientId,
    clientSecret: secret,
  });
  await graph.getToken();
  let paged = 0;
  const t0 = performance.now();
  for await (const page of graph.listGroups()) paged += page.length;
  const graphSeconds = (performance.now() - t0) / 1000;

  await runtime.start();
  const gate = createGate({ db, queue, links, logger });

  async function syncOnce() {
    const started = await gate.start({
      actor: { userId: user!.id },
      tenantId: tenant!.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      surface: 'DIRECTORY',
    });
    if (!started.ok || started.value.outcome !== 'ACCEPTED')
      throw new Error(`not accepted: ${JSON.stringify(started)}`);
    const runId = started.value.run.id;
    const wall0 = performance.now();
    for (;;) {
      const [run] = await db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, runId));
      if (run?.status === 'COMPLETED') {
        if (run.outcome !== 'SUCCEEDED') throw new Error(`sync ended ${run.outcome} ${run.reasonCode}`);
        const seconds = (run.completedAt!.getTime() - run.startedAt!.getTime()) / 1000;
        return { groups: run.progressSucceeded, seconds, wall: (performance.now() - wall0) / 1000 };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const first = await syncOnce();
  const again = await syncOnce();
  const [stored] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.directoryGroups)
    .where(eq(schema.directoryGroups.tenantId, tenant!.id));

  console.log(`bench:sync: DIRECTORY_GROUPS_SYNC of ${fmt(GROUPS)} groups against the Graph simulator`);
  console.log(
    `  Graph paging only (no database): ${fmt(paged / graphSeconds)} groups/s (${graphSeconds.toFixed(2)} s)`,
  );
  console.log(
    `  first sync (insert):  ${fmt(first.groups / first.seconds)} groups upserted/s (${first.seconds.toFixed(2)} s run, ${first.wall.toFixed(2)} s click to completion)`,
  );
  console.log(
    `  re-sync (update):     ${fmt(again.groups / again.seconds)} groups upserted/s (${again.seconds.toFixed(2)} s run, ${again.wall.toFixed(2)} s click to completion)`,
  );
  console.log(`  rows stored: ${fmt(stored?.n ?? 0)}`);
} finally {
  await runtime.close();
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  await simulator.close();
  await handle.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
