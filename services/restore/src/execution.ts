/**
 * Executing a restore run, as every start of RESTORE_EXECUTION needs it (the restore page's
 * `startRestoreExecution` and a retry from Monitoring): the precondition read from the restore
 * run's stored state, and the link an ACCEPTED execution writes. No GraphQL here, so another
 * subgraph can use it without building this one's schema.
 */
import { type Database, schema } from '@msp/db';
import { type Blocker, uuid } from '@msp/gate';
import { eq, sql } from 'drizzle-orm';
import type { RestoreRunStatus } from './model';

const rr = schema.restoreRuns;

/** The stored status, corrected by the operation run: an execution that ended ends the restore. */
export function effectiveStatus(
  stored: RestoreRunStatus,
  run: { status: string | null; outcome: string | null },
): RestoreRunStatus {
  if (stored !== 'EXECUTING' || run.status !== 'COMPLETED') return stored;
  return run.outcome === 'SUCCEEDED' || run.outcome === 'PARTIALLY_SUCCEEDED' ? 'COMPLETED' : 'FAILED';
}

/**
 * What must hold before a restore run is executed, from its stored state: previewed, and not
 * executed already. A start of RESTORE_EXECUTION (this mutation, or a retry from Monitoring)
 * passes it to the gate as the operation's precondition.
 */
export function executionPrecondition(run: { status: RestoreRunStatus; previewedAt: Date | null }): Blocker | null {
  if (run.status === 'DRAFT' || !run.previewedAt) {
    return {
      reasonCode: 'RESTORE_NOT_READY',
      detail: 'The restore run has not been previewed: preview it and review its changes first.',
    };
  }
  if (run.status === 'COMPLETED' || run.status === 'FAILED') {
    return {
      reasonCode: 'RESTORE_NOT_READY',
      detail: 'This restore run was already executed: rerun it to preview and apply the backup again.',
    };
  }
  return null;
}

/**
 * The precondition of executing restore run `restoreRunId` as stored now (for a retry of its
 * execution from Monitoring, whose caller was authorized on the run): a restore run that no
 * longer exists is not ready either.
 */
export async function restoreExecutionPrecondition(db: Database, restoreRunId: unknown): Promise<Blocker | null> {
  const id = uuid.safeParse(restoreRunId);
  if (!id.success) return { reasonCode: 'RESTORE_NOT_READY', detail: 'The run names no restore run.' };
  const o = schema.operationRuns;
  const [row] = await db
    .select({ status: rr.status, previewedAt: rr.previewedAt, runStatus: o.status, runOutcome: o.outcome })
    .from(rr)
    .leftJoin(o, eq(o.id, rr.operationRunId))
    .where(eq(rr.id, id.data));
  if (!row) return { reasonCode: 'RESTORE_NOT_READY', detail: 'The restore run no longer exists.' };
  const status = effectiveStatus(row.status, { status: row.runStatus, outcome: row.runOutcome });
  return executionPrecondition({ status, previewedAt: row.previewedAt });
}

/** After an ACCEPTED execution: the restore run points at its run and reads EXECUTING. */
export async function linkExecution(db: Database, restoreRunId: string, runId: string): Promise<void> {
  // The worker may already have begun (it links the run too): keep what it wrote.
  await db
    .update(rr)
    .set({
      operationRunId: sql`coalesce(${rr.operationRunId}, ${runId}::uuid)`,
      status: sql`case when ${rr.status} = 'PREVIEWED' then 'EXECUTING'::restore_run_status else ${rr.status} end`,
      updatedAt: new Date(),
    })
    .where(eq(rr.id, restoreRunId));
}
