/**
 * Migration 0014 (invitation_lifecycle) on a database that already holds invitations: each gets
 * an expiry, `created_at + 14 days` (when it was last sent plus the default TENANT_INVITATION_TTL),
 * so an invitation sent months ago no longer binds by surprise while a recent one still does.
 * The migrations before it run on a fresh database, rows are written, then 0014 runs.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseUrl } from '@msp/tests/support/env';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrationsFolder } from '../src';

// The `msp_test_<epoch>_` prefix lets the template set-up drop it if this run is interrupted.
const name = `msp_test_${Math.floor(Date.now() / 1000)}_invmig_${randomBytes(4).toString('hex')}`;
const admin = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
let sql: postgres.Sql;

async function apply(file: string) {
  const text = readFileSync(join(migrationsFolder, file), 'utf8');
  for (const statement of text.split('--> statement-breakpoint')) {
    if (statement.trim()) await sql.unsafe(statement);
  }
}

beforeAll(async () => {
  await admin.unsafe(`create database "${name}"`);
  sql = postgres(databaseUrl(name), { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await sql?.end();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

describe('migration 0014_invitation_lifecycle', () => {
  test('existing invitations expire 14 days after they were last sent: a months-old one is expired, a recent one open', async () => {
    const files = readdirSync(migrationsFolder)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const target = files.findIndex((f) => f.startsWith('0014_'));
    expect(files[target]).toBe('0014_invitation_lifecycle.sql');
    for (const file of files.slice(0, target)) await apply(file);

    const [ws] = await sql`insert into workspaces (name) values ('Contoso MSP') returning id`;
    const [tenant] = await sql`
      insert into tenants (workspace_id, name, entra_tenant_id, status)
      values (${ws!.id}, 'Fabrikam', gen_random_uuid(), 'ACTIVE') returning id`;
    await sql`
      insert into tenant_invitations (tenant_id, email, role, created_at) values
        (${tenant!.id}, 'old@example.test', 'READONLY', now() - interval '90 days'),
        (${tenant!.id}, 'recent@example.test', 'OPERATOR', now() - interval '2 days')`;

    await apply(files[target]!);

    const rows = await sql<{ email: string; days: number; open: boolean }[]>`
      select email, extract(epoch from expires_at - created_at) / 86400 as days, expires_at > now() as open
      from tenant_invitations order by email`;
    expect(rows.map((r) => ({ ...r, days: Number(r.days) }))).toEqual([
      { email: 'old@example.test', days: 14, open: false },
      { email: 'recent@example.test', days: 14, open: true },
    ]);
    const [column] = await sql`
      select is_nullable from information_schema.columns
      where table_name = 'tenant_invitations' and column_name = 'expires_at'`;
    expect(column!.is_nullable).toBe('NO');
  });
});
