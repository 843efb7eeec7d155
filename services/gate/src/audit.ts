/**
 * Audit records of administrative changes, named after the registry's actions: every lifecycle
 * mutation records one through `recordChange`, inside the transaction of its change (the gate
 * records its start decisions itself). The recorder and the table are @msp/db's (`recordAudit`).
 */
import { type AuditEventInput, type DbOrTx, recordAudit } from '@msp/db';
import type { Actor } from './authorize';
import type { ActionName } from './capabilities';

export interface ChangeRecord {
  /** The registry's action the change was authorized as (or a finer name of the same family). */
  action: ActionName | `${string}.${string}`;
  /** Where the change happened: a tenant (its workspace is filled in), or a workspace alone. */
  scope: { tenantId?: string | null; workspaceId?: string | null };
  target: { type: string; id: string };
  runId?: string | null;
  /** Ids, names, roles, reason codes. Never a secret (keys naming one are dropped). */
  detail?: Record<string, unknown>;
}

/** The record of a change `actor` made. */
export function changeRecord(actor: Actor, change: ChangeRecord): AuditEventInput {
  return {
    action: change.action,
    actorId: actor.userId,
    apiClientId: actor.apiClientId ?? null,
    tenantId: change.scope.tenantId ?? null,
    workspaceId: change.scope.workspaceId ?? null,
    runId: change.runId ?? null,
    target: change.target,
    detail: change.detail,
  };
}

/** Appends the record of a change, in `tx` (the change's transaction) when given one. */
export function recordChange(tx: DbOrTx, actor: Actor, change: ChangeRecord): Promise<void> {
  return recordAudit(tx, changeRecord(actor, change));
}
