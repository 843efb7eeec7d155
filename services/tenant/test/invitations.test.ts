// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The life of an invitation: it expires (TENANT_INVITATION_TTL, 14 days by default) and an expired
 * one never binds at sign-in; inviting the same email again refreshes it; `Tenant.invitations`
 * lists them for those who manage members; `revokeTenantInvitation` stops one binding, is
 * idempotent, refuses an accepted one (CONFLICT, nothing written) and is audited. Real PostgreSQL
 * and servers over HTTP with real development tokens.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { signDevelopmentToken } from '@msp/auth';
import { schema } from '@msp/db';
import { NOT_FOUND } from '@msp/gate';
import { loadTenantEnv } from '@msp/tenant';
import { auth } from '@msp/tests/support/action-hosts';
import { describe, expect } from '@msp/tests/support/fixtures';
import { and, eq, sql } from 'drizzle-orm';
import { DEFAULT_INVITATION_TTL_SECONDS, inviteTenantMember } from '../src/service/people';
import { errorOf, gql, test } from './helpers';

const FIELDS = 'id email role status invitedAt expiresAt acceptedAt revokedAt';
const INVITE = `mutation I($t: ID!, $e: String!, $r: TenantRole!) {
  inviteTenantMember(tenantId: $t, email: $e, role: $r) { ${FIELDS} }
}`;
const REVOKE = `mutation R($id: ID!) { revokeTenantInvitation(id: $id) { ${FIELDS} } }`;
const LIST = `query L($t: ID!, $s: TenantInvitationStatus) { tenant(id: $t) { invitations(status: $s) { ${FIELDS} } } }`;
const MY_TENANTS = '{ myTenants { id myRole } }';

/** A request as someone signing in with `email`, verified by the identity provider. */
async function signIn(url: string, email: string, query = MY_TENANTS): Promise<{ data: any; errors?: any[] }> {
  const subject = `new-${randomBytes(6).toString('hex')}`;
  const token = await signDevelopmentToken(auth.jwtSecret, subject, { email, emailVerified: true });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return res.json() as Promise<{ data: any; errors?: any[] }>;
}

const DAY_MS = 86_400_000;

describe('invitations expire', () => {
  test('an invitation is open for 14 days by default; TENANT_INVITATION_TTL changes that', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const invited = await gql(servers.tenant, w.owner, INVITE, {
      t: w.tenant.id,
      e: 'ttl@example.test',
      r: 'READONLY',
    });
    expect(invited.errors).toBeUndefined();
    const inv = invited.data!.inviteTenantMember;
    expect(inv.status).toBe('PENDING');
    expect(Date.parse(inv.expiresAt) - Date.parse(inv.invitedAt)).toBe(14 * DAY_MS);
    expect(DEFAULT_INVITATION_TTL_SECONDS).toBe(14 * 86_400);

    // The setting: a duration, parsed once by the tenant subgraph's env module.
    expect(loadTenantEnv({}).TENANT_INVITATION_TTL).toBe(14 * 86_400);
    expect(loadTenantEnv({ TENANT_INVITATION_TTL: '3d' }).TENANT_INVITATION_TTL).toBe(3 * 86_400);
    expect(() => loadTenantEnv({ TENANT_INVITATION_TTL: 'soon' })).toThrow('TENANT_INVITATION_TTL must be a duration');
    // What the subgraph passes to the service: the invitation expires that long after it is sent.
    const short = await inviteTenantMember(
      db.db,
      { userId: w.owner.id },
      { tenantId: w.tenant.id, email: 'short@example.test', role: 'READONLY' },
      { ttlSeconds: 3600 },
    );
    if (!short.ok) throw new Error(short.error.message);
    expect(short.value.expiresAt.getTime() - short.value.invitedAt.getTime()).toBe(3_600_000);
  });

  test('an expired invitation binds nothing at sign-in; inviting again refreshes it (new expiry, new role), and then it binds', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const email = 'late@example.test';
    const first = await gql(servers.tenant, w.owner, INVITE, { t: w.tenant.id, e: email, r: 'READONLY' });
    const id = first.data!.inviteTenantMember.id;
    // Three weeks pass.
    const i = schema.tenantInvitations;
    await db.db
      .update(i)
      .set({ createdAt: sql`now() - interval '21 days'`, expiresAt: sql`now() - interval '7 days'` })
      .where(eq(i.id, id));
    const listed = await gql(servers.tenant, w.owner, LIST, { t: w.tenant.id });
    expect(listed.data!.tenant.invitations).toMatchObject([{ id, status: 'EXPIRED', acceptedAt: null }]);

    const tooLate = await signIn(servers.tenant.url, email);
    expect(tooLate.errors).toBeUndefined();
    expect(tooLate.data.myTenants).toEqual([]);
    const [stillOpen] = await db.db.select().from(i).where(eq(i.id, id));
    expect(stillOpen).toMatchObject({ acceptedAt: null, acceptedBy: null });

    // Inviting the same email again: the same invitation, re-opened with the new role.
    const again = await gql(servers.tenant, w.owner, INVITE, { t: w.tenant.id, e: email, r: 'OPERATOR' });
    expect(again.errors).toBeUndefined();
    const refreshed = again.data!.inviteTenantMember;
    expect(refreshed).toMatchObject({ id, role: 'OPERATOR', status: 'PENDING' });
    expect(Date.parse(refreshed.expiresAt)).toBeGreaterThan(Date.now() + 13 * DAY_MS);
    expect(await db.db.select().from(i).where(eq(i.tenantId, w.tenant.id))).toHaveLength(1);

    const inTime = await signIn(servers.tenant.url, email);
    expect(inTime.data.myTenants).toEqual([{ id: w.tenant.id, myRole: 'OPERATOR' }]);
    const invites = await db.db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.tenantId, w.tenant.id), eq(schema.auditEvents.action, 'tenant.members.invite')));
    expect(invites.map((e) => (e.detail as any).role).sort()).toEqual(['OPERATOR', 'READONLY']);
  });

  test('re-inviting a pending invitation refreshes its expiry and role', async ({ servers, seed, db }) => {
    const w = await seed.world();
    const first = await gql(servers.tenant, w.owner, INVITE, {
      t: w.tenant.id,
      e: 'again@example.test',
      r: 'READONLY',
    });
    const id = first.data!.inviteTenantMember.id;
    const i = schema.tenantInvitations;
    // Sent ten days ago: four days left.
    await db.db
      .update(i)
      .set({ createdAt: sql`now() - interval '10 days'`, expiresAt: sql`now() + interval '4 days'` })
      .where(eq(i.id, id));
    const again = await gql(servers.tenant, w.owner, INVITE, { t: w.tenant.id, e: 'again@example.test', r: 'MANAGER' });
    expect(again.data!.inviteTenantMember).toMatchObject({ id, role: 'MANAGER', status: 'PENDING' });
    expect(Date.parse(again.data!.inviteTenantMember.expiresAt)).toBeGreaterThan(Date.now() + 13 * DAY_MS);
  });
});

