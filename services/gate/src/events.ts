/**
 * The live-event contract between the run lifecycle (publisher, in the worker), the tenant
 * subgraph (membership changes) and the operations subgraph (subscriptions, on any replica).
 * Redis pub/sub carries it.
 */

import { type NotificationRow, providerConnectionSnapshotSchema, type RunRow, schema } from '@msp/db';
import { createSchemaFactory } from 'drizzle-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { inSpan } from './telemetry';
import { NOTIFICATION_KINDS, RUN_OUTCOMES, RUN_STATUSES, type RunOutcome, type RunStatus } from './vocabulary';

export const runEventChannel = (tenantId: string) => `msp:run-events:${tenantId}`;
/**
 * Every run event of a workspace's tenants, for fleet Monitoring streams: one channel (and one
 * listener per subscriber) however many tenants a subscriber follows; each subscriber's filter
 * keeps the tenants it may see.
 */
export const runWorkspaceEventChannel = (workspaceId: string) => `msp:run-events:workspace:${workspaceId}`;
export const notificationChannel = (userId: string) => `msp:notifications:${userId}`;
/**
 * Membership changes that can end a user's access to a tenant (a member removed). One channel for
 * every tenant: such changes are rare, and a replica must hear them whichever pairs it serves
 * (it listens once, before its first subscriber, so that none is missed).
 */
export const accessChangedChannel = 'msp:access-changed';
/**
 * Cancellation requests of running runs (`cancelOperationRun`). One channel for every run: each
 * worker listens once and stops the runs it holds; a request for a run held elsewhere costs it a
 * map lookup. The request is stored on the run first, so a lost message is caught by the
 * worker's next progress write or its next begin of the run.
 */
export const runCancelChannel = 'msp:run-cancel';

const { createSelectSchema } = createSchemaFactory({ coerce: { date: true } });

/**
 * A run as it is after the change: the whole `operation_runs` row, so that a subscription
 * answers without a database read. The table is the one definition (this codec is derived from
 * its columns): a new column reaches the event without a change here. On the wire timestamps are
 * ISO strings (`JSON.stringify` of the row); parsing turns them back into Dates, so a decoded
 * snapshot is a `RunRow` like one read from the database.
 */
export const runSnapshotSchema = createSelectSchema(schema.operationRuns, {
  providerConnectionSnapshot: () => providerConnectionSnapshotSchema,
});
export type RunSnapshot = z.infer<typeof runSnapshotSchema>;

export const runEventSchema = z.object({
  run: runSnapshotSchema,
  previousStatus: z.enum(RUN_STATUSES).nullable(),
  previousOutcome: z.enum(RUN_OUTCOMES).nullable(),
  /** Commit time of the change, epoch ms: used by the subscription benchmark. */
  committedAt: z.number(),
});
export type RunEvent = z.infer<typeof runEventSchema>;

export const notificationEventSchema = z.object({
  id: z.string().uuid(),
  userId: z.string().uuid(),
  runId: z.string().uuid(),
  kind: z.enum(NOTIFICATION_KINDS).default('RUN_COMPLETED'),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type NotificationEvent = z.infer<typeof notificationEventSchema>;

/**
 * `userId`'s access to `tenantId` may have ended. Published after the change commits; each
 * operations replica then re-checks the live subscriptions of that pair at once (instead of at
 * its next periodic re-check, which stays as the safety net for a lost message).
 */
export const accessChangedEventSchema = z.object({
  tenantId: z.string().uuid(),
  userId: z.string().uuid(),
});
export type AccessChangedEvent = z.infer<typeof accessChangedEventSchema>;

/** Anything with Redis `publish` (an ioredis client). */
export interface Publisher {
  publish(channel: string, message: string): Promise<unknown>;
}

export async function publishRunEvent(
  publisher: Publisher,
  row: RunRow,
  previous: { status: RunStatus | null; outcome: RunOutcome | null },
): Promise<void> {
  const event: RunEvent = {
    run: row,
    previousStatus: previous.status,
    previousOutcome: previous.outcome,
    committedAt: Date.now(),
  };
  const message = JSON.stringify(event);
  await inSpan(
    'run.event.publish',
    { 'msp.run_id': row.id, 'msp.run.status': row.status, 'msp.run.outcome': row.outcome },
    () =>
      Promise.all([
        publisher.publish(runEventChannel(row.tenantId), message),
        // Null only for a row written before migration 0006's trigger existed.
        row.workspaceId ? publisher.publish(runWorkspaceEventChannel(row.workspaceId), message) : null,
      ]),
  );
}

/**
 * Publishes a written notification to its recipient's live stream (`notificationReceived`), after
 * the transaction that wrote it committed. Never throws: the notification is stored either way,
 * and a failed publish is logged.
 */
export async function publishNotification(
  publisher: Publisher | null | undefined,
  n: NotificationRow,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  if (!publisher) return;
  const event: NotificationEvent = {
    id: n.id,
    userId: n.userId,
    runId: n.runId,
    kind: n.kind,
    title: n.title,
    body: n.body,
    createdAt: n.createdAt.toISOString(),
  };
  try {
    await publisher.publish(notificationChannel(n.userId), JSON.stringify(event));
  } catch (err) {
    logger.warn({ runId: n.runId, err: (err as Error).message }, 'notification event not published');
  }
}

/** Publishes an access change (after its transaction committed). Throws what Redis throws. */
export async function publishAccessChanged(publisher: Publisher, event: AccessChangedEvent): Promise<void> {
  await publisher.publish(accessChangedChannel, JSON.stringify(accessChangedEventSchema.parse(event)));
}

export const runCancelEventSchema = z.object({ runId: z.string().uuid() });
export type RunCancelEvent = z.infer<typeof runCancelEventSchema>;

/** Asks whichever worker holds the run to stop it (after the request committed). Throws what Redis throws. */
export async function publishRunCancel(publisher: Publisher, event: RunCancelEvent): Promise<void> {
  await publisher.publish(runCancelChannel, JSON.stringify(runCancelEventSchema.parse(event)));
}
