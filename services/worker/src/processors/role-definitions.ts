/**
 * ROLE_DEFINITIONS_SYNC: `GET /deviceManagement/roleDefinitions`, every page upserted with one
 * statement, then definitions this sync did not see are removed (as for directory groups).
 */
import { schema } from '@msp/db';
import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { defineProcessor } from '../kit';
import { dbNow } from './shared';

const rd = schema.roleDefinitions;

export const roleDefinitionsProcessor = defineProcessor({
  operationType: 'ROLE_DEFINITIONS_SYNC',
  async handle({ context, logger }) {
    const { graph, db, run } = context;
    const syncStart = await dbNow(db);
    let processed = 0;
    for await (const page of graph.listRoleDefinitions()) {
      if (page.length > 0) {
        await db
          .insert(rd)
          .values(
            page.map((role) => ({
              tenantId: run.tenantId,
              graphId: role.id,
              displayName: role.displayName,
              description: role.description ?? null,
              isBuiltIn: role.isBuiltIn ?? false,
              permissions: role.rolePermissions,
              syncedAt: sql`now()`,
              lastRunId: run.id,
            })),
          )
          .onConflictDoUpdate({
            target: [rd.tenantId, rd.graphId],
            set: {
              displayName: sql`excluded.display_name`,
              description: sql`excluded.description`,
              isBuiltIn: sql`excluded.is_built_in`,
              permissions: sql`excluded.permissions`,
              syncedAt: sql`excluded.synced_at`,
              lastRunId: sql`excluded.last_run_id`,
            },
          });
      }
      processed += page.length;
      await context.progress({ processed, succeeded: processed, failed: 0 });
    }
    const removed = await db
      .delete(rd)
      .where(
        and(
          eq(rd.tenantId, run.tenantId),
          lt(rd.syncedAt, syncStart),
          or(isNull(rd.lastRunId), ne(rd.lastRunId, run.id)),
        ),
      )
      .returning({ graphId: rd.graphId });
    logger.info({ roleDefinitions: processed, removed: removed.length }, 'role definitions synced');
    return {
      outcome: 'SUCCEEDED',
      result: { roleDefinitions: processed, removed: removed.length },
      progress: { total: processed, processed, succeeded: processed, failed: 0 },
    };
  },
});
