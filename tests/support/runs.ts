/** Waiting for a run, as the worker and the restore and onboarding suites do. */
import { type Database, type RunRow, schema } from '@msp/db';
import { eq } from 'drizzle-orm';

/**
 * Polls the run until `until` holds (by default: COMPLETED); fails with the last state seen after
 * `timeoutMs`.
 */
export async function waitForRun(
  db: Database,
  runId: string,
  until: (run: RunRow) => boolean = (run) => run.status === 'COMPLETED',
  timeoutMs = 20_000,
): Promise<RunRow> {
  const deadline = Date.now() + timeoutMs;
  let last: RunRow | undefined;
  while (Date.now() < deadline) {
    [last] = await db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, runId));
    if (last && until(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  throw new Error(
    `run ${runId} did not reach the expected state in ${timeoutMs} ms; last: ${JSON.stringify(
      last && { status: last.status, outcome: last.outcome, reasonCode: last.reasonCode, attempts: last.attempts },
    )}`,
  );
}
