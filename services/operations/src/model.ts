/**
 * The shapes behind the GraphQL types. A run read from Postgres and a run rebuilt from a live
 * event snapshot are the same `RunModel`, so every OperationRun field resolves the same way
 * whether it came from a query, an entity reference or a subscription event.
 */
import type { RunOutcome, RunRowLike, RunSnapshot, RunStatus } from '@msp/gate';

export type RunModel = RunRowLike;

export interface RunUpdateModel {
  run: RunModel;
  previousStatus: RunStatus | null;
  previousOutcome: RunOutcome | null;
  /** Commit time of the change (epoch ms), from the event. */
  committedAt: number;
}

export interface NotificationModel {
  id: string;
  userId: string;
  runId: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export function runFromSnapshot(s: RunSnapshot): RunModel {
  return {
    id: s.id,
    tenantId: s.tenantId,
    operationType: s.operationType,
    status: s.status,
    outcome: s.outcome,
    initiatedFrom: s.initiatedFrom,
    initiatedBy: s.initiatedBy,
    providerConnectionSnapshot: s.providerConnectionSnapshot,
    reasonCode: s.reasonCode,
    reasonDetail: s.reasonDetail,
    progressTotal: s.progressTotal,
    progressProcessed: s.progressProcessed,
    progressSucceeded: s.progressSucceeded,
    progressFailed: s.progressFailed,
    input: s.input,
    createdAt: new Date(s.createdAt),
    startedAt: s.startedAt ? new Date(s.startedAt) : null,
    completedAt: s.completedAt ? new Date(s.completedAt) : null,
  };
}
