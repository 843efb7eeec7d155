/**
 * Acceptance 4 (tenant side; the connection side is in services/provider-connection/test):
 * a tenant the caller is not a member of is NOT_FOUND with the text of a missing id, on the
 * query and entity references; READONLY members get FORBIDDEN on member and archive changes;
 * removeTenantMember's authorization matrix.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { NOT_FOUND, SYSTEM_PRINCIPALS } from '@msp/gate';
import { describe, expect } from '@msp/tests/support/fixtures';
import { and, eq } from 'drizzle-orm';
import { errorOf, gql, test } from './helpers';

describe('non-members', () => {
  test('tenant(id): NOT_FOUND, same text as a missing id', async ({ servers, seed }) => {
    const mine = await seed.world();
    const theirs = await seed.world();
    const q = 'query Q($id: ID!) { tenant(id: $id) { id name myRole } }';
    const foreign = errorOf(await gql(servers.tenant, mine.owner, q, { id: theirs.tenant.id }));
    const missing = errorOf(await gql(servers.tenant, mine.owner, q, { id: randomUUID() }));
    expect(foreign).toEqual({ code: 'NOT_FOUND', message: NOT_FOUND.tenant, field: undefined });
    expect(foreign).toEqual(missing);
  });

  test('_entities Tenant / PolicyBackup of another tenant: NOT_FOUND, nothing leaks', async ({ servers, seed, db }) => {
    const mine = await seed.world();
    const theirs = await seed.world();
    const run = await seed.run({
      tenantId: theirs.tenant.id,
      providerConnectionId: null,
      operationType: 'POLICY_BACKUP',
      status: 'COMPLETED',
    });
    const [backup] = await db.db
      .insert(schema.policyBackups)
      .values({ tenantId: theirs.tenant.id, operationRunId: run.id })
      .returning();
    const res = await gql(
      servers.tenant,
      mine.owner,
      `query { _entities(representations: [{ __typename: "Tenant", id: "${theirs.tenant.id}" }, { __typename: "PolicyBackup", id: "${backup!.id}" }]) { ... on Tenant { name } ... on PolicyBackup { itemCount } } }`,
    );
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(res.raw).not.toContain('Fabrikam');
    const own = await gql(
      servers.tenant,
      theirs.owner,
      `query { _entities(representations: [{ __typename: "PolicyBackup", id: "${backup!.id}" }]) { ... on PolicyBackup { id operationRun { id } } } }`,
    );
    expect(own.data!._entities[0]).toEqual({ id: backup!.id, operationRun: { id: run.id } });
  });
});

describe('system principals (issue 17)', () => {
  test('the built-in health check’s principal resolves as a User for anyone (runs name it); a stranger user still does not', async ({
    servers,
    seed,
  }) => {
    const mine = await seed.world();
    const principal = await seed.user({
      subject: SYSTEM_PRINCIPALS['connection-health'].subject,
      displayName: SYSTEM_PRINCIPALS['connection-health'].displayName,
      email: null,
    });
    const stranger = await seed.user();
    const res = await gql(
      servers.tenant,
      mine.owner,
      `query { _entities(representations: [{ __typename: "User", id: "${principal.id}" }, { __typename: "User", id: "${stranger.id}" }]) { ... on User { id displayName } } }`,
    );
    expect(res.data!._entities[0]).toEqual({ id: principal.id, displayName: 'Connection health check (built-in)' });
    expect(res.data!._entities[1]).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});

describe('READONLY members', () => {
  test('addTenantMember and archiveTenant: FORBIDDEN, nothing changes', async ({ servers, seed, db }) => {
    const w = await seed.world();
    const reader = await seed.user();
    const other = await seed.user();
    await seed.member(w.tenant.id, reader.id, 'READONLY');
    const add = await gql(
      servers.tenant,
      reader,
      'mutation A($t: ID!, $u: ID!) { addTenantMember(tenantId: $t, userId: $u, role: OWNER) { id } }',
      { t: w.tenant.id, u: other.id },
    );
    expect(errorOf(add).code).toBe('FORBIDDEN');
    const archive = await gql(servers.tenant, reader, 'mutation A($t: ID!) { archiveTenant(tenantId: $t) { id } }', {
      t: w.tenant.id,
    });
    expect(errorOf(archive).code).toBe('FORBIDDEN');
    const members = await db.db
      .select()
      .from(schema.tenantMembers)
      .where(eq(schema.tenantMembers.tenantId, w.tenant.id));
    expect(members).toHaveLength(2);
    const [tenant] = await db.db.select().from(schema.tenants).where(eq(schema.tenants.id, w.tenant.id));
    expect(tenant!.status).toBe('ACTIVE');
    const me = await gql(servers.tenant, reader, 'query Q($id: ID!) { tenant(id: $id) { myRole myCapabilities } }', {
      id: w.tenant.id,
    });
    expect(me.data!.tenant).toEqual({ myRole: 'READONLY', myCapabilities: ['tenant.view', 'operations.view'] });
  });
});

const REMOVE = 'mutation R($t: ID!, $u: ID!) { removeTenantMember(tenantId: $t, userId: $u) { id myRole } }';

describe('removeTenantMember: authorization (tenant.members.manage)', () => {
  test('a non-member: NOT_FOUND as for a missing tenant; MANAGER, OPERATOR, READONLY: FORBIDDEN; nothing removed; an OWNER removes', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const people = { MANAGER: await seed.user(), OPERATOR: await seed.user(), READONLY: await seed.user() };
    for (const role of ['MANAGER', 'OPERATOR', 'READONLY'] as const) {
      await seed.member(w.tenant.id, people[role].id, role);
    }
    const target = await seed.user();
    await seed.member(w.tenant.id, target.id, 'READONLY');
    const stranger = await seed.world();
    const isMember = async (userId: string) =>
      (
        await db.db
          .select()
          .from(schema.tenantMembers)
          .where(and(eq(schema.tenantMembers.tenantId, w.tenant.id), eq(schema.tenantMembers.userId, userId)))
      ).length === 1;

    const foreign = await gql(servers.tenant, stranger.owner, REMOVE, { t: w.tenant.id, u: target.id });
    const missing = await gql(servers.tenant, stranger.owner, REMOVE, { t: randomUUID(), u: target.id });
    expect(errorOf(foreign)).toEqual({ code: 'NOT_FOUND', message: NOT_FOUND.tenant, field: undefined });
    expect(errorOf(foreign)).toEqual(errorOf(missing));
    expect(foreign.data).toBeNull();
    expect(foreign.raw).not.toContain('Fabrikam');

    for (const [role, user] of Object.entries(people)) {
      const res = await gql(servers.tenant, user, REMOVE, { t: w.tenant.id, u: target.id });
      expect(errorOf(res), role).toEqual({
        code: 'FORBIDDEN',
        message: 'Your role on this tenant does not include tenant.members.manage.',
        field: undefined,
      });
      // Not even themselves: leaving a tenant is a member change too.
      const self = await gql(servers.tenant, user, REMOVE, { t: w.tenant.id, u: user.id });
      expect(errorOf(self).code, `${role} removing themselves`).toBe('FORBIDDEN');
      expect(await isMember(user.id), role).toBe(true);
    }
    expect(await isMember(target.id)).toBe(true);

    const removed = await gql(servers.tenant, w.owner, REMOVE, { t: w.tenant.id, u: target.id });
    expect(removed.errors).toBeUndefined();
    expect(removed.data!.removeTenantMember).toEqual({ id: w.tenant.id, myRole: 'OWNER' });
    expect(await isMember(target.id)).toBe(false);
    expect(await isMember(people.MANAGER.id)).toBe(true);
  });
});
