/**
 * The central start gate. Every provider-backed start in the product goes through `start`:
 * authentication is the caller's; here come membership → capability → idempotent replay →
 * blockers → dedupe → scope busy → admission, the last three in one transaction serialized per
 * provider connection, then the enqueue (outbox: the run row commits first).
 */
import { type Database, type ProviderConnectionSnapshot, schema } from '@msp/db';
import type { Queue } from 'bullmq';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import { type Actor, decideTenantAccess } from './authorize';
import { type Blocker, connectionBlockers, tenantBlocker } from './blockers';
import { startAction } from './capabilities';
import { type Publisher, publishRunEvent } from './events';
import { enqueueOperation } from './jobs';
import { type Links, NO_DEFAULT_DETAIL, type OperatorMessage, problemClassOf, runUrl, startMessage } from './presenter';
import { fail, NOT_FOUND, ok, type Result } from './result';
import { idempotencyKey, parseInput, uuid } from './validation';
import {
  OPERATION_TYPES,
  type OperationType,
  type ProblemClass,
  type ReasonCode,
  type RunOutcome,
  type RunStatus,
  START_SURFACES,
  type StartSurface,
} from './vocabulary';

export interface StartRequest {
  actor: Actor;
  operationType: OperationType;
  surface: StartSurface;
  /** The tenant; optional when `providerConnectionId` names the scope (connection surfaces). */
  tenantId?: string | null;
  /** Explicit connection; otherwise the tenant's default. */
  providerConnectionId?: string | null;
  /** What the run acts on, for equivalence; defaults to the tenant. */
  target?: string;
  /** Operation input stored on the run (e.g. the restore run id). */
  input?: Record<string, unknown>;
  idempotencyKey?: string | null;
  /** An operation precondition the action host checked from stored state (e.g. restore not previewed). */
  precondition?: Blocker | null;
}

/** The identity of a run as start results carry it (the GraphQL layer resolves the rest by key). */
export interface RunRef {
  id: string;
  tenantId: string;
  operationType: OperationType;
  status: RunStatus;
  outcome: RunOutcome;
}

interface Common {
  operationType: OperationType;
  message: OperatorMessage;
}
export type StartResult =
  | (Common & { outcome: 'ACCEPTED'; run: RunRef; runUrl: string; providerConnection: ProviderConnectionSnapshot })
  | (Common & { outcome: 'DEDUPED'; run: RunRef; runUrl: string })
  | (Common & { outcome: 'SCOPE_BUSY'; activeRun: RunRef; activeOperationType: OperationType; runUrl: string })
  | (Common & { outcome: 'BLOCKED'; reasonCode: ReasonCode; problemClass: ProblemClass; run: RunRef | null });

export interface GateOptions {
  db: Database;
  queue: Queue;
  links: Links;
  logger: Logger;
  /** Redis publisher for live run events (the QUEUED event of an admitted run). */
  publisher?: Publisher;
  /**
   * How long a start waits for Redis before answering anyway; the committed run is then
   * enqueued by the dispatcher.
   * @defaultValue 1000
   */
  enqueueTimeoutMs?: number;
  now?: () => Date;
}

export interface Gate {
  start(request: StartRequest): Promise<Result<StartResult>>;
}

const requestSchema = z
  .object({
    operationType: z.enum(OPERATION_TYPES),
    surface: z.enum(START_SURFACES),
    tenantId: uuid.nullish(),
    providerConnectionId: uuid.nullish(),
    target: z.string().min(1).max(200).optional(),
    idempotencyKey: idempotencyKey.nullish(),
  })
  .refine((r) => r.tenantId || r.providerConnectionId, {
    message: 'is required',
    path: ['tenantId'],
  });

const ACTIVE: RunStatus[] = ['QUEUED', 'RUNNING'];

/** Signals that a concurrent writer won a uniqueness race; the decision is taken again. */
class RaceLost extends Error {}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } };
  const pg = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : null;
  return pg?.constraint_name === constraint;
}

