/**
 * People: who is a member of a tenant or a workspace, and invitations to a tenant by email.
 * Listings are batched (one query per tick for any number of tenants or workspaces); the
 * invitation is authorized through the registry (`tenant.members.invite`, OWNER) and may not
 * grant a role whose capabilities the inviter does not hold.
 */
import { type Database, schema } from '@msp/db';
import {
  type Actor,
  authorizeTenant,
  capabilitiesOf,
  fail,
  NOT_FOUND,
  ok,
  parseInput,
  type Result,
  recordChange,
  TENANT_ROLES,
  type TenantRole,
  type WorkspaceRole,
  workspaceRoleCan,
} from '@msp/gate';
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { UserModel } from '../model';

export interface TenantMemberModel {
  tenantId: string;
  role: TenantRole;
  user: UserModel;
}

export interface WorkspaceMemberModel {
  workspaceId: string;
  role: WorkspaceRole;
  user: UserModel;
}

export const INVITATION_STATUSES = ['PENDING', 'ACCEPTED', 'EXPIRED', 'REVOKED'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface TenantInvitationModel {
  id: string;
  tenantId: string;
  email: string;
  role: TenantRole;
  status: InvitationStatus;
  invitedAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * How long an invitation stays open unless TENANT_INVITATION_TTL says otherwise: two weeks covers
 * an invitee's holiday, and a forgotten invitation stops binding on its own.
 */
export const DEFAULT_INVITATION_TTL_SECONDS = 14 * 86_400;

const i = schema.tenantInvitations;

/**
 * An invitation's status, decided by the database clock (the same clock the binding at sign-in
 * compares `expires_at` with): revoked and accepted are final; an open one is EXPIRED from
 * `expires_at` on.
 */
const invitationStatus = sql<InvitationStatus>`case
  when ${i.revokedAt} is not null then 'REVOKED'
  when ${i.acceptedAt} is not null then 'ACCEPTED'
  when ${i.expiresAt} <= now() then 'EXPIRED'
  else 'PENDING' end`;

const invitationColumns = {
  id: i.id,
  tenantId: i.tenantId,
  email: i.email,
  role: i.role,
  status: invitationStatus,
  invitedAt: i.createdAt,
  expiresAt: i.expiresAt,
  acceptedAt: i.acceptedAt,
  revokedAt: i.revokedAt,
};

const u = schema.users;
const userColumns = { id: u.id, email: u.email, displayName: u.displayName, apiClientId: schema.apiClients.id };

/**
 * The members of tenants the caller may already see (the `Tenant` was authorized when loaded),
 * by role then name, one query for all of them.
 */
export async function membersOfTenants(db: Database, tenantIds: readonly string[]): Promise<TenantMemberModel[][]> {
  const m = schema.tenantMembers;
  const rows =
    tenantIds.length === 0
      ? []
      : await db
          .select({ tenantId: m.tenantId, role: m.role, user: userColumns })
          .from(m)
          .innerJoin(u, eq(u.id, m.userId))
          .leftJoin(schema.apiClients, eq(schema.apiClients.userId, u.id))
          .where(inArray(m.tenantId, [...tenantIds]))
          .orderBy(
            // The enum's order: OWNER, MANAGER, OPERATOR, READONLY.
            asc(m.role),
            asc(u.displayName),
            asc(u.id),
          );
  return tenantIds.map((id) => rows.filter((r) => r.tenantId === id));
}

export const WORKSPACE_MEMBERS_FORBIDDEN =
  'Only members of the workspace see its members (capability workspace.view); members of one of its tenants see that tenant’s members.';

/**
 * The members of workspaces, for callers who are members of each (`workspace.members.view`): a
 * tenant-only member sees the workspace but not its people (FORBIDDEN). One query for all.
 */
export async function membersOfWorkspaces(
  db: Database,
  actor: Actor,
  workspaceIds: readonly string[],
): Promise<Result<WorkspaceMemberModel[]>[]> {
  const wm = schema.workspaceMembers;
  const rows =
    workspaceIds.length === 0
      ? []
      : await db
          .select({ workspaceId: wm.workspaceId, role: wm.role, user: userColumns })
          .from(wm)
          .innerJoin(u, eq(u.id, wm.userId))
          .leftJoin(schema.apiClients, eq(schema.apiClients.userId, u.id))
          .where(inArray(wm.workspaceId, [...workspaceIds]))
          .orderBy(asc(wm.role), asc(u.displayName), asc(u.id));
  return workspaceIds.map((id) => {
    const members = rows.filter((r) => r.workspaceId === id);
    const mine = members.find((r) => r.user.id === actor.userId);
    if (!mine || !workspaceRoleCan(mine.role, 'workspace.members.view')) {
      return fail('FORBIDDEN', WORKSPACE_MEMBERS_FORBIDDEN);
    }
    return ok(members);
  });
}

export const ROLE_ABOVE_INVITER = 'You cannot invite someone to a role with capabilities you do not hold yourself.';

const inviteSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254, { message: 'must be at most 254 characters' })
    .email({ message: 'must be an email address' })
    .transform((e) => e.toLowerCase()),
  role: z.enum(TENANT_ROLES),
});

