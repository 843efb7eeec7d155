/**
 * The bench's world, in a fresh PostgreSQL database of its own (migrated here, dropped by
 * `drop()`): one workspace, USERS operators of every tenant, DEDUPE_TENANTS tenants with 30 runs
 * each (one of them an active policy backup, so a policy backup start is DEDUPED) and
 * BLOCKED_TENANTS with a disabled default connection (a start is BLOCKED, and writes a run). One
 * distinct token per request: Hive collapses identical in-flight subgraph requests, and identical
 * tokens would flatter it.
 */
import { randomUUID } from 'node:crypto';
import { createDb, runMigrations } from '@msp/db';
import { SignJWT } from 'jose';
import postgres from 'postgres';

const USERS = 200;
const DEDUPE_TENANTS = 8;
const BLOCKED_TENANTS = 2;

export interface BenchWorld {
  /** The world's database (for the subgraphs), and its name. */
  databaseUrl: string;
  databaseName: string;
  users: number;
  /** Tenants whose policy backup start is DEDUPED; each has 30 runs. */
  dedupeTenants: string[];
  /** Tenants whose policy backup start is BLOCKED. */
  blockedTenants: string[];
  /** One token per request, user `i % users`, each with its own `jti`. */
  tokens(count: number): Promise<string[]>;
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** `serverUrl` names the PostgreSQL server; tokens are signed with `jwtSecret` (HS256). */
export async function createBenchWorld(serverUrl: string, jwtSecret: string): Promise<BenchWorld> {
  const name = `msp_bench_${Date.now()}`;
  const databaseUrl = withDatabase(serverUrl, name);
  const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} });
  const drop = async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
    await admin.end();
  };
  try {
    await admin.unsafe(`create database "${name}"`);
    await runMigrations(databaseUrl);
    const handle = createDb({ url: databaseUrl, max: 4, applicationName: 'bench-gateway-seed' });
    try {
      const { sql } = handle;
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

      const subjects = users.map((u) => u.subject);
      const key = new TextEncoder().encode(jwtSecret);
      return {
        databaseUrl,
        databaseName: name,
        users: USERS,
        dedupeTenants,
        blockedTenants,
        tokens: (count) =>
          Promise.all(
            Array.from({ length: count }, (_, i) =>
              new SignJWT({})
                .setProtectedHeader({ alg: 'HS256' })
                .setSubject(subjects[i % subjects.length]!)
                .setJti(randomUUID())
                .setIssuedAt()
                .setExpirationTime('1h')
                .sign(key),
            ),
          ),
        drop,
      };
    } finally {
      await handle.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
}
