/**
 * Run retention: completed runs (blocked attempts included) older than the retention age are
 * deleted, oldest first, in batches (one short transaction each, so a large backlog never holds
 * locks for long or competes with the runs being written). Active runs are never touched.
 *
 * What references a run, and what becomes of it:
 * - `run_events`, `notifications`: deleted with the run (cascade).
 * - `start_decisions` (idempotency replays): deleted here first; a key that old replays nothing.
 * - `policy_backups`: kept; their `operation_run_id` is cleared (a backup outlives its run).
 * - `tenant_verification_reports`: deleted with the run (cascade), except that a run whose report
 *   is still its tenant's latest is kept: that report is what the tenant shows.
 * - `restore_runs`: an EXECUTING restore run of a pruned run is settled first to the status its
 *   run ended with (COMPLETED or FAILED), then its `operation_run_id` is cleared.
 * - `directory_groups` / `role_definitions.last_run_id`, `operation_runs.retry_of`: cleared.
 *
 * The same pass prunes the audit log (`audit_events`): records older than `auditMaxAgeMs`, oldest
 * first, in batches of `batchSize` (`pruneAuditEvents` in @msp/db, the one DELETE the table's
 * append-only trigger lets through). Audit records keep the ids of pruned runs: they name them.
 *
 * The same pass prunes schedule firings (`schedule_firings`, a schedule's history) older than the
 * run retention age, in batches, oldest first: a schedule firing every five minutes adds 105,000
 * rows a year.
 *
 * The worker runs it as a scheduled BullMQ job (`prune-runs` on the maintenance queue); tests call
 * `prune()` directly.
 */
import { type Database, pruneAuditEvents } from '@msp/db';
import type { Logger } from 'pino';
import type postgres from 'postgres';

export interface RetentionOptions {
  db: Database;
  logger: Logger;
  /**
   * Completed runs whose `completed_at` is older than this are deleted.
   * @defaultValue 180 days
   */
  maxAgeMs?: number;
  /**
   * Audit records older than this are deleted.
   * @defaultValue 400 days (a year and a review period: an annual audit still finds last year's records)
   */
  auditMaxAgeMs?: number;
  /** Runs (and audit records) deleted per transaction. @defaultValue 500 */
  batchSize?: number;
  /**
   * Batches per pass at most; a larger backlog is worked off by the next passes.
   * @defaultValue 200
   */
  maxBatches?: number;
  now?: () => Date;
}

export interface Retention {
  /** One pass: deletes batches until none is left (or `maxBatches`); returns how many runs it deleted. */
  prune(): Promise<number>;
  /** The audit log's pass, likewise (`prune` runs it too); returns how many records it deleted. */
  pruneAudit(): Promise<number>;
}

export const DEFAULT_RETENTION_MS = 180 * 24 * 3600 * 1000;
export const DEFAULT_AUDIT_RETENTION_MS = 400 * 24 * 3600 * 1000;

/**
 * The oldest prunable runs, locked (a run being read by another pass is skipped). A run whose
 * verification report is its tenant's latest stays.
 */
const SELECT_BATCH = `
  select r.id from operation_runs r
  where r.status = 'COMPLETED' and r.completed_at < $1::timestamptz
    and not exists (
      select 1 from tenant_verification_reports v
      where v.operation_run_id = r.id
        and not exists (
          select 1 from tenant_verification_reports w
          where w.tenant_id = v.tenant_id and (w.checked_at, w.id) > (v.checked_at, v.id)
        )
    )
  order by r.completed_at
  limit $2
  for update of r skip locked`;

const SETTLE_RESTORES = `
  update restore_runs rr
  set status = case when r.outcome in ('SUCCEEDED', 'PARTIALLY_SUCCEEDED')
                 then 'COMPLETED'::restore_run_status else 'FAILED'::restore_run_status end,
      updated_at = now()
  from operation_runs r
  where r.id = rr.operation_run_id and rr.operation_run_id = any($1::uuid[]) and rr.status = 'EXECUTING'`;

const DELETE_FIRINGS = `delete from schedule_firings where id in (
  select id from schedule_firings where tick_at < $1::timestamptz order by tick_at limit $2)`;

const DELETE_DECISIONS = `delete from start_decisions where run_id = any($1::uuid[])`;
const DELETE_RUNS = `delete from operation_runs where id = any($1::uuid[])`;

export function createRetention(options: RetentionOptions): Retention {
  const { db, logger } = options;
  const sql = db.$client as postgres.Sql;
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_RETENTION_MS;
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 200;
  const now = options.now ?? (() => new Date());
  const auditMaxAgeMs = options.auditMaxAgeMs ?? DEFAULT_AUDIT_RETENTION_MS;

  async function batch(cutoff: Date): Promise<number> {
    return sql.begin(async (tx) => {
      const rows = await tx.unsafe<Array<{ id: string }>>(SELECT_BATCH, [cutoff.toISOString(), batchSize]);
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      await tx.unsafe(SETTLE_RESTORES, [ids]);
      await tx.unsafe(DELETE_DECISIONS, [ids]);
      await tx.unsafe(DELETE_RUNS, [ids]);
      return ids.length;
    }) as Promise<number>;
  }

  async function pruneAudit(): Promise<number> {
    const cutoff = new Date(now().getTime() - auditMaxAgeMs);
    let deleted = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await pruneAuditEvents(db, cutoff, batchSize);
      deleted += n;
      if (n < batchSize) break;
    }
    if (deleted > 0) logger.info({ deleted, cutoff: cutoff.toISOString() }, 'retention pruned audit records');
    return deleted;
  }

  async function pruneFirings(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < maxBatches; i++) {
      const result = await sql.unsafe(DELETE_FIRINGS, [cutoff.toISOString(), batchSize]);
      deleted += result.count;
      if (result.count < batchSize) break;
    }
    if (deleted > 0) logger.info({ deleted, cutoff: cutoff.toISOString() }, 'retention pruned schedule firings');
    return deleted;
  }

  return {
    pruneAudit,
    async prune() {
      const cutoff = new Date(now().getTime() - maxAgeMs);
      let deleted = 0;
      for (let i = 0; i < maxBatches; i++) {
        const n = await batch(cutoff);
        deleted += n;
        if (n < batchSize) break;
      }
      if (deleted > 0) logger.info({ deleted, cutoff: cutoff.toISOString() }, 'retention pruned completed runs');
      await pruneFirings(cutoff);
      await pruneAudit();
      return deleted;
    },
  };
}