/**
 * `tenant.members.invite` (OWNER): invites `email` to the tenant as `role`, open for `ttlSeconds`.
 * The invitation binds when someone first signs in with that email verified (@msp/auth) before it
 * expires. Inviting an email with an open invitation (pending or expired, neither accepted nor
 * revoked) refreshes it: the new role, inviter and expiry. A role whose capabilities the inviter
 * does not all hold is FORBIDDEN. Nothing is written on a refusal; the invitation and its audit
 * record commit together.
 */
export async function inviteTenantMember(
  db: Database,
  actor: Actor,
  input: { tenantId: string; email: string; role: TenantRole },
  options: { ttlSeconds: number },
): Promise<Result<TenantInvitationModel>> {
  const access = await authorizeTenant(db, actor, input.tenantId, 'tenant.members.invite');
  if (!access.ok) return access;
  const parsed = parseInput(inviteSchema, input);
  if (!parsed.ok) return parsed;
  const { email, role } = parsed.value;
  const held = new Set(capabilitiesOf(access.value.role));
  if (!capabilitiesOf(role).every((c) => held.has(c))) return fail('FORBIDDEN', ROLE_ABOVE_INVITER, 'role');
  const expiresAt = sql`now() + make_interval(secs => ${options.ttlSeconds})`;
  const invitation = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(i)
      .values({ tenantId: input.tenantId, email, role, invitedBy: actor.userId, expiresAt })
      .onConflictDoUpdate({
        target: [i.tenantId, i.email],
        targetWhere: sql`${i.acceptedAt} is null and ${i.revokedAt} is null`,
        set: { role, invitedBy: actor.userId, createdAt: sql`now()`, expiresAt },
      })
      .returning(invitationColumns);
    await recordChange(tx, actor, {
      action: 'tenant.members.invite',
      scope: access.value,
      target: { type: 'tenant_invitation', id: row!.id },
      detail: { email, role, expiresAt: row!.expiresAt.toISOString() },
    });
    return row!;
  });
  return ok(invitation);
}

/**
 * The invitations of tenants the caller may already see them on (authorized by the resolver
 * through the registry, `tenant.invitations.view`), newest first, one query for all of them.
 */
export async function invitationsOfTenants(
  db: Database,
  tenantIds: readonly string[],
): Promise<TenantInvitationModel[][]> {
  const rows =
    tenantIds.length === 0
      ? []
      : await db
          .select(invitationColumns)
          .from(i)
          .where(inArray(i.tenantId, [...tenantIds]))
          .orderBy(desc(i.createdAt), asc(i.email));
  return tenantIds.map((id) => rows.filter((r) => r.tenantId === id));
}

export const INVITATION_ACCEPTED =
  'This invitation was accepted: its invitee is a member now (removeTenantMember removes them).';

/**
 * `tenant.invitations.revoke` (OWNER, as inviting): the invitation never binds afterwards. Revoking
 * a revoked one answers it unchanged and writes nothing; an accepted one is CONFLICT (the invitee
 * is a member: `removeTenantMember`), and writes nothing; an expired one may be revoked. A stranger
 * (or a missing id) gets the invitation's NOT_FOUND, a member without the capability FORBIDDEN.
 * The row is locked while deciding, so a sign-in binding it at the same moment either commits
 * first (CONFLICT here) or sees it revoked (binds nothing). The revocation and its audit record
 * commit together.
 */
export async function revokeTenantInvitation(
  db: Database,
  actor: Actor,
  invitationId: string,
): Promise<Result<TenantInvitationModel>> {
  if (!z.uuid().safeParse(invitationId).success) return fail('BAD_USER_INPUT', 'id must be a UUID.', 'id');
  const [found] = await db.select({ tenantId: i.tenantId }).from(i).where(eq(i.id, invitationId));
  if (!found) return fail('NOT_FOUND', NOT_FOUND.tenantInvitation);
  // The invitation's tenant decides; a non-member gets the invitation's NOT_FOUND, as for a missing id.
  const access = await authorizeTenant(db, actor, found.tenantId, 'tenant.invitations.revoke');
  if (!access.ok) return access.error.code === 'NOT_FOUND' ? fail('NOT_FOUND', NOT_FOUND.tenantInvitation) : access;
  return db.transaction(async (tx): Promise<Result<TenantInvitationModel>> => {
    const [current] = await tx.select(invitationColumns).from(i).where(eq(i.id, invitationId)).for('update');
    if (!current) return fail('NOT_FOUND', NOT_FOUND.tenantInvitation);
    if (current.status === 'REVOKED') return ok(current);
    if (current.status === 'ACCEPTED') return fail('CONFLICT', INVITATION_ACCEPTED);
    const [row] = await tx
      .update(i)
      .set({ revokedAt: sql`now()`, revokedBy: actor.userId })
      .where(eq(i.id, invitationId))
      .returning(invitationColumns);
    await recordChange(tx, actor, {
      action: 'tenant.invitations.revoke',
      scope: access.value,
      target: { type: 'tenant_invitation', id: invitationId },
      detail: { email: current.email, role: current.role, wasExpired: current.status === 'EXPIRED' },
    });
    return ok(row!);
  });
}
