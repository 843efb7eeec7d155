/**
 * Reading runs. Every function authorizes first (tenant membership → `operations.view` through
 * the capability registry), so a non-member gets exactly the NOT_FOUND of a missing id.
 */
import { type Database, rowFromDriver, schema, selectList } from '@msp/db';
import {
  type Actor,
  decodeCursor,
  fail,
  keysetPage,
  loadTenantScoped,
  NOT_FOUND,
  OPERATION_TYPES,
  ok,
  PROBLEM_CLASSES,
  parseInput,
  problemClassOf,
  REASON_CODES,
  type Result,
  RUN_OUTCOMES,
  RUN_STATUSES,
  START_SURFACES,
  uuid,
} from '@msp/gate';
import { and, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RunModel } from '../model';
import { type RunScope, resolveRunScope, type ScopeInput } from './scope';

const r = schema.operationRuns;

/** The columns a `RunModel` is made of: all of them. */
export const runColumns = getTableColumns(r);

/** The same, for a raw select decoded by `rowFromDriver`. */
const runSelectList = sql.raw(selectList(r, '"operation_runs"'));

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
/**
 * `totalCount` counts matching runs up to this many and then stops: beyond it the count is this
 * cap with `totalCountIsLowerBound` true. Counting a million runs exactly on every page would
 * cost more than the page; "1,000+" is what a Monitoring table shows anyway.
 */
export const TOTAL_COUNT_CAP = 1000;

const pageSize = z
  .number()
  .int()
  .min(1, { message: `must be between 1 and ${MAX_PAGE_SIZE}` })
  .max(MAX_PAGE_SIZE, { message: `must be between 1 and ${MAX_PAGE_SIZE}` });
const cursor = z
  .string()
  .nullish()
  .refine((c) => c == null || decodeCursor(c) !== null, { message: 'is not a cursor of this list' });

export const runFilterSchema = z
  .object({
    status: z.array(z.enum(RUN_STATUSES)).nullish(),
    outcome: z.array(z.enum(RUN_OUTCOMES)).nullish(),
    operationType: z.array(z.enum(OPERATION_TYPES)).nullish(),
    providerConnectionId: uuid.nullish(),
    initiatedBy: uuid.nullish(),
    surface: z.array(z.enum(START_SURFACES)).nullish(),
    reasonCode: z.array(z.enum(REASON_CODES)).nullish(),
    problemClass: z.array(z.enum(PROBLEM_CLASSES)).nullish(),
    createdAfter: z.date().nullish(),
    createdBefore: z.date().nullish(),
  })
  .nullish();
export type RunFilter = NonNullable<z.infer<typeof runFilterSchema>>;

const listRunsSchema = z
  .object({
    first: pageSize.nullish(),
    after: cursor,
    last: pageSize.nullish(),
    before: cursor,
    filter: runFilterSchema,
  })
  .superRefine((v, ctx) => {
    if (v.first != null && v.last != null) {
      ctx.addIssue({ code: 'custom', path: ['last'], message: 'cannot be given with first (page one way at a time)' });
    }
    if (v.after != null && v.before != null) {
      ctx.addIssue({ code: 'custom', path: ['before'], message: 'cannot be given with after' });
    }
    if (v.before != null && v.first != null) {
      ctx.addIssue({ code: 'custom', path: ['before'], message: 'goes with last, not first' });
    }
    if (v.after != null && v.last != null) {
      ctx.addIssue({ code: 'custom', path: ['after'], message: 'goes with first, not last' });
    }
  });

export interface ListRunsInput extends ScopeInput {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  filter?: {
    status?: readonly string[] | null;
    outcome?: readonly string[] | null;
    operationType?: readonly string[] | null;
    providerConnectionId?: string | null;
    initiatedBy?: string | null;
    surface?: readonly string[] | null;
    reasonCode?: readonly string[] | null;
    problemClass?: readonly string[] | null;
    createdAfter?: Date | null;
    createdBefore?: Date | null;
  } | null;
}

