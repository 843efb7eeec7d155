/**
 * Reading runs. Every function authorizes first (tenant membership → `operations.view` through
 * the capability registry), so a non-member gets exactly the NOT_FOUND of a missing id.
 */
import { type Database, schema } from '@msp/db';
import {
  type Actor,
  authorizeTenant,
  fail,
  loadTenantScoped,
  NOT_FOUND,
  OPERATION_TYPES,
  ok,
  parseInput,
  type Result,
  RUN_OUTCOMES,
  RUN_STATUSES,
  uuid,
} from '@msp/gate';
import { and, desc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RunModel } from '../model';

const r = schema.operationRuns;

/** The columns a `RunModel` is made of: all of them. */
export const runColumns = getTableColumns(r);

/**
 * Loads runs by id for one caller, in ONE query whatever the number of ids (DataLoader batches
 * entity references and `operationRun` lookups into it). The result is in the order of `ids`:
 * a run of a tenant the caller is not a member of is the same NOT_FOUND as a missing id.
 */
export function loadRuns(db: Database, actor: Actor, ids: readonly string[]): Promise<Result<RunModel>[]> {
  return loadTenantScoped(db, actor, ids, {
    table: r,
    id: r.id,
    tenantId: r.tenantId,
    fields: runColumns,
    action: 'operations.view',
    notFound: NOT_FOUND.operationRun,
    malformedId: 'BAD_USER_INPUT',
  });
}

export async function getRun(db: Database, actor: Actor, id: string): Promise<Result<RunModel>> {
  const [result] = await loadRuns(db, actor, [id]);
  return result as Result<RunModel>;
}

/** Page sizes: small enough to answer fast, large enough for a Monitoring table. */
export const MAX_PAGE_SIZE = 200;

const cursorSchema = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/), uuid]);

/**
 * Cursors are opaque to clients: base64url of [createdAt with microseconds, id]. Microseconds
 * matter: Postgres keeps them and a JS Date does not, so a millisecond cursor would skip or
 * repeat rows created within the same millisecond.
 */
export function encodeCursor(createdAtMicros: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAtMicros, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const listRunsSchema = z.object({
  first: z
    .number()
    .int()
    .min(1, { message: `must be between 1 and ${MAX_PAGE_SIZE}` })
    .max(MAX_PAGE_SIZE, { message: `must be between 1 and ${MAX_PAGE_SIZE}` }),
  after: z
    .string()
    .nullish()
    .refine((c) => c == null || decodeCursor(c) !== null, { message: 'is not a cursor of this list' }),
  filter: z
    .object({
      status: z.array(z.enum(RUN_STATUSES)).nullish(),
      outcome: z.array(z.enum(RUN_OUTCOMES)).nullish(),
      operationType: z.array(z.enum(OPERATION_TYPES)).nullish(),
      providerConnectionId: uuid.nullish(),
    })
    .nullish(),
});

export interface ListRunsInput {
  tenantId: string;
  first: number;
  after?: string | null;
  filter?: {
    status?: readonly string[] | null;
    outcome?: readonly string[] | null;
    operationType?: readonly string[] | null;
    providerConnectionId?: string | null;
  } | null;
}

export interface RunPage {
  edges: Array<{ cursor: string; node: RunModel }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * A page of a tenant's runs, newest first, keyset-paginated over (createdAt, id) on the
 * `operation_runs_tenant_created_idx` index. An empty filter list means "any value".
 */
export async function listRuns(db: Database, actor: Actor, input: ListRunsInput): Promise<Result<RunPage>> {
  const access = await authorizeTenant(db, actor, input.tenantId, 'operations.view');
  if (!access.ok) return access;
  const parsed = parseInput(listRunsSchema, { first: input.first, after: input.after, filter: input.filter });
  if (!parsed.ok) return parsed;
  const { first, after, filter } = parsed.value;

  const where: SQL[] = [eq(r.tenantId, access.value.tenantId)];
  if (filter?.status?.length) where.push(inArray(r.status, filter.status));
  if (filter?.outcome?.length) where.push(inArray(r.outcome, filter.outcome));
  if (filter?.operationType?.length) where.push(inArray(r.operationType, filter.operationType));
  if (filter?.providerConnectionId) {
    // The identity chosen at click time, which outlives a deleted connection.
    where.push(sql`${r.providerConnectionSnapshot}->>'id' = ${filter.providerConnectionId}`);
  }
  if (after) {
    const [createdAt, id] = decodeCursor(after) as [string, string];
    where.push(sql`(${r.createdAt}, ${r.id}) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }

  const rows = await db
    .select({
      run: runColumns,
      createdAtMicros: sql<string>`to_char(${r.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(r)
    .where(and(...where))
    .orderBy(desc(r.createdAt), desc(r.id))
    .limit(first + 1);

  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor(row.createdAtMicros, row.run.id), node: row.run }));
  return ok({
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  });
}

/**
 * May the caller follow the tenant's runs live (optionally one run)? The same answer as reading
 * them: NOT_FOUND for a non-member, and for a run that is not in the tenant.
 */
export async function authorizeRunSubscription(
  db: Database,
  actor: Actor,
  input: { tenantId: string; runId?: string | null },
): Promise<Result<{ tenantId: string; runId: string | null }>> {
  const access = await authorizeTenant(db, actor, input.tenantId, 'operations.view');
  if (!access.ok) return access;
  if (input.runId == null) return ok({ tenantId: access.value.tenantId, runId: null });
  if (!uuid.safeParse(input.runId).success) return fail('BAD_USER_INPUT', 'runId must be a UUID.', 'runId');
  const [run] = await db
    .select({ id: r.id })
    .from(r)
    .where(and(eq(r.id, input.runId), eq(r.tenantId, access.value.tenantId)));
  if (!run) return fail('NOT_FOUND', NOT_FOUND.operationRun);
  return ok({ tenantId: access.value.tenantId, runId: run.id });
}