export function createGate(options: GateOptions): Gate {
  const { db, queue, links, logger } = options;
  const now = options.now ?? (() => new Date());
  const enqueueTimeoutMs = options.enqueueTimeoutMs ?? 1000;

  /** Loads tenant, membership and the chosen connection id in one round trip. */
  async function loadScope(actor: Actor, tenantId: string | null, connectionId: string | null) {
    const pc = schema.providerConnections;
    const t = schema.tenants;
    const m = schema.tenantMembers;
    const base = db
      .select({
        tenantId: t.id,
        workspaceId: t.workspaceId,
        tenantStatus: t.status,
        role: m.role,
        connectionId: pc.id,
        hasConnections: sql<boolean>`exists (select 1 from ${pc} where ${pc.tenantId} = ${t.id})`,
      })
      .from(t)
      .leftJoin(m, and(eq(m.tenantId, t.id), eq(m.userId, actor.userId)));
    if (tenantId) {
      const [row] = await base
        .leftJoin(pc, and(eq(pc.tenantId, t.id), connectionId ? eq(pc.id, connectionId) : eq(pc.isDefault, true)))
        .where(eq(t.id, tenantId));
      return row ?? null;
    }
    const [row] = await base.innerJoin(pc, eq(pc.tenantId, t.id)).where(eq(pc.id, connectionId as string));
    return row ?? null;
  }

  async function findDecision(actor: Actor, key: string) {
    const [row] = await db
      .select()
      .from(schema.startDecisions)
      .where(and(eq(schema.startDecisions.userId, actor.userId), eq(schema.startDecisions.idempotencyKey, key)));
    return row ?? null;
  }

  async function replay(
    decision: typeof schema.startDecisions.$inferSelect,
    operationType: OperationType,
    target: string,
  ): Promise<Result<StartResult>> {
    if (decision.operationType !== operationType || decision.target !== target) {
      return fail(
        'BAD_USER_INPUT',
        'idempotencyKey was already used for a different operation or target; use a new key.',
        'idempotencyKey',
      );
    }
    const [run] = await db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, decision.runId));
    if (!run) return fail('NOT_FOUND', NOT_FOUND.operationRun);
    return ok(present(decision.outcome, operationType, run, run));
  }

  /** Builds the result for a decision from the runs involved. */
  function present(
    outcome: StartResult['outcome'],
    operationType: OperationType,
    run: RunRow,
    connection: { providerConnectionSnapshot: ProviderConnectionSnapshot | null } | null,
  ): StartResult {
    const ref = toRef(run);
    const ctx = {
      tenantId: run.tenantId,
      providerConnectionId: run.providerConnectionId,
      restoreRunId: restoreRunOf(run),
    };
    const connectionName = connection?.providerConnectionSnapshot?.displayName ?? 'the provider connection';
    switch (outcome) {
      case 'ACCEPTED':
        return {
          outcome,
          operationType,
          run: ref,
          runUrl: runUrl(links, run.id),
          providerConnection: run.providerConnectionSnapshot as ProviderConnectionSnapshot,
          message: startMessage(links, { outcome, operationType, runId: run.id, connectionName }, ctx),
        };
      case 'DEDUPED':
        return {
          outcome,
          operationType,
          run: ref,
          runUrl: runUrl(links, run.id),
          message: startMessage(links, { outcome, operationType, runId: run.id, runStatus: run.status }, ctx),
        };
      case 'SCOPE_BUSY':
        return {
          outcome,
          operationType,
          activeRun: ref,
          activeOperationType: run.operationType,
          runUrl: runUrl(links, run.id),
          message: startMessage(
            links,
            { outcome, operationType, runId: run.id, activeOperationType: run.operationType, connectionName },
            ctx,
          ),
        };
      case 'BLOCKED': {
        const reasonCode = (run.reasonCode ?? 'INTERNAL_ERROR') as ReasonCode;
        return {
          outcome,
          operationType,
          reasonCode,
          problemClass: problemClassOf(reasonCode),
          run: ref,
          message: startMessage(
            links,
            { outcome, operationType, runId: run.id, reasonCode, detail: run.reasonDetail },
            ctx,
          ),
        };
      }
    }
  }

  async function enqueue(run: RunRow): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        enqueueOperation(queue, { runId: run.id, operationType: run.operationType }),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`enqueue timed out after ${enqueueTimeoutMs} ms`)),
            enqueueTimeoutMs,
          );
        }),
      ]);
    } catch (err) {
      // The run is committed: the dispatcher enqueues it once Redis answers again.
      logger.warn({ runId: run.id, err: (err as Error).message }, 'enqueue failed; left to the outbox dispatcher');
    } finally {
      clearTimeout(timer);
    }
  }

  /** Live QUEUED event for subscribers; best effort, never holds the start. */
  function announce(run: RunRow): void {
    if (!options.publisher) return;
    publishRunEvent(options.publisher, run, { status: null, outcome: null }).catch((err) =>
      logger.warn({ runId: run.id, err: (err as Error).message }, 'run event not published'),
    );
  }

  async function start(request: StartRequest): Promise<Result<StartResult>> {
    const parsed = parseInput(requestSchema, request);
    if (!parsed.ok) return parsed;
    const { operationType, surface } = parsed.value;
    const tenantIdIn = parsed.value.tenantId ?? null;
    const connectionIdIn = parsed.value.providerConnectionId ?? null;
    const key = parsed.value.idempotencyKey ?? null;
    const { actor } = request;

    const scope = await loadScope(actor, tenantIdIn, connectionIdIn);
    const notFound = tenantIdIn ? NOT_FOUND.tenant : NOT_FOUND.providerConnection;
    if (!scope) return fail('NOT_FOUND', notFound);
    const access = decideTenantAccess(scope, startAction(operationType), notFound);
    if (!access.ok) return access;
    // A connection id of another tenant is indistinguishable from a missing one.
    if (connectionIdIn && !scope.connectionId) return fail('NOT_FOUND', NOT_FOUND.providerConnection);

    const tenantId = scope.tenantId;
    const target = parsed.value.target ?? `tenant:${tenantId}`;
    const base = {
      tenantId,
      operationType,
      target,
      initiatedFrom: surface,
      initiatedBy: actor.userId,
      input: request.input ?? {},
    };

    for (let attempt = 0; attempt < 5; attempt++) {
      if (key) {
        const decision = await findDecision(actor, key);
        if (decision) return replay(decision, operationType, target);
      }
      try {
        const decided = await decide(scope.connectionId, scope.hasConnections, scope.tenantStatus);
        if (decided.outcome === 'ACCEPTED') {
          await enqueue(decided.run);
          announce(decided.run);
        }
        logger.debug({ operationType, outcome: decided.outcome, runId: decided.run.id }, 'start decided');
        return ok(present(decided.outcome, operationType, decided.run, decided.run));
      } catch (err) {
        if (err instanceof RaceLost) continue;
        if (key && isUniqueViolation(err, 'start_decisions_user_id_idempotency_key_pk')) continue;
        if (isUniqueViolation(err, 'operation_runs_one_active_per_connection_idx')) continue;
        throw err;
      }
    }
    throw new Error('start gate: could not settle a decision after repeated races');

    async function decide(
      connectionId: string | null,
      hasConnections: boolean,
      tenantStatus: 'ONBOARDING' | 'ACTIVE' | 'ARCHIVED',
    ): Promise<{ outcome: StartResult['outcome']; run: RunRow }> {
      return db.transaction(async (tx) => {
        const record = async (outcome: StartResult['outcome'], run: RunRow) => {
          if (key) {
            await tx.insert(schema.startDecisions).values({
              userId: actor.userId,
              idempotencyKey: key,
              tenantId,
              operationType,
              target,
              outcome,
              runId: run.id,
            });
          }
          return { outcome, run };
        };
        const block = async (blocker: Blocker, snapshot: ProviderConnectionSnapshot | null) => {
          const [run] = await tx
            .insert(schema.operationRuns)
            .values({
              ...base,
              providerConnectionId: snapshot?.id ?? null,
              providerConnectionSnapshot: snapshot,
              status: 'COMPLETED',
              outcome: 'BLOCKED',
              reasonCode: blocker.reasonCode,
              reasonDetail: blocker.detail,
              completedAt: now(),
            })
            .returning();
          return record('BLOCKED', run as RunRow);
        };

        const tenantBlocked = tenantBlocker({ status: tenantStatus });
        if (!connectionId) {
          return block(
            tenantBlocked ?? {
              reasonCode: 'PROVIDER_CONNECTION_MISSING',
              detail: hasConnections ? NO_DEFAULT_DETAIL : 'The tenant has no provider connection.',
            },
            null,
          );
        }

        // Serialize every decision on this connection: the lock is held until commit.
        const pc = schema.providerConnections;
        const [conn] = await tx
          .select({
            id: pc.id,
            displayName: pc.displayName,
            entraTenantId: pc.entraTenantId,
            clientId: pc.clientId,
            enabled: pc.enabled,
            consentStatus: pc.consentStatus,
            hasSecret: sql<boolean>`${pc.clientSecretEncrypted} is not null`,
            clientSecretExpiresAt: pc.clientSecretExpiresAt,
            credentialRejectedAt: pc.credentialRejectedAt,
            grantedPermissions: pc.grantedPermissions,
          })
          .from(pc)
          .where(eq(pc.id, connectionId))
          .for('no key update');
        if (!conn) throw new RaceLost('connection vanished');
        const snapshot: ProviderConnectionSnapshot = {
          id: conn.id,
          displayName: conn.displayName,
          entraTenantId: conn.entraTenantId,
          clientId: conn.clientId,
        };

        const blocker =
          tenantBlocked ?? connectionBlockers(operationType, conn, now())[0] ?? request.precondition ?? null;
        if (blocker) return block(blocker, snapshot);

        // A fresh statement after the lock: sees every run committed by earlier lock holders.
        const [active] = await tx
          .select()
          .from(schema.operationRuns)
          .where(
            and(
              eq(schema.operationRuns.providerConnectionId, connectionId),
              inArray(schema.operationRuns.status, ACTIVE),
            ),
          )
          .limit(1);
        if (active) {
          const equivalent = active.operationType === operationType && active.target === target;
          return record(equivalent ? 'DEDUPED' : 'SCOPE_BUSY', active);
        }

        const [run] = await tx
          .insert(schema.operationRuns)
          .values({
            ...base,
            providerConnectionId: connectionId,
            providerConnectionSnapshot: snapshot,
            status: 'QUEUED',
            outcome: 'PENDING',
          })
          .returning();
        return record('ACCEPTED', run as RunRow);
      });
    }
  }

  return { start };
}

type RunRow = typeof schema.operationRuns.$inferSelect;

function toRef(run: RunRow): RunRef {
  return {
    id: run.id,
    tenantId: run.tenantId,
    operationType: run.operationType,
    status: run.status,
    outcome: run.outcome,
  };
}

function restoreRunOf(run: RunRow): string | null {
  const id = run.input?.restoreRunId;
  return typeof id === 'string' ? id : null;
}
