/**
 * Authorization through the capability registry. Order: membership (a non-member gets the same
 * NOT_FOUND as a missing id) → the action's exact capability (FORBIDDEN).
 */
import { type Database, schema } from '@msp/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PgColumn, PgTable, SelectedFields } from 'drizzle-orm/pg-core';
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types';
import {
  ACTIONS,
  type RunAction,
  type SystemPrincipal,
  systemPrincipalCan,
  type TenantAction,
  tenantRoleCan,
  tenantRoleCanOnRun,
  type WorkspaceAction,
  workspaceRoleCan,
} from './capabilities';
import { fail, NOT_FOUND, ok, type Result } from './result';
import { uuid } from './validation';
import type { StartSurface, TenantRole, TenantStatus, WorkspaceRole } from './vocabulary';

export interface Actor {
  userId: string;
  /**
   * The API client the user acts through, when one does: audit records name it
   * (`audit_events.api_client_id`).
   */
  apiClientId?: string | null;
  /**
   * Set only by built-in work (the worker's daily connection health check), never from a
   * request: the actor is that system principal (`userId` its users row), whose capabilities
   * come from the registry's `SYSTEM_PRINCIPALS`, not from a membership. Only the gate's starts
   * honour it (`decideSystemAccess`); every other check treats the principal as the non-member
   * it is.
   */
  system?: SystemPrincipal | null;
}

export interface TenantAccess {
  tenantId: string;
  workspaceId: string;
  role: TenantRole;
  tenantStatus: TenantStatus;
}

/** Decides from a membership row already loaded (or its absence). */
export function decideTenantAccess(
  membership: Omit<TenantAccess, 'role'> & { role: TenantRole | null },
  action: TenantAction,
  notFound: string = NOT_FOUND.tenant,
): Result<TenantAccess> {
  if (!membership.role) return fail('NOT_FOUND', notFound);
  if (!tenantRoleCan(membership.role, action)) {
    return fail('FORBIDDEN', `Your role on this tenant does not include ${ACTIONS[action].capability}.`);
  }
  return ok({ ...membership, role: membership.role });
}

/**
 * A start by a system principal: its registry entry decides, for the start's surface (FORBIDDEN
 * otherwise, naming the capability); membership plays no part. The tenant's own state (archived)
 * is still a blocker, decided later like any start.
 */
export function decideSystemAccess(
  scope: Omit<TenantAccess, 'role'>,
  principal: SystemPrincipal,
  action: TenantAction,
  surface: StartSurface,
): Result<Omit<TenantAccess, 'role'>> {
  if (!systemPrincipalCan(principal, action, surface)) {
    return fail('FORBIDDEN', `The system principal ${principal} may not take ${action} from ${surface}.`);
  }
  return ok(scope);
}

/** How one kind of tenant-owned row is loaded by id and authorized (see `loadTenantScoped`). */
export interface TenantScopedLoad<Fields extends SelectedFields> {
  /** The table the ids belong to (`schema.tenants` itself for tenants). */
  table: PgTable;
  /** Its id column: the loader's key. */
  id: PgColumn;
  /** Its tenant id column: that tenant's membership decides. */
  tenantId: PgColumn;
  /** What to select of each row; `schema.tenants` and the caller's `schema.tenantMembers` row are joined. */
  fields: Fields;
  action: TenantAction;
  /** The NOT_FOUND text of a missing id, answered alike to non-members. */
  notFound: string;
  /**
   * How a malformed id answers: BAD_USER_INPUT naming `id` (an id the caller typed as an argument),
   * or the NOT_FOUND of a missing id (a reference another subgraph resolved).
   * @defaultValue 'NOT_FOUND'
   */
  malformedId?: 'BAD_USER_INPUT' | 'NOT_FOUND';
}

/**
 * Rows of a tenant-owned table by id for one caller, in ONE query whatever the number of ids (the
 * DataLoader batch), each authorized for `action` through the capability registry: answered in
 * the order of `ids`; a row of a tenant the caller is not a member of is the same NOT_FOUND as a
 * missing id, a member without the capability gets FORBIDDEN.
 */
