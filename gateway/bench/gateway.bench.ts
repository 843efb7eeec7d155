/**
 * `npm run bench:gateway`: requests/s, p50 and p99 of the Monitoring list query and of a start
 * mutation through the gateway (Hive Gateway runtime + router runtime), directly at the owning
 * subgraph, and through `@apollo/gateway` (the peer) on the same subgraphs. Not a test: it
 * prints figures (issue 5; goals: gateway within 1.3x of direct, at least 1.5x the peer).
 *
 * Real components: a fresh PostgreSQL database (migrated, dropped at the end), a private BullMQ
 * prefix on the configured Redis, every subgraph of scripts/subgraphs.ts started in this process
 * on an ephemeral port (as tests/e2e/harness.ts does, without the worker: nothing here needs a
 * run to progress), the Graph simulator they are configured with, and both gateways.
 *
 * Every request carries its own bearer token (a distinct `jti`, and one of USERS users in turn):
 * Hive collapses identical in-flight subgraph requests, and identical tokens would flatter it.
 * Every response is checked (no `errors`, the expected page size or start outcome); failures are
 * counted and printed, and make the exit code 1.
 *
 * The load generator runs in a worker thread (global fetch, keep-alive), so its own CPU is not
 * charged to the servers' event loop; gateways and subgraphs share the main thread.
 *
 * DATABASE_URL names the PostgreSQL server, REDIS_URL the Redis; BENCH_REQUESTS (2000) and
 * BENCH_WARMUP (200) the requests per case.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createDb, createSecretBox, runMigrations } from '@msp/db';
import { createOperationsQueue, redisConnection } from '@msp/gate';
import { createGateway, type Gateway, readSupergraph, withSubgraphUrls } from '@msp/gateway';
import { type GraphSimulator, startGraphSimulator } from '@msp/microsoft-graph';
import type { SubgraphServer } from '@msp/subgraph-kit';
import { Redis } from 'ioredis';
import { SignJWT } from 'jose';
import pino from 'pino';
import postgres from 'postgres';
import { SUBGRAPHS } from '../../scripts/subgraphs';

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://localhost:6379';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
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
  const m = await phase(warmup, total, deadline);
  parentPort.postMessage({ ...m, warmup: { errors: w.errors, errorSamples: w.errorSamples, timedOut: w.timedOut } });
})().catch((e) => parentPort.postMessage({ fatal: String((e && e.stack) || e) }));
`;

function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const worker = new Worker(LOAD_WORKER, { eval: true, workerData: spec });
  return new Promise<LoadResult>((resolve, reject) => {
    const guard = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`load generator did not finish within ${spec.deadlineMs + 30_000} ms`));
    }, spec.deadlineMs + 30_000);
    worker.once('message', (result: LoadResult) => {
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

const pascal = (name: string) =>
  name
    .split('-')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

type StartSubgraph = (options: Record<string, unknown>) => Promise<SubgraphServer>;

/** `start<Name>Subgraph` from services/<name>/src/index.ts (as tests/e2e/harness.ts finds it). */
async function subgraphFactory(name: string, schemaModule: string): Promise<StartSubgraph> {
  const mod = (await import(schemaModule.replace(/schema\/index\.ts$/, 'index.ts'))) as Record<string, unknown>;
  const factory = mod[`start${pascal(name)}Subgraph`];
  if (typeof factory !== 'function')
    throw new Error(`services/${name}/src/index.ts has no start${pascal(name)}Subgraph`);
  return factory as StartSubgraph;
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

interface Path {
  label: 'gateway' | 'direct' | '@apollo/gateway';
  url: string;
}

interface Row {
  case: string;
  path: Path['label'];
  perSecond: number;
  p50: number;
  p99: number;
  result: LoadResult;
}

const name = `msp_bench_${Date.now()}`;
const admin = postgres(dbUrl('postgres'), { max: 1, onnotice: () => {} });
const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });
const prefix = `bench-gateway-${randomBytes(5).toString('hex')}`;
const closers: Array<() => Promise<unknown>> = [];
let failures = 0;

