/**
 * Workspaces, tenants and their members. Every function authorizes first (through the capability
 * registry in @msp/gate), validates with zod, then touches storage. A tenant the caller is not a
 * member of is exactly the NOT_FOUND of a missing id.
 */
import { type Database, type DbOrTx, schema } from '@msp/db';
import {
  type Actor,
  authorizeTenant,
  authorizeWorkspace,
  decideTenantAccess,
  fail,
  loadTenantScoped,
  NOT_FOUND,
  ok,
  parseInput,
  type Result,
  recordChange,
  TENANT_KEEPER_CAPABILITY,
  TENANT_ROLES,
  type TenantAction,
  type TenantRole,
  tenantRolesWith,
  uuid,
  type WorkspaceRole,
} from '@msp/gate';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantModel, WorkspaceModel } from '../model';
import type { AccessEvents } from './access-events';
import { grantNewTenantToClients, isApiClientPrincipal } from './api-clients';
import { USER_NOT_FOUND } from './users';

const t = schema.tenants;
const m = schema.tenantMembers;
const w = schema.workspaces;
const wm = schema.workspaceMembers;

const tenantColumns = {
  id: t.id,
  workspaceId: t.workspaceId,
  name: t.name,
  entraTenantId: t.entraTenantId,
  primaryDomain: t.primaryDomain,
  status: t.status,
};

const name = z.string().trim().min(1, { message: 'must not be empty' }).max(200, {
  message: 'must be at most 200 characters',
});

/** Tenants by id for one caller, in ONE query (`tenant.view` decided by the registry). */
export function loadTenants(db: Database, actor: Actor, ids: readonly string[]): Promise<Result<TenantModel>[]> {
  return loadTenantScoped(db, actor, ids, {
    table: t,
    id: t.id,
    tenantId: t.id,
    fields: { ...tenantColumns, role: m.role },
    action: 'tenant.view',
    notFound: NOT_FOUND.tenant,
    malformedId: 'BAD_USER_INPUT',
  });
}

/**
 * Workspaces by id: visible to its members, and to members of one of its tenants (a tenant page
 * shows the workspace it belongs to).
 */
export async function loadWorkspaces(
  db: Database,
  actor: Actor,
  ids: readonly string[],
): Promise<Result<WorkspaceModel>[]> {
  const valid = [...new Set(ids.filter((id) => uuid.safeParse(id).success))];
  const rows =
    valid.length === 0
      ? []
      : await db
          .select({ id: w.id, name: w.name })
          .from(w)
          .where(
            sql`${inArray(w.id, valid)} and (
              exists (select 1 from workspace_members x where x.workspace_id = ${w.id} and x.user_id = ${actor.userId})
              or exists (select 1 from tenants y join tenant_members z on z.tenant_id = y.id
                         where y.workspace_id = ${w.id} and z.user_id = ${actor.userId}))`,
          );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    return row ? ok(row) : fail('NOT_FOUND', NOT_FOUND.workspace);
  });
}

/**
 * The caller's role in each workspace (null: not a member of it, e.g. a member of one of its
 * tenants only), in one query (DataLoader batch), for `Workspace.viewerCapabilities`. Workspaces
 * the caller may not see never get here: the field's parent was authorized by `loadWorkspaces`.
 */
export async function workspaceRolesOf(
  db: Database,
  actor: Actor,
  workspaceIds: readonly string[],
): Promise<(WorkspaceRole | null)[]> {
  const rows =
    workspaceIds.length === 0
      ? []
      : await db
          .select({ workspaceId: wm.workspaceId, role: wm.role })
          .from(wm)
          .where(and(inArray(wm.workspaceId, [...workspaceIds]), eq(wm.userId, actor.userId)));
  const byId = new Map(rows.map((r) => [r.workspaceId, r.role]));
  return workspaceIds.map((id) => byId.get(id) ?? null);
}

