/**
 * `npm run bench:gate`: decisions per second and p50/p99 latency of the start gate for the
 * accepted, deduped and blocked paths at concurrency 1 and 32, next to the floor: a bare
 * `INSERT … RETURNING` transaction on the same database. Not a test: it prints figures.
 *
 * Then the tracing overhead (issue 15): the same paths at concurrency 32 with tracing off and
 * with tracing on, exporting over OTLP/HTTP to a local receiver (in its own process,
 * receiver.entry.ts, standing where the Collector would), recording every trace and at the
 * production default (parent-based, ratio 0.1; BENCH_TRACING_MODES `every,production`), in
 * alternating rounds (BENCH_TRACING_ROUNDS, 8), side by side: decisions per second (the median
 * round, and the slowest and fastest: single rounds move by more than the effect measured) and CPU
 * per decision of this process (and of the receiver), averaged over the rounds.
 *
 * It builds its own database (dropped at the end) and uses a private BullMQ prefix on the
 * configured Redis. DATABASE_URL names the server; REDIS_URL the Redis.
 */

import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createDb, runMigrations } from '@msp/db';
import { startTracing, withRequest } from '@msp/telemetry';
import pino from 'pino';
import postgres from 'postgres';
import { createGate, createOperationsQueue, redisConnection, type StartRequest } from '../src';

const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/msp');
const redisUrl = process.env.REDIS_URL ?? 'redis://localhost:6379';
const OPS = Number(process.env.BENCH_OPS ?? 3000);
const CONCURRENCIES = [1, 32];
/**
 * How the tracing comparison calls the gate: `bare` (a plain call, no async context at all) and
 * `served` (inside the request context a subgraph gives every request, `withRequest`, whose
 * AsyncLocalStorage is active whether tracing is on or off, as in every process of the stack).
 */
const TRACING_CONTEXTS = (process.env.BENCH_TRACING_CONTEXTS ?? 'bare,served').split(',') as Array<'bare' | 'served'>;

/** Alternating rounds of the tracing comparison (BENCH_TRACING_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_TRACING_ROUNDS ?? 8);
/**
 * Traced modes: every trace recorded, and the production default (parent-based, ratio 0.1).
 * BENCH_TRACING_MODES (`every,production`) selects.
 */
const tracedModes = {
  every: { OTEL_TRACES_SAMPLER: 'parentbased_always_on' },
  production: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: 0.1 },
} as const;
const modes = [
  'off',
  ...(process.env.BENCH_TRACING_MODES ?? 'every,production')
    .split(',')
    .filter((m): m is keyof typeof tracedModes => m in tracedModes),
] as const;