export interface RunPageRows {
  edges: Array<{ cursor: string; node: RunModel }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * A list whose scope and arguments were checked. The page and the count are each read when first
 * asked for (once): a request for `totalCount` alone reads no page, and one asking for both reads
 * them at the same time, on two connections.
 */
export interface RunPage {
  page(): Promise<RunPageRows>;
  /** Counts the runs of the list (not of the page), up to TOTAL_COUNT_CAP. */
  count(): Promise<{ totalCount: number; totalCountIsLowerBound: boolean }>;
}

/** `read`, run on the first call only; later calls get the same promise. */
function once<T>(read: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= read();
    return result;
  };
}

/** A `{a,b}` array literal of values already validated (UUIDs, enum names: no quoting needed). */
const arrayLiteral = (values: readonly string[]) => `{${values.join(',')}}`;

/**
 * One filter condition: a column and the values it may take. A list is read through the index of
 * one of them (its "driver", see `driverOf`); the others are checked on the rows it reads.
 */
interface Condition {
  column: SQL;
  values: readonly string[];
  /** The Postgres type of the values (an enum, uuid or text). */
  type: string;
}

/** The reason codes a filter allows (reasonCode ∩ the codes of problemClass); null: any. */
function reasonCodesOf(f: RunFilter): string[] | null {
  let codes: string[] | null = f.reasonCode?.length ? [...f.reasonCode] : null;
  if (f.problemClass?.length) {
    const classes = new Set<string>(f.problemClass);
    const ofClass: string[] = REASON_CODES.filter((c) => classes.has(problemClassOf(c)));
    codes = codes ? codes.filter((c) => ofClass.includes(c)) : ofClass;
  }
  return codes;
}

/**
 * The filter's conditions, the one to seek by first. Every supported filter has an index with its
 * column ahead of the sort key, scoped by workspace and by tenant (migration 0006); when several
 * are given the most selective one drives, in this order: initiator, reason code (and problem
 * class), outcome, status, operation type, surface. The connection filter has an index of its own
 * without scope (a connection belongs to one tenant) and is handled apart.
 */
function conditionsOf(f: RunFilter): Condition[] | null {
  const conditions: Condition[] = [];
  if (f.initiatedBy) conditions.push({ column: sql`${r.initiatedBy}`, values: [f.initiatedBy], type: 'uuid' });
  const reasons = reasonCodesOf(f);
  // Asked-for reasons that no code has (a problem class without the asked-for codes): nothing matches.
  if (reasons && reasons.length === 0) return null;
  if (reasons) conditions.push({ column: sql`${r.reasonCode}`, values: reasons, type: 'text' });
  const add = (values: readonly string[] | null | undefined, column: SQL, type: string) => {
    if (values?.length) conditions.push({ column, values: [...new Set(values)], type });
  };
  add(f.outcome, sql`${r.outcome}`, 'run_outcome');
  add(f.status, sql`${r.status}`, 'run_status');
  add(f.operationType, sql`${r.operationType}`, 'operation_type');
  add(f.surface, sql`${r.initiatedFrom}`, 'start_surface');
  return conditions;
}

const inList = (c: Condition) => sql`${c.column} = any(${arrayLiteral(c.values)}::${sql.raw(c.type)}[])`;

type Direction = 'desc' | 'asc';

interface SeekPlan {
  scope: RunScope;
  filter: RunFilter;
  conditions: Condition[];
}

/**
 * The ids (and sort keys) of at most `limit` runs of the list in `direction`, past `position`:
 * one index seek per (scope key × driver value), each reading at most `limit` rows in index
 * order, merged by the sort key. No seek reads a tenant's (or workspace's) whole history.
 */