/** The workspaces the caller is a member of, oldest first. */
export async function listWorkspaces(db: Database, actor: Actor): Promise<WorkspaceModel[]> {
  return db
    .select({ id: w.id, name: w.name })
    .from(w)
    .innerJoin(wm, and(eq(wm.workspaceId, w.id), eq(wm.userId, actor.userId)))
    .orderBy(asc(w.createdAt), asc(w.id));
}

/** The tenants of several workspaces the caller is a member of, in one query (DataLoader batch). */
export async function tenantsOfWorkspaces(
  db: Database,
  actor: Actor,
  workspaceIds: readonly string[],
): Promise<TenantModel[][]> {
  const rows =
    workspaceIds.length === 0
      ? []
      : await db
          .select({ ...tenantColumns, role: m.role })
          .from(t)
          .innerJoin(m, and(eq(m.tenantId, t.id), eq(m.userId, actor.userId)))
          .where(inArray(t.workspaceId, [...workspaceIds]))
          .orderBy(asc(t.name), asc(t.id));
  return workspaceIds.map((id) => rows.filter((r) => r.workspaceId === id));
}

/**
 * Every tenant the caller is a member of, in any workspace: membership of the tenant is what
 * counts (a tenant-only member is not a member of its workspace, and `workspaces` lists none for
 * them). Archived tenants included, as `tenant(id)` answers them. By name, then creation, then
 * id: tenants of one name keep their order in two databases seeded alike (the fast-path
 * differential test compares two stacks whose new tenants have different random ids).
 */
export async function listMyTenants(db: Database, actor: Actor): Promise<TenantModel[]> {
  return db
    .select({ ...tenantColumns, role: m.role })
    .from(t)
    .innerJoin(m, and(eq(m.tenantId, t.id), eq(m.userId, actor.userId)))
    .orderBy(asc(t.name), asc(t.createdAt), asc(t.id));
}

export async function createWorkspace(db: Database, actor: Actor, input: { name: string }) {
  const parsed = parseInput(z.object({ name }), input);
  if (!parsed.ok) return parsed;
  return ok(
    await db.transaction(async (tx) => {
      const [ws] = await tx.insert(w).values({ name: parsed.value.name, createdBy: actor.userId }).returning();
      await tx.insert(wm).values({ workspaceId: ws!.id, userId: actor.userId, role: 'OWNER' });
      await recordChange(tx, actor, {
        action: 'workspace.create',
        scope: { workspaceId: ws!.id },
        target: { type: 'workspace', id: ws!.id },
        detail: { name: ws!.name },
      });
      return { id: ws!.id, name: ws!.name } satisfies WorkspaceModel;
    }),
  );
}

const createTenantSchema = z.object({
  name,
  entraTenantId: uuid,
  primaryDomain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253, { message: 'must be at most 253 characters' })
    .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
      message: 'must be a domain name such as contoso.com',
    })
    .nullish(),
});

/** A tenant creation the caller may make, validated: what `insertTenant` writes. */
export interface TenantDraft {
  workspaceId: string;
  name: string;
  entraTenantId: string;
  primaryDomain: string | null;
}

export interface InsertTenantOptions {
  /**
   * The new tenant's status. Onboarding creates its tenant ONBOARDING, and activates it when the
   * wizard completes.
   * @defaultValue 'ACTIVE'
   */
  status?: 'ACTIVE' | 'ONBOARDING';
}

/**
 * Workspace OWNER only (`workspace.tenants.create`), then validation: the first half of
 * `createTenant`, for a caller that writes the tenant inside its own transaction (`insertTenant`).
 * Call it before opening that transaction: the authorization reads through the pool (@msp/gate
 * takes a `Database`), and a read that waits for a second connection while the transaction holds
 * one can starve a busy pool.
 */
export async function prepareTenant(
  db: Database,
  actor: Actor,
  input: { workspaceId: string; name: string; entraTenantId: string; primaryDomain?: string | null },
): Promise<Result<TenantDraft>> {
  const access = await authorizeWorkspace(db, actor, input.workspaceId, 'tenant.create');
  if (!access.ok) return access;
  const parsed = parseInput(createTenantSchema, input);
  if (!parsed.ok) return parsed;
  const { name: tenantName, entraTenantId, primaryDomain } = parsed.value;
  return ok({ workspaceId: input.workspaceId, name: tenantName, entraTenantId, primaryDomain: primaryDomain ?? null });
}

