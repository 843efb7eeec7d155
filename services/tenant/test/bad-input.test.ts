/**
 * Acceptance 5 (tenant side): malformed GUIDs, empty names, a wrong surface: BAD_USER_INPUT,
 * nothing written.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { describe, expect } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
import { errorOf, gql, START_RESULT, test } from './helpers';

const CREATE_TENANT = /* GraphQL */ `
  mutation C($w: ID!, $name: String!, $entra: String!, $domain: String) {
    createTenant(workspaceId: $w, name: $name, entraTenantId: $entra, primaryDomain: $domain) { id }
  }
`;

describe('createTenant', () => {
  const BAD: Array<[string, Record<string, unknown>, string]> = [
    ['malformed entraTenantId', { entra: 'not-a-guid' }, 'entraTenantId'],
    ['empty name', { name: '' }, 'name'],
    ['blank name', { name: '  ' }, 'name'],
    ['bad primary domain', { domain: 'not a domain' }, 'primaryDomain'],
    ['malformed workspaceId', { w: 'x' }, 'workspaceId'],
  ];
  test.for(BAD)('%s: BAD_USER_INPUT, nothing written', async ([, overrides, field], { servers, seed, db }) => {
    const owner = await seed.user();
    const ws = await seed.workspace(owner.id);
    const res = await gql(servers.tenant, owner, CREATE_TENANT, {
      w: ws.id,
      name: 'Contoso',
      entra: randomUUID(),
      domain: 'contoso.com',
      ...overrides,
    });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await db.db.select().from(schema.tenants).where(eq(schema.tenants.workspaceId, ws.id))).toHaveLength(0);
  });

  test('createWorkspace with an empty name: BAD_USER_INPUT, nothing written', async ({ servers, seed, db }) => {
    const user = await seed.user();
    const res = await gql(servers.tenant, user, 'mutation { createWorkspace(name: "") { id } }');
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(await db.db.select().from(schema.workspaces).where(eq(schema.workspaces.createdBy, user.id))).toHaveLength(
      0,
    );
  });
});

describe('start surfaces', () => {
  const WRONG: Array<[string, string]> = [
    ['startDirectoryGroupsSync', 'RBAC'],
    ['startRoleDefinitionsSync', 'DIRECTORY'],
    ['startDirectoryGroupsSync', 'RESTORE'],
  ];
  test.for(WRONG)(
    '%s from surface %s: BAD_USER_INPUT, nothing recorded',
    async ([mutation, surface], { servers, seed, db }) => {
      const w = await seed.world();
      const res = await gql(
        servers.tenant,
        w.owner,
        `mutation M($t: ID!) { ${mutation}(tenantId: $t, surface: ${surface}) { ...Start } } ${START_RESULT}`,
        { t: w.tenant.id },
      );
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'surface' });
      expect(
        await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.tenantId, w.tenant.id)),
      ).toHaveLength(0);
    },
  );

  test('a malformed providerConnectionId: BAD_USER_INPUT', async ({ servers, seed }) => {
    const w = await seed.world();
    const res = await gql(
      servers.tenant,
      w.owner,
      `mutation M($t: ID!) { startPolicyBackup(tenantId: $t, providerConnectionId: "nope") { ...Start } } ${START_RESULT}`,
      { t: w.tenant.id },
    );
    expect(errorOf(res).code).toBe('BAD_USER_INPUT');
  });
});

describe('removeTenantMember', () => {
  const BAD: Array<[string, { t?: string; u?: string }, string]> = [
    ['malformed tenantId', { t: 'not-a-guid' }, 'tenantId'],
    ['malformed userId', { u: 'not-a-guid' }, 'userId'],
    ['empty userId', { u: '' }, 'userId'],
  ];
  test.for(BAD)(
    '%s: BAD_USER_INPUT naming the field, nothing removed',
    async ([, overrides, field], { servers, seed, db }) => {
      const w = await seed.world();
      const member = await seed.user();
      await seed.member(w.tenant.id, member.id, 'OPERATOR');
      const res = await gql(
        servers.tenant,
        w.owner,
        'mutation R($t: ID!, $u: ID!) { removeTenantMember(tenantId: $t, userId: $u) { id } }',
        { t: w.tenant.id, u: member.id, ...overrides },
      );
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(
        await db.db.select().from(schema.tenantMembers).where(eq(schema.tenantMembers.tenantId, w.tenant.id)),
      ).toHaveLength(2);
    },
  );
});