export async function loadTenantScoped<Fields extends SelectedFields>(
  db: Database,
  actor: Actor,
  ids: readonly string[],
  load: TenantScopedLoad<Fields>,
): Promise<Result<SelectResultFields<Fields>>[]> {
  type Row = {
    key: string;
    row: SelectResultFields<Fields>;
    access: Omit<TenantAccess, 'role'> & { role: TenantRole };
  };
  const t = schema.tenants;
  const m = schema.tenantMembers;
  const valid = [...new Set(ids.filter((id) => uuid.safeParse(id).success))];
  let rows: Row[] = [];
  if (valid.length > 0) {
    const access = { tenantId: load.tenantId, workspaceId: t.workspaceId, tenantStatus: t.status, role: m.role };
    // Nested fields (even a whole table, as `{ r: table }`) are fine at run time; Drizzle's types
    // allow them one level deep only, so the selection is typed loosely and its rows cast below.
    const selection = { key: load.id, row: load.fields, access } as unknown as SelectedFields;
    let query = db.select(selection).from(load.table).$dynamic();
    if (load.table !== t) query = query.innerJoin(t, eq(t.id, load.tenantId));
    query = query.innerJoin(m, and(eq(m.tenantId, load.tenantId), eq(m.userId, actor.userId)));
    rows = (await query.where(inArray(load.id, valid))) as unknown as Row[];
  }
  const byId = new Map(rows.map((r) => [r.key, r]));
  return ids.map((id) => {
    if (load.malformedId === 'BAD_USER_INPUT' && !uuid.safeParse(id).success) {
      return fail('BAD_USER_INPUT', 'id must be a UUID.', 'id');
    }
    const found = byId.get(id);
    if (!found) return fail('NOT_FOUND', load.notFound);
    const decided = decideTenantAccess(found.access, load.action, load.notFound);
    return decided.ok ? ok(found.row) : decided;
  });
}

/**
 * Decides a run action from the caller's membership row (or its absence) and the run's
 * initiator: a non-member gets the run's NOT_FOUND; a member without the capability, FORBIDDEN.
 */
export function decideRunAccess(
  membership: Omit<TenantAccess, 'role'> & { role: TenantRole | null },
  action: RunAction,
  run: { initiatedBy: string | null },
  actor: Actor,
): Result<TenantAccess> {
  if (!membership.role) return fail('NOT_FOUND', NOT_FOUND.operationRun);
  if (!tenantRoleCanOnRun(membership.role, action, run.initiatedBy === actor.userId)) {
    const { capability, ownCapability } = ACTIONS[action];
    return fail(
      'FORBIDDEN',
      `Your role on this tenant does not include ${capability} (or ${ownCapability}, for runs you started).`,
    );
  }
  return ok({ ...membership, role: membership.role });
}

export async function authorizeTenant(
  db: Database,
  actor: Actor,
  tenantId: string,
  action: TenantAction,
): Promise<Result<TenantAccess>> {
  if (!uuid.safeParse(tenantId).success) return fail('BAD_USER_INPUT', 'tenantId must be a UUID.', 'tenantId');
  const [row] = await db
    .select({
      tenantId: schema.tenants.id,
      workspaceId: schema.tenants.workspaceId,
      tenantStatus: schema.tenants.status,
      role: schema.tenantMembers.role,
    })
    .from(schema.tenants)
    .innerJoin(
      schema.tenantMembers,
      and(eq(schema.tenantMembers.tenantId, schema.tenants.id), eq(schema.tenantMembers.userId, actor.userId)),
    )
    .where(eq(schema.tenants.id, tenantId));
  if (!row) return fail('NOT_FOUND', NOT_FOUND.tenant);
  return decideTenantAccess(row, action);
}

/**
 * Re-decides many (user, tenant) pairs for one action with a single query: live subscriptions
 * re-check their callers with it. Answers in the order of `pairs`; a pair whose tenant or
 * membership is gone is NOT_FOUND, as for `authorizeTenant`.
 */
export async function authorizeTenantPairs(
  db: Database,
  pairs: ReadonlyArray<{ userId: string; tenantId: string }>,
  action: TenantAction,
): Promise<Array<Result<TenantAccess>>> {
  // Ids go in as two uuid[] literals: only well-formed UUIDs (no braces, commas or quotes) do.
  const valid = pairs.filter((p) => uuid.safeParse(p.userId).success && uuid.safeParse(p.tenantId).success);
  const found = new Map<string, TenantAccess & { role: TenantRole | null }>();
  if (valid.length > 0) {
    for (const { userId, ...row } of await selectPairs(db, valid)) found.set(`${userId}:${row.tenantId}`, row);
  }
  return pairs.map((p) => {
    const row = found.get(`${p.userId}:${p.tenantId}`);
    return row ? decideTenantAccess(row, action) : fail('NOT_FOUND', NOT_FOUND.tenant);
  });
}

/**
 * What `authorizeTenantPairs` decides from, per user, as one fingerprint: the user's memberships
 * (tenant and role) of tenants that exist, counted and hashed. Equal fingerprints at two moments
 * mean no answer of `authorizeTenantPairs` about that user can have changed in between (a
 * membership removed, a role changed or a tenant deleted changes it), so a live subscription's
 * periodic re-check asks about the pairs of changed users only. A user without memberships is
 * left out of the map. Ids must be well-formed UUIDs (others are ignored).
 */