/**
 * Writes a prepared tenant and its creator as OWNER, together: in a transaction of its own, or a
 * savepoint inside the caller's.
 */
export async function insertTenant(
  db: DbOrTx,
  actor: Actor,
  draft: TenantDraft,
  options: InsertTenantOptions = {},
): Promise<TenantModel> {
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(t)
      .values({ ...draft, status: options.status ?? 'ACTIVE' })
      .returning(tenantColumns);
    await tx.insert(m).values({ tenantId: row!.id, userId: actor.userId, role: 'OWNER' });
    await grantNewTenantToClients(tx, row!.id, draft.workspaceId, actor.userId);
    await recordChange(tx, actor, {
      action: 'tenant.create',
      scope: { tenantId: row!.id, workspaceId: row!.workspaceId },
      target: { type: 'tenant', id: row!.id },
      detail: { name: row!.name, entraTenantId: row!.entraTenantId, status: row!.status },
    });
    return row!;
  });
  return { ...created, role: 'OWNER' };
}

/** Workspace OWNER only (`workspace.tenants.create`); the creator becomes the tenant's OWNER. */
export async function createTenant(
  db: Database,
  actor: Actor,
  input: { workspaceId: string; name: string; entraTenantId: string; primaryDomain?: string | null },
): Promise<Result<TenantModel>> {
  const draft = await prepareTenant(db, actor, input);
  return draft.ok ? ok(await insertTenant(db, actor, draft.value)) : draft;
}

export const MEMBER_NOT_FOUND = 'Member not found.';
export const LAST_OWNER = 'A tenant must keep at least one owner: make another member OWNER before removing this one.';

/** The roles a tenant must keep a member with (those that can manage members: OWNER). */
const KEEPER_ROLES = tenantRolesWith(TENANT_KEEPER_CAPABILITY);

interface LockedMembers {
  /** The tenant, for the caller's view of it. */
  tenant: Omit<TenantModel, 'role'>;
  /** The roles of the users asked about who are members. */
  roles: Map<string, TenantRole>;
  /** Every member holding a keeper role. */
  keepers: string[];
}

/**
 * The first step of every membership change, inside its transaction: locks the tenant row, which
 * serializes the membership changes of one tenant (`FOR NO KEY UPDATE`: runs and other rows that
 * reference the tenant can still be inserted meanwhile), then reads the memberships the decision
 * needs: those of `userIds`, and every keeper's. Null when the tenant is gone.
 *
 * Why a lock and not one conditional DELETE: under READ COMMITTED a `DELETE … WHERE EXISTS
 * (another owner)` evaluates its subquery on a snapshot, so two concurrent removals of the last
 * two owners would each still see the other one and both succeed.
 */
async function lockMembers(tx: DbOrTx, tenantId: string, userIds: string[]): Promise<LockedMembers | null> {
  const [tenant] = await tx.select(tenantColumns).from(t).where(eq(t.id, tenantId)).for('no key update');
  if (!tenant) return null;
  const rows = await tx
    .select({ userId: m.userId, role: m.role })
    .from(m)
    .where(and(eq(m.tenantId, tenantId), or(inArray(m.userId, userIds), inArray(m.role, KEEPER_ROLES))));
  return {
    tenant,
    roles: new Map(rows.filter((r) => userIds.includes(r.userId)).map((r) => [r.userId, r.role])),
    keepers: rows.filter((r) => KEEPER_ROLES.includes(r.role)).map((r) => r.userId),
  };
}

/**
 * The caller's access decided again on the locked rows: the check before the transaction read
 * through the pool, and the caller may have been removed or demoted since.
 */
