/**
 * PROVIDER_VERIFICATION: can the platform reach the tenant with this connection, and with
 * which permissions? Token + the permissions Entra grants (`readGrantedPermissions`) +
 * `GET /organization` → a verification report; the connection's stored state (consent, permissions, health) is updated from it, so
 * the start gate's blockers reflect what Graph just said. The granted permissions become the
 * recorded ones, the baseline the health check measures drift against (a drift clears).
 */
import { schema } from '@msp/db';
import { GRAPH_PERMISSIONS, isGraphError, missingPermissions } from '@msp/microsoft-graph';
import { eq } from 'drizzle-orm';
import { lockConnection, recordHealth } from '../connection-health';
import { type DbExecutor, defineProcessor, type ProcessorContext } from '../kit';

type ReportStatus = 'VERIFIED' | 'PERMISSIONS_MISSING' | 'FAILED';

async function writeReport(
  context: ProcessorContext,
  report: {
    status: ReportStatus;
    organization: Record<string, unknown> | null;
    granted: string[];
    missing: string[];
    reasonCode: string | null;
  },
  db: DbExecutor = context.db,
): Promise<void> {
  const update = {
    providerConnectionId: context.connection.id,
    status: report.status,
    organization: report.organization,
    grantedPermissions: report.granted,
    missingPermissions: report.missing,
    reasonCode: report.reasonCode,
    checkedAt: new Date(),
  };
  // One report per run: a retried attempt rewrites its own.
  await db
    .insert(schema.tenantVerificationReports)
    .values({ tenantId: context.run.tenantId, operationRunId: context.run.id, ...update })
    .onConflictDoUpdate({ target: schema.tenantVerificationReports.operationRunId, set: update });
}

export const verificationProcessor = defineProcessor({
  operationType: 'PROVIDER_VERIFICATION',
  async handle({ context, logger }) {
    const { graph, db, connection } = context;
    let granted: string[] = [];
    try {
      // The token request proves consent and credentials; the granted permissions are read from
      // Entra (the service principal's app role assignments), not from a token the cache may have
      // kept since before a revocation: they become the recorded baseline.
      granted = (await graph.readGrantedPermissions()).permissions;
      const organization = await graph.getOrganization();
      const missing = missingPermissions(granted, GRAPH_PERMISSIONS);
      const status: ReportStatus = missing.length === 0 ? 'VERIFIED' : 'PERMISSIONS_MISSING';
      const now = new Date();
      const notifications = await db.transaction(async (tx) => {
        // The connection's row lock first, as every writer of its health takes it (health checks,
        // the sweep), then the reads and writes: what recordHealth compares against is the row
        // as it stands under the lock, and nothing of this verification is written before it.
        const c = await lockConnection(tx, connection.id);
        if (!c) return [];
        await writeReport(context, { status, organization, granted, missing, reasonCode: null }, tx);
        await tx
          .update(schema.providerConnections)
          .set({ consentStatus: 'GRANTED', credentialRejectedAt: null, updatedAt: now })
          .where(eq(schema.providerConnections.id, connection.id));
        // The granted permissions become the recorded ones (the drift baseline): a drift clears.
        return (await recordHealth(tx, c, { observedPermissions: granted, record: true }, context.run.id, now))
          .notifications;
      });
      await context.publishNotifications(notifications);
      logger.info({ status, missing }, 'verification report written');
      const result = {
        status,
        organizationId: organization.id,
        organizationName: organization.displayName,
        grantedPermissions: granted,
        missingPermissions: missing,
      };
      const progress = { total: 1, processed: 1, succeeded: 1, failed: 0 };
      if (missing.length === 0) return { outcome: 'SUCCEEDED', result, progress };
      // The connection works; some operations will be blocked until the permissions are granted.
      return {
        outcome: 'PARTIALLY_SUCCEEDED',
        reasonCode: 'PROVIDER_PERMISSIONS_MISSING',
        reasonDetail: `Missing application permissions: ${missing.join(', ')}.`,
        result,
        progress,
      };
    } catch (err) {
      if (isGraphError(err)) {
        await writeReport(context, {
          status: 'FAILED',
          organization: null,
          granted,
          missing: granted.length > 0 ? missingPermissions(granted, GRAPH_PERMISSIONS) : [],
          reasonCode: err.reasonCode,
        });
      }
      throw err;
    }
  },
});
