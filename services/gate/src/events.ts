/**
 * The live-event contract between the run lifecycle (publisher, in the worker), the tenant
 * subgraph (membership changes) and the operations subgraph (subscriptions, on any replica).
 * Redis pub/sub carries it.
 */
import { z } from 'zod';
import { OPERATION_TYPES, RUN_OUTCOMES, RUN_STATUSES, START_SURFACES } from './vocabulary';

export const runEventChannel = (tenantId: string) => `msp:run-events:${tenantId}`;
export const notificationChannel = (userId: string) => `msp:notifications:${userId}`;
/**
 * Membership changes that can end a user's access to a tenant (a member removed). One channel for
 * every tenant: such changes are rare, and a replica must hear them whichever pairs it serves
 * (it listens once, before its first subscriber, so that none is missed).
 */
export const accessChangedChannel = 'msp:access-changed';

/** A run as it is after the change: enough to answer a subscription without a database read. */
export const runSnapshotSchema = z.object({
  id: z.string().uuid(),
  tenantId: z.string().uuid(),
  operationType: z.enum(OPERATION_TYPES),
  status: z.enum(RUN_STATUSES),
  outcome: z.enum(RUN_OUTCOMES),
  initiatedFrom: z.enum(START_SURFACES),
  initiatedBy: z.string().uuid().nullable(),
  providerConnectionSnapshot: z
    .object({ id: z.string(), displayName: z.string(), entraTenantId: z.string(), clientId: z.string() })
    .nullable(),
  reasonCode: z.string().nullable(),
  reasonDetail: z.string().nullable(),
  progressTotal: z.number().int().nullable(),
  progressProcessed: z.number().int(),
  progressSucceeded: z.number().int(),
  progressFailed: z.number().int(),
  input: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
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

/** The subset of an `operation_runs` row the snapshot is made from. */
export interface RunRowLike {
  id: string;
  tenantId: string;
  operationType: RunSnapshot['operationType'];
  status: RunSnapshot['status'];
  outcome: RunSnapshot['outcome'];
  initiatedFrom: RunSnapshot['initiatedFrom'];
  initiatedBy: string | null;
  providerConnectionSnapshot: RunSnapshot['providerConnectionSnapshot'];
  reasonCode: string | null;
  reasonDetail: string | null;
  progressTotal: number | null;
  progressProcessed: number;
  progressSucceeded: number;
  progressFailed: number;
  input: Record<string, unknown>;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

export function toRunSnapshot(row: RunRowLike): RunSnapshot {
  return {
    id: row.id,
    tenantId: row.tenantId,
    operationType: row.operationType,
    status: row.status,
    outcome: row.outcome,
    initiatedFrom: row.initiatedFrom,
    initiatedBy: row.initiatedBy,
    providerConnectionSnapshot: row.providerConnectionSnapshot,
    reasonCode: row.reasonCode,
    reasonDetail: row.reasonDetail,
    progressTotal: row.progressTotal,
    progressProcessed: row.progressProcessed,
    progressSucceeded: row.progressSucceeded,
    progressFailed: row.progressFailed,
    input: row.input,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

/** Anything with Redis `publish` (an ioredis client). */
export interface Publisher {
  publish(channel: string, message: string): Promise<unknown>;
}

export async function publishRunEvent(
  publisher: Publisher,
  row: RunRowLike,
  previous: { status: RunSnapshot['status'] | null; outcome: RunSnapshot['outcome'] | null },
): Promise<void> {
  const event: RunEvent = {
    run: toRunSnapshot(row),
    previousStatus: previous.status,
    previousOutcome: previous.outcome,
    committedAt: Date.now(),
  };
  await publisher.publish(runEventChannel(row.tenantId), JSON.stringify(event));
}

/** Publishes an access change (after its transaction committed). Throws what Redis throws. */
export async function publishAccessChanged(publisher: Publisher, event: AccessChangedEvent): Promise<void> {
  await publisher.publish(accessChangedChannel, JSON.stringify(accessChangedEventSchema.parse(event)));
}
