/**
 * Issue 10, item 5 (tenant side): an archive can be undone. `unarchiveTenant` brings an ARCHIVED
 * tenant back as ACTIVE for whoever holds tenant.archive (OWNER); other members get FORBIDDEN, a
 * stranger the NOT_FOUND of a missing id; an ACTIVE tenant is answered unchanged and one being
 * onboarded is a CONFLICT. (The archive a cancelled onboarding makes, undone the same way:
 * services/onboarding/test/authorization.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { NOT_FOUND } from '@msp/gate';
import { describe, expect } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
import { errorOf, gql, START_RESULT, test } from './helpers';

const ARCHIVE = 'mutation A($t: ID!) { archiveTenant(tenantId: $t) { id status } }';
const UNARCHIVE = 'mutation U($t: ID!) { unarchiveTenant(tenantId: $t) { id status myRole } }';
const START = `mutation S($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { ...Start } } ${START_RESULT}`;

describe('unarchiveTenant', () => {
  test('the OWNER archives, starts are BLOCKED; unarchiving makes the tenant ACTIVE and its starts admitted again', async ({
    servers,
    seed,
  }) => {
    const w = await seed.world();
    expect((await gql(servers.tenant, w.owner, ARCHIVE, { t: w.tenant.id })).data!.archiveTenant.status).toBe(
      'ARCHIVED',
    );
    const blocked = (await gql(servers.tenant, w.owner, START, { t: w.tenant.id })).data!.startDirectoryGroupsSync;
    expect(blocked).toMatchObject({ outcome: 'BLOCKED', reasonCode: 'TENANT_NOT_ACTIVE' });

    const restored = await gql(servers.tenant, w.owner, UNARCHIVE, { t: w.tenant.id });
    expect(restored.data!.unarchiveTenant).toEqual({ id: w.tenant.id, status: 'ACTIVE', myRole: 'OWNER' });
    const accepted = (await gql(servers.tenant, w.owner, START, { t: w.tenant.id })).data!.startDirectoryGroupsSync;
    expect(accepted.outcome).toBe('ACCEPTED');

    // Unarchiving an ACTIVE tenant changes nothing and answers it.
    const again = await gql(servers.tenant, w.owner, UNARCHIVE, { t: w.tenant.id });
    expect(again.data!.unarchiveTenant.status).toBe('ACTIVE');
  });

  test('members without tenant.archive get FORBIDDEN, a stranger NOT_FOUND as for a missing id; the tenant stays ARCHIVED', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    await gql(servers.tenant, w.owner, ARCHIVE, { t: w.tenant.id });
    for (const role of ['MANAGER', 'OPERATOR', 'READONLY'] as const) {
      const member = await seed.user();
      await seed.member(w.tenant.id, member.id, role);
      const denied = errorOf(await gql(servers.tenant, member, UNARCHIVE, { t: w.tenant.id }));
      expect({ role, code: denied.code }).toEqual({ role, code: 'FORBIDDEN' });
      expect(denied.message).toMatch(/tenant\.archive/);
    }
    const stranger = await seed.user();
    const hidden = errorOf(await gql(servers.tenant, stranger, UNARCHIVE, { t: w.tenant.id }));
    const missing = errorOf(await gql(servers.tenant, stranger, UNARCHIVE, { t: randomUUID() }));
    expect(hidden).toEqual({ code: 'NOT_FOUND', message: NOT_FOUND.tenant, field: undefined });
    expect(hidden).toEqual(missing);
    const [tenant] = await db.db.select().from(schema.tenants).where(eq(schema.tenants.id, w.tenant.id));
    expect(tenant?.status).toBe('ARCHIVED');
  });

  test('a tenant being onboarded is not archived: CONFLICT, it stays ONBOARDING', async ({ servers, seed, db }) => {
    const w = await seed.world();
    await db.db.update(schema.tenants).set({ status: 'ONBOARDING' }).where(eq(schema.tenants.id, w.tenant.id));
    const conflict = errorOf(await gql(servers.tenant, w.owner, UNARCHIVE, { t: w.tenant.id }));
    expect(conflict).toMatchObject({ code: 'CONFLICT', field: 'tenantId' });
    const [tenant] = await db.db.select().from(schema.tenants).where(eq(schema.tenants.id, w.tenant.id));
    expect(tenant?.status).toBe('ONBOARDING');
  });
});
