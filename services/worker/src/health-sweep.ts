/**
 * The built-in daily connection health check: one pass starts a PROVIDER_CONNECTION_HEALTH_CHECK
 * for every enabled connection of every tenant that is not archived, each through the gate like a
 * click (surface SCHEDULE), so that it meets the same rules:
 *
 * - the actor is the system principal `connection-health` (a users row, subject
 *   `system:connection-health`), whose only capability, `provider_connection.health_check`, comes
 *   from the capability registry (`SYSTEM_PRINCIPALS`), not from a membership: the check is no
 *   person's click, so it is nobody's start in Monitoring, the audit log or the notifications
 *   (running as the tenant's owner would have claimed a click the owner never made, and sent them
 *   a completion notice per connection per day);
 * - a connection whose consent, secret or state blocks it records a BLOCKED attempt (and its
 *   secret's expiry is still reviewed, naming that attempt); one already busy (a sync running on
 *   it) answers DEDUPED or SCOPE_BUSY and nothing is queued: tomorrow's pass checks it;
 * - disabled connections and archived tenants are left out: nobody uses them, and a blocked
 *   attempt a day for each would be noise.
 *
 * The worker fires it from a BullMQ job scheduler on the maintenance queue (one scheduler id, so
 * any number of workers fire each tick once); tests call `sweep()` directly.
 */
import type { Database, NotificationRow } from '@msp/db';
import { schema } from '@msp/db';
import { type Actor, type Gate, type StartOutcome, SYSTEM_PRINCIPALS } from '@msp/gate';
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Logger } from 'pino';
import { DEFAULT_CREDENTIAL_EXPIRY_WARNING_MS, lockConnection, warnCredentialExpiry } from './connection-health';
import { mapLimit } from './processors/shared';

export interface HealthSweepOptions {
  db: Database;
  gate: Gate;
  logger: Logger;
  /** Publishes notifications written for blocked attempts (after commit). */
  publishNotifications(rows: NotificationRow[]): Promise<void>;
  /** @defaultValue 30 days */
  credentialExpiryWarningMs?: number;
  /**
   * Starts in flight at once. Each is a short gate decision; the checks themselves run on the
   * provider-operations queue at the worker's concurrency.
   * @defaultValue 8
   */
  concurrency?: number;
  now?: () => Date;
}

export interface HealthSweepReport {
  /** Per connection id: the gate's answer and the run (the new one, the active one, or the blocked attempt). */
  outcomes: Map<string, { outcome: StartOutcome; runId: string | null }>;
  counts: Record<StartOutcome, number>;
  /** Starts the gate refused with an error (e.g. the connection was deleted meanwhile). */
  refused: number;
}

export interface HealthSweep {
  sweep(): Promise<HealthSweepReport>;
}

const PRINCIPAL = 'connection-health' as const;

/** The system principal's users row (created on first use): runs and audit records name it. */
export async function systemPrincipalUser(db: Database): Promise<string> {
  const { subject, displayName } = SYSTEM_PRINCIPALS[PRINCIPAL];
  const [row] = await db
    .insert(schema.users)
    .values({ subject, displayName })
    .onConflictDoUpdate({ target: schema.users.subject, set: { displayName } })
    .returning({ id: schema.users.id });
  if (!row) throw new Error('could not provision the system principal');
  return row.id;
}

export function createHealthSweep(options: HealthSweepOptions): HealthSweep {
  const { db, gate, logger } = options;
  const windowMs = options.credentialExpiryWarningMs ?? DEFAULT_CREDENTIAL_EXPIRY_WARNING_MS;
  const concurrency = options.concurrency ?? 8;
  const now = options.now ?? (() => new Date());
  const pc = schema.providerConnections;
  const t = schema.tenants;

  /** The secret of a blocked connection still gets its warning, naming the blocked attempt. */
  async function reviewBlocked(connectionId: string, runId: string): Promise<void> {
    const written = await db.transaction(async (tx) => {
      const c = await lockConnection(tx, connectionId);
      return c ? warnCredentialExpiry(tx, c, runId, { now: now(), windowMs }) : [];
    });
    await options.publishNotifications(written);
  }

  return {
    async sweep() {
      const actor: Actor = { userId: await systemPrincipalUser(db), system: PRINCIPAL };
      const connections = await db
        .select({ id: pc.id })
        .from(pc)
        .innerJoin(t, eq(t.id, pc.tenantId))
        .where(and(eq(pc.enabled, true), ne(t.status, 'ARCHIVED')))
        .orderBy(asc(pc.id));
      const report: HealthSweepReport = {
        outcomes: new Map(),
        counts: { ACCEPTED: 0, DEDUPED: 0, SCOPE_BUSY: 0, BLOCKED: 0 },
        refused: 0,
      };
      await mapLimit(connections, concurrency, async ({ id }) => {
        try {
          const result = await gate.start({
            actor,
            operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
            surface: 'SCHEDULE',
            providerConnectionId: id,
          });
          if (!result.ok) {
            report.refused++;
            logger.warn({ providerConnectionId: id, code: result.error.code }, 'health check not started');
            return;
          }
          const r = result.value;
          const runId = r.outcome === 'SCOPE_BUSY' ? r.activeRun.id : (r.run?.id ?? null);
          report.counts[r.outcome]++;
          report.outcomes.set(id, { outcome: r.outcome, runId });
          if (r.outcome === 'BLOCKED' && runId) await reviewBlocked(id, runId);
        } catch (err) {
          report.refused++;
          logger.error({ providerConnectionId: id, err }, 'health check start failed');
        }
      });
      logger.info(
        { connections: connections.length, ...report.counts, refused: report.refused },
        'connection health sweep',
      );
      return report;
    },
  };
}
