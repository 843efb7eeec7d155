// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 16, acceptance 7: invite by email binds on the first sign-in with that verified email; a
 * tenant-only member lists their tenants (`myTenants`); `Tenant.members` and `Workspace.members`;
 * hostile invitations (invalid email, a role above the inviter, a stranger) are coded errors and
 * write nothing. Real PostgreSQL and servers over HTTP with real development tokens.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { signDevelopmentToken } from '@msp/auth';
import { schema } from '@msp/db';
import { NOT_FOUND } from '@msp/gate';
import { auth } from '@msp/tests/support/action-hosts';
import { describe, expect } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
import { errorOf, gql, test } from './helpers';

const INVITE = `mutation I($t: ID!, $e: String!, $r: TenantRole!) {
  inviteTenantMember(tenantId: $t, email: $e, role: $r) { id email role acceptedAt tenant { id } }
}`;
const MY_TENANTS = '{ myTenants { id myRole } workspaces { id } }';

/** A request as someone signing in with `email` (verified by the identity provider unless told otherwise). */
async function signIn(
  url: string,
  subject: string,
  email: string,
  query: string,
  options: { verified?: boolean } = {},
): Promise<{ data: any; errors?: any[] }> {
  const token = await signDevelopmentToken(auth.jwtSecret, subject, { email, emailVerified: options.verified ?? true });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return res.json() as Promise<{ data: any; errors?: any[] }>;
}

const newSubject = () => `new-${randomBytes(6).toString('hex')}`;