describe('listing invitations', () => {
  test('an OWNER lists every invitation with its status, or those of one status; other members are FORBIDDEN, strangers NOT_FOUND', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const manager = await seed.user();
    await seed.member(w.tenant.id, manager.id, 'MANAGER');
    const reader = await seed.user();
    await seed.member(w.tenant.id, reader.id, 'READONLY');
    const stranger = await seed.user();
    const invite = async (e: string) =>
      (await gql(servers.tenant, w.owner, INVITE, { t: w.tenant.id, e, r: 'READONLY' })).data!.inviteTenantMember.id;
    const pending = await invite('pending@example.test');
    const accepted = await invite('accepted@example.test');
    const expired = await invite('expired@example.test');
    const revoked = await invite('revoked@example.test');
    await signIn(servers.tenant.url, 'accepted@example.test');
    await db.db
      .update(schema.tenantInvitations)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(schema.tenantInvitations.id, expired));
    expect((await gql(servers.tenant, w.owner, REVOKE, { id: revoked })).errors).toBeUndefined();
    // Another tenant's invitation is not listed here.
    const other = await seed.tenant(w.owner.id, { workspaceId: w.workspaceId });
    await gql(servers.tenant, w.owner, INVITE, { t: other.id, e: 'elsewhere@example.test', r: 'READONLY' });

    const all = await gql(servers.tenant, w.owner, LIST, { t: w.tenant.id });
    expect(all.errors).toBeUndefined();
    const statuses = Object.fromEntries(all.data!.tenant.invitations.map((x: any) => [x.id, x.status]));
    expect(statuses).toEqual({
      [pending]: 'PENDING',
      [accepted]: 'ACCEPTED',
      [expired]: 'EXPIRED',
      [revoked]: 'REVOKED',
    });
    for (const [status, id] of [
      ['PENDING', pending],
      ['ACCEPTED', accepted],
      ['EXPIRED', expired],
      ['REVOKED', revoked],
    ] as const) {
      const one = await gql(servers.tenant, w.owner, LIST, { t: w.tenant.id, s: status });
      expect(one.data!.tenant.invitations.map((x: any) => x.id)).toEqual([id]);
    }

    for (const member of [manager, reader]) {
      const error = errorOf(await gql(servers.tenant, member, LIST, { t: w.tenant.id }));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toContain('tenant.members.manage');
    }
    const outsider = errorOf(await gql(servers.tenant, stranger, LIST, { t: w.tenant.id }));
    expect(outsider).toMatchObject({ code: 'NOT_FOUND', message: NOT_FOUND.tenant });
  });
});