try {
  await admin.unsafe(`create database "${name}"`);
  await runMigrations(dbUrl(name));
  const handle = createDb({ url: dbUrl(name), max: 24, applicationName: 'bench-gateway' });
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

  // The stack, on ephemeral ports (tests/e2e/harness.ts without the worker).
  const connection = redisConnection(redisUrl);
  const queue = createOperationsQueue({ connection, prefix });
  closers.unshift(async () => {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
  });
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: null });
  closers.unshift(() => publisher.quit().catch(() => publisher.disconnect()));
  const simulator: GraphSimulator = await startGraphSimulator({ port: 0, host: '127.0.0.1', logger });
  closers.unshift(() => simulator.close());
  const subgraphs: Record<string, SubgraphServer> = {};
  for (const s of SUBGRAPHS) {
    const start = await subgraphFactory(s.name, s.schemaModule);
    const server = await start({
      db: handle,
      queue,
      publisher,
      redisUrl,
      graph: { endpoints: { loginBaseUrl: simulator.url, graphBaseUrl: simulator.url }, maxRetries: 0 },
      secretEncryptionKey: SECRET_ENCRYPTION_KEY,
      secretBox: createSecretBox(SECRET_ENCRYPTION_KEY),
      auth,
      links,
      logger: logger.child({ service: s.name }),
      port: 0,
      host: '127.0.0.1',
    });
    subgraphs[s.name] = server;
    closers.unshift(() => server.close());
  }
  const subgraphUrls = Object.fromEntries(Object.entries(subgraphs).map(([n, s]) => [n, s.url]));

  const gateway: Gateway = await createGateway({
    supergraphSdl: readSupergraph(),
    port: 0,
    host: '127.0.0.1',
    logger: logger.child({ service: 'gateway' }),
    subgraphUrls,
  });
  closers.unshift(() => gateway.close());

  // The peer: @apollo/gateway on the same supergraph and subgraphs, forwarding the token.
  interface PeerContext {
    authorization?: string;
  }
  const peer = new ApolloServer<PeerContext>({
    gateway: new ApolloGateway({
      supergraphSdl: withSubgraphUrls(readSupergraph(), subgraphUrls),
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<PeerContext>({
          url,
          willSendRequest({ request, context }) {
            if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          },
        }),
    }),
  });
  const { url: peerRoot } = await startStandaloneServer(peer, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  closers.unshift(() => peer.stop());
  const peerUrl = `http://127.0.0.1:${new URL(peerRoot).port}/`;

  const hive: Path = { label: 'gateway', url: gateway.url.replace('localhost', '127.0.0.1') };
  const apollo: Path = { label: '@apollo/gateway', url: peerUrl };
  const direct = (subgraph: string): Path => ({ label: 'direct', url: subgraphs[subgraph]!.url });

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
      paths: [direct('operations'), hive, apollo],
    },
    {
      name: 'startPolicyBackup DEDUPED',
      query: START,
      variables: dedupeVars,
      check: { kind: 'start', outcome: 'DEDUPED' },
      paths: [direct('tenant'), hive, apollo],
    },
    {
      name: 'startPolicyBackup BLOCKED',
      query: START,
      variables: blockedVars,
      check: { kind: 'start', outcome: 'BLOCKED' },
      paths: [direct('tenant'), hive, apollo],
    },
  ];

  const rows: Row[] = [];
  for (const c of cases) {
    for (const path of c.paths) {
      const tokens = await tokensFor(subjects, WARMUP + REQUESTS);
      const result = await runLoad({
        url: path.url,
        query: c.query,
        variables: c.variables,
        tokens,
        warmup: WARMUP,
        total: REQUESTS,
        concurrency: CONCURRENCY,
        check: c.check,
        deadlineMs: CASE_TIMEOUT_MS,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
      });
      const sorted = result.latencies.slice().sort((a, b) => a - b);
      rows.push({
        case: c.name,
        path: path.label,
        perSecond: result.done / result.seconds,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        result,
      });
    }
  }

  const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  console.log(
    `\nbench:gateway — ${REQUESTS} requests per row after ${WARMUP} warm-up, concurrency ${CONCURRENCY}, ` +
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

  console.log('\nratios (requests/s)');
  for (const c of cases) {
    const of = (label: Path['label']) => rows.find((r) => r.case === c.name && r.path === label);
    const g = of('gateway');
    const d = of('direct');
    const a = of('@apollo/gateway');
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
      'gateways and subgraphs share one event loop, the load generator runs in a worker thread',
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
