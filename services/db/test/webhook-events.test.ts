/**
 * The outbound webhook outbox (`recordWebhookEvent`): an event and its deliveries are written in
 * the caller's transaction, one delivery per enabled endpoint of the workspace subscribed to the
 * type; nothing when nobody subscribes; nothing when the transaction rolls back.
 */
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
import { MAX_WEBHOOK_EVENT_DATA_BYTES, recordWebhookEvent, schema } from '../src';

describe('recordWebhookEvent', () => {
  test('fans out to the subscribed, enabled endpoints of the workspace only, in the caller’s transaction', async ({
    db,
    seed,
  }) => {
    const w = await seed.world();
    const other = await seed.world();
    const subscribed = await seed.webhookEndpoint(w.workspaceId, { eventTypes: ['CREDENTIALS_EXPIRING'] });
    const everything = await seed.webhookEndpoint(w.workspaceId);
    await seed.webhookEndpoint(w.workspaceId, { eventTypes: ['RUN_FAILED'] });
    await seed.webhookEndpoint(w.workspaceId, { enabled: false });
    await seed.webhookEndpoint(other.workspaceId);
    const run = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
      status: 'COMPLETED',
    });

    const recorded = await db.db.transaction((tx) =>
      recordWebhookEvent(tx, {
        workspaceId: w.workspaceId,
        tenantId: w.tenant.id,
        type: 'CREDENTIALS_EXPIRING',
        runId: run.id,
        data: { providerConnectionId: w.connection.id, daysLeft: 10 },
      }),
    );
    expect(recorded).not.toBeNull();
    expect(recorded!.endpointIds.sort()).toEqual([subscribed.endpoint.id, everything.endpoint.id].sort());
    const [event] = await db.db
      .select()
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.id, recorded!.eventId));
    expect(event).toMatchObject({
      workspaceId: w.workspaceId,
      tenantId: w.tenant.id,
      type: 'CREDENTIALS_EXPIRING',
      runId: run.id,
      data: { providerConnectionId: w.connection.id, daysLeft: 10 },
    });
    const deliveries = await db.db
      .select()
      .from(schema.webhookDeliveries)
      .where(eq(schema.webhookDeliveries.eventId, recorded!.eventId));
    expect(deliveries.map((d) => [d.status, d.attempts, d.workspaceId])).toEqual([
      ['PENDING', 0, w.workspaceId],
      ['PENDING', 0, w.workspaceId],
    ]);

    // Nobody subscribed (another type, another workspace without endpoints): nothing written.
    const third = await seed.world();
    const none = await recordWebhookEvent(db.db, {
      workspaceId: third.workspaceId,
      tenantId: third.tenant.id,
      type: 'RUN_COMPLETED',
      runId: run.id,
    });
    expect(none).toBeNull();
    const written = await db.db
      .select()
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.workspaceId, third.workspaceId));
    expect(written).toEqual([]);

    // A rolled-back transaction leaves no event and no delivery.
    await expect(
      db.db.transaction(async (tx) => {
        await recordWebhookEvent(tx, { workspaceId: w.workspaceId, type: 'RUN_FAILED', runId: run.id });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const failedEvents = await db.db
      .select()
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.type, 'RUN_FAILED'));
    expect(failedEvents).toEqual([]);
  });

  test('refuses an unknown type and oversized data (a programming error, nothing written)', async ({ db, seed }) => {
    const w = await seed.world();
    await seed.webhookEndpoint(w.workspaceId);
    const run = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'POLICY_BACKUP',
      status: 'COMPLETED',
    });
    await expect(
      recordWebhookEvent(db.db, { workspaceId: w.workspaceId, type: 'EVERYTHING' as never, runId: run.id }),
    ).rejects.toThrow(/unknown webhook event type/);
    await expect(
      recordWebhookEvent(db.db, {
        workspaceId: w.workspaceId,
        type: 'RUN_COMPLETED',
        runId: run.id,
        data: { blob: 'x'.repeat(MAX_WEBHOOK_EVENT_DATA_BYTES) },
      }),
    ).rejects.toThrow(/larger than/);
    const written = await db.db
      .select()
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.workspaceId, w.workspaceId));
    expect(written).toEqual([]);
  });
});
