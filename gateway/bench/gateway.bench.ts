/**
 * `npm run bench:gateway`: requests/s, p50 and p99 of the Monitoring list query and of a start
 * mutation through the gateway (Hive Gateway runtime + router runtime), directly at the owning
 * subgraph, and through `@apollo/gateway` (the peer) on the same subgraphs. Not a test: it
 * prints figures (issue 5; goals: gateway within 1.3x of direct, at least 1.5x the peer).
 *
 * Real components: a fresh PostgreSQL database (migrated, dropped at the end), a private BullMQ
 * prefix on the configured Redis, every subgraph of scripts/subgraphs.ts and the Graph simulator
 * in one child process (subgraphs.entry.ts, as tests/e2e/harness.ts starts them, without the
 * worker: nothing here needs a run to progress), and each gateway in its own child process
 * (hive.entry.ts, then apollo.entry.ts), as in production where the gateway is its own process
 * (scripts/start.ts). Children report their URLs over IPC and stop on SIGTERM, on an IPC `stop`
 * or when the parent goes away; every child is stopped (SIGKILL after a grace period) even when
 * the bench fails.
 *
 * Every request carries its own bearer token (a distinct `jti`, and one of USERS users in turn):
 * Hive collapses identical in-flight subgraph requests, and identical tokens would flatter it.
 * Every response is checked (no `errors`, the expected page size or start outcome); failures are
 * counted and printed, and make the exit code 1.
 *
 * The load generator runs in this (parent) process, in a worker thread (global fetch, keep-alive).
 *
 * DATABASE_URL names the PostgreSQL server, REDIS_URL the Redis; BENCH_REQUESTS (2000) and
 * BENCH_WARMUP (200) the requests per case; BENCH_STACK_WARMUP (1000) the requests of every
 * case through each child before its rows are measured; BENCH_CASES (a substring of case names) selects
 * cases; BENCH_PATHS (comma-separated: direct,gateway,@apollo/gateway) selects paths;
 * BENCH_CPU_PROF=<dir> starts every child with `--cpu-prof` into <dir>/subgraphs, <dir>/gateway and
 * <dir>/apollo (one profile per thread: the largest is the main thread).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createDb, runMigrations } from '@msp/db';
import { SignJWT } from 'jose';
import postgres from 'postgres';

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://localhost:6379';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
/** Requests of every case through each child once it starts, before any row is measured. */
const STACK_WARMUP = Number(process.env.BENCH_STACK_WARMUP ?? 1000);
const CONCURRENCY = 20;
const USERS = 200;
/** Tenants the list query and DEDUPED starts spread over; each has 30 runs, one of them active. */
const DEDUPE_TENANTS = 8;
/** Tenants whose default connection is disabled: their starts are BLOCKED (each writes a run). */
const BLOCKED_TENANTS = 2;
const PAGE = 20;
/** Each case (warm-up + measured) stops issuing requests after this long. */
const CASE_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** A child must report ready within this long, and exit within STOP_GRACE_MS of being asked to. */
const CHILD_START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const auth = { jwtSecret: `bench-${randomBytes(16).toString('hex')}` };
const links = { publicAppUrl: 'https://app.example.test' };
const SECRET_ENCRYPTION_KEY = 'ZGV2LW9ubHktc2VjcmV0LWtleS0zMi1ieXRlcy1sb24=';

const LIST_WITH_TENANT = /* GraphQL */ `
  query Runs($t: ID!) {
    operationRuns(tenantId: $t, first: ${PAGE}) { edges { node { id status outcome operationType tenant { name } } } }
  }
`;
const LIST = /* GraphQL */ `
  query Runs($t: ID!) {
    operationRuns(tenantId: $t, first: ${PAGE}) { edges { node { id status outcome operationType } } }
  }
`;
/** Only fields the tenant subgraph resolves itself, so the direct call is like for like. */
const START = /* GraphQL */ `
  mutation Start($t: ID!) {
    startPolicyBackup(tenantId: $t) {
      __typename
      ... on ProviderOperationStart { outcome operationType message { headline nextStep } }
      ... on ProviderOperationDeduped { runUrl run { id } }
      ... on ProviderOperationBlocked { reasonCode problemClass }
    }
  }
`;

