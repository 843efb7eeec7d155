/**
 * Restore runs: create (DRAFT), preview (PREVIEWED), start execution (through the gate), rerun.
 * Every function checks authorization first (membership → the action's capability, via the
 * capability registry), validates with zod, then touches storage. A restore run of a tenant the
 * caller is not a member of is NOT_FOUND with the same text as a missing one.
 */
import { type Database, schema } from '@msp/db';
import {
  type Actor,
  authorizeTenant,
  fail,
  loadTenantScoped,
  NOT_FOUND,
  ok,
  parseInput,
  type Result,
  recordChange,
  type StartResult,
  type TenantAction,
  uuid,
} from '@msp/gate';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RestoreDeps } from '../deps';
import { effectiveStatus, executionPrecondition, linkExecution } from '../execution';
import type { RestoreItemResultModel, RestorePreviewModel, RestoreRunModel } from '../model';
import { computePreview } from './preview';

export const RESTORE_NOT_FOUND = 'Restore run not found.';
export const BACKUP_NOT_FOUND = 'Policy backup not found.';
/** Items one restore run may select; a backup of a large tenant has a few hundred policies. */
export const MAX_SELECTED_ITEMS = 1000;

const rr = schema.restoreRuns;

interface LoadedRow {
  r: typeof rr.$inferSelect;
  tenantName: string;
  runStatus: string | null;
  runOutcome: string | null;
}

const o = schema.operationRuns;
/** A column of the execution's run, read alongside (a started restore run names its run). */
const runOf = (column: 'status' | 'outcome') =>
  sql<string | null>`(select ${o[column]} from ${o} where ${o.id} = ${rr.operationRunId})`;

/** Restore runs by id, each authorized for `action` through its tenant, in one query. */
async function loadAuthorized(
  db: Database,
  actor: Actor,
  ids: readonly string[],
  action: TenantAction,
): Promise<Result<RestoreRunModel>[]> {
  const loaded = await loadTenantScoped(db, actor, ids, {
    table: rr,
    id: rr.id,
    tenantId: rr.tenantId,
    fields: { r: rr, tenantName: schema.tenants.name, runStatus: runOf('status'), runOutcome: runOf('outcome') },
    action,
    notFound: RESTORE_NOT_FOUND,
  });
  return loaded.map((row) => (row.ok ? ok(toModel(row.value)) : row));
}

function toModel({ r, tenantName, runStatus, runOutcome }: LoadedRow): RestoreRunModel {
  return {
    id: r.id,
    tenantId: r.tenantId,
    tenantName,
    backupId: r.backupId,
    selectedItemIds: r.selectedItemIds,
    status: effectiveStatus(r.status, { status: runStatus, outcome: runOutcome }),
    preview: (r.preview as RestorePreviewModel | null) ?? null,
    warnings: r.warnings,
    previewedAt: r.previewedAt,
    operationRunId: r.operationRunId,
    itemResults: (r.itemResults as RestoreItemResultModel[] | null) ?? [],
    rerunOf: r.rerunOf,
    createdAt: r.createdAt,
  };
}

/** Restore runs by id, in order, for the loader: each visible to members of its tenant only. */
export function loadRestoreRuns(
  db: Database,
  actor: Actor,
  ids: readonly string[],
): Promise<Result<RestoreRunModel>[]> {
  return loadAuthorized(db, actor, ids, 'tenant.view');
}

/** Tenants by id the caller may see (`tenant.view`), for `Tenant` references: one query. */
export function loadTenantRefs(db: Database, actor: Actor, ids: readonly string[]): Promise<Result<{ id: string }>[]> {
  const t = schema.tenants;
  return loadTenantScoped(db, actor, ids, {
    table: t,
    id: t.id,
    tenantId: t.id,
    fields: { id: t.id },
    action: 'tenant.view',
    notFound: NOT_FOUND.tenant,
  });
}

/** How many restore runs `Tenant.restoreRuns` lists at most. */
export const MAX_LISTED_RESTORE_RUNS = 100;
export const restoreRunListInput = z.object({
  first: z
    .number()
    .int()
    .min(1, { message: `must be between 1 and ${MAX_LISTED_RESTORE_RUNS}` })
    .max(MAX_LISTED_RESTORE_RUNS, { message: `must be between 1 and ${MAX_LISTED_RESTORE_RUNS}` }),
});

/**
 * The latest restore runs of several tenants, newest first, at most `limit` each: one query for
 * the ids (a window per tenant), one for the runs (authorized again, like every load).
 */