function seekQuery(plan: SeekPlan, direction: Direction, limit: number, position: SQL | null, select: SQL): SQL {
  const { scope, filter } = plan;
  const dir = sql.raw(direction);
  const order = sql`order by ${r.createdAt} ${dir}, ${r.id} ${dir} limit ${limit}`;
  const common: SQL[] = [];
  if (filter.createdAfter) common.push(sql`${r.createdAt} >= ${filter.createdAfter.toISOString()}::timestamptz`);
  if (filter.createdBefore) common.push(sql`${r.createdAt} < ${filter.createdBefore.toISOString()}::timestamptz`);
  if (position) common.push(position);
  const tenantsOfScope = sql`${r.tenantId} = any(${arrayLiteral(scope.tenantIds)}::uuid[])`;

  if (filter.providerConnectionId) {
    const where = [
      sql`${r.chosenConnectionId} = ${filter.providerConnectionId}::uuid`,
      tenantsOfScope,
      ...plan.conditions.map(inList),
      ...common,
    ];
    return sql`(select ${select} from ${r} where ${and(...where)} ${order})`;
  }

  const [driver, ...rest] = plan.conditions;
  const branches: SQL[] = [];
  const branch = (keys: string[], scopeColumn: SQL, residual: SQL[]) => {
    if (keys.length === 0) return;
    const values = driver
      ? sql` cross join unnest(${arrayLiteral(driver.values)}::${sql.raw(driver.type)}[]) as v(x)`
      : sql``;
    const where = [
      sql`${scopeColumn} = s.k`,
      ...(driver ? [sql`${driver.column} = v.x`] : []),
      ...residual,
      ...rest.map(inList),
      ...common,
    ];
    branches.push(
      sql`(select seek.* from unnest(${arrayLiteral(keys)}::uuid[]) as s(k)${values} cross join lateral (select ${select} from ${r} where ${and(...where)} ${order}) as seek)`,
    );
  };
  // Through a workspace's index the runs of its other tenants are skipped by the tenant check.
  branch(scope.seekWorkspaces, sql`${r.workspaceId}`, [tenantsOfScope]);
  branch(scope.seekTenants, sql`${r.tenantId}`, []);
  return sql.join(branches, sql` union all `);
}

const micros = sql<string>`to_char(${r.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * A page of runs of a tenant, a workspace (every tenant of it the caller is a member of) or a
 * list of tenants, newest first, keyset-paginated over (createdAt, id) in both directions
 * (`first`/`after` towards older runs, `last`/`before` towards newer ones), with `totalCount`
 * exact up to TOTAL_COUNT_CAP. An empty filter list means "any value".
 */
export async function listRuns(db: Database, actor: Actor, input: ListRunsInput): Promise<Result<RunPage>> {
  const scoped = await resolveRunScope(db, actor, input);
  if (!scoped.ok) return scoped;
  const parsed = parseInput(listRunsSchema, {
    first: input.first,
    after: input.after,
    last: input.last,
    before: input.before,
    filter: input.filter,
  });
  if (!parsed.ok) return parsed;
  const scope = scoped.value;
  const filter: RunFilter = parsed.value.filter ?? {};
  const { after, before } = parsed.value;
  const backward = parsed.value.last != null;
  const size = (backward ? parsed.value.last : parsed.value.first) ?? 50;
  const conditions = conditionsOf(filter);

  const empty = scope.tenantIds.length === 0 || conditions === null;
  const plan: SeekPlan = { scope, filter, conditions: conditions ?? [] };
  const count = once(async () => {
    if (empty) return { totalCount: 0, totalCountIsLowerBound: false };
    const seeks = seekQuery(plan, 'desc', TOTAL_COUNT_CAP + 1, null, sql`1 as one`);
    const [row] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from (select 1 from (${seeks}) as u limit ${TOTAL_COUNT_CAP + 1}) as c`,
    );
    const n = Number(row?.n ?? 0);
    return { totalCount: Math.min(n, TOTAL_COUNT_CAP), totalCountIsLowerBound: n > TOTAL_COUNT_CAP };
  });
  const direction: Direction = backward ? 'asc' : 'desc';
  const from = backward ? before : after;
  let position: SQL | null = null;
  if (from) {
    const [createdAt, id] = decodeCursor(from) as [string, string];
    position = backward
      ? sql`(${r.createdAt}, ${r.id}) > (${createdAt}::timestamptz, ${id}::uuid)`
      : sql`(${r.createdAt}, ${r.id}) < (${createdAt}::timestamptz, ${id}::uuid)`;
  }
  const page = once(async (): Promise<RunPageRows> => {
    if (empty) {
      return {
        edges: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      };
    }
    const seeks = seekQuery(plan, direction, size + 1, position, sql`${r.id} as id, ${r.createdAt} as created_at`);
    const dir = sql.raw(direction);
    // Raw rows decoded by rowFromDriver: the query builder's per-cell mapping cost more than the
    // query's execution (BENCHMARKS.md, bench:monitoring).
    const rows = await db.execute<Record<string, unknown> & { createdAtMicros: string }>(
      sql`select ${runSelectList}, ${micros} as "createdAtMicros" from ${r}
        where ${r.id} in (select u.id from (${seeks}) as u order by u.created_at ${dir}, u.id ${dir} limit ${size + 1})
        order by ${r.createdAt} ${dir}, ${r.id} ${dir}`,
    );

    // Paging towards older runs from a cursor, the cursor's run itself lies before (and so for
    // `before` towards newer ones): keysetPage answers that side without a query.
    return keysetPage(rows, { size, from, backward }, (raw) => ({
      micros: raw.createdAtMicros,
      node: rowFromDriver(r, raw),
    }));
  });
  return ok({ page, count });
}

