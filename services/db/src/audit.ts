/**
 * The audit recorder: one append-only row in `audit_events` per start decision and per
 * administrative change. Every service records through `recordAudit`, inside the transaction of
 * the change when there is one (pass the `tx`), so that a change and its record commit together.
 * The gate writes its decisions in the same statement as the run (services/gate/src/gate.ts),
 * with the same columns.
 *
 * What a record may hold: ids, names, roles, reason codes. Never a secret: `detail` is passed
 * through `auditDetail`, which drops every key that names one (secret, password, token, key,
 * assertion, ...) at any depth, so a careless caller cannot store one by accident.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { auditEvents } from './schema';
import type { StartOutcome, StartSurface } from './vocabulary';

export interface AuditEventInput {
  /** The registry's action name: `provider_connection.rotate_credentials`, `start.POLICY_BACKUP`, … */
  action: string;
  /** Who acted. Null for the system's own steps. */
  actorId: string | null;
  /** The API client the actor acted through, when one did. */
  apiClientId?: string | null;
  /** The workspace whose log holds the record; when omitted it is the tenant's (a trigger fills it). */
  workspaceId?: string | null;
  tenantId?: string | null;
  surface?: StartSurface | null;
  outcome?: StartOutcome | null;
  runId?: string | null;
  /** What the change was made to (`provider_connection`, `user`, `restore_run`, …) and its id. */
  target?: { type: string; id: string } | null;
  detail?: Record<string, unknown>;
}

/** Key names that hold (or may hold) a secret: never written to a record. */
const SECRET_KEY = /secret|password|passwd|token|credential(?!_?rejected)|private|assertion|apikey|api_key|^key$/i;

/** `detail` without any key that names a secret, at any depth. */
export function auditDetail(detail: Record<string, unknown> | undefined): Record<string, unknown> {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([k]) => !SECRET_KEY.test(k))
          .map(([k, v]) => [k, clean(v)]),
      );
    }
    return value;
  };
  return (clean(detail ?? {}) as Record<string, unknown>) ?? {};
}

/** The row `recordAudit` writes. */
export function auditRow(event: AuditEventInput): typeof auditEvents.$inferInsert {
  return {
    action: event.action,
    actorId: event.actorId,
    apiClientId: event.apiClientId ?? null,
    workspaceId: event.workspaceId ?? null,
    tenantId: event.tenantId ?? null,
    surface: event.surface ?? null,
    outcome: event.outcome ?? null,
    runId: event.runId ?? null,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    detail: auditDetail(event.detail),
  };
}

/**
 * Appends one record (or several). Pass the transaction of the change it records, so both commit
 * or neither does.
 */
export async function recordAudit(db: DbOrTx, event: AuditEventInput | AuditEventInput[]): Promise<void> {
  const rows = (Array.isArray(event) ? event : [event]).map(auditRow);
  if (rows.length === 0) return;
  await db.insert(auditEvents).values(rows);
}

/**
 * Retention: deletes records older than `before`, oldest first, at most `batchSize` in one
 * transaction (the only DELETE the table's trigger lets through: it sets `msp.audit_retention`
 * for that transaction alone). Returns how many it deleted; call again while it returns
 * `batchSize`.
 */
export async function pruneAuditEvents(db: DbOrTx, before: Date, batchSize: number): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('msp.audit_retention', 'on', true)`);
    const deleted = await tx.execute(sql`
      delete from audit_events where id in (
        select id from audit_events where at < ${before.toISOString()}::timestamptz order by at limit ${batchSize}
      ) returning id`);
    return deleted.length;
  });
}