export async function restoreRunsOfTenants(
  db: Database,
  actor: Actor,
  tenantIds: readonly string[],
  limit: number,
): Promise<RestoreRunModel[][]> {
  const valid = [...new Set(tenantIds.filter((id) => uuid.safeParse(id).success))];
  const latest =
    valid.length === 0
      ? []
      : await db
          .select({ id: sql<string>`ranked.id`, tenantId: sql<string>`ranked.tenant_id` })
          .from(
            sql`(select ${rr.id} as id, ${rr.tenantId} as tenant_id, row_number() over (
                   partition by ${rr.tenantId} order by ${rr.createdAt} desc, ${rr.id} desc) as n
                 from ${rr} where ${inArray(rr.tenantId, valid)}) as ranked`,
          )
          .where(sql`ranked.n <= ${limit}`);
  const loaded = await loadRestoreRuns(
    db,
    actor,
    latest.map((r) => r.id),
  );
  const runs = loaded.flatMap((r) => (r.ok ? [r.value] : []));
  const newestFirst = (a: RestoreRunModel, b: RestoreRunModel) =>
    b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1);
  return tenantIds.map((id) => runs.filter((r) => r.tenantId === id).sort(newestFirst));
}

/** One restore run, authorized for `action`. */
async function authorizedRun(
  db: Database,
  actor: Actor,
  id: unknown,
  action: TenantAction,
  field = 'id',
): Promise<Result<RestoreRunModel>> {
  const parsed = parseInput(z.object({ [field]: uuid }), { [field]: id });
  if (!parsed.ok) return parsed;
  const [result] = await loadAuthorized(db, actor, [String(id)], action);
  return result ?? fail('NOT_FOUND', RESTORE_NOT_FOUND);
}

async function reload(db: Database, actor: Actor, id: string): Promise<Result<RestoreRunModel>> {
  const [result] = await loadRestoreRuns(db, actor, [id]);
  return result ?? fail('NOT_FOUND', RESTORE_NOT_FOUND);
}

const createInput = z.object({
  tenantId: uuid,
  backupId: uuid,
  itemIds: z
    .array(uuid)
    .min(1, { message: 'must not be empty (omit it to restore every item)' })
    .max(MAX_SELECTED_ITEMS, { message: `must have at most ${MAX_SELECTED_ITEMS} items` })
    .nullish(),
});

export async function createRestoreRun(
  db: Database,
  actor: Actor,
  input: { tenantId: string; backupId: string; itemIds?: readonly string[] | null },
): Promise<Result<RestoreRunModel>> {
  const access = await authorizeTenant(db, actor, input.tenantId, 'restore.create');
  if (!access.ok) return access;
  const parsed = parseInput(createInput, input);
  if (!parsed.ok) return parsed;
  const { tenantId, backupId } = parsed.value;
  const itemIds = parsed.value.itemIds ? [...new Set(parsed.value.itemIds)] : null;

  const b = schema.policyBackups;
  const [backup] = await db
    .select({ id: b.id, completedAt: b.completedAt })
    .from(b)
    .where(and(eq(b.id, backupId), eq(b.tenantId, tenantId)));
  // A backup of another tenant is indistinguishable from a missing one.
  if (!backup) return fail('NOT_FOUND', BACKUP_NOT_FOUND);
  if (!backup.completedAt) {
    return fail('BAD_USER_INPUT', 'backupId names a backup that has not completed yet.', 'backupId');
  }
  if (itemIds) {
    const bi = schema.policyBackupItems;
    const found = await db
      .select({ id: bi.id })
      .from(bi)
      .where(and(eq(bi.backupId, backupId), inArray(bi.id, itemIds)));
    const known = new Set(found.map((r) => r.id));
    const foreign = itemIds.filter((id) => !known.has(id));
    if (foreign.length > 0) {
      return fail(
        'BAD_USER_INPUT',
        `itemIds must be items of the backup; not in it: ${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}.`,
        'itemIds',
      );
    }
  }
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(rr)
      .values({ tenantId, backupId, selectedItemIds: itemIds, status: 'DRAFT', createdBy: actor.userId })
      .returning({ id: rr.id });
    if (!created) throw new Error('restore run was not written');
    await recordChange(tx, actor, {
      action: 'restore.create',
      scope: access.value,
      target: { type: 'restore_run', id: created.id },
      detail: { backupId, itemCount: itemIds?.length ?? null },
    });
    return created;
  });
  return reload(db, actor, row.id);
}