type Check = { kind: 'list'; edges: number; tenantName: boolean } | { kind: 'start'; outcome: string };

interface LoadSpec {
  url: string;
  query: string;
  /** Variables of request i: variables[i % length]. */
  variables: Array<Record<string, unknown>>;
  /** Token of request i: tokens[i] (warm-up + measured, all distinct). */
  tokens: string[];
  warmup: number;
  total: number;
  concurrency: number;
  check: Check;
  deadlineMs: number;
  requestTimeoutMs: number;
}

interface LoadResult {
  fatal?: string;
  seconds: number;
  latencies: number[];
  done: number;
  errors: number;
  errorSamples: Array<[string, number]>;
  timedOut: boolean;
  warmup: { errors: number; errorSamples: Array<[string, number]>; timedOut: boolean };
}

/** The load generator (plain JS, evaluated in a worker thread). */
const LOAD_WORKER = /* js */ `
const { parentPort, workerData } = require('node:worker_threads');
const { url, query, variables, tokens, warmup, total, concurrency, check, deadlineMs, requestTimeoutMs } = workerData;

function verify(body) {
  if (body.errors && body.errors.length) return 'errors: ' + JSON.stringify(body.errors[0]).slice(0, 300);
  const d = body.data;
  if (!d) return 'no data';
  if (check.kind === 'list') {
    const edges = d.operationRuns && d.operationRuns.edges;
    if (!Array.isArray(edges) || edges.length !== check.edges) return 'expected ' + check.edges + ' edges, got ' + (edges && edges.length);
    if (check.tenantName && edges.some((e) => !e.node.tenant || typeof e.node.tenant.name !== 'string')) return 'tenant.name missing';
    return null;
  }
  const r = d.startPolicyBackup;
  if (!r || r.outcome !== check.outcome) return 'expected ' + check.outcome + ', got ' + JSON.stringify(r).slice(0, 200);
  return null;
}

async function one(i) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: 'Bearer ' + tokens[i],
    },
    body: JSON.stringify({ query, variables: variables[i % variables.length] }),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  const text = await res.text();
  if (res.status !== 200) return 'HTTP ' + res.status + ': ' + text.slice(0, 200);
  let body;
  try { body = JSON.parse(text); } catch { return 'not JSON: ' + text.slice(0, 200); }
  return verify(body);
}

async function phase(offset, n, deadline) {
  let next = 0, done = 0, errors = 0, timedOut = false;
  const latencies = [];
  const samples = new Map();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      if (performance.now() > deadline) { timedOut = true; return; }
      const i = offset + next++;
      const t0 = performance.now();
      let problem;
      try { problem = await one(i); } catch (e) { problem = 'fetch: ' + String((e && e.message) || e); }
      latencies.push(performance.now() - t0);
      done++;
      if (problem) { errors++; samples.set(problem, (samples.get(problem) || 0) + 1); }
    }
  }));
  return { seconds: (performance.now() - started) / 1000, latencies, done, errors, errorSamples: [...samples].slice(0, 5), timedOut };
}

(async () => {
  const deadline = performance.now() + deadlineMs;
  const w = await phase(0, warmup, deadline);
  parentPort.postMessage({ measuring: true });
  const m = await phase(warmup, total, deadline);
  parentPort.postMessage({ ...m, warmup: { errors: w.errors, errorSamples: w.errorSamples, timedOut: w.timedOut } });
})().catch((e) => parentPort.postMessage({ fatal: String((e && e.stack) || e) }));
`;

