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
  ok,
  parseInput,
  type Result,
  recordChange,
  TENANT_ROLES,
  type TenantRole,
  type WorkspaceRole,
  workspaceRoleCan,
} from '@msp/gate';
import { asc, eq, inArray, sql } from 'drizzle-orm';
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

export interface TenantInvitationModel {
  id: string;
  tenantId: string;
  email: string;
  role: TenantRole;
  acceptedAt: Date | null;
}

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
 * `tenant.members.invite` (OWNER): invites `email` to the tenant as `role`. The invitation binds
 * when someone first signs in with that email verified (@msp/auth). Inviting an email with a
 * pending invitation updates its role. A role whose capabilities the inviter does not all hold
 * is FORBIDDEN. Nothing is written on a refusal; the invitation and its audit record commit
 * together.
 */
export async function inviteTenantMember(
  db: Database,
  actor: Actor,
  input: { tenantId: string; email: string; role: TenantRole },
): Promise<Result<TenantInvitationModel>> {
  const access = await authorizeTenant(db, actor, input.tenantId, 'tenant.members.invite');
  if (!access.ok) return access;
  const parsed = parseInput(inviteSchema, input);
  if (!parsed.ok) return parsed;
  const { email, role } = parsed.value;
  const held = new Set(capabilitiesOf(access.value.role));
  if (!capabilitiesOf(role).every((c) => held.has(c))) return fail('FORBIDDEN', ROLE_ABOVE_INVITER, 'role');
  const i = schema.tenantInvitations;
  const invitation = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(i)
      .values({ tenantId: input.tenantId, email, role, invitedBy: actor.userId })
      .onConflictDoUpdate({
        target: [i.tenantId, i.email],
        targetWhere: sql`${i.acceptedAt} is null`,
        set: { role, invitedBy: actor.userId, createdAt: sql`now()` },
      })
      .returning({ id: i.id, tenantId: i.tenantId, email: i.email, role: i.role, acceptedAt: i.acceptedAt });
    await recordChange(tx, actor, {
      action: 'tenant.members.invite',
      scope: access.value,
      target: { type: 'tenant_invitation', id: row!.id },
      detail: { email, role },
    });
    return row!;
  });
  return ok(invitation);
}
