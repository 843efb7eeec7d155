/**
 * POLICY_BACKUP: lists the Intune configuration (Settings Catalog) policies, reads each with its
 * settings, and stores them as one backup set with one item per policy. A policy deleted
 * between the listing and its read is a failed item (the run ends PARTIALLY_SUCCEEDED with
 * TARGET_NOT_FOUND); any other error fails the run. Cancelled, it stops at once (reads in
 * flight end): the set keeps the batches stored so far and stays partial (`completedAt` null).
 */
import { schema } from '@msp/db';
import { type GraphConfigurationPolicy, isGraphError } from '@msp/microsoft-graph';
import { eq, sql } from 'drizzle-orm';
import { cancelled, defineProcessor } from '../kit';
import { mapLimit } from './shared';

/** The Graph resource type of a backed-up item: tells a restore where to write it. */
export const CONFIGURATION_POLICY_TYPE = 'deviceManagementConfigurationPolicy';
/** Items stored (and progress reported) per batch. */
const BATCH = 25;

export const policyBackupProcessor = defineProcessor({
  operationType: 'POLICY_BACKUP',
  async handle({ context, logger }) {
    const { graph, db, run, connection, settings } = context;
    const listed: GraphConfigurationPolicy[] = [];
    for await (const page of graph.listConfigurationPolicies()) listed.push(...page);
    const total = listed.length;
    await context.progress({ total, processed: 0, succeeded: 0, failed: 0 });

    // One set per run: a retried attempt empties and refills the set it started.
    const [backup] = await db
      .insert(schema.policyBackups)
      .values({ tenantId: run.tenantId, operationRunId: run.id, providerConnectionId: connection.id })
      .onConflictDoUpdate({
        target: schema.policyBackups.operationRunId,
        set: { itemCount: 0, completedAt: null, providerConnectionId: connection.id },
      })
      .returning({ id: schema.policyBackups.id });
    if (!backup) throw new Error('policy backup row was not written');
    await db.delete(schema.policyBackupItems).where(eq(schema.policyBackupItems.backupId, backup.id));

    let succeeded = 0;
    let failed = 0;
    const vanished: string[] = [];
    try {
      for (let offset = 0; offset < total && !cancelled(context); offset += BATCH) {
        const batch = listed.slice(offset, offset + BATCH);
        const read = await mapLimit(batch, settings.backupConcurrency, async (policy) => {
          try {
            return await graph.getConfigurationPolicy(policy.id);
          } catch (err) {
            if (isGraphError(err) && err.reasonCode === 'TARGET_NOT_FOUND') {
              vanished.push(policy.id);
              return null;
            }
            throw err;
          }
        });
        const items = read.filter((p): p is GraphConfigurationPolicy => p !== null);
        if (items.length > 0) {
          await db
            .insert(schema.policyBackupItems)
            .values(
              items.map((policy) => ({
                backupId: backup.id,
                policyId: policy.id,
                displayName: policy.name,
                policyType: CONFIGURATION_POLICY_TYPE,
                payload: policy as Record<string, unknown>,
              })),
            )
            .onConflictDoUpdate({
              target: [schema.policyBackupItems.backupId, schema.policyBackupItems.policyId],
              set: { displayName: sql`excluded.display_name`, payload: sql`excluded.payload` },
            });
        }
        succeeded += items.length;
        failed += batch.length - items.length;
        await context.progress({ total, processed: succeeded + failed, succeeded, failed });
      }
    } catch (err) {
      if (!cancelled(context)) throw err;
    }
    if (succeeded + failed < total) {
      // Cancelled: the set keeps the items stored so far and stays partial (no completedAt).
      await db.update(schema.policyBackups).set({ itemCount: succeeded }).where(eq(schema.policyBackups.id, backup.id));
      logger.info({ backupId: backup.id, items: succeeded }, 'policy backup cancelled; the set stays partial');
      return {
        outcome: 'CANCELLED',
        result: { backupId: backup.id, items: succeeded, missingPolicies: vanished, partial: true },
        progress: { total, processed: succeeded + failed, succeeded, failed },
      };
    }

    await db
      .update(schema.policyBackups)
      .set({ itemCount: succeeded, completedAt: new Date() })
      .where(eq(schema.policyBackups.id, backup.id));
    logger.info({ backupId: backup.id, items: succeeded, vanished: failed }, 'policy backup stored');

    const result = { backupId: backup.id, items: succeeded, missingPolicies: vanished };
    const progress = { total, processed: succeeded + failed, succeeded, failed };
    if (failed === 0) return { outcome: 'SUCCEEDED', result, progress };
    return {
      outcome: succeeded > 0 ? 'PARTIALLY_SUCCEEDED' : 'FAILED',
      reasonCode: 'TARGET_NOT_FOUND',
      reasonDetail: `${failed} of ${total} policies were deleted while the backup ran.`,
      result,
      progress,
    };
  },
});