/** Runs one load in a worker thread; `onMeasuring` is called when the warm-up is over. */
function runLoad(spec: LoadSpec, onMeasuring: () => void = () => {}): Promise<LoadResult> {
  const worker = new Worker(LOAD_WORKER, { eval: true, workerData: spec });
  return new Promise<LoadResult>((resolve, reject) => {
    const guard = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`load generator did not finish within ${spec.deadlineMs + 30_000} ms`));
    }, spec.deadlineMs + 30_000);
    worker.on('message', (result: LoadResult | { measuring: true }) => {
      if ('measuring' in result) {
        onMeasuring();
        return;
      }
      clearTimeout(guard);
      void worker.terminate();
      if (result.fatal) reject(new Error(result.fatal));
      else resolve(result);
    });
    worker.once('error', (error) => {
      clearTimeout(guard);
      reject(error);
    });
  });
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function dbUrl(name: string) {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** One distinct token per request: user `i % USERS`, and a unique `jti`. */
async function tokensFor(subjects: string[], count: number): Promise<string[]> {
  const key = new TextEncoder().encode(auth.jwtSecret);
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(subjects[i % subjects.length]!)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key),
    ),
  );
}

/**
 * CPU seconds (user + system) used so far by each process the figures depend on, from
 * /proc/<pid>/stat (Linux; empty elsewhere): this process (the load generator), the children, and
 * every PostgreSQL and Redis server process. Differences over a row give CPU ms per request,
 * which shows where a path spends the machine's two cores.
 */
const CLOCK_TICKS = 100;
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
function cpuByProcess(children: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = { 'load generator': cpuSeconds(process.pid) };
  for (const [name, pid] of Object.entries(children)) if (pid) out[name] = cpuSeconds(pid);
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    let comm = '';
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    const server = comm === 'postgres' ? 'postgresql' : comm === 'redis-server' ? 'redis' : undefined;
    if (server) out[server] = (out[server] ?? 0) + cpuSeconds(Number(pid));
  }
  return out;
}

interface Path {
  label: 'gateway' | 'direct' | '@apollo/gateway' | 'http proxy';
  /** For `http proxy`: the subgraph it forwards to (`<proxy>/<subgraph>`). */
  subgraph?: string;
  url: string;
}

interface Row {
  case: string;
  path: Path['label'];
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU ms per measured request, by process. */
  cpu: Record<string, number>;
  result: LoadResult;
}

interface Child {
  name: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `gateway/bench/<entry>` under `node --import tsx` with its config in `BENCH_CHILD`,
 * and resolves once it sends `{ type: 'ready' }` (with that message); rejects (after killing it)
 * when it fails, exits or stays silent for CHILD_START_TIMEOUT_MS.
 */
async function startChild<T>(
  name: string,
  entry: string,
  config: unknown,
  nodeArgs: string[] = [],
): Promise<{ child: Child; ready: T }> {
  const proc = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', fileURLToPath(new URL(entry, import.meta.url))],
    {
      cwd: ROOT,
      env: { ...process.env, BENCH_CHILD: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  let stopping: Promise<void> | undefined;
  const child: Child = {
    name,
    process: proc,
    stop() {
      stopping ??= (async () => {
        if (proc.exitCode !== null || proc.signalCode !== null) return;
        if (proc.connected) proc.send({ type: 'stop' }, () => {});
        else proc.kill('SIGTERM');
        const kill = setTimeout(() => {
          console.error(`${name} did not stop within ${STOP_GRACE_MS} ms: killing it`);
          proc.kill('SIGKILL');
        }, STOP_GRACE_MS);
        await exited;
        clearTimeout(kill);
      })();
      return stopping;
    },
  };
  try {
    const ready = await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} not ready within ${CHILD_START_TIMEOUT_MS} ms`)),
        CHILD_START_TIMEOUT_MS,
      );
      proc.on('message', (m: { type?: string; message?: string }) => {
        if (m?.type === 'ready') {
          clearTimeout(timer);
          resolve(m as T);
        } else if (m?.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`${name} failed to start: ${m.message}`));
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited before it was ready (${signal ?? code})`));
      });
      proc.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return { child, ready };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

