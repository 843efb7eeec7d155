/**
 * What the provider operations produce, as the tenant pages read it: directory groups, Intune
 * role definitions, policy backups and the latest verification report. Callers pass a tenant
 * already authorized (`tenant.view`) by the tenant loader, except for backups loaded by id,
 * which are authorized here through their tenant.
 */
import { type Database, schema } from '@msp/db';
import { type Actor, loadTenantScoped, ok, parseInput, type Result } from '@msp/gate';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type {
  DirectoryGroupModel,
  PolicyBackupItemModel,
  PolicyBackupModel,
  RoleDefinitionModel,
  VerificationReportModel,
} from '../model';

export const POLICY_BACKUP_NOT_FOUND = 'Policy backup not found.';

/** Largest page of directory groups. */
export const MAX_GROUPS_PAGE = 200;

const g = schema.directoryGroups;

export interface GroupPage {
  edges: Array<{ cursor: string; node: DirectoryGroupModel }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** The cursor is the sort key of the last row: (lower-cased name, graph id), opaque to clients. */
const encodeCursor = (sortKey: string, graphId: string) =>
  Buffer.from(JSON.stringify([sortKey, graphId])).toString('base64url');

const cursorSchema = z
  .string()
  .max(2000)
  .transform((value, ctx) => {
    try {
      const decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
      if (Array.isArray(decoded) && decoded.length === 2 && decoded.every((v) => typeof v === 'string')) {
        return decoded as [string, string];
      }
    } catch {
      // fall through
    }
    ctx.addIssue({ code: 'custom', message: 'is not a cursor from this list' });
    return z.NEVER;
  });

const pageSchema = z.object({
  first: z
    .number()
    .int()
    .min(1, { message: 'must be at least 1' })
    .max(MAX_GROUPS_PAGE, { message: `must be at most ${MAX_GROUPS_PAGE}` }),
  after: cursorSchema.nullish(),
  search: z.string().max(200, { message: 'must be at most 200 characters' }).nullish(),
});

/** One page of a tenant's groups, by name; `search` matches name or mail (case-insensitive). */
export async function directoryGroupPage(
  db: Database,
  tenantId: string,
  args: { first?: number | null; after?: string | null; search?: string | null },
): Promise<Result<GroupPage>> {
  const parsed = parseInput(pageSchema, { ...args, first: args.first ?? 50 });
  if (!parsed.ok) return parsed;
  const { first, after, search } = parsed.value;
  // Case-insensitive, whatever the database collation ("alpha" sorts before "Bravo").
  const sortName = sql<string>`lower(coalesce(${g.displayName}, ''))`;
  const conditions = [eq(g.tenantId, tenantId)];
  const term = search?.trim();
  if (term) {
    const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(${g.displayName} ilike ${pattern} or ${g.mail} ilike ${pattern})`);
  }
  if (after) conditions.push(sql`(${sortName}, ${g.graphId}) > (${after[0]}, ${after[1]})`);
  const rows = await db
    .select({
      graphId: g.graphId,
      displayName: g.displayName,
      description: g.description,
      mail: g.mail,
      securityEnabled: g.securityEnabled,
      mailEnabled: g.mailEnabled,
      groupTypes: g.groupTypes,
      syncedAt: g.syncedAt,
      sortKey: sortName,
    })
    .from(g)
    .where(and(...conditions))
    .orderBy(asc(sortName), asc(g.graphId))
    .limit(first + 1);
  const page = rows.slice(0, first);
  const edges = page.map(({ sortKey, ...node }) => ({ cursor: encodeCursor(sortKey, node.graphId), node }));
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

/**
 * The synced role definitions of tenants (one query for a whole list of tenants): built-in first,
 * then by name case-insensitively whatever the database collation (no name first), then by id.
 */
export async function roleDefinitionsOf(db: Database, tenantIds: readonly string[]): Promise<RoleDefinitionModel[][]> {
  const r = schema.roleDefinitions;
  const rows =
    tenantIds.length === 0
      ? []
      : await db
          .select({
            tenantId: r.tenantId,
            graphId: r.graphId,
            displayName: r.displayName,
            description: r.description,
            isBuiltIn: r.isBuiltIn,
            permissions: r.permissions,
            syncedAt: r.syncedAt,
          })
          .from(r)
          .where(inArray(r.tenantId, [...tenantIds]))
          .orderBy(desc(r.isBuiltIn), asc(sql`lower(coalesce(${r.displayName}, ''))`), asc(r.graphId));
  const byTenant = groupBy(rows, (row) => row.tenantId);
  return tenantIds.map((id) => (byTenant.get(id) ?? []).map(({ tenantId: _, ...model }) => model));
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

const b = schema.policyBackups;
const backupColumns = {
  id: b.id,
  tenantId: b.tenantId,
  operationRunId: b.operationRunId,
  itemCount: b.itemCount,
  createdAt: b.createdAt,
  completedAt: b.completedAt,
};

/** A tenant's backup sets, newest first. */
export async function policyBackupsOf(db: Database, tenantId: string, limit = 200): Promise<PolicyBackupModel[]> {
  return db
    .select(backupColumns)
    .from(b)
    .where(eq(b.tenantId, tenantId))
    .orderBy(desc(b.createdAt), desc(b.id))
    .limit(limit);
}

/** Backups by id in one query, authorized through their tenant (`tenant.view`). */
export function loadPolicyBackups(
  db: Database,
  actor: Actor,
  ids: readonly string[],
): Promise<Result<PolicyBackupModel>[]> {
  return loadTenantScoped(db, actor, ids, {
    table: b,
    id: b.id,
    tenantId: b.tenantId,
    fields: backupColumns,
    action: 'tenant.view',
    notFound: POLICY_BACKUP_NOT_FOUND,
  });
}

/** Items of several backups in one query (DataLoader batch), each list ordered by name. */
export async function itemsOfBackups(db: Database, backupIds: readonly string[]): Promise<PolicyBackupItemModel[][]> {
  const i = schema.policyBackupItems;
  const rows =
    backupIds.length === 0
      ? []
      : await db
          .select({
            backupId: i.backupId,
            id: i.id,
            policyId: i.policyId,
            displayName: i.displayName,
            policyType: i.policyType,
          })
          .from(i)
          .where(inArray(i.backupId, [...backupIds]))
          .orderBy(asc(sql`lower(coalesce(${i.displayName}, ''))`), asc(i.policyId));
  const byBackup = groupBy(rows, (row) => row.backupId);
  return backupIds.map((id) => byBackup.get(id) ?? []);
}

/**
 * The latest verification report of each tenant, whatever connection it was made with (one query
 * for a whole list of tenants).
 */
export async function latestVerificationReports(
  db: Database,
  tenantIds: readonly string[],
): Promise<Array<VerificationReportModel | null>> {
  if (tenantIds.length === 0) return [];
  const v = schema.tenantVerificationReports;
  const rows = await db
    .selectDistinctOn([v.tenantId], {
      id: v.id,
      tenantId: v.tenantId,
      operationRunId: v.operationRunId,
      providerConnectionId: v.providerConnectionId,
      status: v.status,
      organization: v.organization,
      grantedPermissions: v.grantedPermissions,
      missingPermissions: v.missingPermissions,
      reasonCode: v.reasonCode,
      checkedAt: v.checkedAt,
    })
    .from(v)
    .where(inArray(v.tenantId, [...tenantIds]))
    .orderBy(v.tenantId, desc(v.checkedAt), desc(v.id));
  const byTenant = new Map(rows.map((row) => [row.tenantId, row]));
  return tenantIds.map((id) => byTenant.get(id) ?? null);
}
