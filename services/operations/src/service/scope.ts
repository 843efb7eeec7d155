/**
 * Which tenants a Monitoring list or stream covers: exactly one of one tenant, a workspace (every
 * tenant of it the caller is a member of, decided now) or a list of tenants. Membership decides
 * at the source, with the NOT_FOUND rules of one tenant: a tenant id the caller is not a member
 * of is the NOT_FOUND of a missing tenant, and a workspace where the caller is neither a member
 * nor a member of one of its tenants is the NOT_FOUND of a missing workspace.
 */
import { type Database, schema } from '@msp/db';
import {
  ACTIONS,
  type Actor,
  fail,
  NOT_FOUND,
  ok,
  type Result,
  TENANT_ROLES,
  type TenantRole,
  tenantRoleCan,
  uuid,
} from '@msp/gate';
import { and, eq, sql } from 'drizzle-orm';

/** The most tenants one `tenantIds` argument may name. */
export const MAX_SCOPE_TENANTS = 1000;

export interface ScopeInput {
  tenantId?: string | null;
  workspaceId?: string | null;
  tenantIds?: readonly string[] | null;
}

export interface RunScope {
  kind: 'tenant' | 'workspace' | 'tenants';
  /** The workspace, for a workspace scope. */
  workspaceId: string | null;
  /** The tenants covered: the caller holds `operations.view` on each. */
  tenantIds: string[];
  /** Their workspaces (a live stream listens on each one's channel). */
  workspaceIds: string[];
  /**
   * How a list reads them: workspaces whose covered tenants are read through the workspace's
   * index (and checked against `tenantIds`), and tenants read one by one through the tenant's.
   */
  seekWorkspaces: string[];
  seekTenants: string[];
}

const EXACTLY_ONE = 'Give exactly one of tenantId, workspaceId or tenantIds.';

interface MemberRow {
  tenantId: string;
  workspaceId: string;
  role: TenantRole;
  workspaceTenants: number;
}

/**
 * The tenants of `where` the caller is a member of, with the number of tenants of their
 * workspace (which decides how a list reads them), in one query: the count is taken once per
 * workspace, not once per tenant (a member of 500 tenants would otherwise count 500 × 500 rows).
 */
async function memberTenants(db: Database, actor: Actor, where: ReturnType<typeof sql>): Promise<MemberRow[]> {
  const t = schema.tenants;
  const m = schema.tenantMembers;
  const mine = db.$with('mine').as(
    db
      .select({ tenantId: sql<string>`${t.id}`.as('tenant_id'), workspaceId: t.workspaceId, role: m.role })
      .from(t)
      .innerJoin(m, and(eq(m.tenantId, t.id), eq(m.userId, actor.userId)))
      .where(where),
  );
  const counts = db.$with('counts').as(
    db
      .select({
        workspaceId: sql<string>`${t.workspaceId}`.as('count_workspace_id'),
        n: sql<number>`count(*)::int`.as('n'),
      })
      .from(t)
      .where(sql`${t.workspaceId} in (select workspace_id from mine)`)
      .groupBy(t.workspaceId),
  );
  return db
    .with(mine, counts)
    .select({ tenantId: mine.tenantId, workspaceId: mine.workspaceId, role: mine.role, workspaceTenants: counts.n })
    .from(mine)
    .innerJoin(counts, eq(counts.workspaceId, mine.workspaceId));
}

/**
 * Reading k of a workspace's n tenants: one seek per tenant costs about k pages of rows, one seek
 * through the workspace's index (skipping the other tenants' runs) about n/k pages when runs are
 * spread evenly. The workspace's index wins once k² ≥ n.
 */
function plan(rows: Array<Pick<MemberRow, 'tenantId' | 'workspaceId' | 'workspaceTenants'>>): {
  seekWorkspaces: string[];
  seekTenants: string[];
} {
  const byWorkspace = new Map<string, typeof rows>();
  for (const row of rows) {
    const members = byWorkspace.get(row.workspaceId);
    if (members) members.push(row);
    else byWorkspace.set(row.workspaceId, [row]);
  }
  const seekWorkspaces: string[] = [];
  const seekTenants: string[] = [];
  for (const [workspaceId, members] of byWorkspace) {
    const n = members[0]!.workspaceTenants;
    if (members.length > 1 && members.length * members.length >= n) seekWorkspaces.push(workspaceId);
    else seekTenants.push(...members.map((r) => r.tenantId));
  }
  return { seekWorkspaces, seekTenants };
}

function decide(rows: MemberRow[], action: 'operations.view'): Result<MemberRow[]> {
  for (const row of rows) {
    if (!tenantRoleCan(row.role, action)) {
      return fail('FORBIDDEN', `Your role on this tenant does not include ${ACTIONS[action].capability}.`);
    }
  }
  return ok(rows);
}