describe('revoking invitations', () => {
  test('a revoked invitation never binds; revoking twice answers it unchanged and records once; the email may be invited anew', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const email = 'wrong@example.test';
    const id = (await gql(servers.tenant, w.owner, INVITE, { t: w.tenant.id, e: email, r: 'MANAGER' })).data!
      .inviteTenantMember.id;
    const revoked = await gql(servers.tenant, w.owner, REVOKE, { id });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeTenantInvitation).toMatchObject({ id, status: 'REVOKED', acceptedAt: null });
    expect(revoked.data!.revokeTenantInvitation.revokedAt).toEqual(expect.any(String));

    const twice = await gql(servers.tenant, w.owner, REVOKE, { id });
    expect(twice.errors).toBeUndefined();
    expect(twice.data!.revokeTenantInvitation).toEqual(revoked.data!.revokeTenantInvitation);

    const signedIn = await signIn(servers.tenant.url, email);
    expect(signedIn.data.myTenants).toEqual([]);
    const [row] = await db.db.select().from(schema.tenantInvitations).where(eq(schema.tenantInvitations.id, id));
    expect(row).toMatchObject({ acceptedAt: null, revokedBy: w.owner.id });

    const audit = await db.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.tenantId, w.tenant.id));
    expect(audit.filter((e) => e.action === 'tenant.invitations.revoke')).toMatchObject([
      {
        actorId: w.owner.id,
        workspaceId: w.workspaceId,
        targetType: 'tenant_invitation',
        targetId: id,
        detail: { email, role: 'MANAGER', wasExpired: false },
      },
    ]);
    expect(audit.filter((e) => e.action === 'tenant.members.invite_accepted')).toEqual([]);

    // Inviting the address again is a new invitation; the revoked one stays revoked.
    const anew = await gql(servers.tenant, w.owner, INVITE, { t: w.tenant.id, e: email, r: 'READONLY' });
    expect(anew.data!.inviteTenantMember).toMatchObject({ status: 'PENDING', role: 'READONLY' });
    expect(anew.data!.inviteTenantMember.id).not.toBe(id);
    const later = await signIn(servers.tenant.url, email);
    expect(later.data.myTenants).toEqual([{ id: w.tenant.id, myRole: 'READONLY' }]);
    const [still] = await db.db.select().from(schema.tenantInvitations).where(eq(schema.tenantInvitations.id, id));
    expect(still).toMatchObject({ acceptedAt: null, revokedAt: row!.revokedAt });
  });

  test('an expired invitation may be revoked', async ({ servers, seed, db }) => {
    const w = await seed.world();
    const id = (await gql(servers.tenant, w.owner, INVITE, { t: w.tenant.id, e: 'old@example.test', r: 'READONLY' }))
      .data!.inviteTenantMember.id;
    await db.db
      .update(schema.tenantInvitations)
      .set({ expiresAt: sql`now() - interval '1 day'` })
      .where(eq(schema.tenantInvitations.id, id));
    const revoked = await gql(servers.tenant, w.owner, REVOKE, { id });
    expect(revoked.data!.revokeTenantInvitation.status).toBe('REVOKED');
    const [event] = await db.db
      .select()
      .from(schema.auditEvents)
      .where(
        and(eq(schema.auditEvents.tenantId, w.tenant.id), eq(schema.auditEvents.action, 'tenant.invitations.revoke')),
      );
    expect(event!.detail).toMatchObject({ wasExpired: true });
  });

  test('revoking an accepted invitation is CONFLICT; refusals (other members, strangers, bad ids) are coded and write nothing', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const manager = await seed.user();
    await seed.member(w.tenant.id, manager.id, 'MANAGER');
    const stranger = await seed.user();
    const accepted = (
      await gql(servers.tenant, w.owner, INVITE, { t: w.tenant.id, e: 'joined@example.test', r: 'OPERATOR' })
    ).data!.inviteTenantMember.id;
    await signIn(servers.tenant.url, 'joined@example.test');
    const pending = (
      await gql(servers.tenant, w.owner, INVITE, { t: w.tenant.id, e: 'open@example.test', r: 'OPERATOR' })
    ).data!.inviteTenantMember.id;

    const snapshot = async () => ({
      invitations: await db.db.select().from(schema.tenantInvitations).orderBy(schema.tenantInvitations.id),
      audit: (await db.db.select().from(schema.auditEvents)).length,
      members: (await db.db.select().from(schema.tenantMembers)).length,
    });
    const before = await snapshot();

    const conflict = errorOf(await gql(servers.tenant, w.owner, REVOKE, { id: accepted }));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toContain('removeTenantMember');
    const cases: Array<[{ subject: string }, string, string, string | undefined]> = [
      [manager, pending, 'FORBIDDEN', undefined],
      [stranger, pending, 'NOT_FOUND', NOT_FOUND.tenantInvitation],
      [w.owner, randomUUID(), 'NOT_FOUND', NOT_FOUND.tenantInvitation],
      [w.owner, 'nope', 'BAD_USER_INPUT', undefined],
    ];
    for (const [user, id, code, message] of cases) {
      const error = errorOf(await gql(servers.tenant, user, REVOKE, { id }));
      expect({ id, code: error.code }).toEqual({ id, code });
      if (message) expect(error.message).toBe(message);
      if (code === 'BAD_USER_INPUT') expect(error.field).toBe('id');
    }
    expect(await snapshot()).toEqual(before);
  });
});
