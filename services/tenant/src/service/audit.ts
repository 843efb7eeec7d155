/**
 * Reading the audit log (`audit_events`, written through @msp/db's `recordAudit` and by the gate).
 *
 * Who reads what, through the capability registry:
 * - a tenant's records: members holding `audit.view` on it (OWNER, MANAGER);
 * - the workspace's own records (no tenant: workspace created, …): workspace OWNERs
 *   (`workspace.audit.view`).
 * A workspace OWNER who is not a member of a tenant does not read that tenant's records, as they
 * do not read its runs. Someone with no membership in the workspace or any of its tenants gets the
 * NOT_FOUND of a missing workspace; a member who may read none of it (READONLY, OPERATOR) gets
 * FORBIDDEN. With `tenantId`, that tenant decides alone (`authorizeTenant`, `audit.view`).
 *
 * The NDJSON export (`npm run audit:export`, `exportAuditEvents`) pages through `auditEvents`, so it
 * is authorized exactly alike.
 */
import { type Database, schema } from '@msp/db';
import {
  ACTIONS,
  type Actor,
  authorizeTenant,
  fail,
  NOT_FOUND,
  ok,
  parseInput,
  type Result,
  type StartOutcome,
  type StartSurface,
  tenantRoleCan,
  uuid,
  workspaceRoleCan,
} from '@msp/gate';
import { and, desc, eq, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { UserModel } from '../model';

export const MAX_AUDIT_PAGE = 100;

export interface AuditEventModel {
  id: number;
  at: Date;
  action: string;
  actor: UserModel | null;
  apiClientId: string | null;
  tenantId: string | null;
  workspaceId: string | null;
  surface: StartSurface | null;
  outcome: StartOutcome | null;
  runId: string | null;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
}

export interface AuditEventPage {
  edges: Array<{ cursor: string; node: AuditEventModel }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** The cursor is the record's id (newest first), opaque to clients. */
export const encodeAuditCursor = (id: number) => Buffer.from(`audit:${id}`).toString('base64url');

const cursorSchema = z
  .string()
  .max(200, { message: 'is not a cursor from this list' })
  .transform((value, ctx) => {
    const match = /^audit:([1-9][0-9]{0,17})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
    const id = match ? Number(match[1]) : Number.NaN;
    if (Number.isSafeInteger(id)) return id;
    ctx.addIssue({ code: 'custom', message: 'is not a cursor from this list' });
    return z.NEVER;
  });

const querySchema = z.object({
  workspaceId: uuid,
  tenantId: uuid.nullish(),
  actorId: uuid.nullish(),
  action: z.string().trim().min(1, { message: 'must not be empty' }).max(100).nullish(),
  first: z
    .number()
    .int({ message: 'must be an integer' })
    .min(1, { message: 'must be at least 1' })
    .max(MAX_AUDIT_PAGE, { message: `must be at most ${MAX_AUDIT_PAGE}` }),
  after: cursorSchema.nullish(),
});

export interface AuditQuery {
  workspaceId: string;
  tenantId?: string | null;
  actorId?: string | null;
  action?: string | null;
  first?: number | null;
  after?: string | null;
}

/** Which records of the workspace the caller may read. */
interface AuditScope {
  /** Tenants whose records they read. */
  tenantIds: string[];
  /** Whether they read the workspace's own records (no tenant). */
  workspaceRecords: boolean;
}

async function auditScope(db: Database, actor: Actor, workspaceId: string): Promise<Result<AuditScope>> {
  const [ws] = await db
    .select({ role: schema.workspaceMembers.role })
    .from(schema.workspaceMembers)
    .where(and(eq(schema.workspaceMembers.workspaceId, workspaceId), eq(schema.workspaceMembers.userId, actor.userId)));
  const memberships = await db
    .select({ tenantId: schema.tenants.id, role: schema.tenantMembers.role })
    .from(schema.tenants)
    .innerJoin(schema.tenantMembers, eq(schema.tenantMembers.tenantId, schema.tenants.id))
    .where(and(eq(schema.tenants.workspaceId, workspaceId), eq(schema.tenantMembers.userId, actor.userId)));
  if (!ws && memberships.length === 0) return fail('NOT_FOUND', NOT_FOUND.workspace);
  const scope = {
    tenantIds: memberships.filter((m) => tenantRoleCan(m.role, 'audit.view')).map((m) => m.tenantId),
    workspaceRecords: ws ? workspaceRoleCan(ws.role, 'workspace.audit.view') : false,
  };
  if (scope.tenantIds.length === 0 && !scope.workspaceRecords) {
    return fail(
      'FORBIDDEN',
      `Reading the audit log needs ${ACTIONS['audit.view'].capability} on a tenant of this workspace (OWNER, MANAGER) or ${ACTIONS['workspace.audit.view'].capability} (workspace OWNER).`,
    );
  }
  return ok(scope);
}

/** Validates and authorizes a query: the conditions of the records the caller may read. */
async function auditConditions(
  db: Database,
  actor: Actor,
  input: AuditQuery,
  first: number,
): Promise<Result<{ where: SQL; first: number; after: number | null }>> {
  const parsed = parseInput(querySchema, { ...input, first });
  if (!parsed.ok) return parsed;
  const q = parsed.value;
  const e = schema.auditEvents;
  const conditions: SQL[] = [eq(e.workspaceId, q.workspaceId)];
  if (q.tenantId) {
    const access = await authorizeTenant(db, actor, q.tenantId, 'audit.view');
    if (!access.ok) return access;
    // A tenant of another workspace is answered as a missing one.
    if (access.value.workspaceId !== q.workspaceId) return fail('NOT_FOUND', NOT_FOUND.tenant);
    conditions.push(eq(e.tenantId, q.tenantId));
  } else {
    const scope = await auditScope(db, actor, q.workspaceId);
    if (!scope.ok) return scope;
    const visible: SQL[] = [];
    if (scope.value.tenantIds.length > 0) visible.push(inArray(e.tenantId, scope.value.tenantIds));
    if (scope.value.workspaceRecords) visible.push(isNull(e.tenantId));
    conditions.push(or(...visible) as SQL);
  }
  if (q.actorId) conditions.push(eq(e.actorId, q.actorId));
  if (q.action) conditions.push(eq(e.action, q.action));
  if (q.after != null) conditions.push(lt(e.id, q.after));
  return ok({ where: and(...conditions) as SQL, first: q.first, after: q.after ?? null });
}

async function selectRecords(db: Database, where: SQL, limit: number): Promise<AuditEventModel[]> {
  const e = schema.auditEvents;
  const u = schema.users;
  const rows = await db
    .select({
      id: e.id,
      at: e.at,
      action: e.action,
      actorId: e.actorId,
      actorEmail: u.email,
      actorName: u.displayName,
      apiClientId: e.apiClientId,
      tenantId: e.tenantId,
      workspaceId: e.workspaceId,
      surface: e.surface,
      outcome: e.outcome,
      runId: e.runId,
      targetType: e.targetType,
      targetId: e.targetId,
      detail: e.detail,
    })
    .from(e)
    .leftJoin(u, eq(u.id, e.actorId))
    .where(where)
    .orderBy(desc(e.id))
    .limit(limit);
  return rows.map(({ actorId, actorEmail, actorName, ...row }) => ({
    ...row,
    // The record names whoever acted, even once they share nothing with the reader any more.
    // An API client acts as its own principal (a users row): the record's client is that user's.
    actor: actorId ? { id: actorId, email: actorEmail, displayName: actorName, apiClientId: row.apiClientId } : null,
  }));
}

/** One page of the log, newest first. `first` 1 to 100 (default 50); `after` a cursor of a page. */
export async function auditEventPage(db: Database, actor: Actor, input: AuditQuery): Promise<Result<AuditEventPage>> {
  const decided = await auditConditions(db, actor, input, input.first ?? 50);
  if (!decided.ok) return decided;
  const { where, first, after } = decided.value;
  const rows = await selectRecords(db, where, first + 1);
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeAuditCursor(node.id), node }));
  return ok({
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  });
}
