/**
 * The tenant pages through HTTP: provisioning, workspaces and tenants, capabilities, and what the
 * worker leaves behind (directory groups, role definitions, verification reports), seeded as rows.
 */
import { randomUUID } from 'node:crypto';
import { type DbHandle, schema } from '@msp/db';
import { capabilitiesOf, NOT_FOUND } from '@msp/gate';
import { describe, expect } from '@msp/tests/support/fixtures';
import type { Seed } from '@msp/tests/support/seed';
import { eq } from 'drizzle-orm';
import { errorOf, gql, test } from './helpers';

describe('workspaces and tenants', () => {
  test('a new token subject is provisioned; it creates a workspace (OWNER) and a tenant (OWNER, ACTIVE)', async ({
    servers,
    db,
  }) => {
    const user = { subject: `new-${Date.now()}` };
    const me = await gql(servers.tenant, user, 'query { me { id } }');
    const [row] = await db.db.select().from(schema.users).where(eq(schema.users.subject, user.subject));
    expect(me.data!.me.id).toBe(row!.id);

    const ws = (await gql(servers.tenant, user, 'mutation { createWorkspace(name: "Contoso MSP") { id name } }')).data!
      .createWorkspace;
    const created = await gql(
      servers.tenant,
      user,
      'mutation C($w: ID!) { createTenant(workspaceId: $w, name: "Fabrikam", entraTenantId: "7f0c1b1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", primaryDomain: "fabrikam.com") { id status myRole myCapabilities workspace { id } } }',
      { w: ws.id },
    );
    expect(created.data!.createTenant).toMatchObject({
      status: 'ACTIVE',
      myRole: 'OWNER',
      myCapabilities: capabilitiesOf('OWNER'),
      workspace: { id: ws.id },
    });
    const list = await gql(servers.tenant, user, 'query { workspaces { id name tenants { id name } } }');
    expect(list.data!.workspaces).toEqual([
      { id: ws.id, name: 'Contoso MSP', tenants: [{ id: created.data!.createTenant.id, name: 'Fabrikam' }] },
    ]);
  });

  test('a workspace MEMBER cannot create tenants (FORBIDDEN)', async ({ servers, seed, db }) => {
    const owner = await seed.user();
    const member = await seed.user();
    const ws = await seed.workspace(owner.id);
    await db.db.insert(schema.workspaceMembers).values({ workspaceId: ws.id, userId: member.id, role: 'MEMBER' });
    const res = await gql(
      servers.tenant,
      member,
      'mutation C($w: ID!) { createTenant(workspaceId: $w, name: "X", entraTenantId: "7f0c1b1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b") { id } }',
      { w: ws.id },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('addTenantMember gives a user a role they then see as myRole', async ({ servers, seed }) => {
    const w = await seed.world();
    const op = await seed.user();
    const res = await gql(
      servers.tenant,
      w.owner,
      'mutation A($t: ID!, $u: ID!) { addTenantMember(tenantId: $t, userId: $u, role: OPERATOR) { id } }',
      { t: w.tenant.id, u: op.id },
    );
    expect(res.data!.addTenantMember.id).toBe(w.tenant.id);
    const seen = await gql(servers.tenant, op, 'query Q($id: ID!) { tenant(id: $id) { myRole myCapabilities } }', {
      id: w.tenant.id,
    });
    expect(seen.data!.tenant).toEqual({ myRole: 'OPERATOR', myCapabilities: capabilitiesOf('OPERATOR') });
  });
});

describe('directoryGroups', () => {
  test('pages by name with cursors, and searches name and mail', async ({ servers, seed, db }) => {
    const w = await seed.world();
    await db.db.insert(schema.directoryGroups).values(
      ['Delta', 'alpha', 'Charlie', 'Bravo', 'Echo 100%'].map((name, i) => ({
        tenantId: w.tenant.id,
        graphId: `g-${i}`,
        displayName: name,
        mail: i === 3 ? 'finance@example.test' : null,
      })),
    );
    const q =
      'query Q($id: ID!, $after: String, $search: String) { tenant(id: $id) { directoryGroups(first: 2, after: $after, search: $search) { edges { cursor node { displayName } } pageInfo { hasNextPage endCursor } } } }';
    const names: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res = await gql(servers.tenant, w.owner, q, { id: w.tenant.id, after });
      const conn = res.data!.tenant.directoryGroups;
      names.push(...conn.edges.map((e: { node: { displayName: string } }) => e.node.displayName));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(names).toEqual(['alpha', 'Bravo', 'Charlie', 'Delta', 'Echo 100%']);
    const finance = await gql(servers.tenant, w.owner, q, { id: w.tenant.id, search: 'FINANCE' });
    expect(
      finance.data!.tenant.directoryGroups.edges.map((e: { node: { displayName: string } }) => e.node.displayName),
    ).toEqual(['Bravo']);
    const pct = await gql(servers.tenant, w.owner, q, { id: w.tenant.id, search: '%' });
    expect(pct.data!.tenant.directoryGroups.edges).toHaveLength(1);
  });
});

type ReportRow = typeof schema.tenantVerificationReports.$inferInsert;

/** A report as the worker writes it after a PROVIDER_VERIFICATION run (one report per run). */
async function verificationReport(
  seed: Seed,
  db: DbHandle,
  world: { tenant: { id: string }; connection: { id: string } },
  row: Omit<ReportRow, 'tenantId' | 'operationRunId' | 'providerConnectionId'>,
) {
  const run = await seed.run({
    tenantId: world.tenant.id,
    providerConnectionId: world.connection.id,
    operationType: 'PROVIDER_VERIFICATION',
    status: 'COMPLETED',
  });
  const [report] = await db.db
    .insert(schema.tenantVerificationReports)
    .values({ tenantId: world.tenant.id, operationRunId: run.id, providerConnectionId: world.connection.id, ...row })
    .returning();
  return { run, report: report! };
}

const REPORT = /* GraphQL */ `
  query Q($id: ID!) {
    tenant(id: $id) {
      verificationReport {
        id
        status
        checkedAt
        organizationName
        verifiedDomains
        grantedPermissions
        missingPermissions
        reasonCode
        providerConnectionId
        operationRun { id }
      }
    }
  }
`;

describe('verificationReport', () => {
  test('null before any verification; then the latest report by checkedAt, mapped from its row, never another tenant’s', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const other = await seed.world();
    const before = await gql(servers.tenant, w.owner, REPORT, { id: w.tenant.id });
    expect(before.errors).toBeUndefined();
    expect(before.data!.tenant.verificationReport).toBeNull();

    const t0 = new Date('2025-03-01T09:00:00.000Z');
    const hour = 3600_000;
    // Another tenant's report, newer than any of ours: never shown here.
    await verificationReport(seed, db, other, {
      status: 'VERIFIED',
      organization: { id: randomUUID(), displayName: 'Northwind', verifiedDomains: [{ name: 'northwind.example' }] },
      grantedPermissions: ['Group.Read.All'],
      checkedAt: new Date(t0.getTime() + 10 * hour),
    });
    const first = await verificationReport(seed, db, w, {
      status: 'PERMISSIONS_MISSING',
      organization: {
        id: randomUUID(),
        displayName: 'Fabrikam Ltd',
        verifiedDomains: [
          { name: 'fabrikam.onmicrosoft.com', isDefault: false, isInitial: true, type: 'Managed' },
          { name: 'fabrikam.example', isDefault: true, isInitial: false, type: 'Managed' },
        ],
      },
      grantedPermissions: ['Group.Read.All', 'Organization.Read.All'],
      missingPermissions: ['DeviceManagementConfiguration.ReadWrite.All', 'DeviceManagementRBAC.Read.All'],
      reasonCode: null,
      checkedAt: t0,
    });
    const one = await gql(servers.tenant, w.owner, REPORT, { id: w.tenant.id });
    expect(one.errors).toBeUndefined();
    expect(one.data!.tenant.verificationReport).toEqual({
      id: first.report.id,
      status: 'PERMISSIONS_MISSING',
      checkedAt: '2025-03-01T09:00:00.000Z',
      organizationName: 'Fabrikam Ltd',
      verifiedDomains: ['fabrikam.onmicrosoft.com', 'fabrikam.example'],
      grantedPermissions: ['Group.Read.All', 'Organization.Read.All'],
      missingPermissions: ['DeviceManagementConfiguration.ReadWrite.All', 'DeviceManagementRBAC.Read.All'],
      reasonCode: null,
      providerConnectionId: w.connection.id,
      operationRun: { id: first.run.id },
    });

    // A later FAILED verification, then an older report written after it: the latest by
    // checkedAt wins, not the last inserted.
    const failed = await verificationReport(seed, db, w, {
      status: 'FAILED',
      organization: null,
      grantedPermissions: [],
      missingPermissions: [],
      reasonCode: 'PROVIDER_CREDENTIALS_INVALID',
      checkedAt: new Date(t0.getTime() + hour),
    });
    await verificationReport(seed, db, w, {
      status: 'VERIFIED',
      organization: { id: randomUUID(), displayName: 'Fabrikam (old)', verifiedDomains: [] },
      checkedAt: new Date(t0.getTime() - 24 * hour),
    });
    const latest = await gql(servers.tenant, w.owner, REPORT, { id: w.tenant.id });
    expect(latest.errors).toBeUndefined();
    expect(latest.data!.tenant.verificationReport).toEqual({
      id: failed.report.id,
      status: 'FAILED',
      checkedAt: '2025-03-01T10:00:00.000Z',
      organizationName: null,
      verifiedDomains: [],
      grantedPermissions: [],
      missingPermissions: [],
      reasonCode: 'PROVIDER_CREDENTIALS_INVALID',
      providerConnectionId: w.connection.id,
      operationRun: { id: failed.run.id },
    });
    expect(latest.raw).not.toContain('Northwind');

    // And the other tenant sees its own report only.
    const theirs = await gql(servers.tenant, other.owner, REPORT, { id: other.tenant.id });
    expect(theirs.data!.tenant.verificationReport).toMatchObject({
      organizationName: 'Northwind',
      verifiedDomains: ['northwind.example'],
    });
  });

  test('text the contract does not know is not passed on: unknown status FAILED, unknown reason INTERNAL_ERROR; a deleted connection is null', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const { report } = await verificationReport(seed, db, w, {
      status: 'SOMETHING_NEW',
      // Graph-shaped but partly unusable: a non-string name and a domain without one are skipped.
      organization: { displayName: 42, verifiedDomains: [{ name: 'fabrikam.example' }, { isDefault: true }, null] },
      reasonCode: 'NOT_A_REASON_CODE',
    });
    // ON DELETE SET NULL, as when the connection that was verified is deleted.
    await db.db.delete(schema.providerConnections).where(eq(schema.providerConnections.id, w.connection.id));
    const res = await gql(servers.tenant, w.owner, REPORT, { id: w.tenant.id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.tenant.verificationReport).toMatchObject({
      id: report.id,
      status: 'FAILED',
      organizationName: null,
      verifiedDomains: ['fabrikam.example'],
      grantedPermissions: [],
      missingPermissions: [],
      reasonCode: 'INTERNAL_ERROR',
      providerConnectionId: null,
    });
  });

  test('a non-member gets NOT_FOUND for the tenant, as for a missing id; a READONLY member reads the report', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const { report } = await verificationReport(seed, db, w, {
      status: 'VERIFIED',
      organization: { id: randomUUID(), displayName: 'Fabrikam Secret Org', verifiedDomains: [] },
      grantedPermissions: ['Directory.Read.All'],
    });
    const outsider = await seed.world();
    const foreign = await gql(servers.tenant, outsider.owner, REPORT, { id: w.tenant.id });
    const missing = await gql(servers.tenant, outsider.owner, REPORT, { id: randomUUID() });
    expect(errorOf(foreign)).toEqual({ code: 'NOT_FOUND', message: NOT_FOUND.tenant, field: undefined });
    expect(errorOf(foreign)).toEqual(errorOf(missing));
    expect(foreign.data).toEqual({ tenant: null });
    expect(foreign.raw).not.toContain('Fabrikam Secret Org');

    const reader = await seed.user();
    await seed.member(w.tenant.id, reader.id, 'READONLY');
    const read = await gql(servers.tenant, reader, REPORT, { id: w.tenant.id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.tenant.verificationReport).toMatchObject({
      id: report.id,
      status: 'VERIFIED',
      organizationName: 'Fabrikam Secret Org',
      grantedPermissions: ['Directory.Read.All'],
    });
  });
});

describe('roleDefinitions', () => {
  test('empty before a sync; then this tenant’s synced definitions, built-in first, then by name (no name first), then by id', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const other = await seed.world();
    const q =
      'query Q($id: ID!) { tenant(id: $id) { roleDefinitions { id displayName description isBuiltIn permissions syncedAt } } }';
    const before = await gql(servers.tenant, w.owner, q, { id: w.tenant.id });
    expect(before.errors).toBeUndefined();
    expect(before.data!.tenant.roleDefinitions).toEqual([]);

    const run = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'ROLE_DEFINITIONS_SYNC',
      status: 'COMPLETED',
      surface: 'RBAC',
    });
    const syncedAt = new Date('2025-03-01T09:30:00.000Z');
    const permissions = (...actions: string[]) => [
      { resourceActions: [{ allowedResourceActions: actions, notAllowedResourceActions: [] }] },
    ];
    // Inserted out of order; names share their case so the order does not depend on the collation.
    const rows = [
      { graphId: 'c-zeta', displayName: 'Zeta Admins', description: 'Custom', isBuiltIn: false },
      { graphId: 'b-read', displayName: 'Read Only Operator', description: 'Views data', isBuiltIn: true },
      { graphId: 'c-dup-2', displayName: 'Duplicate', description: null, isBuiltIn: false },
      { graphId: 'c-none', displayName: null, description: null, isBuiltIn: false },
      { graphId: 'b-help', displayName: 'Help Desk Operator', description: 'Remote tasks', isBuiltIn: true },
      { graphId: 'c-dup-1', displayName: 'Duplicate', description: 'First by id', isBuiltIn: false },
      { graphId: 'b-intune', displayName: 'Intune Role Administrator', description: 'Manages roles', isBuiltIn: true },
    ];
    await db.db.insert(schema.roleDefinitions).values(
      rows.map((r) => ({
        ...r,
        tenantId: w.tenant.id,
        permissions: permissions(`Microsoft.Intune_${r.graphId}_Read`),
        syncedAt,
        lastRunId: run.id,
      })),
    );
    // Another tenant's definitions, one with the same Graph id as ours: never shown here.
    await db.db.insert(schema.roleDefinitions).values([
      { tenantId: other.tenant.id, graphId: 'b-help', displayName: 'Help Desk (theirs)', isBuiltIn: true },
      { tenantId: other.tenant.id, graphId: 'c-other', displayName: 'Another Custom', isBuiltIn: false },
    ]);

    const res = await gql(servers.tenant, w.owner, q, { id: w.tenant.id });
    expect(res.errors).toBeUndefined();
    const defs = res.data!.tenant.roleDefinitions;
    expect(defs.map((d: { id: string }) => d.id)).toEqual([
      'b-help',
      'b-intune',
      'b-read',
      'c-none',
      'c-dup-1',
      'c-dup-2',
      'c-zeta',
    ]);
    expect(defs[0]).toEqual({
      id: 'b-help',
      displayName: 'Help Desk Operator',
      description: 'Remote tasks',
      isBuiltIn: true,
      permissions: permissions('Microsoft.Intune_b-help_Read'),
      syncedAt: '2025-03-01T09:30:00.000Z',
    });
    expect(defs[3]).toEqual({
      id: 'c-none',
      displayName: null,
      description: null,
      isBuiltIn: false,
      permissions: permissions('Microsoft.Intune_c-none_Read'),
      syncedAt: '2025-03-01T09:30:00.000Z',
    });
    expect(res.raw).not.toContain('theirs');
    expect(res.raw).not.toContain('Another Custom');
  });
});
