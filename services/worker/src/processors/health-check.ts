/**
 * PROVIDER_CONNECTION_HEALTH_CHECK: a token and one cheap read (`GET /organization`). Success
 * marks the connection HEALTHY and refreshes its granted permissions from the token; a failure
 * goes through the runtime's provider-failure path like any other run.
 */
import { schema } from '@msp/db';
import { eq } from 'drizzle-orm';
import { defineProcessor } from '../kit';

export const healthCheckProcessor = defineProcessor({
  operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
  async handle({ context, logger }) {
    const { graph, db, connection } = context;
    const started = performance.now();
    const granted = await graph.getGrantedPermissions();
    const organization = await graph.getOrganization();
    const latencyMs = Math.round(performance.now() - started);
    const now = new Date();
    await db
      .update(schema.providerConnections)
      .set({ health: 'HEALTHY', grantedPermissions: granted, lastHealthCheckAt: now, updatedAt: now })
      .where(eq(schema.providerConnections.id, connection.id));
    logger.info({ latencyMs }, 'connection healthy');
    return {
      outcome: 'SUCCEEDED',
      result: { health: 'HEALTHY', organizationId: organization.id, latencyMs, checkedAt: now.toISOString() },
      progress: { total: 1, processed: 1, succeeded: 1, failed: 0 },
    };
  },
});
