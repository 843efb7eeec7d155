/**
 * RESTORE_EXECUTION: writes the selected items of a previewed restore run back into the
 * tenant. For each item, in a stable order: match a current policy by id, then by display name
 * (the rule of `@msp/restore/plan`, the same the preview used); UPDATE (PUT, replace incl.
 * settings) when it differs, leave it UNCHANGED when equal, CREATE (POST) when nothing matched.
 * Matching is redone at execution time against a fresh listing, and a policy created earlier in
 * the run is added to the index, so applying the same restore again (a rerun, or a retried
 * attempt after a crash) finds what the first one created and never duplicates it. Only the
 * selected items are read or written.
 *
 * Failures: an item Graph rejects (its body, 4xx → INTERNAL_ERROR) or whose matched policy
 * vanished (TARGET_NOT_FOUND) is a failed item, recorded with its reason, and the run goes on;
 * anything that concerns the connection or Graph as a whole (credentials, consent,
 * permissions, throttling, outage) is thrown, so the runtime retries or fails the run and
 * records the provider state as for every other operation.
 *
 * Cancelled, it stops before the next item (a write already sent finishes and is recorded): the
 * restore run keeps the per-item results of what was applied, and the run ends CANCELLED.
 */
import { schema } from '@msp/db';
import type { ReasonCode } from '@msp/gate';
import { type GraphConfigurationPolicy, isGraphError } from '@msp/microsoft-graph';
import {
  diffPolicy,
  itemName,
  type PlanItem,
  policyIndex,
  type RestoreItemAction,
  restoreBody,
} from '@msp/restore-plan';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { cancelled, defineProcessor, RunFailure } from '../kit';