export async function rerunRestoreRun(
  db: Database,
  actor: Actor,
  restoreRunId: string,
): Promise<Result<RestoreRunModel>> {
  const original = await authorizedRun(db, actor, restoreRunId, 'restore.rerun', 'restoreRunId');
  if (!original.ok) return original;
  const o = original.value;
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(rr)
      .values({
        tenantId: o.tenantId,
        backupId: o.backupId,
        selectedItemIds: o.selectedItemIds,
        status: 'DRAFT',
        rerunOf: o.id,
        createdBy: actor.userId,
      })
      .returning({ id: rr.id });
    if (!created) throw new Error('restore run was not written');
    await recordChange(tx, actor, {
      action: 'restore.rerun',
      scope: { tenantId: o.tenantId },
      target: { type: 'restore_run', id: created.id },
      detail: { rerunOf: o.id, backupId: o.backupId },
    });
    return created;
  });
  return reload(db, actor, row.id);
}

export async function previewRestoreRun(deps: RestoreDeps, actor: Actor, id: string): Promise<Result<RestoreRunModel>> {
  const { db } = deps;
  const loaded = await authorizedRun(db, actor, id, 'restore.preview');
  if (!loaded.ok) return loaded;
  const run = loaded.value;
  if (run.status !== 'DRAFT' && run.status !== 'PREVIEWED') {
    return fail(
      'CONFLICT',
      `The restore run is ${run.status}; rerun it to preview the backup against the tenant again.`,
      'id',
    );
  }
  const bi = schema.policyBackupItems;
  const b = schema.policyBackups;
  const [backup] = await db.select({ createdAt: b.createdAt }).from(b).where(eq(b.id, run.backupId));
  if (!backup) return fail('NOT_FOUND', BACKUP_NOT_FOUND);
  const selection = run.selectedItemIds;
  const items = await db
    .select({ id: bi.id, policyId: bi.policyId, displayName: bi.displayName, payload: bi.payload })
    .from(bi)
    .where(
      selection === null
        ? eq(bi.backupId, run.backupId)
        : and(eq(bi.backupId, run.backupId), inArray(bi.id, selection.length > 0 ? selection : [run.id])),
    )
    .orderBy(asc(bi.displayName), asc(bi.id));

  const computed = await computePreview(deps, { tenantId: run.tenantId, backupTakenAt: backup.createdAt, items });
  if (!computed.ok) return computed;
  const { preview, warnings } = computed.value;
  const updated = await db.transaction(async (tx) => {
    const rows = await tx
      .update(rr)
      .set({
        status: 'PREVIEWED',
        preview: preview as unknown as Record<string, unknown>,
        warnings,
        previewedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(and(eq(rr.id, run.id), inArray(rr.status, ['DRAFT', 'PREVIEWED'])))
      .returning({ id: rr.id });
    if (rows.length > 0) {
      const counts = preview as unknown as { creates?: number; updates?: number; unchanged?: number };
      await recordChange(tx, actor, {
        action: 'restore.preview',
        scope: { tenantId: run.tenantId },
        target: { type: 'restore_run', id: run.id },
        detail: {
          creates: counts.creates ?? null,
          updates: counts.updates ?? null,
          unchanged: counts.unchanged ?? null,
          warnings: warnings.length,
        },
      });
    }
    return rows;
  });
  if (updated.length === 0) {
    return fail('CONFLICT', 'The restore run was started while it was being previewed; reload it.', 'id');
  }
  return reload(db, actor, run.id);
}

/** Compares the typed phrase with the expected one, ignoring surrounding whitespace only. */
export function confirms(typed: string, phrase: string): boolean {
  return typed.trim() === phrase.trim();
}

export async function startRestoreExecution(
  deps: RestoreDeps,
  actor: Actor,
  input: {
    restoreRunId: string;
    confirmation: string;
    providerConnectionId?: string | null;
    idempotencyKey?: string | null;
  },
): Promise<Result<StartResult>> {
  const { db, gate } = deps;
  // Membership, then the exact capability (restore.execute), before anything about the run is
  // revealed or checked: a member without it gets FORBIDDEN whatever they typed.
  const loaded = await authorizedRun(db, actor, input.restoreRunId, 'start.RESTORE_EXECUTION', 'restoreRunId');
  if (!loaded.ok) return loaded;
  const run = loaded.value;
  if (!confirms(input.confirmation, run.tenantName)) {
    return fail(
      'BAD_USER_INPUT',
      'confirmation does not match: type the tenant name exactly as shown to execute this restore.',
      'confirmation',
    );
  }
  const precondition = executionPrecondition(run);
  const started = await gate.start({
    actor,
    operationType: 'RESTORE_EXECUTION',
    surface: 'RESTORE',
    tenantId: run.tenantId,
    providerConnectionId: input.providerConnectionId ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    // Dedupe per restore run; the connection is the scope, as for every provider operation.
    target: `restore:${run.id}`,
    input: { restoreRunId: run.id },
    precondition,
  });
  if (started.ok && started.value.outcome === 'ACCEPTED') await linkExecution(db, run.id, started.value.run.id);
  return started;
}