function decideLocked(locked: LockedMembers | null, actor: Actor, action: TenantAction): Result<TenantModel> {
  if (!locked) return fail('NOT_FOUND', NOT_FOUND.tenant);
  const access = decideTenantAccess(
    {
      tenantId: locked.tenant.id,
      workspaceId: locked.tenant.workspaceId,
      tenantStatus: locked.tenant.status,
      role: locked.roles.get(actor.userId) ?? null,
    },
    action,
  );
  return access.ok ? ok({ ...locked.tenant, role: access.value.role }) : access;
}

/** `tenant.members.manage`: adds a member, or changes the role of an existing one. */
export async function addTenantMember(
  db: Database,
  actor: Actor,
  input: { tenantId: string; userId: string; role: TenantRole },
): Promise<Result<string>> {
  return setTenantMember(db, actor, input, 'add');
}

/**
 * `tenant.members.manage`: changes the role of an existing member (NOT_FOUND when the user is not
 * one). Owners cannot change their own role, so a tenant always keeps an owner.
 */
export async function changeTenantMemberRole(
  db: Database,
  actor: Actor,
  input: { tenantId: string; userId: string; role: TenantRole },
): Promise<Result<string>> {
  return setTenantMember(db, actor, input, 'change');
}

async function setTenantMember(
  db: Database,
  actor: Actor,
  input: { tenantId: string; userId: string; role: TenantRole },
  mode: 'add' | 'change',
): Promise<Result<string>> {
  const action = mode === 'add' ? 'tenant.members.add' : 'tenant.members.change_role';
  const access = await authorizeTenant(db, actor, input.tenantId, action);
  if (!access.ok) return access;
  const parsed = parseInput(z.object({ userId: uuid, role: z.enum(TENANT_ROLES) }), input);
  if (!parsed.ok) return parsed;
  const [user] = await db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.id, parsed.value.userId));
  if (!user) return fail('NOT_FOUND', mode === 'add' ? USER_NOT_FOUND : MEMBER_NOT_FOUND);
  if (await isApiClientPrincipal(db, user.id)) {
    // Its tenants and role are the client's own (createApiClient): never above its ceiling.
    return fail('BAD_USER_INPUT', "An API client's tenants and role are set when it is created.", 'userId');
  }
  if (user.id === actor.userId && parsed.value.role !== access.value.role) {
    // Owners cannot demote themselves here: a tenant must keep the member who can manage members.
    return fail('BAD_USER_INPUT', 'You cannot change your own role.', 'userId');
  }
  return db.transaction(async (tx): Promise<Result<string>> => {
    // Serialized with removals: the caller (a keeper, and not the member changed) is still a
    // member when this commits, so demoting another owner never leaves the tenant without one.
    const members = await lockMembers(tx, input.tenantId, [actor.userId, user.id]);
    const locked = decideLocked(members, actor, action);
    if (!locked.ok) return locked;
    if (!members) return fail('NOT_FOUND', NOT_FOUND.tenant);
    const previousRole = members.roles.get(user.id) ?? null;
    if (mode === 'change' && !previousRole) return fail('NOT_FOUND', MEMBER_NOT_FOUND);
    if (previousRole === parsed.value.role) return ok(input.tenantId);
    await tx
      .insert(m)
      .values({ tenantId: input.tenantId, userId: user.id, role: parsed.value.role })
      .onConflictDoUpdate({ target: [m.tenantId, m.userId], set: { role: parsed.value.role } });
    await recordChange(tx, actor, {
      action: previousRole ? 'tenant.members.change_role' : 'tenant.members.add',
      scope: locked.value,
      target: { type: 'user', id: user.id },
      detail: previousRole ? { role: parsed.value.role, previousRole } : { role: parsed.value.role },
    });
    return ok(input.tenantId);
  });
}

/**
 * `tenant.members.manage`: removes a member. Refused (CONFLICT) when it would leave the tenant
 * without an owner; an owner may remove themselves while another owner remains. After the commit,
 * publishes the access change so that the removed user's live subscriptions end at once.
 *
 * Answers the tenant as the caller sees it afterwards; callers who removed themselves no longer
 * see it, and get it as they saw it just before (their former role): from then on it is NOT_FOUND
 * for them.
 */
