// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL answers and bench variables are untyped JSON
/**
 * `npm run bench:monitoring`: fleet Monitoring at a million runs. 1,000,000 runs over the 500
 * tenants of one workspace (plus 200,000 in two other workspaces, noise the lists must skip),
 * generated with set-based SQL (generate_series) in a fresh database that is dropped afterwards.
 *
 * At the operations subgraph (HTTP, one request at a time, a caller who is a member of every
 * tenant of the workspace): the first page of 50 workspace-wide, the same with each single
 * filter, a page deep in the history by cursor (both directions), `totalCount` alone, and the
 * first page of a caller who is a member of 20 of the 500 tenants (read tenant by tenant).
 * p50/p99 per shape, and the EXPLAIN (ANALYZE) of each shape's SQL, custom (planned for its
 * values) and generic (planned without them, which PostgreSQL keeps for a prepared statement once
 * it is estimated no worse), both of which must read operation_runs through an index (a
 * sequential scan of it fails the run). Goal: p50 ≤ 5 ms, p99 ≤ 20 ms per shape.
 */
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { signDevelopmentToken } from '@msp/auth';
import { createDb, ensureDatabase, runMigrations } from '@msp/db';
import { createOperationsQueue, redisConnection } from '@msp/gate';
import { drizzle } from 'drizzle-orm/postgres-js';
import { Redis } from 'ioredis';
import pino from 'pino';
import postgres from 'postgres';
import { startOperationsSubgraph } from '../src/app';
import { listRuns } from '../src/service/runs';

const RUNS = Number(process.env.BENCH_RUNS ?? 1_000_000);
const NOISE = Math.round(RUNS / 5);
const TENANTS = 500;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARMUP = 20;
const secret = 'bench-secret-0123456789abcdef';
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://localhost:6379';

const LIST = /* GraphQL */ `
  query Runs($workspaceId: ID, $tenantIds: [ID!], $filter: OperationRunFilter, $first: Int, $after: String, $last: Int, $before: String) {
    operationRuns(workspaceId: $workspaceId, tenantIds: $tenantIds, filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { id status outcome operationType createdAt tenant { id } providerConnection { id displayName } reason { code problemClass } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;
const COUNT = /* GraphQL */ `
  query Count($workspaceId: ID, $filter: OperationRunFilter) {
    operationRuns(workspaceId: $workspaceId, filter: $filter, first: 1) { totalCount totalCountIsLowerBound }
  }
