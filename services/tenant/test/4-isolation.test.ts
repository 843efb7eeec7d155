/**
 * Acceptance 4 (tenant side; the connection side is in services/provider-connection/test):
 * a tenant the caller is not a member of is NOT_FOUND with the text of a missing id, on the
 * query and entity references; READONLY members get FORBIDDEN on member and archive changes.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { NOT_FOUND } from '@msp/gate';
import { describe, expect } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
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
