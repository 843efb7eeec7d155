/**
 * `npm run bench:subscriptions`: for 1, 100 and 1,000 concurrent graphql-ws subscribers on one
 * tenant, the time from a run's terminal commit to each subscriber's receipt (p50, p99, max), and
 * the server's memory per subscriber (after GC, in the server's own process).
 *
 * Real components: a fresh PostgreSQL database (migrated, dropped afterwards), Redis pub/sub, the
 * operations subgraph as a child process, one WebSocket connection and one distinct user/token
 * per subscriber (as the gateway opens one upstream socket per token). Each run goes QUEUED →
 * RUNNING → COMPLETED through real row updates, each published with `publishRunEvent`.
 *
 * Workspace-stream case (`operationRunUpdated(workspaceId)`), through the gateway: 1,000
 * subscribers (distinct users and tokens, each a member of every tenant) of one workspace of 100
 * tenants, runs on every tenant in turn; terminal commit → receipt p50/p99 and memory per
 * subscriber across the gateway and subgraph processes (each its own child, heap after GC).
 *
 * Clock: commit and receipt times are `performance.timeOrigin + performance.now()` (epoch ms with
 * sub-millisecond resolution), comparable across the processes of one machine.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { signDevelopmentToken } from '@msp/auth';
import { createDb, ensureDatabase, runMigrations, schema } from '@msp/db';
import { publishRunEvent, runWorkspaceEventChannel } from '@msp/gate';
import { FAN_OUT_NODE_FLAGS } from '@msp/process';
import { eq } from 'drizzle-orm';
import { type Client, createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import WebSocket from 'ws';

const SIZES = (process.env.BENCH_SIZES ?? '1,100,1000').split(',').map(Number);
/** The workspace-stream case: subscribers, and tenants of their workspace. */
const WS_SUBSCRIBERS = Number(process.env.BENCH_WS_SUBSCRIBERS ?? 1000);
const WS_TENANTS = 100;
/** Terminal events measured per size, after WARMUP unmeasured runs (JIT, first-use paths). */
const RUNS = 20;
const WARMUP = 3;
const secret = 'bench-secret-0123456789abcdef';
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://localhost:6379';
const now = () => performance.timeOrigin + performance.now();

const SUBSCRIPTION = /* GraphQL */ `
  subscription Watch($tenantId: ID!) {
    operationRunUpdated(tenantId: $tenantId) {
      previousStatus
      run { id status outcome message { headline nextStep action actionUrl } progress { total processed } url completedAt }
    }
  }
`;

