/**
 * `npm run bench:schedules` (issue 17, acceptance 5): 10,000 schedules due in the same minute,
 * each fired through the gate by two worker replicas, each in its own process
 * (schedules-replica.ts: a schedule runner with its own BullMQ worker, Redis connections,
 * database pool and gate), within that minute. Not a test: it prints figures.
 *
 * Every schedule is a different tenant's (one owner, a usable default connection each), so every
 * firing is a real admission (ACCEPTED: a run row, its audit record, the job on the provider
 * queue, which no worker consumes here). All 10,000 share one cron expression naming one minute
 * (`M H * * *` in UTC: the first minute boundary at least BENCH_LEAD_SECONDS, 60, ahead), so
 * their ticks are due at the same instant; the replicas reconcile the 10,000 job schedulers
 * before it.
 *
 * Figures: firings recorded, first and last firing after the due instant, the rate over that
 * span, the gate's decision latency (p50/p99, around `gate.start`), the replicas' CPU, the load
 * average. It builds its own database (dropped at the end) and uses a private BullMQ prefix; the
 * replicas report each firing (its time and the gate's decision time) on stdout. DATABASE_URL
 * names the server, REDIS_URL the Redis; BENCH_SCHEDULES changes the count, BENCH_CONCURRENCY the
 * firings in flight per replica (default 16: two replicas then hold 40 of PostgreSQL's 100
 * default connections). Exit code 1 when not every schedule fired within the minute.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createSecretBox, runMigrations } from '@msp/db';
import { createOperationsQueue, createSchedulesQueue, redisConnection } from '@msp/gate';
import { DEVELOPMENT_DEFAULTS } from '@msp/settings';
import postgres from 'postgres';

const REPLICA = fileURLToPath(new URL('./schedules-replica.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/msp');
const redisUrl = process.env.REDIS_URL ?? 'redis://localhost:6379';
const N = Number(process.env.BENCH_SCHEDULES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const REPLICAS = 2;

function dbUrl(name: string) {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const name = `msp_bench_schedules_${Date.now()}`;
const admin = postgres(dbUrl('postgres'), { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
await runMigrations(dbUrl(name));
const seedDb = postgres(dbUrl(name), { max: 2, onnotice: () => {} });
const redis = redisConnection(redisUrl);
const prefix = `bench-schedules-${Date.now()}`;

console.log(
  `bench:schedules: ${fmt(N)} schedules, ${REPLICAS} replica processes × ${CONCURRENCY} firings in flight; load ${load()}`,
);

// The seed: one owner, N tenants each with a usable default connection and one schedule.
const secret = createSecretBox(DEVELOPMENT_DEFAULTS.SECRET_ENCRYPTION_KEY).encrypt('bench-secret');
const [owner] = await seedDb`insert into users (subject) values ('bench-owner') returning id`;
const [ws] = await seedDb`insert into workspaces (name, created_by) values ('bench', ${owner!.id}) returning id`;
await seedDb`
  insert into tenants (workspace_id, name, entra_tenant_id, status)
  select ${ws!.id}, 'bench ' || i, gen_random_uuid(), 'ACTIVE' from generate_series(1, ${N}) i`;
await seedDb`insert into tenant_members (tenant_id, user_id, role) select id, ${owner!.id}, 'OWNER' from tenants`;
await seedDb`
  insert into provider_connections (tenant_id, display_name, entra_tenant_id, client_id, client_secret_encrypted,
    client_secret_expires_at, is_default, enabled, consent_status)
  select id, 'bench app', entra_tenant_id, gen_random_uuid(), ${secret}, now() + interval '180 days', true, true, 'GRANTED'
  from tenants`;
// The minute they are all due: the first minute boundary at least BENCH_LEAD_SECONDS (60) ahead,
// so the reconciler has time to upsert them all first.
const LEAD_MS = Number(process.env.BENCH_LEAD_SECONDS ?? 60) * 1000;
const due = new Date(Math.ceil((Date.now() + LEAD_MS) / 60_000) * 60_000);
const cron = `${due.getUTCMinutes()} ${due.getUTCHours()} * * *`;
await seedDb`
  insert into schedules (tenant_id, operation_type, cron, time_zone, owner_id, created_by)
  select id, 'POLICY_BACKUP', ${cron}, 'UTC', ${owner!.id}, ${owner!.id} from tenants`;
console.log(`seeded; every schedule is '${cron}' UTC, due at ${due.toISOString()}`);

interface Replica {
  child: ChildProcess;
  firings: Array<{ at: number; gateMs: number; outcome: string }>;
  cpuMs: number | null;
  ready: Promise<void>;
  exited: Promise<void>;
}

/** One replica process (schedules-replica.ts), reading its firing lines as they come. */
function spawnReplica(): Replica {
  const child = spawn(process.execPath, ['--import', 'tsx', REPLICA], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      BENCH_REPLICA: JSON.stringify({ databaseUrl: dbUrl(name), redis, prefix, concurrency: CONCURRENCY }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const replica: Replica = {
    child,
    firings: [],
    cpuMs: null,
    ready: Promise.resolve(),
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
  };
  let buffer = '';
  replica.ready = new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`replica exited early (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
        const [kind, a, b, c] = line.split(' ');
        if (line === 'ready') resolve();
        else if (kind === 'F') replica.firings.push({ at: Number(a), gateMs: Number(b), outcome: c ?? '?' });
        else if (kind === 'CPU') replica.cpuMs = Number(a);
      }
    });
  });
  return replica;
}

let exitCode = 0;
const replicas: Replica[] = [];
try {
  const started = performance.now();
  // Each replica reconciles at start (SKIP LOCKED shares the rows), as two workers starting would.
  for (let i = 0; i < REPLICAS; i++) replicas.push(spawnReplica());
  await Promise.all(replicas.map((r) => r.ready));
  const [synced] = await seedDb`select count(*)::int as n from schedules where synced_version = version`;
  console.log(
    `${REPLICAS} replica processes started and reconciled ${fmt(synced!.n)} schedules into job schedulers in ${fmt((performance.now() - started) / 1000, 1)} s; load ${load()}`,
  );
  if (Date.now() > due.getTime() - 2_000) throw new Error('reconciling took past the due minute; run again');
  console.log(`waiting ${fmt((due.getTime() - Date.now()) / 1000, 1)} s for the due minute…`);

  const count = () => replicas.reduce((n, r) => n + r.firings.length, 0);
  const deadline = due.getTime() + 90_000;
  while (count() < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  const loadAfter = load();
  for (const r of replicas) r.child.kill('SIGTERM');
  await Promise.all(replicas.map((r) => r.exited));

  const fired = replicas.flatMap((r) => r.firings);
  const latencies = fired.map((f) => f.gateMs).sort((a, b) => a - b);
  const sortedAt = fired.map((f) => f.at).sort((a, b) => a - b);
  const first = (sortedAt[0] ?? Number.NaN) - due.getTime();
  const last = (sortedAt.at(-1) ?? Number.NaN) - due.getTime();
  const outcomes = new Map<string, number>();
  for (const f of fired) outcomes.set(f.outcome, (outcomes.get(f.outcome) ?? 0) + 1);
  const [rows] = await seedDb`
    select count(*)::int as firings, count(distinct schedule_id)::int as schedules,
      (select count(*)::int from operation_runs where initiated_from = 'SCHEDULE') as runs,
      (select count(*)::int from audit_events where surface = 'SCHEDULE') as decisions
    from schedule_firings`;
  const withinMinute = sortedAt.filter((t) => t < due.getTime() + 60_000).length;
  const cpuMs = replicas.reduce((n, r) => n + (r.cpuMs ?? 0), 0);

  console.log('');
  console.log(
    `fired:               ${fmt(fired.length)} of ${fmt(N)} (${[...outcomes].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')})`,
  );
  console.log(`per replica:         ${replicas.map((r) => fmt(r.firings.length)).join(' + ')}`);
  console.log(
    `recorded:            ${fmt(rows!.firings)} firings of ${fmt(rows!.schedules)} schedules, ${fmt(rows!.runs)} runs, ${fmt(rows!.decisions)} gate decisions audited`,
  );
  console.log(`first firing:        +${fmt(first)} ms after the due instant`);
  console.log(`last firing:         +${fmt(last)} ms (${fmt(withinMinute)} within the minute)`);
  console.log(`rate:                ${fmt(fired.length / (Math.max(1, last) / 1000), 1)} firings/s over the span`);
  console.log(
    `gate decision:       p50 ${fmt(quantile(latencies, 0.5), 1)} ms, p99 ${fmt(quantile(latencies, 0.99), 1)} ms, max ${fmt(latencies.at(-1) ?? Number.NaN, 1)} ms`,
  );
  console.log(
    `replica CPU:         ${fmt(cpuMs)} ms in all (${fmt(cpuMs / Math.max(1, fired.length), 2)} ms per firing, waiting included)`,
  );
  console.log(`load average:        ${loadAfter} (1/5/15 min, after the burst)`);
  if (fired.length < N || last >= 60_000) exitCode = 1;
} finally {
  for (const r of replicas) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  const operations = createOperationsQueue({ connection: redis, prefix });
  await operations.obliterate({ force: true }).catch(() => undefined);
  await operations.close();
  const schedulesQueue = createSchedulesQueue({ connection: redis, prefix });
  await schedulesQueue.obliterate({ force: true }).catch(() => undefined);
  await schedulesQueue.close();
  await seedDb.end();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
process.exit(exitCode);
