/**
 * PROVIDER_CONNECTION_HEALTH_CHECK, started by a person (surface PROVIDER_CONNECTION) or by the
 * worker's daily sweep (surface SCHEDULE, the system principal `connection-health`):
 *
 * 1. reads the application permissions Entra grants the app right now (the service principal's
 *    app role assignments; `readGrantedPermissions`), the truth, and compares them with the
 *    recorded ones: a drift marks the connection DEGRADED (see ../connection-health.ts);
 * 2. warns the owners and managers of a client secret expiring within the warning window;
 * 3. one cheap read (`GET /organization`) proves the connection reaches the tenant.
 *
 * The findings and their notifications commit together under the connection's row lock. A
 * provider failure that makes the connection unusable (consent revoked in Entra, secret rejected
 * or expired, permission refused: `UNUSABLE_REASONS`, derived from what ../provider-state.ts
 * records, so the two cannot disagree) records the connection UNHEALTHY and tells the owners and
 * managers once (not again the next day), then goes through the runtime's provider-failure path
 * like any run, so that the next start is BLOCKED with the same reason.
 */
import type { ReasonCode } from '@msp/gate';
import { isGraphError } from '@msp/microsoft-graph';
import { lockConnection, recordHealth, warnCredentialExpiry } from '../connection-health';
import { defineProcessor, type ProcessorContext } from '../kit';
import { UNUSABLE_REASONS } from '../provider-state';

async function recordFailure(context: ProcessorContext, reasonCode: ReasonCode): Promise<void> {
  const { db, connection, run, settings } = context;
  const now = new Date();
  const written = await db.transaction(async (tx) => {
    const c = await lockConnection(tx, connection.id);
    if (!c) return [];
    const review = await recordHealth(tx, c, { failed: reasonCode }, run.id, now);
    // The secret's expiry is stored state: worth its warning even when Graph could not be reached.
    const warned = await warnCredentialExpiry(tx, c, run.id, { now, windowMs: settings.credentialExpiryWarningMs });
    return [...review.notifications, ...warned];
  });
  await context.publishNotifications(written);
}

export const healthCheckProcessor = defineProcessor({
  operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
  async handle({ context, logger }) {
    const { graph, db, connection, run, settings } = context;
    const started = performance.now();
    try {
      const granted = await graph.readGrantedPermissions();
      const organization = await graph.getOrganization();
      const latencyMs = Math.round(performance.now() - started);
      const now = new Date();
      const outcome = await db.transaction(async (tx) => {
        const c = await lockConnection(tx, connection.id);
        if (!c) return null;
        const review = await recordHealth(tx, c, { observedPermissions: granted.permissions }, run.id, now);
        const warned = await warnCredentialExpiry(tx, c, run.id, { now, windowMs: settings.credentialExpiryWarningMs });
        return { review, warned };
      });
      if (outcome) await context.publishNotifications([...outcome.review.notifications, ...outcome.warned]);
      const health = outcome?.review.health ?? 'HEALTHY';
      const drift = outcome?.review.drift ?? null;
      logger.info(
        {
          latencyMs,
          health,
          permissionsFrom: granted.source,
          drift: drift ? { missing: drift.missing, extra: drift.extra } : null,
        },
        'connection checked',
      );
      return {
        outcome: 'SUCCEEDED',
        result: {
          health,
          organizationId: organization.id,
          latencyMs,
          checkedAt: now.toISOString(),
          grantedPermissions: granted.permissions,
          permissionsReadFrom: granted.source,
          permissionDrift: drift ? { missing: drift.missing, extra: drift.extra } : null,
          credentialExpiryWarned: (outcome?.warned.length ?? 0) > 0,
        },
        progress: { total: 1, processed: 1, succeeded: 1, failed: 0 },
      };
    } catch (err) {
      if (isGraphError(err) && UNUSABLE_REASONS.has(err.reasonCode)) {
        await recordFailure(context, err.reasonCode).catch((e) =>
          logger.warn({ err: (e as Error).message }, 'could not record the failed health check on the connection'),
        );
      }
      throw err;
    }
  },
});
