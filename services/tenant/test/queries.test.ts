/**
 * The tenant pages through HTTP: provisioning, workspaces and tenants, members (adding, removing,
 * the last owner under concurrency, the access-changed event), capabilities, and what the worker
 * leaves behind (directory groups, role definitions, verification reports), seeded as rows.
 */
import { randomUUID } from 'node:crypto';
import { type DbHandle, schema } from '@msp/db';
import {
  accessChangedChannel,
  capabilitiesOf,
  NOT_FOUND,
  type Publisher,
  type TenantRole,
  workspaceCapabilitiesOf,
} from '@msp/gate';
import { auth, captureLogs, links } from '@msp/tests/support/action-hosts';
import { testEnv } from '@msp/tests/support/env';
import { describe, expect } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import { type Seed, secretBox } from '@msp/tests/support/seed';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { vi } from 'vitest';
import { startTenantSubgraph } from '../src';
import { createAccessEvents } from '../src/service/access-events';
import { addTenantMember, LAST_OWNER, MEMBER_NOT_FOUND, removeTenantMember } from '../src/service/tenants';
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

const REMOVE = /* GraphQL */ `
  mutation R($t: ID!, $u: ID!) {
    removeTenantMember(tenantId: $t, userId: $u) { id name status myRole myCapabilities workspace { id } }
  }
`;

const tm = schema.tenantMembers;

/** The tenant's members as `userId → role`. */
async function membersOf(db: DbHandle, tenantId: string): Promise<Record<string, TenantRole>> {
  const rows = await db.db.select({ userId: tm.userId, role: tm.role }).from(tm).where(eq(tm.tenantId, tenantId));
  return Object.fromEntries(rows.map((r) => [r.userId, r.role]));
}

/** Seeded owners' removals without HTTP, to race them (no publisher: nothing to publish to). */
const noEvents = createAccessEvents({ logger: testLogger });
const remove = (db: DbHandle, actorId: string, tenantId: string, userId: string) =>
  removeTenantMember(db.db, { userId: actorId }, { tenantId, userId }, noEvents);