function dbUrl(name: string) {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(concurrency: number, total: number, op: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const name = `msp_bench_${Date.now()}`;
const admin = postgres(dbUrl('postgres'), { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
await runMigrations(dbUrl(name));
const handle = createDb({ url: dbUrl(name), max: 34, applicationName: 'bench-gate' });
const { sql } = handle;
const queue = createOperationsQueue({ connection: redisConnection(redisUrl), prefix: `bench-${Date.now()}` });
const gate = createGate({
  db: handle.db,
  queue,
  links: { publicAppUrl: 'http://localhost:3000' },
  logger: pino({ level: 'silent' }),
});

try {
  // One user owning many tenants, each with one connection: accepted starts each need an idle connection.
  // The tracing comparison admits rounds x modes x min(OPS, 1500) more per context.
  const tenantsNeeded =
    OPS * CONCURRENCIES.length + ROUNDS * modes.length * TRACING_CONTEXTS.length * Math.min(OPS, 1500) + 300;
  const [user] = await sql`insert into users (subject) values ('bench-owner') returning id`;
  const [ws] = await sql`insert into workspaces (name, created_by) values ('bench', ${user!.id}) returning id`;
  await sql`insert into workspace_members (workspace_id, user_id, role) values (${ws!.id}, ${user!.id}, 'OWNER')`;
  const tenants = await sql<{ id: string }[]>`
    insert into tenants (workspace_id, name, entra_tenant_id, status)
    select ${ws!.id}, 'bench ' || g, gen_random_uuid(), 'ACTIVE' from generate_series(1, ${tenantsNeeded}) g
    returning id`;
  await sql`insert into tenant_members (tenant_id, user_id, role) select id, ${user!.id}, 'OWNER' from tenants`;
  await sql`
    insert into provider_connections (tenant_id, display_name, entra_tenant_id, client_id, client_secret_encrypted,
      client_secret_expires_at, is_default, enabled, consent_status)
    select id, 'bench app', gen_random_uuid(), gen_random_uuid(), '\\x00'::bytea, now() + interval '90 days', true, true, 'GRANTED'
    from tenants`;
  const tenantIds = tenants.map((t) => t.id);
  // Deduped path: 64 tenants whose connection already holds an active policy backup.
  const dedupeTenants = tenantIds.slice(0, 64);
  await sql`
    insert into operation_runs (tenant_id, operation_type, target, initiated_from, provider_connection_id, status, outcome, dispatched_at)
    select c.tenant_id, 'POLICY_BACKUP', 'tenant:' || c.tenant_id, 'TENANT', c.id, 'RUNNING', 'PENDING', now()
    from provider_connections c where c.tenant_id = any(${dedupeTenants}::uuid[])`;
  // Blocked path: 64 tenants whose connection is disabled.
  const blockedTenants = tenantIds.slice(64, 128);
  await sql`update provider_connections set enabled = false where tenant_id = any(${blockedTenants}::uuid[])`;
  // Blocked with a webhook subscriber: 64 disabled tenants of a second workspace whose endpoint
  // subscribes to RUN_BLOCKED, so each blocked attempt also writes its event and delivery (the
  // plain blocked path above only probes for a subscriber).
  const hookedTenants = tenantIds.slice(128, 192);
  const [hookWs] =
    await sql`insert into workspaces (name, created_by) values ('bench hooks', ${user!.id}) returning id`;
  await sql`update tenants set workspace_id = ${hookWs!.id} where id = any(${hookedTenants}::uuid[])`;
  await sql`update provider_connections set enabled = false where tenant_id = any(${hookedTenants}::uuid[])`;
  await sql`
    insert into webhook_endpoints (workspace_id, url, event_types, secret_encrypted)
    values (${hookWs!.id}, 'https://hooks.example.test/bench', '{RUN_BLOCKED}', '\\x00'::bytea)`;
  let acceptedCursor = 192;
  await sql`analyze`;

  const request = (tenantId: string): StartRequest => ({
    actor: { userId: user!.id },
    tenantId,
    operationType: 'POLICY_BACKUP',
    surface: 'TENANT',
  });
  const expectOutcome = async (req: StartRequest, outcome: string) => {
    const r = await gate.start(req);
    if (!r.ok || r.value.outcome !== outcome) throw new Error(`expected ${outcome}: ${JSON.stringify(r)}`);
  };

  const rows: Array<Record<string, string | number>> = [];
  for (const c of CONCURRENCIES) {
    const n = c === 1 ? Math.min(OPS, 1000) : OPS;
    const floorInsert = await measure(c, n, async () => {
      await sql.begin(
        (tx) =>
          tx`insert into operation_runs (tenant_id, operation_type, target, initiated_from, status, outcome)
             values (${dedupeTenants[0]!}, 'POLICY_BACKUP', 'floor', 'TENANT', 'COMPLETED', 'SUCCEEDED') returning id`,
      );
    });
    const accepted = await measure(c, n, async () => {
      const tenantId = tenantIds[acceptedCursor++]!;
      await expectOutcome(request(tenantId), 'ACCEPTED');
    });
    const deduped = await measure(c, n, async (i) => {
      await expectOutcome(request(dedupeTenants[i % dedupeTenants.length]!), 'DEDUPED');
    });
    const blocked = await measure(c, n, async (i) => {
      await expectOutcome(request(blockedTenants[i % blockedTenants.length]!), 'BLOCKED');
    });
    const blockedHooked = await measure(c, n, async (i) => {
      await expectOutcome(request(hookedTenants[i % hookedTenants.length]!), 'BLOCKED');
    });
    for (const [path, m] of Object.entries({
      'floor (INSERT … RETURNING tx)': floorInsert,
      accepted,
      deduped,
      blocked,
      'blocked, webhook subscribed': blockedHooked,
    })) {
      rows.push({
        concurrency: c,
        path,
        'decisions/s': Math.round(m.perSecond),
        'p50 ms': Number(m.p50.toFixed(2)),
        'p99 ms': Number(m.p99.toFixed(2)),
        'x floor (throughput)': Number((floorInsert.perSecond / m.perSecond).toFixed(2)),
      });
    }
  }
  console.log(
    `bench:gate — ${OPS} decisions per path at concurrency 32 (${Math.min(OPS, 1000)} at 1), node ${process.version}`,
  );
  console.table(rows);

  // Tracing off vs on (OTLP/HTTP export to a local receiver), alternating rounds at concurrency 32.
  // The collector: a receiver in its own process (receiver.entry.ts), as a Collector would be.
  const collector = fork(new URL('./receiver.entry.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
  const receiver = await new Promise<{ url: string }>((resolve) =>
    collector.once('message', (m) => resolve(m as { url: string })),
  );
  let exported = 0;
  /** The receiver's CPU so far (ms) and the spans it received since the last ask. */
  const askReceiver = async () => {
    collector.send('count');
    return new Promise<{ spans: number; cpuMs: number }>((resolve) =>
      collector.once('message', (m) => resolve(m as { spans: number; cpuMs: number })),
    );
  };
  const n = Math.min(OPS, 1500);
  const paths = {
    accepted: async () => expectOutcome(request(tenantIds[acceptedCursor++]!), 'ACCEPTED'),
    deduped: async (i: number) => expectOutcome(request(dedupeTenants[i % dedupeTenants.length]!), 'DEDUPED'),
    blocked: async (i: number) => expectOutcome(request(blockedTenants[i % blockedTenants.length]!), 'BLOCKED'),
  };
  /** Per context, path and mode: each round's decisions/s, and CPU averaged over the rounds. */
  const sums: Record<string, Record<string, { rates: number[]; cpuMs: number; receiverMs: number }>> = {};
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  for (const setting of TRACING_CONTEXTS) {
    const call =
      setting === 'served'
        ? (op: (i: number) => Promise<void>) => (i: number) => withRequest(`bench-${i}`, () => op(i))
        : (op: (i: number) => Promise<void>) => op;
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating order (off first, then off last): the accepted path slows as runs and jobs
      // pile up, so no mode may always go first.
      for (const mode of round % 2 === 0 ? modes : [...modes].reverse()) {
        const tracing =
          mode === 'off'
            ? null
            : startTracing({
                serviceName: 'bench-gate',
                env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...tracedModes[mode] },
                instrumentations: false,
              });
        for (const [path, op] of Object.entries(paths)) {
          const receiverBefore = tracing ? (await askReceiver()).cpuMs : 0;
          const cpuBefore = process.cpuUsage();
          const m = await measure(32, n, call(op));
          const cpu = process.cpuUsage(cpuBefore);
          // Spans still batched are exported (and received) within the mode's figures.
          await tracing?.flush();
          const receiverAfter = tracing ? await askReceiver() : null;
          if (receiverAfter) exported += receiverAfter.spans;
          const key = `${setting}\u0000${path}`;
          sums[key] ??= {};
          sums[key][mode] ??= { rates: [], cpuMs: 0, receiverMs: 0 };
          const sum = sums[key][mode];
          sum.rates.push(m.perSecond);
          sum.cpuMs += (cpu.user + cpu.system) / 1000 / n / ROUNDS;
          sum.receiverMs += receiverAfter ? (receiverAfter.cpuMs - receiverBefore) / n / ROUNDS : 0;
        }
        await tracing?.shutdown();
      }
    }
  }
  collector.disconnect();
  console.log(
    `tracing overhead — ${n} decisions per path and mode at concurrency 32, ${ROUNDS} alternating rounds per context (decisions/s: the median round, with the slowest and fastest; CPU: the mean); ${exported} spans exported to a receiver in another process (bare: a plain call; served: inside a request context, as a subgraph runs it)`,
  );
  console.table(
    Object.entries(sums).flatMap(([key, byMode]) => {
      const [setting, path] = key.split('\u0000');
      const offRate = median(byMode.off!.rates);
      const off = byMode.off!;
      return Object.entries(byMode).map(([mode, s]) => ({
        context: setting,
        path,
        mode,
        'decisions/s': Math.round(median(s.rates)),
        'rounds min–max': `${Math.round(Math.min(...s.rates))}–${Math.round(Math.max(...s.rates))}`,
        'change %': mode === 'off' ? 0 : Number((((median(s.rates) - offRate) / offRate) * 100).toFixed(1)),
        'CPU ms/decision': Number(s.cpuMs.toFixed(3)),
        'CPU change %': mode === 'off' ? 0 : Number((((s.cpuMs - off.cpuMs) / off.cpuMs) * 100).toFixed(1)),
        'receiver ms/decision': Number(s.receiverMs.toFixed(3)),
      }));
    }),
  );
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} cores`,
  );
} finally {
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  await handle.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