describe('inviting people by email', () => {
  test('an invitation binds on the first sign-in with that verified email; the tenant-only member lists their tenants', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const invited = await gql(servers.tenant, w.owner, INVITE, {
      t: w.tenant.id,
      e: ' Nia.Okafor@Example.TEST ',
      r: 'OPERATOR',
    });
    expect(invited.errors).toBeUndefined();
    expect(invited.data!.inviteTenantMember).toMatchObject({
      email: 'nia.okafor@example.test',
      role: 'OPERATOR',
      acceptedAt: null,
      tenant: { id: w.tenant.id },
    });

    // The first sign-in with that email, verified: a member at once, of this tenant only.
    const subject = newSubject();
    const first = await signIn(servers.tenant.url, subject, 'nia.okafor@example.test', MY_TENANTS);
    expect(first.errors).toBeUndefined();
    expect(first.data.myTenants).toEqual([{ id: w.tenant.id, myRole: 'OPERATOR' }]);
    // A tenant-only member: no workspace of their own, yet they find their tenant.
    expect(first.data.workspaces).toEqual([]);

    const [row] = await db.db
      .select()
      .from(schema.tenantInvitations)
      .where(eq(schema.tenantInvitations.id, invited.data!.inviteTenantMember.id));
    const [user] = await db.db.select().from(schema.users).where(eq(schema.users.subject, subject));
    expect(row).toMatchObject({ acceptedBy: user!.id });
    expect(row!.acceptedAt).toBeInstanceOf(Date);
    // Both steps are in the audit log: the invitation (by the owner) and its acceptance.
    const events = await db.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.tenantId, w.tenant.id));
    expect(events.filter((e) => e.action === 'tenant.members.invite')).toMatchObject([
      { actorId: w.owner.id, targetType: 'tenant_invitation', targetId: row!.id, detail: { role: 'OPERATOR' } },
    ]);
    expect(events.filter((e) => e.action === 'tenant.members.invite_accepted')).toMatchObject([
      { actorId: user!.id, targetId: row!.id, workspaceId: w.workspaceId },
    ]);

    // They see the tenant's members (and are one); the workspace's members are not theirs to see.
    const members = await signIn(
      servers.tenant.url,
      subject,
      'nia.okafor@example.test',
      `{ tenant(id: "${w.tenant.id}") { members { user { id } role } } }`,
    );
    expect(members.data.tenant.members).toEqual([
      { user: { id: w.owner.id }, role: 'OWNER' },
      { user: { id: user!.id }, role: 'OPERATOR' },
    ]);
    const workspace = await signIn(
      servers.tenant.url,
      subject,
      'nia.okafor@example.test',
      `{ tenant(id: "${w.tenant.id}") { workspace { id members { role } } } }`,
    );
    expect(workspace.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Bound once: a later sign-in changes nothing.
    const again = await signIn(servers.tenant.url, newSubject(), 'nia.okafor@example.test', MY_TENANTS);
    expect(again.data.myTenants).toEqual([]);
  });

  test('an email the identity provider does not vouch for binds nothing; the invitation stays pending', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const invited = await gql(servers.tenant, w.owner, INVITE, {
      t: w.tenant.id,
      e: 'pending@example.test',
      r: 'READONLY',
    });
    const unverified = await signIn(servers.tenant.url, newSubject(), 'pending@example.test', MY_TENANTS, {
      verified: false,
    });
    expect(unverified.data.myTenants).toEqual([]);
    const [row] = await db.db
      .select()
      .from(schema.tenantInvitations)
      .where(eq(schema.tenantInvitations.id, invited.data!.inviteTenantMember.id));
    expect(row!.acceptedAt).toBeNull();
  });

  test('Workspace.members for the workspace’s members; Tenant.members for any member', async ({ servers, seed }) => {
    const w = await seed.world();
    const reader = await seed.user();
    await seed.member(w.tenant.id, reader.id, 'READONLY');
    const list = await gql(
      servers.tenant,
      w.owner,
      `{ workspaces { id members { user { id } role } } tenant(id: "${w.tenant.id}") { members { user { id } role } } }`,
    );
    if (!list.data) throw new Error(list.raw);
    expect(list.data.workspaces).toEqual([
      { id: w.workspaceId, members: [{ user: { id: w.owner.id }, role: 'OWNER' }] },
    ]);
    expect(list.data.tenant.members).toEqual([
      { user: { id: w.owner.id }, role: 'OWNER' },
      { user: { id: reader.id }, role: 'READONLY' },
    ]);
    const asReader = await gql(servers.tenant, reader, `{ tenant(id: "${w.tenant.id}") { members { role } } }`);
    expect(asReader.data!.tenant.members).toHaveLength(2);
  });

  test('hostile invitations are coded errors and write nothing: invalid email, a role above the inviter, non-owners, strangers', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const manager = await seed.user();
    await seed.member(w.tenant.id, manager.id, 'MANAGER');
    const stranger = await seed.user();
    const count = async () => ({
      invitations: (await db.db.select().from(schema.tenantInvitations)).length,
      audit: (await db.db.select().from(schema.auditEvents)).length,
    });
    const before = await count();
    const cases: Array<[{ subject: string }, Record<string, unknown>, string, string | undefined]> = [
      [w.owner, { t: w.tenant.id, e: 'not-an-email', r: 'OPERATOR' }, 'BAD_USER_INPUT', 'email'],
      [w.owner, { t: w.tenant.id, e: '', r: 'OPERATOR' }, 'BAD_USER_INPUT', 'email'],
      [w.owner, { t: w.tenant.id, e: `${'a'.repeat(250)}@example.test`, r: 'OPERATOR' }, 'BAD_USER_INPUT', 'email'],
      [w.owner, { t: w.tenant.id, e: 'a@b.test\u0000x', r: 'OPERATOR' }, 'BAD_USER_INPUT', undefined],
      [w.owner, { t: 'nope', e: 'a@example.test', r: 'OPERATOR' }, 'BAD_USER_INPUT', 'tenantId'],
      // A MANAGER may not invite at all, let alone to OWNER, a role above their own.
      [manager, { t: w.tenant.id, e: 'boss@example.test', r: 'OWNER' }, 'FORBIDDEN', undefined],
      [manager, { t: w.tenant.id, e: 'peer@example.test', r: 'READONLY' }, 'FORBIDDEN', undefined],
      [stranger, { t: w.tenant.id, e: 'x@example.test', r: 'READONLY' }, 'NOT_FOUND', undefined],
    ];
    for (const [user, vars, code, field] of cases) {
      const error = errorOf(await gql(servers.tenant, user, INVITE, vars));
      expect({ vars, code: error.code }).toEqual({ vars, code });
      if (field) expect(error.field).toBe(field);
      if (code === 'NOT_FOUND') expect(error.message).toBe(NOT_FOUND.tenant);
    }
    const badRole = await gql(servers.tenant, w.owner, INVITE, { t: w.tenant.id, e: 'a@example.test', r: 'GOD' });
    expect(errorOf(badRole).code).toBe('BAD_USER_INPUT');
    const missing = errorOf(
      await gql(servers.tenant, w.owner, INVITE, { t: randomUUID(), e: 'a@example.test', r: 'READONLY' }),
    );
    expect(missing.code).toBe('NOT_FOUND');
    expect(await count()).toEqual(before);
  });
});
