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
  NOT_FOUND,
  ok,
  parseInput,
  type Result,
  TENANT_ROLES,
  type TenantRole,
  uuid,
} from '@msp/gate';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantModel, WorkspaceModel } from '../model';
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
export async function loadTenants(db: Database, actor: Actor, ids: readonly string[]): Promise<Result<TenantModel>[]> {
  const valid = [...new Set(ids.filter((id) => uuid.safeParse(id).success))];
  const rows =
    valid.length === 0
      ? []
      : await db
          .select({ ...tenantColumns, role: m.role })
          .from(t)
          .innerJoin(m, and(eq(m.tenantId, t.id), eq(m.userId, actor.userId)))
          .where(inArray(t.id, valid));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id): Result<TenantModel> => {
    if (!uuid.safeParse(id).success) return fail('BAD_USER_INPUT', 'id must be a UUID.', 'id');
    const row = byId.get(id);
    if (!row) return fail('NOT_FOUND', NOT_FOUND.tenant);
    const access = decideTenantAccess(
      { tenantId: row.id, workspaceId: row.workspaceId, tenantStatus: row.status, role: row.role },
      'tenant.view',
    );
    return access.ok ? ok(row) : access;
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

export async function createWorkspace(db: Database, actor: Actor, input: { name: string }) {
  const parsed = parseInput(z.object({ name }), input);
  if (!parsed.ok) return parsed;
  return ok(
    await db.transaction(async (tx) => {
      const [ws] = await tx.insert(w).values({ name: parsed.value.name, createdBy: actor.userId }).returning();
      await tx.insert(wm).values({ workspaceId: ws!.id, userId: actor.userId, role: 'OWNER' });
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

/** `tenant.members.manage`: adds a member, or changes the role of an existing one. */
export async function addTenantMember(
  db: Database,
  actor: Actor,
  input: { tenantId: string; userId: string; role: TenantRole },
): Promise<Result<string>> {
  const access = await authorizeTenant(db, actor, input.tenantId, 'tenant.members.add');
  if (!access.ok) return access;
  const parsed = parseInput(z.object({ userId: uuid, role: z.enum(TENANT_ROLES) }), input);
  if (!parsed.ok) return parsed;
  const [user] = await db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.id, parsed.value.userId));
  if (!user) return fail('NOT_FOUND', USER_NOT_FOUND);
  if (user.id === actor.userId && parsed.value.role !== access.value.role) {
    // Owners cannot demote themselves here: a tenant must keep the member who can manage members.
    return fail('BAD_USER_INPUT', 'You cannot change your own role.', 'userId');
  }
  await db
    .insert(m)
    .values({ tenantId: input.tenantId, userId: user.id, role: parsed.value.role })
    .onConflictDoUpdate({ target: [m.tenantId, m.userId], set: { role: parsed.value.role } });
  return ok(input.tenantId);
}

/** `tenant.archive`: an archived tenant blocks every start (TENANT_NOT_ACTIVE). */
export async function archiveTenant(db: Database, actor: Actor, tenantId: string): Promise<Result<string>> {
  const access = await authorizeTenant(db, actor, tenantId, 'tenant.archive');
  if (!access.ok) return access;
  await db.update(t).set({ status: 'ARCHIVED' }).where(eq(t.id, tenantId));
  return ok(tenantId);
}