`;

function dbUrl(name: string) {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The seed, set-based: every row of a table in one INSERT … SELECT over generate_series. */
async function seed(sql: postgres.Sql) {
  await sql`insert into users (subject) select 'bench-user-' || g from generate_series(0, 5) g`;
  const users = (await sql<{ id: string }[]>`select id from users order by subject`).map((u) => u.id);
  const owner = users[0]!;
  await sql`insert into workspaces (name, created_by) select 'Bench MSP ' || g, ${owner} from generate_series(0, 2) g`;
  const ws = (await sql<{ id: string }[]>`select id from workspaces order by name`).map((w) => w.id);
  // 500 tenants in the first workspace, 100 in each of the others.
  await sql`
    insert into tenants (workspace_id, name, entra_tenant_id, status)
    select case when g < ${TENANTS}::int then ${ws[0]!}::uuid when g < ${TENANTS + 100}::int then ${ws[1]!}::uuid else ${ws[2]!}::uuid end,
           'Tenant ' || lpad(g::text, 4, '0'), gen_random_uuid(), 'ACTIVE'
    from generate_series(0, ${TENANTS + 199}::int) g`;
  await sql`insert into workspace_members (workspace_id, user_id, role) select id, ${owner}, 'OWNER' from workspaces`;
  await sql`insert into tenant_members (tenant_id, user_id, role) select id, ${owner}, 'OWNER' from tenants`;
  // A caller who is a member of 20 of the 500 tenants (and not of the workspace).
  const partial = users[1]!;
  await sql`
    insert into tenant_members (tenant_id, user_id, role)
    select id, ${partial}, 'READONLY' from tenants where workspace_id = ${ws[0]!} order by name limit 20`;
  await sql`
    insert into provider_connections (tenant_id, display_name, entra_tenant_id, client_id, is_default, consent_status)
    select id, 'Graph app', entra_tenant_id, gen_random_uuid(), true, 'GRANTED' from tenants`;
  // Runs: tenant and connection by row number; one run every ~3 s over a month for the
  // workspace; 0.05 % active; outcomes 80 % SUCCEEDED, 10 % FAILED, 5 % BLOCKED, 3 % CANCELLED,
  // 2 % PARTIALLY_SUCCEEDED; reasons on the failed and blocked ones.
  const insertRuns = (workspace: string, count: number, offset: number, tenantCount: number) => sql`
    with t as (
      select row_number() over (order by t.name) - 1 as n, t.id as tenant_id, c.id as connection_id,
             c.display_name, c.entra_tenant_id, c.client_id
      from tenants t join provider_connections c on c.tenant_id = t.id where t.workspace_id = ${workspace}
    ), g as (
      select g, (g::bigint * 7919) % ${tenantCount}::int as n, (g::bigint * 2654435761) % 100 as p from generate_series(${offset}::int, ${offset + count - 1}::int) g
    )
    insert into operation_runs (tenant_id, workspace_id, operation_type, target, initiated_from, initiated_by,
      provider_connection_snapshot, status, outcome, reason_code, created_at, completed_at, dispatched_at)
    select t.tenant_id, ${workspace}::uuid,
      (array['PROVIDER_VERIFICATION','PROVIDER_CONNECTION_HEALTH_CHECK','DIRECTORY_GROUPS_SYNC','ROLE_DEFINITIONS_SYNC','POLICY_BACKUP','RESTORE_EXECUTION'])[1 + g % 6]::operation_type,
      'tenant:' || t.tenant_id,
      (array['TENANT','PROVIDER_CONNECTION','DIRECTORY','RBAC','RESTORE','ONBOARDING','MONITORING','SCHEDULE'])[1 + (g / 7) % 8]::start_surface,
      (array[${users[1]!}, ${users[2]!}, ${users[3]!}, ${users[4]!}, ${users[5]!}]::uuid[])[1 + (g / 3) % 5],
      jsonb_build_object('id', t.connection_id, 'displayName', t.display_name, 'entraTenantId', t.entra_tenant_id, 'clientId', t.client_id),
      case when g < ${offset + Math.floor(count / 2000)}::int then 'RUNNING'::run_status else 'COMPLETED'::run_status end,
      case when g < ${offset + Math.floor(count / 2000)}::int then 'PENDING'::run_outcome
           when p < 80 then 'SUCCEEDED' when p < 90 then 'FAILED' when p < 95 then 'BLOCKED'
           when p < 98 then 'CANCELLED' else 'PARTIALLY_SUCCEEDED' end::run_outcome,
      case when g < ${offset + Math.floor(count / 2000)}::int or p < 80 or p >= 95 and p < 98 then null
           else (array['PROVIDER_THROTTLED','PROVIDER_CREDENTIALS_INVALID','PROVIDER_CONSENT_MISSING','PROVIDER_PERMISSION_MISSING','INTERNAL_ERROR'])[1 + g % 5] end,
      now() - (g - ${offset}::int) * interval '2.6 seconds' - (g % 1000) * interval '1 microsecond',
      now() - (g - ${offset}::int) * interval '2.6 seconds' + interval '1 second',
      now() - (g - ${offset}::int) * interval '2.6 seconds'
    from g join t using (n)`;
  await insertRuns(ws[0]!, RUNS, 0, TENANTS);
  await insertRuns(ws[1]!, NOISE / 2, RUNS, 100);
  await insertRuns(ws[2]!, NOISE / 2, RUNS + NOISE / 2, 100);
  return { owner, partial, workspaceId: ws[0]!, users };
}

async function main() {
  const name = `msp_bench_monitoring_${randomBytes(4).toString('hex')}`;
  const url = dbUrl(name);
  await ensureDatabase(url);
  await runMigrations(url);
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const handle = createDb({ url, max: 4, applicationName: 'msp-bench-monitoring' });
  const queue = createOperationsQueue({ connection: redisConnection(redisUrl), prefix: `bench-mon-${name}` });
  const publisher = new Redis(redisUrl, { lazyConnect: true });
  let subgraph: Awaited<ReturnType<typeof startOperationsSubgraph>> | null = null;
  let agent: Agent | undefined;
  try {
    let t0 = performance.now();
    const world = await seed(admin);
    const seeded = (performance.now() - t0) / 1000;
    t0 = performance.now();
    await admin`vacuum analyze operation_runs`;
    // Write out the seed's 2 GB now, not while the first shapes are measured.
    await admin`checkpoint`;
    await admin`analyze`;
    const vacuumed = (performance.now() - t0) / 1000;
    const [{ n }] = (await admin`select count(*)::int as n from operation_runs`) as unknown as [{ n: number }];
    const [{ size }] =
      (await admin`select pg_size_pretty(pg_total_relation_size('operation_runs')) as size`) as unknown as [
        { size: string },
      ];
    console.log(
      `seeded ${n.toLocaleString('en')} runs in ${seeded.toFixed(1)} s (vacuum analyze ${vacuumed.toFixed(1)} s), operation_runs with indexes: ${size}`,
    );

    const [subjectRow] = await admin<{ subject: string }[]>`select subject from users where id = ${world.owner}`;
    const [partialRow] = await admin<{ subject: string }[]>`select subject from users where id = ${world.partial}`;
    const token = await signDevelopmentToken(secret, subjectRow!.subject);
    const partialToken = await signDevelopmentToken(secret, partialRow!.subject);
    subgraph = await startOperationsSubgraph({
      db: handle,
      redisUrl,
      queue,
      publisher,
      auth: { jwtSecret: secret },
      links: { publicAppUrl: 'http://localhost:3000' },
      logger: pino({ level: 'silent' }),
      port: 0,
      host: '127.0.0.1',
    });
    const endpoint = `${subgraph.url}`;
    // A plain keep-alive HTTP client: the bench's own request and JSON parse run on the same
    // event loop as the subgraph and are on the clock, so the leanest client Node has (fetch's
    // web streams cost about as much as a small GraphQL request does).
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const target = new URL(endpoint);
    const post = (bearer: string, query: string, variables: Record<string, unknown>) =>
      new Promise<any>((resolve, reject) => {
        const payload = JSON.stringify({ query, variables });
        const req = request(
          {
            agent,
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
              authorization: `Bearer ${bearer}`,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: any; errors?: unknown[] };
              if (body.errors) reject(new Error(JSON.stringify(body.errors)));
              else resolve(body.data);
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      });

    const connection = (
      await admin<
        { id: string }[]
      >`select c.id from provider_connections c join tenants t on t.id = c.tenant_id where t.workspace_id = ${world.workspaceId} order by t.name offset 250 limit 1`
    )[0]!.id;
    const [deep] = await admin<{ k: string; id: string }[]>`
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as k, id from operation_runs
      where workspace_id = ${world.workspaceId} order by created_at desc, id desc offset ${Math.floor(RUNS * 0.7)} limit 1`;
    const deepCursor = Buffer.from(JSON.stringify([deep!.k, deep!.id])).toString('base64url');
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const ws = world.workspaceId;

    type Shape = { name: string; bearer: string; query: string; variables: Record<string, unknown>; actor: string };
    const shape = (
      name: string,
      variables: Record<string, unknown>,
      bearer = token,
      actor = world.owner,
      query = LIST,
    ): Shape => ({
      name,
      bearer,
      query,
      variables,
      actor,
    });
    const shapes: Shape[] = [
      shape('workspace, first 50', { workspaceId: ws, first: 50 }),
      shape('status RUNNING', { workspaceId: ws, first: 50, filter: { status: ['RUNNING'] } }),
      shape('status COMPLETED', { workspaceId: ws, first: 50, filter: { status: ['COMPLETED'] } }),
      shape('outcome FAILED', { workspaceId: ws, first: 50, filter: { outcome: ['FAILED'] } }),
      shape('operation type POLICY_BACKUP', {
        workspaceId: ws,
        first: 50,
        filter: { operationType: ['POLICY_BACKUP'] },
      }),
      shape('provider connection', { workspaceId: ws, first: 50, filter: { providerConnectionId: connection } }),
      shape('initiator', { workspaceId: ws, first: 50, filter: { initiatedBy: world.users[3] } }),
      shape('surface MONITORING', { workspaceId: ws, first: 50, filter: { surface: ['MONITORING'] } }),
      shape('reason code PROVIDER_THROTTLED', {
        workspaceId: ws,
        first: 50,
        filter: { reasonCode: ['PROVIDER_THROTTLED'] },
      }),
      shape('problem class PROVIDER_CREDENTIALS', {
        workspaceId: ws,
        first: 50,
        filter: { problemClass: ['PROVIDER_CREDENTIALS'] },
      }),
      shape('created in a day 20 days ago', {
        workspaceId: ws,
        first: 50,
        filter: { createdAfter: day(21), createdBefore: day(20) },
      }),
      shape('deep page by cursor (after 70 %)', { workspaceId: ws, first: 50, after: deepCursor }),
      shape('deep page backwards (before 70 %)', { workspaceId: ws, last: 50, before: deepCursor }),
      shape('totalCount (capped)', { workspaceId: ws }, token, world.owner, COUNT),
      shape(
        'totalCount, outcome FAILED',
        { workspaceId: ws, filter: { outcome: ['FAILED'] } },
        token,
        world.owner,
        COUNT,
      ),
      shape('member of 20 of 500 tenants, first 50', { workspaceId: ws, first: 50 }, partialToken, world.partial),
    ];

    /** EXPLAIN ANALYZE of `query`'s generic plan (a prepared statement under force_generic_plan). */
    const genericPlan = (query: string, params: unknown[]) =>
      handle.sql.begin(async (tx) => {
        const literal = (v: unknown) =>
          v === null || v === undefined
            ? 'NULL'
            : typeof v === 'number'
              ? String(v)
              : `'${String(v instanceof Date ? v.toISOString() : v).replaceAll("'", "''")}'`;
        await tx.unsafe('set local plan_cache_mode = force_generic_plan');
        await tx.unsafe(`prepare bench_generic as ${query}`);
        const rows = await tx.unsafe(
          `explain (analyze, costs off) execute bench_generic(${params.map(literal).join(', ')})`,
        );
        await tx.unsafe('deallocate bench_generic');
        return rows.map((r) => (r as Record<string, string>)['QUERY PLAN']).join('\n');
      });

    // EXPLAIN each shape's SQL as the service sends it (captured through a logging Drizzle client).
    const captured: Array<{ query: string; params: unknown[] }> = [];
    const logging = drizzle(handle.sql, {
      schema: (handle.db as unknown as { _: { fullSchema: Record<string, unknown> } })._.fullSchema,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    }) as unknown as typeof handle.db;
    let seqScans = 0;
    console.log('\n## EXPLAIN (ANALYZE, BUFFERS) of each shape (the page or count query)\n');
    for (const s of shapes) {
      captured.length = 0;
      const v = s.variables;
      const result = await listRuns(
        logging,
        { userId: s.actor },
        {
          workspaceId: v.workspaceId as string,
          first: (v.first as number) ?? (s.query === COUNT ? 1 : null),
          after: v.after as string,
          last: v.last as number,
          before: v.before as string,
          filter: v.filter
            ? {
                ...(v.filter as object),
                createdAfter: (v.filter as any).createdAfter ? new Date((v.filter as any).createdAfter) : null,
                createdBefore: (v.filter as any).createdBefore ? new Date((v.filter as any).createdBefore) : null,
              }
            : null,
        },
      );
      if (!result.ok) throw new Error(JSON.stringify(result));
      captured.length = 0;
      await (s.query === COUNT ? result.value.count() : result.value.page());
      const main = captured.at(-1)!;
      const plan = await handle.sql.unsafe(
        `explain (analyze, buffers, costs off) ${main.query}`,
        main.params as never[],
      );
      // The caller's tenants go in as one array literal: shorten it in the print.
      const text = plan
        .map((r) => (r as Record<string, string>)['QUERY PLAN'])
        .join('\n')
        .replace(/'\{([0-9a-f-]{36})(,[0-9a-f-]{36})+\}'/g, (all, first: string) => {
          return `'{${first},… ${all.split(',').length} ids}'`;
        });
      const seq = /Seq Scan on operation_runs/.test(text);
      if (seq) seqScans++;
      console.log(`### ${s.name}${seq ? '  ← SEQUENTIAL SCAN' : ''}\n${text}\n`);
      // The services' statements are prepared, and PostgreSQL keeps a statement's generic plan
      // (planned without its parameters' values) once it is estimated no worse than the custom
      // ones: that plan must read through an index too.
      const generic = await genericPlan(main.query, main.params);
      const genericSeq = /Seq Scan on operation_runs/.test(generic);
      if (genericSeq) seqScans++;
      const indexes = [...new Set(generic.match(/\b(?:Bitmap )?Index (?:Only )?Scan[^\n]*? on \w+/g) ?? [])];
      console.log(
        `generic plan: ${genericSeq ? `SEQUENTIAL SCAN\n${generic}` : `indexes only (${indexes.join('; ')})`}\n`,
      );
    }

    console.log(
      `\n## Latency at the operations subgraph (HTTP, sequential, ${ITERATIONS} requests per shape after ${WARMUP} warm-up)\n`,
    );
    const rows: string[] = [];
    for (const s of shapes) {
      for (let i = 0; i < WARMUP; i++) await post(s.bearer, s.query, s.variables);
      const times: number[] = [];
      let edges = 0;
      let total = '';
      for (let i = 0; i < ITERATIONS; i++) {
        const start = performance.now();
        const data = await post(s.bearer, s.query, s.variables);
        times.push(performance.now() - start);
        edges = data.operationRuns.edges?.length ?? 0;
        if (s.query === COUNT)
          total = `${data.operationRuns.totalCount}${data.operationRuns.totalCountIsLowerBound ? '+' : ''}`;
      }
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 50);
      const p99 = percentile(times, 99);
      const verdict = p50 <= 5 && p99 <= 20 ? 'ok' : 'over goal';
      rows.push(
        `| ${s.name} | ${s.query === COUNT ? total : edges} | ${p50.toFixed(2)} | ${p99.toFixed(2)} | ${times.at(-1)!.toFixed(2)} | ${verdict} |`,
      );
    }
    console.log('| shape | rows (or count) | p50 ms | p99 ms | max ms | goal p50 ≤ 5, p99 ≤ 20 |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
    console.log(
      `\nload average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${availableParallelism()} cores; sequential scans of operation_runs: ${seqScans}`,
    );
    if (seqScans > 0) process.exitCode = 1;
  } finally {
    agent?.destroy();
    await subgraph?.close();
    await queue.close();
    publisher.disconnect();
    await handle.close();
    await admin.end({ timeout: 5 });
    const root = postgres(dbUrl('postgres'), { max: 1, onnotice: () => {} });
    await root.unsafe(`drop database if exists "${name}" with (force)`);
    await root.end({ timeout: 5 });
  }
}

await main();