/** Reasons that concern one item only; every other Graph error ends (or retries) the run. */
const ITEM_REASONS: ReadonlySet<ReasonCode> = new Set(['TARGET_NOT_FOUND', 'INTERNAL_ERROR']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DETAIL = 900;

export interface RestoreItemResult {
  itemId: string;
  displayName: string;
  /** What was (or was to be) done. */
  action: RestoreItemAction;
  /** The policy written (or left unchanged) in the tenant; null when a create failed. */
  targetPolicyId: string | null;
  ok: boolean;
  reasonCode: ReasonCode | null;
  detail: string | null;
}

export const restoreExecutionProcessor = defineProcessor({
  operationType: 'RESTORE_EXECUTION',
  async handle({ context, logger }) {
    const { db, run, graph } = context;
    const restoreRunId = run.input.restoreRunId;
    if (typeof restoreRunId !== 'string' || !UUID.test(restoreRunId)) {
      throw new RunFailure('RESTORE_NOT_READY', 'The run names no restore run; nothing was changed in the tenant.');
    }
    const rr = schema.restoreRuns;
    const [restore] = await db
      .select()
      .from(rr)
      .where(and(eq(rr.id, restoreRunId), eq(rr.tenantId, run.tenantId)));
    if (!restore) {
      throw new RunFailure('RESTORE_NOT_READY', 'The restore run no longer exists; nothing was changed in the tenant.');
    }
    if (!restore.previewedAt) {
      throw new RunFailure('RESTORE_NOT_READY', 'The restore run was never previewed; nothing was changed.');
    }
    await db
      .update(rr)
      .set({ status: 'EXECUTING', operationRunId: run.id, updatedAt: new Date() })
      .where(and(eq(rr.id, restore.id), inArray(rr.status, ['PREVIEWED', 'EXECUTING'])));

    const bi = schema.policyBackupItems;
    const selection = restore.selectedItemIds;
    // Only the selected items are read, so nothing else can be written. (createRestoreRun refuses
    // an empty selection; an empty one here restores nothing.)
    const rows =
      selection !== null && selection.length === 0
        ? []
        : await db
            .select({ id: bi.id, policyId: bi.policyId, displayName: bi.displayName, payload: bi.payload })
            .from(bi)
            .where(
              selection === null
                ? eq(bi.backupId, restore.backupId)
                : and(eq(bi.backupId, restore.backupId), inArray(bi.id, selection)),
            )
            .orderBy(asc(bi.displayName), asc(bi.id));
    const items: PlanItem[] = rows;
    const total = items.length;
    await context.progress({ total, processed: 0, succeeded: 0, failed: 0 });

    const listed: GraphConfigurationPolicy[] = [];
    for await (const page of graph.listConfigurationPolicies()) listed.push(...page);
    const index = policyIndex(listed);

    const results: RestoreItemResult[] = [];
    const saveResults = (status?: 'COMPLETED' | 'FAILED') =>
      db
        .update(rr)
        .set({
          itemResults: results as unknown as Array<Record<string, unknown>>,
          updatedAt: new Date(),
          ...(status ? { status } : {}),
        })
        .where(eq(rr.id, restore.id));

    let succeeded = 0;
    let failed = 0;
    for (const item of items) {
      // Cancelled: the items applied so far stay applied and recorded; the rest are not touched.
      if (cancelled(context)) break;
      const name = itemName(item);
      const match = index.match(item);
      let action: RestoreItemAction = match ? 'UPDATE' : 'CREATE';
      let targetPolicyId: string | null = match?.policy.id ?? null;
      try {
        if (!match) {
          const created = await graph.createConfigurationPolicy(restoreBody(item));
          targetPolicyId = created.id;
          index.add(created);
        } else {
          const current = await graph.getConfigurationPolicy(match.policy.id);
          if (diffPolicy(item, current).changed) {
            await graph.updateConfigurationPolicy(match.policy.id, restoreBody(item), { mode: 'replace' });
          } else {
            action = 'UNCHANGED';
          }
        }
        results.push({
          itemId: item.id,
          displayName: name,
          action,
          targetPolicyId,
          ok: true,
          reasonCode: null,
          detail: null,
        });
        succeeded++;
      } catch (err) {
        // The cancellation ended this item's next request: it was not applied.
        if (cancelled(context)) break;
        if (!isGraphError(err) || !ITEM_REASONS.has(err.reasonCode)) {
          // Keep what was done so far visible; the runtime retries or fails the run.
          await saveResults().catch(() => {});
          throw err;
        }
        logger.warn({ itemId: item.id, reasonCode: err.reasonCode }, 'restore item failed');
        results.push({
          itemId: item.id,
          displayName: name,
          action,
          targetPolicyId,
          ok: false,
          reasonCode: err.reasonCode,
          detail: err.message,
        });
        failed++;
      }
      await context.progress({ total, processed: succeeded + failed, succeeded, failed });
    }

    const counts = (a: RestoreItemAction) => results.filter((r) => r.ok && r.action === a).length;
    const summary = () => ({
      restoreRunId: restore.id,
      created: counts('CREATE'),
      updated: counts('UPDATE'),
      unchanged: counts('UNCHANGED'),
      failed,
      items: results,
    });
    const progress = { total, processed: succeeded + failed, succeeded, failed };
    if (results.length < total) {
      // Cancelled part-way: the restore run ends with the results of what was applied.
      await saveResults('FAILED');
      logger.info({ restoreRunId: restore.id, ...progress }, 'restore execution cancelled');
      return { outcome: 'CANCELLED', result: { ...summary(), notApplied: total - results.length }, progress };
    }

    const outcome = failed === 0 ? 'SUCCEEDED' : succeeded === 0 ? 'FAILED' : 'PARTIALLY_SUCCEEDED';
    await saveResults(outcome === 'FAILED' ? 'FAILED' : 'COMPLETED');
    const result = summary();
    logger.info({ restoreRunId: restore.id, ...progress }, 'restore executed');
    if (failed === 0) return { outcome: 'SUCCEEDED', result, progress };
    const failures = results.filter((r) => !r.ok);
    const detail = `${failed} of ${total} items failed: ${failures
      .map((f) => `"${f.displayName}" (${f.reasonCode}: ${f.detail})`)
      .join('; ')}`;
    return {
      outcome,
      reasonCode: failures[0]?.reasonCode ?? 'INTERNAL_ERROR',
      reasonDetail: detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail,
      result,
      progress,
    };
  },
});