function dbUrl(name: string) {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

class ServerChild {
  private next = 1;
  private pending = new Map<number, (value: unknown) => void>();
  url!: string;
  constructor(readonly child: ChildProcess) {}

  static async start(
    databaseUrl: string,
    file = './server-child.ts',
    env: Record<string, string> = {},
  ): Promise<ServerChild> {
    const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
      execArgv: [
        '--import',
        'tsx',
        '--expose-gc',
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
        // As `npm start` runs the gateway and the operations subgraph.
        ...FAN_OUT_NODE_FLAGS,
      ],
      env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, AUTH_JWT_SECRET: secret, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const server = new ServerChild(child);
    const ready = new Promise<{ url: string }>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      server.pending.set(0, (v) => resolve(v as { url: string }));
    });
    child.on('message', (m: { id: number; value: unknown }) => {
      server.pending.get(m.id)?.(m.value);
      server.pending.delete(m.id);
    });
    server.url = (await ready).url;
    return server;
  }

  ask<T>(message: { type: string; [k: string]: unknown }): Promise<T> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (v: unknown) => void);
      this.child.send({ ...message, id });
    });
  }
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  const name = `msp_bench_${randomBytes(5).toString('hex')}`;
  const url = dbUrl(name);
  await ensureDatabase(url);
  await runMigrations(url);
  const db = createDb({ url, max: 4, applicationName: 'msp-bench' });
  const publisher = new Redis(redisUrl);
  let server: ServerChild | null = null;
  try {
    // One tenant, one owner, and one member per subscriber (distinct users, distinct tokens).
    const maxN = Math.max(...SIZES, WS_SUBSCRIBERS);
    const users = await db.db
      .insert(schema.users)
      .values(Array.from({ length: maxN + 1 }, (_, i) => ({ subject: `bench-${name}-${i}` })))
      .returning();
    const owner = users[0]!;
    const [ws] = await db.db.insert(schema.workspaces).values({ name: 'Bench MSP', createdBy: owner.id }).returning();
    const [tenant] = await db.db
      .insert(schema.tenants)
      .values({ workspaceId: ws!.id, name: 'Bench tenant', entraTenantId: randomUUID() })
      .returning();
    await db.db
      .insert(schema.tenantMembers)
      .values(
        users.map((u, i) => ({ tenantId: tenant!.id, userId: u.id, role: i === 0 ? 'OWNER' : 'READONLY' })) as never,
      );
    const [connection] = await db.db
      .insert(schema.providerConnections)
      .values({
        tenantId: tenant!.id,
        displayName: 'Bench Graph app',
        entraTenantId: randomUUID(),
        clientId: randomUUID(),
        isDefault: true,
        consentStatus: 'GRANTED',
      })
      .returning();
    const tokens = await Promise.all(users.slice(1).map((u) => signDevelopmentToken(secret, u.subject)));

    server = await ServerChild.start(url);
    const s = server;
    const listeners = () => s.ask<number>({ type: 'listeners', tenantId: tenant!.id });
    const memory = () =>
      s.ask<{ heapUsed: number; external: number; arrayBuffers: number; rss: number }>({ type: 'memory' });

    const rows: string[] = [];
    for (const n of SIZES) {
      const before = await memory();
      const clients: Client[] = [];
      const received = new Map<string, number[]>(); // runId → receipt times of its COMPLETED event
      const seenRunning = new Map<string, number>(); // runId → subscribers that got RUNNING
      const disposers: Array<() => void> = [];
      for (let i = 0; i < n; i += 100) {
        const batch = tokens.slice(i, Math.min(n, i + 100));
        for (const token of batch) {
          const client = createClient({
            url: s.url.replace(/^http/, 'ws'),
            webSocketImpl: WebSocket,
            connectionParams: { Authorization: `Bearer ${token}` },
            retryAttempts: 0,
            lazy: true,
          });
          clients.push(client);
          disposers.push(
            client.subscribe<{ operationRunUpdated: { run: { id: string; status: string } } }>(
              { query: SUBSCRIPTION, variables: { tenantId: tenant!.id } },
              {
                next: (result) => {
                  const at = now();
                  const run = result.data?.operationRunUpdated.run;
                  if (run?.status === 'RUNNING') seenRunning.set(run.id, (seenRunning.get(run.id) ?? 0) + 1);
                  if (run?.status !== 'COMPLETED') return;
                  const times = received.get(run.id) ?? [];
                  if (times.length === 0) received.set(run.id, times);
                  times.push(at);
                },
                error: (error) => {
                  throw new Error(`subscription failed: ${JSON.stringify(error)}`);
                },
                complete: () => {},
              },
            ),
          );
        }
        await waitFor(async () => (await listeners()) >= Math.min(n, i + 100), `${Math.min(n, i + 100)} subscribers`);
      }
      const after = await memory();

      const latencies: number[] = [];
      const r = schema.operationRuns;
      for (let k = 0; k < WARMUP + RUNS; k++) {
        const [queued] = await db.db
          .insert(r)
          .values({
            tenantId: tenant!.id,
            operationType: 'DIRECTORY_GROUPS_SYNC',
            target: `tenant:${tenant!.id}`,
            initiatedFrom: 'TENANT',
            initiatedBy: owner.id,
            providerConnectionId: connection!.id,
            providerConnectionSnapshot: {
              id: connection!.id,
              displayName: connection!.displayName,
              entraTenantId: connection!.entraTenantId,
              clientId: connection!.clientId,
            },
            status: 'QUEUED',
            outcome: 'PENDING',
            dispatchedAt: new Date(),
          })
          .returning();
        await publishRunEvent(publisher, queued!, { status: null, outcome: null });
        const [running] = await db.db
          .update(r)
          .set({ status: 'RUNNING', startedAt: new Date(), progressTotal: 100 })
          .where(eq(r.id, queued!.id))
          .returning();
        await publishRunEvent(publisher, running!, { status: 'QUEUED', outcome: 'PENDING' });
        // A run takes a while between RUNNING and its end; let the earlier events reach every
        // subscriber first, so the figure is the terminal event's own fan-out, not a backlog.
        await waitFor(async () => (seenRunning.get(queued!.id) ?? 0) >= n, `run ${k} RUNNING delivered to ${n}`);
        const [completed] = await db.db
          .update(r)
          .set({
            status: 'COMPLETED',
            outcome: 'SUCCEEDED',
            completedAt: new Date(),
            progressProcessed: 100,
            progressSucceeded: 100,
          })
          .where(eq(r.id, queued!.id))
          .returning();
        const committedAt = now();
        await publishRunEvent(publisher, completed!, { status: 'RUNNING', outcome: 'PENDING' });
        await waitFor(async () => (received.get(queued!.id)?.length ?? 0) >= n, `run ${k} delivered to ${n}`);
        if (k >= WARMUP) latencies.push(...received.get(queued!.id)!.map((t) => t - committedAt));
      }

      for (const dispose of disposers) dispose();
      await Promise.all(clients.map((c) => c.dispose()));
      await waitFor(async () => (await listeners()) === 0, 'subscribers gone');

      latencies.sort((a, b) => a - b);
      const perSub = (key: 'heapUsed' | 'rss') => (after[key] - before[key]) / n / 1024;
      const heapAndBuffers = (after.heapUsed + after.external - (before.heapUsed + before.external)) / n / 1024;
      rows.push(
        [
          String(n).padStart(6),
          percentile(latencies, 50).toFixed(1).padStart(8),
          percentile(latencies, 99).toFixed(1).padStart(8),
          latencies.at(-1)!.toFixed(1).padStart(8),
          String(latencies.length).padStart(8),
          perSub('heapUsed').toFixed(1).padStart(10),
          heapAndBuffers.toFixed(1).padStart(14),
          perSub('rss').toFixed(1).padStart(9),
        ].join(' '),
      );
    }

    const wsRow = await workspaceStream({
      db,
      publisher,
      server: s,
      name,
      users: users.slice(1, WS_SUBSCRIBERS + 1),
      owner,
      tokens,
    });

    console.log(`\noperationRunUpdated: terminal commit → subscriber receipt, ${RUNS} runs per size, one tenant`);
    console.log(
      `${'subs'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'samples'.padStart(8)} ${'heap KB/sub'.padStart(10)} ${'heap+ext KB/sub'.padStart(14)} ${'rss KB/sub'.padStart(9)}`,
    );
    for (const row of rows) console.log(row);
    console.log('goal at 1,000: p99 ≤ 100 ms, ≤ 30 KB per subscriber (server heap after GC)');
    console.log(
      `\noperationRunUpdated(workspaceId) through the gateway: ${WS_SUBSCRIBERS} subscribers of one workspace of ${WS_TENANTS} tenants (each a member of every tenant), runs on every tenant in turn, ${RUNS} runs`,
    );
    console.log(
      `${'subs'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'samples'.padStart(8)} ${'gw heap KB/sub'.padStart(14)} ${'sg heap KB/sub'.padStart(14)} ${'sum KB/sub'.padStart(10)} ${'gw+sg rss KB/sub'.padStart(16)}`,
    );
    console.log(wsRow);
    console.log('goal: p99 ≤ 100 ms (heap after GC, heap+external counted; rss for reference)');
    // Latency is CPU-bound (1,000 socket writes per event): say how busy the machine was.
    const [one, five] = loadavg();
    console.log(
      `machine: ${availableParallelism()} cores, load average ${one?.toFixed(2)} (1 min) ${five?.toFixed(2)} (5 min)`,
    );
  } finally {
    if (server) await server.ask({ type: 'stop' }).catch(() => {});
    await publisher.quit();
    await db.close();
    const admin = postgres(dbUrl('postgres'), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

interface WorkspaceCase {
  db: ReturnType<typeof createDb>;
  publisher: Redis;
  server: ServerChild;
  name: string;
  users: Array<{ id: string }>;
  owner: { id: string };
  tokens: string[];
}

/** The workspace-stream case through the gateway; answers its table row. */
async function workspaceStream({ db, publisher, server, name, users, owner, tokens }: WorkspaceCase): Promise<string> {
  const sql = db.sql;
  const [ws] = await sql<{ id: string }[]>`
    insert into workspaces (name, created_by) values (${`Bench fleet ${name}`}, ${owner.id}) returning id`;
  const tenants = await sql<{ id: string }[]>`
    insert into tenants (workspace_id, name, entra_tenant_id)
    select ${ws!.id}, 'Fleet tenant ' || g, gen_random_uuid() from generate_series(1, ${WS_TENANTS}::int) g
    returning id`;
  // Every subscriber a member of every tenant: 100,000 memberships, one statement.
  await sql`
    insert into tenant_members (tenant_id, user_id, role)
    select t.id, u.id, 'READONLY' from unnest(${sql.array(tenants.map((t) => t.id))}::uuid[]) t(id)
    cross join unnest(${sql.array(users.map((u) => u.id))}::uuid[]) u(id)`;
  const gateway = await ServerChild.start('', './gateway-child.ts', { SUBGRAPH_URL: server.url });
  const channel = runWorkspaceEventChannel(ws!.id);
  const listeners = () => server.ask<number>({ type: 'listeners', channel });
  type Memory = { heapUsed: number; external: number; rss: number };
  const memory = async () => ({
    gateway: await gateway.ask<Memory>({ type: 'memory' }),
    subgraph: await server.ask<Memory>({ type: 'memory' }),
  });
  const query = /* GraphQL */ `
    subscription Fleet($w: ID!) {
      operationRunUpdated(workspaceId: $w) {
        previousStatus
        run { id status outcome message { headline nextStep action actionUrl } progress { total processed } url completedAt }
      }
    }
  `;
  try {
    const before = await memory();
    const clients: Client[] = [];
    const disposers: Array<() => void> = [];
    const received = new Map<string, number[]>();
    const seenRunning = new Map<string, number>();
    const n = users.length;
    let failure: string | undefined;
    const started = performance.now();
    for (let i = 0; i < n; i += 100) {
      for (const token of tokens.slice(i, Math.min(n, i + 100))) {
        const client = createClient({
          url: gateway.url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          connectionParams: { Authorization: `Bearer ${token}` },
          retryAttempts: 0,
          lazy: true,
        });
        clients.push(client);
        disposers.push(
          client.subscribe<{ operationRunUpdated: { run: { id: string; status: string } } }>(
            { query, variables: { w: ws!.id } },
            {
              next: (result) => {
                const at = now();
                const run = result.data?.operationRunUpdated.run;
                if (run?.status === 'RUNNING') seenRunning.set(run.id, (seenRunning.get(run.id) ?? 0) + 1);
                if (run?.status !== 'COMPLETED') return;
                const times = received.get(run.id) ?? [];
                if (times.length === 0) received.set(run.id, times);
                times.push(at);
              },
              error: (error) => {
                // Recorded, not thrown here: the wait below reports it (a throw from this callback
                // would escape as an uncaught error, and a timeout's close would mask its cause).
                const e = error as { message?: string; code?: number; reason?: string; type?: string };
                failure ??=
                  `${e.type ?? ''} ${e.code ?? ''} ${e.reason ?? ''} ${e.message ?? JSON.stringify(error)}`.trim();
              },
              complete: () => {},
            },
          ),
        );
      }
      await waitFor(
        async () => {
          if (failure) throw new Error(`a workspace subscription failed: ${failure}`);
          return (await listeners()) >= Math.min(n, i + 100);
        },
        `${Math.min(n, i + 100)} workspace subscribers`,
      );
      console.error(
        `workspace stream: ${Math.min(n, i + 100)} subscribers listening after ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    const after = await memory();

    const r = schema.operationRuns;
    const latencies: number[] = [];
    for (let k = 0; k < WARMUP + RUNS; k++) {
      const tenantId = tenants[(k * 37) % tenants.length]!.id;
      const [queued] = await db.db
        .insert(r)
        .values({
          tenantId,
          operationType: 'DIRECTORY_GROUPS_SYNC',
          target: `tenant:${tenantId}`,
          initiatedFrom: 'MONITORING',
          initiatedBy: owner.id,
          status: 'QUEUED',
          outcome: 'PENDING',
          dispatchedAt: new Date(),
        })
        .returning();
      await publishRunEvent(publisher, queued!, { status: null, outcome: null });
      const [running] = await db.db
        .update(r)
        .set({ status: 'RUNNING', startedAt: new Date(), progressTotal: 100 })
        .where(eq(r.id, queued!.id))
        .returning();
      await publishRunEvent(publisher, running!, { status: 'QUEUED', outcome: 'PENDING' });
      await waitFor(
        async () => (seenRunning.get(queued!.id) ?? 0) >= n,
        `workspace run ${k} RUNNING delivered to ${n}`,
      );
      const [completed] = await db.db
        .update(r)
        .set({
          status: 'COMPLETED',
          outcome: 'SUCCEEDED',
          completedAt: new Date(),
          progressProcessed: 100,
          progressSucceeded: 100,
        })
        .where(eq(r.id, queued!.id))
        .returning();
      const committedAt = now();
      await publishRunEvent(publisher, completed!, { status: 'RUNNING', outcome: 'PENDING' });
      await waitFor(async () => (received.get(queued!.id)?.length ?? 0) >= n, `workspace run ${k} delivered to ${n}`);
      if (k >= WARMUP) latencies.push(...received.get(queued!.id)!.map((t) => t - committedAt));
    }
    for (const dispose of disposers) dispose();
    await Promise.all(clients.map((c) => c.dispose()));
    await waitFor(async () => (await listeners()) === 0, 'workspace subscribers gone');

    latencies.sort((a, b) => a - b);
    const kb = (x: Memory, y: Memory) => (y.heapUsed + y.external - (x.heapUsed + x.external)) / n / 1024;
    const gw = kb(before.gateway, after.gateway);
    const sg = kb(before.subgraph, after.subgraph);
    const rss = (after.gateway.rss + after.subgraph.rss - before.gateway.rss - before.subgraph.rss) / n / 1024;
    return [
      String(n).padStart(6),
      percentile(latencies, 50).toFixed(1).padStart(8),
      percentile(latencies, 99).toFixed(1).padStart(8),
      latencies.at(-1)!.toFixed(1).padStart(8),
      String(latencies.length).padStart(8),
      gw.toFixed(1).padStart(14),
      sg.toFixed(1).padStart(14),
      (gw + sg).toFixed(1).padStart(10),
      rss.toFixed(1).padStart(16),
    ].join(' ');
  } finally {
    await gateway.ask({ type: 'stop' }).catch(() => {});
  }
}

await main();