describe('removeTenantMember', () => {
  test('an OWNER removes a member: the answer is the tenant as the owner sees it; the removed user then gets NOT_FOUND', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const operator = await seed.user();
    await seed.member(w.tenant.id, operator.id, 'OPERATOR');
    const before = await gql(servers.tenant, operator, 'query Q($id: ID!) { tenant(id: $id) { myRole } }', {
      id: w.tenant.id,
    });
    expect(before.data!.tenant).toEqual({ myRole: 'OPERATOR' });

    const res = await gql(servers.tenant, w.owner, REMOVE, { t: w.tenant.id, u: operator.id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.removeTenantMember).toEqual({
      id: w.tenant.id,
      name: w.tenant.name,
      status: 'ACTIVE',
      myRole: 'OWNER',
      myCapabilities: capabilitiesOf('OWNER'),
      workspace: { id: w.workspaceId },
    });
    expect(await membersOf(db, w.tenant.id)).toEqual({ [w.owner.id]: 'OWNER' });
    const after = await gql(servers.tenant, operator, 'query Q($id: ID!) { tenant(id: $id) { myRole } }', {
      id: w.tenant.id,
    });
    expect(errorOf(after)).toEqual({ code: 'NOT_FOUND', message: NOT_FOUND.tenant, field: undefined });
  });

  test('a user who is not a member (of this tenant, or at all): NOT_FOUND "Member not found.", nothing removed', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const colleague = await seed.user();
    await seed.member(w.tenant.id, colleague.id, 'READONLY');
    // A member of another tenant of the same workspace is not a member of this one.
    const sibling = await seed.tenant(w.owner.id, { workspaceId: w.workspaceId, name: 'Sibling' });
    const elsewhere = await seed.user();
    await seed.member(sibling.id, elsewhere.id, 'OPERATOR');
    const before = await membersOf(db, w.tenant.id);
    for (const userId of [elsewhere.id, randomUUID()]) {
      const res = await gql(servers.tenant, w.owner, REMOVE, { t: w.tenant.id, u: userId });
      expect(errorOf(res)).toEqual({ code: 'NOT_FOUND', message: MEMBER_NOT_FOUND, field: undefined });
      expect(res.data).toBeNull();
    }
    expect(await membersOf(db, w.tenant.id)).toEqual(before);
    expect(await membersOf(db, sibling.id)).toEqual({ [w.owner.id]: 'OWNER', [elsewhere.id]: 'OPERATOR' });
  });

  test('the last OWNER cannot be removed, not even by themselves (CONFLICT); with another owner, an owner may leave', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const manager = await seed.user();
    await seed.member(w.tenant.id, manager.id, 'MANAGER');
    const self = await gql(servers.tenant, w.owner, REMOVE, { t: w.tenant.id, u: w.owner.id });
    expect(errorOf(self)).toEqual({ code: 'CONFLICT', message: LAST_OWNER, field: 'userId' });
    expect(await membersOf(db, w.tenant.id)).toEqual({ [w.owner.id]: 'OWNER', [manager.id]: 'MANAGER' });

    // A second owner: either may go. The one who leaves gets the tenant as they saw it just before.
    const second = await seed.user();
    await seed.member(w.tenant.id, second.id, 'OWNER');
    const left = await gql(servers.tenant, w.owner, REMOVE, { t: w.tenant.id, u: w.owner.id });
    expect(left.errors).toBeUndefined();
    expect(left.data!.removeTenantMember).toMatchObject({ id: w.tenant.id, myRole: 'OWNER' });
    expect(await membersOf(db, w.tenant.id)).toEqual({ [second.id]: 'OWNER', [manager.id]: 'MANAGER' });
    const gone = await gql(servers.tenant, w.owner, 'query Q($id: ID!) { tenant(id: $id) { id } }', {
      id: w.tenant.id,
    });
    expect(errorOf(gone).code).toBe('NOT_FOUND');

    // Now the second owner is the last one.
    const last = await gql(servers.tenant, second, REMOVE, { t: w.tenant.id, u: second.id });
    expect(errorOf(last)).toEqual({ code: 'CONFLICT', message: LAST_OWNER, field: 'userId' });
    expect(await membersOf(db, w.tenant.id)).toEqual({ [second.id]: 'OWNER', [manager.id]: 'MANAGER' });
  });

  test('the last two owners remove themselves, or each other, at the same time: exactly one removal succeeds, the tenant keeps an owner', async ({
    seed,
    db,
  }) => {
    for (let round = 0; round < 20; round++) {
      const a = await seed.user();
      const b = await seed.user();
      const tenant = await seed.tenant(a.id);
      await seed.member(tenant.id, b.id, 'OWNER');
      const crosswise = round % 2 === 1;
      const results = crosswise
        ? await Promise.all([remove(db, a.id, tenant.id, b.id), remove(db, b.id, tenant.id, a.id)])
        : await Promise.all([remove(db, a.id, tenant.id, a.id), remove(db, b.id, tenant.id, b.id)]);
      expect(
        results.filter((r) => r.ok),
        `round ${round}`,
      ).toHaveLength(1);
      const refused = results.find((r) => !r.ok);
      // Leaving: the other one is now the last owner. Crosswise: the loser was removed first, and
      // is now a stranger to the tenant.
      expect(refused && !refused.ok && refused.error, `round ${round}`).toEqual(
        crosswise
          ? { code: 'NOT_FOUND', message: NOT_FOUND.tenant }
          : { code: 'CONFLICT', message: LAST_OWNER, field: 'userId' },
      );
      expect(Object.values(await membersOf(db, tenant.id)), `round ${round}`).toEqual(['OWNER']);
    }
  });

  test('an owner demoted while removing the other owner: one of the two wins, the tenant keeps an owner', async ({
    seed,
    db,
  }) => {
    for (let round = 0; round < 20; round++) {
      const a = await seed.user();
      const b = await seed.user();
      const tenant = await seed.tenant(a.id);
      await seed.member(tenant.id, b.id, 'OWNER');
      const [demote, removal] = await Promise.all([
        addTenantMember(db.db, { userId: a.id }, { tenantId: tenant.id, userId: b.id, role: 'READONLY' }),
        remove(db, b.id, tenant.id, a.id),
      ]);
      expect([demote.ok, removal.ok].filter(Boolean), `round ${round}`).toHaveLength(1);
      const members = await membersOf(db, tenant.id);
      expect(
        Object.values(members).filter((role) => role === 'OWNER'),
        `round ${round}`,
      ).toHaveLength(1);
      // Whoever lost was refused on the locked rows: demoted (FORBIDDEN) or removed (NOT_FOUND).
      const lost = demote.ok ? removal : demote;
      expect(lost.ok ? null : lost.error.code, `round ${round}`).toBe(demote.ok ? 'FORBIDDEN' : 'NOT_FOUND');
    }
  });

  test('after the commit, the access change is published on the gate’s channel; a refusal publishes nothing; a failing publish is logged and the removal stands', async ({
    db,
    queue,
    seed,
  }) => {
    const publisher = new Redis(testEnv.redisUrl);
    const listener = new Redis(testEnv.redisUrl);
    const failing: Publisher = { publish: () => Promise.reject(new Error('Redis is unreachable')) };
    const { logger, lines } = captureLogs();
    const common = { db, queue: queue.queue, auth, links, port: 0, host: '127.0.0.1', secretBox };
    const [publishing, broken] = await Promise.all([
      startTenantSubgraph({ ...common, publisher, logger: testLogger }),
      startTenantSubgraph({ ...common, publisher: failing, logger }),
    ]);
    try {
      const w = await seed.world();
      const [first, second] = [await seed.user(), await seed.user()];
      await seed.member(w.tenant.id, first.id, 'OPERATOR');
      await seed.member(w.tenant.id, second.id, 'READONLY');
      // Other suites publish on the same channel: keep this tenant's events.
      const events: unknown[] = [];
      listener.on('message', (channel: string, raw: string) => {
        const event = JSON.parse(raw);
        if (channel === accessChangedChannel && event.tenantId === w.tenant.id) events.push(event);
      });
      await listener.subscribe(accessChangedChannel);

      const refused = await gql(publishing, w.owner, REMOVE, { t: w.tenant.id, u: w.owner.id });
      expect(errorOf(refused).code).toBe('CONFLICT');
      const removed = await gql(publishing, w.owner, REMOVE, { t: w.tenant.id, u: first.id });
      expect(removed.errors).toBeUndefined();
      // One publisher connection delivers in order: an event of the refusal would come first.
      await vi.waitFor(() => expect(events).toHaveLength(1));
      expect(events).toEqual([{ tenantId: w.tenant.id, userId: first.id }]);

      const despite = await gql(broken, w.owner, REMOVE, { t: w.tenant.id, u: second.id });
      expect(despite.errors).toBeUndefined();
      expect(despite.data!.removeTenantMember).toMatchObject({ id: w.tenant.id, myRole: 'OWNER' });
      expect(await membersOf(db, w.tenant.id)).toEqual({ [w.owner.id]: 'OWNER' });
      const warning = lines.map((l) => JSON.parse(l)).find((l) => /access-changed publish failed/.test(l.msg));
      expect(warning).toMatchObject({
        tenantId: w.tenant.id,
        userId: second.id,
        err: { message: 'Redis is unreachable' },
      });
    } finally {
      await Promise.all([publishing.close(), broken.close()]);
      await Promise.all([publisher.quit(), listener.quit()]);
    }
  });

  test('no refusal (FORBIDDEN, CONFLICT, NOT_FOUND, BAD_USER_INPUT) changes the members or the tenant', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const reader = await seed.user();
    await seed.member(w.tenant.id, reader.id, 'READONLY');
    const before = await membersOf(db, w.tenant.id);
    const [tenantBefore] = await db.db.select().from(schema.tenants).where(eq(schema.tenants.id, w.tenant.id));
    const attempts: Array<[{ subject: string }, Record<string, unknown>]> = [
      [reader, { t: w.tenant.id, u: w.owner.id }], // FORBIDDEN
      [w.owner, { t: w.tenant.id, u: w.owner.id }], // CONFLICT
      [w.owner, { t: w.tenant.id, u: randomUUID() }], // NOT_FOUND
      [w.owner, { t: w.tenant.id, u: 'x' }], // BAD_USER_INPUT
    ];
    const codes: unknown[] = [];
    for (const [caller, variables] of attempts)
      codes.push(errorOf(await gql(servers.tenant, caller, REMOVE, variables)).code);
    expect(codes).toEqual(['FORBIDDEN', 'CONFLICT', 'NOT_FOUND', 'BAD_USER_INPUT']);
    expect(await membersOf(db, w.tenant.id)).toEqual(before);
    const [tenantAfter] = await db.db.select().from(schema.tenants).where(eq(schema.tenants.id, w.tenant.id));
    expect(tenantAfter).toEqual(tenantBefore);
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

describe('myTenants and viewerCapabilities', () => {
  test('a tenant-only member (not in the workspace) lists their tenants, in any workspace, with viewerCapabilities; nothing else', async ({
    servers,
    seed,
  }) => {
    const owner = await seed.user();
    const other = await seed.user();
    const ws = await seed.workspace(owner.id, 'Contoso MSP');
    const fabrikam = await seed.tenant(owner.id, { workspaceId: ws.id, name: 'Fabrikam' });
    const northwind = await seed.tenant(owner.id, { workspaceId: ws.id, name: 'Northwind' });
    const hidden = await seed.tenant(owner.id, { workspaceId: ws.id, name: 'Hidden' });
    const elsewhere = await seed.tenant(other.id, { name: 'Adatum' });
    const op = await seed.user();
    await seed.member(fabrikam.id, op.id, 'OPERATOR');
    await seed.member(northwind.id, op.id, 'READONLY');
    await seed.member(elsewhere.id, op.id, 'MANAGER');

    // Not a workspace member: the workspace lists nothing for them.
    expect((await gql(servers.tenant, op, '{ workspaces { id } }')).data!.workspaces).toEqual([]);
    const res = await gql(
      servers.tenant,
      op,
      '{ myTenants { id name myRole viewerCapabilities workspace { id name } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.myTenants).toEqual([
      {
        id: elsewhere.id,
        name: 'Adatum',
        myRole: 'MANAGER',
        viewerCapabilities: capabilitiesOf('MANAGER'),
        workspace: { id: elsewhere.workspaceId, name: 'Contoso MSP' },
      },
      {
        id: fabrikam.id,
        name: 'Fabrikam',
        myRole: 'OPERATOR',
        viewerCapabilities: capabilitiesOf('OPERATOR'),
        workspace: { id: ws.id, name: 'Contoso MSP' },
      },
      {
        id: northwind.id,
        name: 'Northwind',
        myRole: 'READONLY',
        viewerCapabilities: ['tenant.view', 'operations.view'],
        workspace: { id: ws.id, name: 'Contoso MSP' },
      },
    ]);
    expect(res.raw).not.toContain(hidden.id);

    const stranger = await seed.user();
    expect((await gql(servers.tenant, stranger, '{ myTenants { id } }')).data!.myTenants).toEqual([]);
  });

  test('Workspace.viewerCapabilities: an OWNER holds the webhook capability, a MEMBER and a tenant-only member do not', async ({
    servers,
    seed,
    db,
  }) => {
    const owner = await seed.user();
    const ws = await seed.workspace(owner.id, 'Contoso MSP');
    const tenant = await seed.tenant(owner.id, { workspaceId: ws.id, name: 'Fabrikam' });
    const member = await seed.user();
    await db.db.insert(schema.workspaceMembers).values({ workspaceId: ws.id, userId: member.id, role: 'MEMBER' });
    const tenantOnly = await seed.user();
    await seed.member(tenant.id, tenantOnly.id, 'OWNER');
    const WORKSPACES = '{ workspaces { id viewerCapabilities } }';

    const asOwner = await gql(servers.tenant, owner, WORKSPACES);
    expect(asOwner.errors).toBeUndefined();
    expect(asOwner.data!.workspaces).toEqual([{ id: ws.id, viewerCapabilities: workspaceCapabilitiesOf('OWNER') }]);
    expect(asOwner.data!.workspaces[0].viewerCapabilities).toContain('workspace.webhooks.manage');

    const asMember = await gql(servers.tenant, member, WORKSPACES);
    expect(asMember.data!.workspaces).toEqual([{ id: ws.id, viewerCapabilities: ['workspace.view'] }]);
    expect(asMember.data!.workspaces[0].viewerCapabilities).not.toContain('workspace.webhooks.manage');

    // A member of one of its tenants only sees the workspace through the tenant, holding nothing in it.
    const viaTenant = await gql(
      servers.tenant,
      tenantOnly,
      'query Q($id: ID!) { tenant(id: $id) { workspace { id viewerCapabilities } } }',
      {
        id: tenant.id,
      },
    );
    expect(viaTenant.errors).toBeUndefined();
    expect(viaTenant.data!.tenant.workspace).toEqual({ id: ws.id, viewerCapabilities: [] });
  });

  test('viewerCapabilities on tenant(id) is the registry’s list for the caller’s role', async ({ servers, seed }) => {
    const w = await seed.world();
    for (const role of ['OWNER', 'MANAGER', 'OPERATOR', 'READONLY'] as const) {
      const u = await seed.user();
      await seed.member(w.tenant.id, u.id, role);
      const res = await gql(servers.tenant, u, 'query Q($id: ID!) { tenant(id: $id) { viewerCapabilities } }', {
        id: w.tenant.id,
      });
      expect(res.data!.tenant.viewerCapabilities).toEqual(capabilitiesOf(role));
    }
  });
});