export async function tenantAccessFingerprints(db: Database, userIds: readonly string[]): Promise<Map<string, string>> {
  const valid = userIds.filter((id) => uuid.safeParse(id).success);
  const fingerprints = new Map<string, string>();
  if (valid.length === 0) return fingerprints;
  const t = schema.tenants;
  const m = schema.tenantMembers;
  const rows = await db.execute<{ user_id: string; fingerprint: string }>(sql`
    select ${m.userId} as user_id,
      count(*) || ':' || sum(hashtextextended(${m.tenantId}::text || ':' || ${m.role}::text, 0)) as fingerprint
    from ${m} join ${t} on ${t.id} = ${m.tenantId}
    where ${m.userId} = any(${`{${valid.join(',')}}`}::uuid[])
    group by ${m.userId}`);
  for (const row of rows) fingerprints.set(row.user_id, row.fingerprint);
  return fingerprints;
}

function selectPairs(db: Database, pairs: ReadonlyArray<{ userId: string; tenantId: string }>) {
  const t = schema.tenants;
  const m = schema.tenantMembers;
  const array = (ids: string[]) => `{${ids.join(',')}}`;
  return db
    .select({
      userId: sql<string>`p.user_id`,
      tenantId: t.id,
      workspaceId: t.workspaceId,
      tenantStatus: t.status,
      role: m.role,
    })
    .from(
      sql`unnest(${array(pairs.map((p) => p.userId))}::uuid[], ${array(pairs.map((p) => p.tenantId))}::uuid[]) as p(user_id, tenant_id)`,
    )
    .innerJoin(t, sql`${t.id} = p.tenant_id`)
    .innerJoin(m, and(eq(m.tenantId, t.id), sql`${m.userId} = p.user_id`));
}

/** For connection-scoped actions: the connection's tenant decides; the NOT_FOUND names the connection. */
export async function authorizeConnection(
  db: Database,
  actor: Actor,
  providerConnectionId: string,
  action: TenantAction,
): Promise<Result<TenantAccess & { providerConnectionId: string }>> {
  if (!uuid.safeParse(providerConnectionId).success) {
    return fail('BAD_USER_INPUT', 'id must be a UUID.', 'id');
  }
  const [row] = await db
    .select({
      tenantId: schema.tenants.id,
      workspaceId: schema.tenants.workspaceId,
      tenantStatus: schema.tenants.status,
      role: schema.tenantMembers.role,
    })
    .from(schema.providerConnections)
    .innerJoin(schema.tenants, eq(schema.tenants.id, schema.providerConnections.tenantId))
    .innerJoin(
      schema.tenantMembers,
      and(eq(schema.tenantMembers.tenantId, schema.tenants.id), eq(schema.tenantMembers.userId, actor.userId)),
    )
    .where(eq(schema.providerConnections.id, providerConnectionId));
  if (!row) return fail('NOT_FOUND', NOT_FOUND.providerConnection);
  const decided = decideTenantAccess(row, action, NOT_FOUND.providerConnection);
  return decided.ok ? ok({ ...decided.value, providerConnectionId }) : decided;
}

export interface WorkspaceAccess {
  workspaceId: string;
  role: WorkspaceRole;
}

export async function authorizeWorkspace(
  db: Database,
  actor: Actor,
  workspaceId: string,
  action: WorkspaceAction,
): Promise<Result<WorkspaceAccess>> {
  if (!uuid.safeParse(workspaceId).success) {
    return fail('BAD_USER_INPUT', 'workspaceId must be a UUID.', 'workspaceId');
  }
  const [row] = await db
    .select({ role: schema.workspaceMembers.role })
    .from(schema.workspaceMembers)
    .where(and(eq(schema.workspaceMembers.workspaceId, workspaceId), eq(schema.workspaceMembers.userId, actor.userId)));
  const decided = decideWorkspaceAccess(row?.role ?? null, action);
  return decided.ok ? ok({ workspaceId, role: decided.value }) : decided;
}

/**
 * Decides a workspace action from the caller's workspace role, already loaded with the row it
 * concerns (null: not a member, or no such row): the NOT_FOUND of a missing id (`notFound`),
 * then FORBIDDEN without the action's capability. Answers the role.
 */
export function decideWorkspaceAccess(
  role: WorkspaceRole | null,
  action: WorkspaceAction,
  notFound: string = NOT_FOUND.workspace,
): Result<WorkspaceRole> {
  if (!role) return fail('NOT_FOUND', notFound);
  if (!workspaceRoleCan(role, action)) {
    return fail('FORBIDDEN', `Your role in this workspace does not include ${ACTIONS[action].capability}.`);
  }
  return ok(role);
}
