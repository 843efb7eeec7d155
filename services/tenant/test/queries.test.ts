/** The tenant pages through HTTP: provisioning, workspaces and tenants, capabilities, directory groups. */
import { schema } from '@msp/db';
import { capabilitiesOf } from '@msp/gate';
import { describe, expect } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
import { gql, test } from './helpers';

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