/** The filter as a predicate on one run (a live event's snapshot): the list's conditions, in memory. */
export function runMatcher(filter: RunFilter): ((run: RunModel) => boolean) | null {
  const reasons = reasonCodesOf(filter);
  const checks: Array<(run: RunModel) => boolean> = [];
  const among = (values: readonly string[] | null | undefined, get: (run: RunModel) => string | null) => {
    if (values?.length) {
      const set = new Set<string>(values);
      checks.push((run) => set.has(get(run) ?? ''));
    }
  };
  among(filter.status, (run) => run.status);
  among(filter.outcome, (run) => run.outcome);
  among(filter.operationType, (run) => run.operationType);
  among(filter.surface, (run) => run.initiatedFrom);
  if (reasons) {
    const set = new Set(reasons);
    checks.push((run) => run.reasonCode !== null && set.has(run.reasonCode));
  }
  if (filter.initiatedBy) checks.push((run) => run.initiatedBy === filter.initiatedBy);
  if (filter.providerConnectionId) {
    checks.push((run) => run.providerConnectionSnapshot?.id === filter.providerConnectionId);
  }
  const after = filter.createdAfter?.getTime();
  const before = filter.createdBefore?.getTime();
  if (after !== undefined) checks.push((run) => run.createdAt.getTime() >= after);
  if (before !== undefined) checks.push((run) => run.createdAt.getTime() < before);
  return checks.length === 0 ? null : (run) => checks.every((check) => check(run));
}

/** What a live run stream covers, decided at subscribe time (`authorizeRunSubscription`). */
export interface StreamScope {
  kind: RunScope['kind'];
  /** The tenants whose runs pass; a tenant the caller loses is deleted from it (the stream narrows). */
  tenants: Set<string>;
  /** Their workspaces: a workspace or tenant-list stream listens on each one's channel. */
  workspaceIds: string[];
  runId: string | null;
  /** The filter the run (after the change) must match; null: every run. */
  matches: ((run: RunModel) => boolean) | null;
}

/**
 * May the caller follow the runs of a scope (optionally one run, optionally filtered)? The same
 * answers as the list: exactly one scope, NOT_FOUND for what the caller is not a member of, and
 * for a run outside the scope.
 */
export async function authorizeRunSubscription(
  db: Database,
  actor: Actor,
  input: ScopeInput & { runId?: string | null; filter?: ListRunsInput['filter'] },
): Promise<Result<StreamScope>> {
  const scoped = await resolveRunScope(db, actor, input);
  if (!scoped.ok) return scoped;
  const scope = scoped.value;
  const parsed = parseInput(z.object({ filter: runFilterSchema }), { filter: input.filter });
  if (!parsed.ok) return parsed;
  let runId: string | null = null;
  if (input.runId != null) {
    if (!uuid.safeParse(input.runId).success) return fail('BAD_USER_INPUT', 'runId must be a UUID.', 'runId');
    const [run] = await db
      .select({ id: r.id })
      .from(r)
      .where(and(eq(r.id, input.runId), sql`${r.tenantId} = any(${arrayLiteral(scope.tenantIds)}::uuid[])`));
    if (!run) return fail('NOT_FOUND', NOT_FOUND.operationRun);
    runId = run.id;
  }
  return ok({
    kind: scope.kind,
    tenants: new Set(scope.tenantIds),
    workspaceIds: scope.workspaceIds,
    runId,
    matches: runMatcher(parsed.value.filter ?? {}),
  });
}