export async function resolveRunScope(db: Database, actor: Actor, input: ScopeInput): Promise<Result<RunScope>> {
  const given = [input.tenantId != null, input.workspaceId != null, input.tenantIds != null].filter(Boolean).length;
  if (given !== 1) return fail('BAD_USER_INPUT', EXACTLY_ONE);
  const t = schema.tenants;

  if (input.tenantId != null) {
    if (!uuid.safeParse(input.tenantId).success) return fail('BAD_USER_INPUT', 'tenantId must be a UUID.', 'tenantId');
    const rows = await memberTenants(db, actor, eq(t.id, input.tenantId));
    if (rows.length === 0) return fail('NOT_FOUND', NOT_FOUND.tenant);
    const decided = decide(rows, 'operations.view');
    if (!decided.ok) return decided;
    return ok({
      kind: 'tenant',
      workspaceId: null,
      tenantIds: [input.tenantId],
      workspaceIds: [rows[0]!.workspaceId],
      seekWorkspaces: [],
      seekTenants: [input.tenantId],
    });
  }

  if (input.tenantIds != null) {
    const ids = [...new Set(input.tenantIds)];
    if (ids.length === 0 || ids.length > MAX_SCOPE_TENANTS) {
      return fail('BAD_USER_INPUT', `tenantIds must name 1 to ${MAX_SCOPE_TENANTS} tenants.`, 'tenantIds');
    }
    if (!ids.every((id) => uuid.safeParse(id).success)) {
      return fail('BAD_USER_INPUT', 'tenantIds must be UUIDs.', 'tenantIds');
    }
    const rows = await memberTenants(db, actor, sql`${t.id} = any(${`{${ids.join(',')}}`}::uuid[])`);
    // One tenant the caller is not a member of answers as a missing one would, whatever the others.
    if (rows.length !== ids.length) return fail('NOT_FOUND', NOT_FOUND.tenant);
    const decided = decide(rows, 'operations.view');
    if (!decided.ok) return decided;
    const workspaceIds = [...new Set(rows.map((r) => r.workspaceId))];
    return ok({ kind: 'tenants', workspaceId: null, tenantIds: ids, workspaceIds, ...plan(rows) });
  }

  const workspaceId = input.workspaceId as string;
  if (!uuid.safeParse(workspaceId).success) {
    return fail('BAD_USER_INPUT', 'workspaceId must be a UUID.', 'workspaceId');
  }
  const seen = await workspaceTenants(db, actor, workspaceId);
  if (!seen.known) return fail('NOT_FOUND', NOT_FOUND.workspace);
  return ok({
    kind: 'workspace',
    workspaceId,
    tenantIds: seen.visible,
    workspaceIds: [workspaceId],
    ...plan(seen.visible.map((tenantId) => ({ tenantId, workspaceId, workspaceTenants: seen.tenants }))),
  });
}

/**
 * A workspace scope in one query and one row (Monitoring's most frequent read): the tenants of
 * the workspace where the caller's role holds `operations.view` (tenants where it does not are
 * left out, not refused), the number of tenants of the workspace (for `plan`), and whether the
 * caller may know the workspace at all: a member of it, or of one of its tenants (a workspace
 * member with no tenant of it sees an empty list; anyone else gets the NOT_FOUND of a missing id).
 */
async function workspaceTenants(
  db: Database,
  actor: Actor,
  workspaceId: string,
): Promise<{ visible: string[]; tenants: number; known: boolean }> {
  const t = schema.tenants;
  const m = schema.tenantMembers;
  const wm = schema.workspaceMembers;
  const roles = TENANT_ROLES.filter((role) => tenantRoleCan(role, 'operations.view'));
  const [row] = await db.execute<{ visible: string | null; tenants: number; known: boolean }>(sql`
    with mine as (
      select ${t.id} as id, ${m.role} as role from ${t}
      join ${m} on ${m.tenantId} = ${t.id} and ${m.userId} = ${actor.userId}::uuid
      where ${t.workspaceId} = ${workspaceId}::uuid
    )
    select
      (select string_agg(id::text, ',') from mine where role = any(${`{${roles.join(',')}}`}::tenant_role[])) as visible,
      (select count(*)::int from ${t} where ${t.workspaceId} = ${workspaceId}::uuid) as tenants,
      exists (select 1 from mine)
        or exists (select 1 from ${wm} where ${wm.workspaceId} = ${workspaceId}::uuid and ${wm.userId} = ${actor.userId}::uuid) as known`);
  return {
    visible: row?.visible ? row.visible.split(',') : [],
    tenants: Number(row?.tenants ?? 0),
    known: row?.known === true,
  };
}