export async function removeTenantMember(
  db: Database,
  actor: Actor,
  input: { tenantId: string; userId: string },
  events: AccessEvents,
): Promise<Result<TenantModel>> {
  const access = await authorizeTenant(db, actor, input.tenantId, 'tenant.members.remove');
  if (!access.ok) return access;
  const parsed = parseInput(z.object({ userId: uuid }), input);
  if (!parsed.ok) return parsed;
  const { userId } = parsed.value;
  const removed = await db.transaction(async (tx): Promise<Result<TenantModel>> => {
    const members = await lockMembers(tx, input.tenantId, [actor.userId, userId]);
    const caller = decideLocked(members, actor, 'tenant.members.remove');
    if (!caller.ok || !members) return caller;
    const role = members.roles.get(userId);
    if (!role) return fail('NOT_FOUND', MEMBER_NOT_FOUND);
    if (KEEPER_ROLES.includes(role) && members.keepers.every((id) => id === userId)) {
      return fail('CONFLICT', LAST_OWNER, 'userId');
    }
    await tx.delete(m).where(and(eq(m.tenantId, input.tenantId), eq(m.userId, userId)));
    await recordChange(tx, actor, {
      action: 'tenant.members.remove',
      scope: { tenantId: input.tenantId, workspaceId: caller.value.workspaceId },
      target: { type: 'user', id: userId },
      detail: { role },
    });
    return caller;
  });
  if (!removed.ok) return removed;
  await events.accessChanged({ tenantId: input.tenantId, userId });
  return removed;
}

/**
 * `tenant.archive`: an archived tenant blocks every start (TENANT_NOT_ACTIVE). `unarchiveTenant`
 * undoes it.
 */
export async function archiveTenant(db: Database, actor: Actor, tenantId: string): Promise<Result<string>> {
  const access = await authorizeTenant(db, actor, tenantId, 'tenant.archive');
  if (!access.ok) return access;
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ status: t.status }).from(t).where(eq(t.id, tenantId)).for('no key update');
    await tx.update(t).set({ status: 'ARCHIVED' }).where(eq(t.id, tenantId));
    await recordChange(tx, actor, {
      action: 'tenant.archive',
      scope: access.value,
      target: { type: 'tenant', id: tenantId },
      detail: { previousStatus: before?.status ?? null },
    });
  });
  return ok(tenantId);
}

export const NOT_ARCHIVED_ONBOARDING =
  'This tenant is being onboarded, not archived: complete or cancel its onboarding session.';

/**
 * `tenant.archive` (the same decision as archiving): brings an archived tenant back as ACTIVE,
 * whether `archiveTenant` or a cancelled onboarding session (`cancelOnboarding`) archived it.
 * The cancelled session stays cancelled; the tenant page starts its verification and syncs, and
 * the gate's blockers say what is still missing (a provider connection, consent). An ACTIVE
 * tenant is answered unchanged; an ONBOARDING one is a CONFLICT (nothing to undo).
 */
export async function unarchiveTenant(db: Database, actor: Actor, tenantId: string): Promise<Result<string>> {
  const access = await authorizeTenant(db, actor, tenantId, 'tenant.unarchive');
  if (!access.ok) return access;
  return db.transaction(async (tx): Promise<Result<string>> => {
    const [before] = await tx.select({ status: t.status }).from(t).where(eq(t.id, tenantId)).for('no key update');
    if (!before || before.status === 'ONBOARDING') return fail('CONFLICT', NOT_ARCHIVED_ONBOARDING, 'tenantId');
    if (before.status === 'ACTIVE') return ok(tenantId);
    await tx.update(t).set({ status: 'ACTIVE' }).where(eq(t.id, tenantId));
    await recordChange(tx, actor, {
      action: 'tenant.unarchive',
      scope: access.value,
      target: { type: 'tenant', id: tenantId },
    });
    return ok(tenantId);
  });
}