const name = `msp_bench_${Date.now()}`;
const admin = postgres(dbUrl('postgres'), { max: 1, onnotice: () => {} });
const logLevel = process.env.BENCH_LOG_LEVEL ?? 'silent';
const prefix = `bench-gateway-${randomBytes(5).toString('hex')}`;
const closers: Array<() => Promise<unknown>> = [];
let failures = 0;

try {
  await admin.unsafe(`create database "${name}"`);
  await runMigrations(dbUrl(name));
  const handle = createDb({ url: dbUrl(name), max: 4, applicationName: 'bench-gateway-seed' });
  closers.unshift(() => handle.close());
  const { sql } = handle;

  // The world: one workspace, USERS operators of every tenant, DEDUPE_TENANTS tenants with 30
  // runs each (one of them an active policy backup: DEDUPED), BLOCKED_TENANTS with a disabled
  // connection (BLOCKED).
  const users = await sql<{ id: string; subject: string }[]>`
    insert into users (subject, email, display_name)
    select 'bench-' || g, 'bench-' || g || '@example.test', 'Bench user ' || g from generate_series(1, ${USERS}) g
    returning id, subject`;
  const owner = users[0]!;
  const [ws] = await sql`insert into workspaces (name, created_by) values ('Bench MSP', ${owner.id}) returning id`;
  await sql`insert into workspace_members (workspace_id, user_id, role) values (${ws!.id}, ${owner.id}, 'OWNER')`;
  const tenants = await sql<{ id: string }[]>`
    insert into tenants (workspace_id, name, entra_tenant_id, status)
    select ${ws!.id}, 'Bench tenant ' || g, gen_random_uuid(), 'ACTIVE'
    from generate_series(1, ${DEDUPE_TENANTS + BLOCKED_TENANTS}) g
    returning id`;
  await sql`
    insert into tenant_members (tenant_id, user_id, role)
    select t.id, u.id, 'OPERATOR' from tenants t cross join users u`;
  await sql`
    insert into provider_connections (tenant_id, display_name, entra_tenant_id, client_id, client_secret_encrypted,
      client_secret_expires_at, is_default, enabled, consent_status)
    select id, 'Bench Graph app', gen_random_uuid(), gen_random_uuid(), '\\x00'::bytea, now() + interval '90 days',
      true, true, 'GRANTED'
    from tenants`;
  const dedupeTenants = tenants.slice(0, DEDUPE_TENANTS).map((t) => t.id);
  const blockedTenants = tenants.slice(DEDUPE_TENANTS).map((t) => t.id);
  await sql`
    insert into operation_runs (tenant_id, operation_type, target, initiated_from, initiated_by, provider_connection_id,
      status, outcome, created_at, started_at, completed_at, dispatched_at)
    select c.tenant_id, 'POLICY_BACKUP', 'tenant:' || c.tenant_id, 'TENANT', ${owner.id}, c.id,
      'COMPLETED', 'SUCCEEDED', now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval,
      now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
    from provider_connections c cross join generate_series(1, 29) g
    where c.tenant_id = any(${dedupeTenants}::uuid[])`;
  await sql`
    insert into operation_runs (tenant_id, operation_type, target, initiated_from, initiated_by, provider_connection_id,
      status, outcome, started_at, dispatched_at)
    select c.tenant_id, 'POLICY_BACKUP', 'tenant:' || c.tenant_id, 'TENANT', ${owner.id}, c.id,
      'RUNNING', 'PENDING', now(), now()
    from provider_connections c where c.tenant_id = any(${dedupeTenants}::uuid[])`;
  await sql`update provider_connections set enabled = false where tenant_id = any(${blockedTenants}::uuid[])`;
  await sql`analyze`;

  // The stack: subgraphs in one child process, each gateway in its own (started in turn below).
  const cpuProfDir = process.env.BENCH_CPU_PROF;
  const cpuProf = (prefix: string) => (cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}/${prefix}`] : []);
  const subgraphs = await startChild<{ urls: Record<string, string> }>(
    'subgraphs',
    './subgraphs.entry.ts',
    {
      databaseUrl: dbUrl(name),
      redisUrl,
      prefix,
      jwtSecret: auth.jwtSecret,
      secretEncryptionKey: SECRET_ENCRYPTION_KEY,
      publicAppUrl: links.publicAppUrl,
      logLevel,
    },
    cpuProf('subgraphs'),
  );
  closers.unshift(() => subgraphs.child.stop());
  const subgraphUrls = subgraphs.ready.urls;

  const gatewayChildren: Record<
    'gateway' | '@apollo/gateway' | 'http proxy',
    () => Promise<{ child: Child; ready: { url: string } }>
  > = {
    gateway: () =>
      startChild<{ url: string }>('gateway', './hive.entry.ts', { subgraphUrls, logLevel }, cpuProf('gateway')),
    '@apollo/gateway': () =>
      startChild<{ url: string }>('@apollo/gateway', './apollo.entry.ts', { subgraphUrls }, cpuProf('apollo')),
    'http proxy': () =>
      startChild<{ url: string }>('http proxy', './proxy.entry.ts', { subgraphUrls }, cpuProf('proxy')),
  };

  const hive: Path = { label: 'gateway', url: '' };
  const apollo: Path = { label: '@apollo/gateway', url: '' };
  const direct = (subgraph: string): Path => ({ label: 'direct', url: subgraphUrls[subgraph]! });
  const proxy = (subgraph: string): Path => ({ label: 'http proxy', url: '', subgraph });

  const subjects = users.map((u) => u.subject);
  const dedupeVars = dedupeTenants.map((t) => ({ t }));
  const blockedVars = blockedTenants.map((t) => ({ t }));
  const cases: Array<{ name: string; query: string; variables: typeof dedupeVars; check: Check; paths: Path[] }> = [
    {
      name: 'list + tenant { name }',
      query: LIST_WITH_TENANT,
      variables: dedupeVars,
      check: { kind: 'list', edges: PAGE, tenantName: true },
      paths: [hive, apollo],
    },
    {
      name: 'list',
      query: LIST,
      variables: dedupeVars,
      check: { kind: 'list', edges: PAGE, tenantName: false },
      paths: [direct('operations'), proxy('operations'), hive, apollo],
    },
    {
      name: 'startPolicyBackup DEDUPED',
      query: START,
      variables: dedupeVars,
      check: { kind: 'start', outcome: 'DEDUPED' },
      paths: [direct('tenant'), proxy('tenant'), hive, apollo],
    },
    {
      name: 'startPolicyBackup BLOCKED',
      query: START,
      variables: blockedVars,
      check: { kind: 'start', outcome: 'BLOCKED' },
      paths: [direct('tenant'), proxy('tenant'), hive, apollo],
    },
  ];

  const caseFilter = process.env.BENCH_CASES;
  const pathFilter = process.env.BENCH_PATHS?.split(',').map((p) => p.trim());
  const selected = cases
    .filter((c) => !caseFilter || c.name.includes(caseFilter))
    .map((c) => ({ ...c, paths: c.paths.filter((p) => !pathFilter || pathFilter.includes(p.label)) }));

  const load = async (c: (typeof cases)[number], path: Path, warmup: number, total: number, onMeasuring?: () => void) =>
    runLoad(
      {
        url: path.url,
        query: c.query,
        variables: c.variables,
        tokens: await tokensFor(subjects, warmup + total),
        warmup,
        total,
        concurrency: CONCURRENCY,
        check: c.check,
        deadlineMs: CASE_TIMEOUT_MS,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
      },
      onMeasuring,
    );

  const run = async (c: (typeof cases)[number], path: Path, gatewayPid?: number): Promise<Row> => {
    const pids = { subgraphs: subgraphs.child.process.pid, [path.label]: gatewayPid };
    let before: Record<string, number> = {};
    const result = await load(c, path, WARMUP, REQUESTS, () => {
      before = cpuByProcess(pids);
    });
    const after = cpuByProcess(pids);
    const cpu = Object.fromEntries(
      Object.entries(after).map(([k, v]) => [k, ((v - (before[k] ?? 0)) * 1000) / result.done]),
    );
    const sorted = result.latencies.slice().sort((a, b) => a - b);
    return {
      cpu,
      case: c.name,
      path: path.label,
      perSecond: result.done / result.seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      result,
    };
  };

  // Direct and Hive rows with only the Hive gateway child running, then the peer's rows with only
  // the @apollo/gateway child running, then the blind proxy's: an idle gateway process costs
  // nothing, but one at a time keeps it so. Each child, once started, first carries
  // STACK_WARMUP requests of every case it serves (not measured), so that neither it nor the
  // subgraphs behind it are measured cold, whichever runs first. Rows are printed in the cases'
  // order.
  const byKey = new Map<string, Row>();
  for (const label of ['gateway', '@apollo/gateway', 'http proxy'] as const) {
    const wanted = selected.flatMap((c) =>
      c.paths.filter((p) => p.label === label || (label === 'gateway' && p.label === 'direct')).map((p) => ({ c, p })),
    );
    if (wanted.length === 0) continue;
    const needsGateway = wanted.some(({ p }) => p.label === label);
    const started = needsGateway ? await gatewayChildren[label]() : undefined;
    if (started) closers.unshift(() => started.child.stop());
    try {
      for (const { p } of wanted)
        if (started && p.label === label) p.url = p.subgraph ? `${started.ready.url}/${p.subgraph}` : started.ready.url;
      for (const { c, p } of wanted) {
        const warm = await load(c, p, STACK_WARMUP, 0);
        if (warm.warmup.errors > 0)
          throw new Error(`warming ${c.name} via ${p.label}: ${warm.warmup.errorSamples[0]?.[0]}`);
      }
      for (const { c, p } of wanted)
        byKey.set(
          `${c.name}\u0000${p.label}`,
          await run(c, p, p.label === label ? started?.child.process.pid : undefined),
        );
    } finally {
      await started?.child.stop();
    }
  }
  const rows: Row[] = selected.flatMap((c) =>
    c.paths.map((p) => byKey.get(`${c.name}\u0000${p.label}`)).filter((r): r is Row => r !== undefined),
  );

  const total = (cpu: Record<string, number>) => Object.values(cpu).reduce((sum, ms) => sum + ms, 0);
  const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  console.log(
    `\nbench:gateway — ${REQUESTS} requests per row after ${WARMUP} warm-up (and ${STACK_WARMUP} per case when ` +
      `each child starts), concurrency ${CONCURRENCY}, ` +
      `one distinct token per request (${USERS} users), node ${process.version}`,
  );
  console.log(
    `${'case'.padEnd(27)} ${'path'.padEnd(16)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`,
  );
  for (const r of rows) {
    const errors = r.result.errors + r.result.warmup.errors;
    const incomplete = r.result.timedOut || r.result.warmup.timedOut ? ` (timed out after ${r.result.done})` : '';
    console.log(
      `${r.case.padEnd(27)} ${r.path.padEnd(16)} ${fmt(r.perSecond, 0).padStart(8)} ${fmt(r.p50, 2).padStart(8)} ${fmt(r.p99, 2).padStart(8)} ${String(errors).padStart(7)}${incomplete}`,
    );
  }

  const cpuColumns = [
    'load generator',
    'gateway',
    '@apollo/gateway',
    'http proxy',
    'subgraphs',
    'postgresql',
    'redis',
  ].filter((k) => rows.some((r) => r.cpu[k] !== undefined));
  if (cpuColumns.length > 1) {
    console.log('\nCPU ms per request, by process (2 cores: 2,000 ms of CPU per second in all)');
    console.log(
      `${'case'.padEnd(27)} ${'path'.padEnd(16)} ${[...cpuColumns, 'total'].map((k) => k.padStart(15)).join(' ')}`,
    );
    for (const r of rows) {
      const cells = cpuColumns.map((k) => fmt(r.cpu[k] ?? Number.NaN, 2).padStart(15));
      console.log(`${r.case.padEnd(27)} ${r.path.padEnd(16)} ${cells.join(' ')} ${fmt(total(r.cpu), 2).padStart(15)}`);
    }
  }

  console.log('\nratios (requests/s)');
  for (const c of selected) {
    const of = (label: Path['label']) => rows.find((r) => r.case === c.name && r.path === label);
    const g = of('gateway');
    const d = of('direct');
    const a = of('@apollo/gateway');
    const floor = of('http proxy')?.cpu['http proxy'];
    const parts: string[] = [];
    if (g && d) {
      const x = d.perSecond / g.perSecond;
      parts.push(`direct/gateway ${fmt(x, 2)}x (goal ≤ 1.3: ${x <= 1.3 ? 'met' : 'not met'})`);
    }
    if (g && a) {
      const x = g.perSecond / a.perSecond;
      parts.push(`gateway/@apollo/gateway ${fmt(x, 2)}x (goal ≥ 1.5: ${x >= 1.5 ? 'met' : 'not met'})`);
    }
    console.log(`${c.name.padEnd(27)} ${parts.join('   ')}`);
    // Requests/s on a CPU-bound machine is about 2,000 / (CPU ms per request, all processes):
    // what the gateway process may spend per request for each goal, the rest of its path as measured.
    const own = g?.cpu.gateway;
    if (g && own !== undefined && Object.keys(g.cpu).length > 2) {
      const rest = total(g.cpu) - own;
      const budgets: string[] = [];
      const budget = (ms: number, goal: string) =>
        ms > 0 ? `≤ ${fmt(ms, 2)} ms for the ${goal} goal` : `the ${goal} goal is out of reach even at 0 ms`;
      if (d) budgets.push(budget(1.3 * total(d.cpu) - rest, 'direct'));
      if (a?.cpu['@apollo/gateway'] !== undefined) {
        budgets.push(budget(total(a.cpu) / 1.5 - rest, 'peer'));
        const ceiling = total(a.cpu) / (total(a.cpu) - a.cpu['@apollo/gateway']);
        budgets.push(`a gateway using no CPU would reach ${fmt(ceiling, 2)}x the peer`);
      }
      if (floor !== undefined) budgets.push(`a blind HTTP proxy (no GraphQL) spends ${fmt(floor, 2)} ms`);
      if (budgets.length > 0)
        console.log(`${''.padEnd(27)} gateway CPU ${fmt(own, 2)} ms/request: ${budgets.join('; ')}`);
    }
  }

  for (const r of rows) {
    const errors = r.result.errors + r.result.warmup.errors;
    if (errors === 0 && !r.result.timedOut && !r.result.warmup.timedOut) continue;
    failures += errors || 1;
    console.log(`\n${r.case} via ${r.path}: ${errors} failed requests${r.result.timedOut ? ', timed out' : ''}`);
    for (const [message, count] of [...r.result.warmup.errorSamples, ...r.result.errorSamples]) {
      console.log(`  ${count}× ${message}`);
    }
  }
  const [one, five] = loadavg();
  console.log(
    `\nmachine: ${availableParallelism()} cores, load average ${fmt(one ?? Number.NaN, 2)} (1 min) ${fmt(five ?? Number.NaN, 2)} (5 min); ` +
      'subgraphs in one child process, each gateway in its own (one at a time), the load generator in a worker thread of the parent',
  );
} finally {
  for (const close of closers) await close().catch((error: unknown) => console.error('close failed:', error));
  await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
  await admin.end();
}

if (failures > 0) {
  console.error(`\n${failures} requests failed: these figures are not valid`);
  process.exitCode = 1;
}
// Pools and sockets of the libraries under test may keep the loop alive; everything is closed.
process.exit();
