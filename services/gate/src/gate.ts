/**
 * The central start gate. Every provider-backed start in the product goes through `start`:
 * authentication is the caller's; here come membership → capability → idempotent replay →
 * blockers → dedupe → scope busy → admission, then the enqueue (outbox: the run row commits
 * first, the job id is the run id).
 *
 * Admission is decided in one transaction holding the provider connection's row lock, backed
 * by the partial unique index that allows one active run per connection. A click that sees a
 * committed active run before taking the lock is answered DEDUPED / SCOPE_BUSY at once: that
 * run was active at the moment of the read, which is a valid order for the click, and at most
 * one active run can exist, so the answer is the one the locked path would give. This keeps
 * the common busy-connection clicks read-only (no lock, no WAL flush).
 *
 * The hot path speaks SQL directly (postgres.js prepared statements): these few statements run
 * on every click, and building them through the query builder cost more than running them.
 */
import {
  type Database,
  type ProviderConnectionSnapshot,
  type RunRow,
  rowFromDriver,
  schema,
  selectList,
  webhookFanoutSql,
} from '@msp/db';
import { withTimeout } from '@msp/process';
import { currentTraceId } from '@msp/telemetry';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type postgres from 'postgres';
import { z } from 'zod';
import { type Actor, decideSystemAccess, decideTenantAccess } from './authorize';
import { type Blocker, type ConnectionState, connectionBlockers, tenantBlocker } from './blockers';
import { startAction } from './capabilities';
import { type Publisher, publishRunEvent } from './events';
import { enqueueOperation } from './jobs';
import { type Links, NO_DEFAULT_DETAIL, type OperatorMessage, problemClassOf, runUrl, startMessage } from './presenter';
import { fail, NOT_FOUND, ok, type Result } from './result';
import { type DecisionNote, inDecisionSpan, inSpan, recordDecision } from './telemetry';
import { idempotencyKey, parseInput, uuid } from './validation';
import {
  OPERATION_TYPES,
  type OperationType,
  type ProblemClass,
  type ReasonCode,
  START_SURFACES,
  type StartOutcome,
  type StartSurface,
  type TenantRole,
  type TenantStatus,
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
  /** The run this start retries (`retryOperationRun`): the new run, or the blocked attempt, links to it. */
  retryOf?: string | null;
}

/** The identity of a run as start results carry it (the GraphQL layer resolves the rest by key). */
export type RunRef = Pick<RunRow, 'id' | 'tenantId' | 'operationType' | 'status' | 'outcome'>;

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
  /**
   * The operation an idempotency key of this user was decided for, if it was: for action hosts
   * whose next operation depends on progress (onboarding bootstrap), so that a replayed click
   * asks about the same operation and gets the first decision.
   */
  decidedOperation(actor: Actor, idempotencyKey: string): Promise<OperationType | null>;
}

const requestSchema = z
  .object({
    operationType: z.enum(OPERATION_TYPES),
    surface: z.enum(START_SURFACES),
    tenantId: uuid.nullish(),
    providerConnectionId: uuid.nullish(),
    target: z.string().min(1).max(200).optional(),
    idempotencyKey: idempotencyKey.nullish(),
    retryOf: uuid.nullish(),
  })
  .refine((r) => r.tenantId || r.providerConnectionId, { message: 'is required', path: ['tenantId'] });

/** Every column of a run, for the raw statements below (derived from the table). */
const runColumns = (alias: string, prefix = '') => selectList(schema.operationRuns, alias, prefix);

/**
 * The chosen connection's stored state, as `connectionBlockers` reads it (both permission sets:
 * which one counts is `effectivePermissions`' rule, not this statement's).
 */
const connectionColumns = `c.id as "connectionId", c.display_name as "displayName",
  c.entra_tenant_id as "entraTenantId", c.client_id as "clientId", c.enabled,
  c.consent_status as "consentStatus", (c.client_secret_encrypted is not null) as "hasSecret",
  c.client_secret_expires_at as "clientSecretExpiresAt", c.credential_rejected_at as "credentialRejectedAt",
  c.granted_permissions as "grantedPermissions", c.observed_permissions as "observedPermissions"`;

const activeRunJoin = `left join lateral (
    select * from operation_runs r
    where r.provider_connection_id = c.id and r.status in ('QUEUED', 'RUNNING') limit 1
  ) a on true`;

/** Membership, the chosen connection's stored state and its active run, in one round trip. */
const SCOPE_BY_TENANT = `
  select t.id as "tenantId", t.workspace_id as "workspaceId", t.status as "tenantStatus", m.role,
    exists (select 1 from provider_connections x where x.tenant_id = t.id) as "hasConnections",
    ${connectionColumns}, ${runColumns('a', 'active_')}
  from tenants t
  left join tenant_members m on m.tenant_id = t.id and m.user_id = $1
  left join provider_connections c on c.tenant_id = t.id
    and (case when $3::uuid is null then c.is_default else c.id = $3::uuid end)
  ${activeRunJoin}
  where t.id = $2`;

const SCOPE_BY_CONNECTION = `
  select t.id as "tenantId", t.workspace_id as "workspaceId", t.status as "tenantStatus", m.role, true as "hasConnections",
    ${connectionColumns}, ${runColumns('a', 'active_')}
  from provider_connections c
  join tenants t on t.id = c.tenant_id
  left join tenant_members m on m.tenant_id = t.id and m.user_id = $1
  ${activeRunJoin}
  where c.id = $2`;

/** Serializes every decision on the connection until commit; re-reads its state under the lock. */
const LOCK_CONNECTION = `select ${connectionColumns} from provider_connections c where c.id = $1 for no key update`;

const RUN_VALUES = `tenant_id, operation_type, target, initiated_from, initiated_by, input,
  provider_connection_id, provider_connection_snapshot, provider_connection_chosen, retry_of, trace_id`;
const RUN_PARAMS = `$1::uuid, $2::operation_type, $3, $4::start_surface, $5::uuid, $6::jsonb, $7::uuid, $8::jsonb,
  $9::boolean, $10::uuid, $11::text`;

/**
 * The audit record of a decision (`audit_events`, see recordAudit in @msp/db): the run's values
 * ($1 tenant, $2 operation type, $4 surface, $5 actor) and, from parameter `$<first>` on, the
 * workspace, API client, target type, target id and detail. Written in the statement (and so the
 * transaction) that records the decision.
 */
const AUDIT_COLUMNS = `workspace_id, tenant_id, actor_id, api_client_id, action, surface, outcome, run_id,
  target_type, target_id, detail`;
const auditValues = (first: number, outcome: string, runId: string) =>
  `$${first}::uuid, $1::uuid, $5::uuid, $${first + 1}::uuid, 'start.' || $2::text, $4::start_surface,
  ${outcome}, ${runId}, $${first + 2}::text, $${first + 3}::text, $${first + 4}::jsonb`;

/**
 * A blocked attempt, recorded as a completed run, with its idempotency decision ($12, if any),
 * its audit record ($15 on) and its `run.blocked` webhook event ($20: the event's data), written
 * only when an enabled endpoint of the workspace ($15) subscribes to RUN_BLOCKED: for any other
 * workspace the event costs one index probe in this statement and no write.
 */
const INSERT_BLOCKED = `
  with run as (
    insert into operation_runs (${RUN_VALUES}, status, outcome, reason_code, reason_detail, completed_at)
    values (${RUN_PARAMS}, 'COMPLETED', 'BLOCKED', $13, $14, now())
    returning *
  ), decision as (
    insert into start_decisions (user_id, idempotency_key, tenant_id, operation_type, target, outcome, run_id)
    select $5::uuid, $12, $1::uuid, $2::operation_type, $3, 'BLOCKED', run.id from run where $12::text is not null
  ), audit as (
    insert into audit_events (${AUDIT_COLUMNS})
    select ${auditValues(15, `'BLOCKED'::start_outcome`, 'run.id')} from run
  ), ${webhookFanoutSql({
    from: 'run',
    workspaceId: '$15::uuid',
    tenantId: 'run.tenant_id',
    type: `'RUN_BLOCKED'::text`,
    runId: 'run.id',
    data: '$20::jsonb',
  })}
  select ${runColumns('run')} from run`;

/**
 * Under the lock, one statement (one snapshot, taken after the lock was granted, so it sees
 * every run committed by earlier holders): the active run if there is one, else the new run;
 * and the decision's audit record ($12 on).
 */
const ADMIT = `
  with active as (
    select * from operation_runs
    where provider_connection_id = $7::uuid and status in ('QUEUED', 'RUNNING') limit 1
  ), ins as (
    insert into operation_runs (${RUN_VALUES}, status, outcome)
    select ${RUN_PARAMS}, 'QUEUED', 'PENDING'
    where not exists (select 1 from active)
    returning *
  ), audit as (
    insert into audit_events (${AUDIT_COLUMNS})
    select ${auditValues(
      12,
      `(case when x.admitted then 'ACCEPTED' when x.operation_type = $2::operation_type and x.target = $3
        then 'DEDUPED' else 'SCOPE_BUSY' end)::start_outcome`,
      'x.id',
    )}
    from (select true as admitted, id, operation_type, target from ins
          union all select false, id, operation_type, target from active) x
  )
  select false as admitted, ${runColumns('active')} from active
  union all
  select true as admitted, ${runColumns('ins')} from ins`;

/**
 * The audit record of a decision read without the lock (DEDUPED or SCOPE_BUSY): one insert, its
 * own transaction committed asynchronously (`synchronous_commit` off for this transaction alone,
 * set by the same statement). These answers change nothing, so a busy connection's clicks stay
 * off the WAL flush they never needed; the price is that a PostgreSQL crash may lose the records
 * of the last fraction of a second of such clicks (at most 3 x wal_writer_delay, 600 ms by
 * default), never the record of an admitted or blocked start, which commits with its run.
 */
const INSERT_AUDIT = `with async_commit as (select set_config('synchronous_commit', 'off', true))
  insert into audit_events (${AUDIT_COLUMNS})
  select $6::uuid, $1::uuid, $2::uuid, $7::uuid, 'start.' || $3::text, $4::start_surface, $8::start_outcome, $5::uuid,
    $9::text, $10::text, $11::jsonb
  from async_commit`;

const INSERT_DECISION = `insert into start_decisions (user_id, idempotency_key, tenant_id, operation_type, target, outcome, run_id)
  values ($1::uuid, $2, $3::uuid, $4::operation_type, $5, $6::start_outcome, $7::uuid)`;

const FIND_DECISION = `select operation_type as "operationType", target, outcome, run_id as "runId"
  from start_decisions where user_id = $1 and idempotency_key = $2`;

const FIND_RUN = `select ${runColumns('r')} from operation_runs r where r.id = $1`;

interface ScopeRow extends ConnectionState {
  tenantId: string;
  workspaceId: string;
  tenantStatus: TenantStatus;
  role: TenantRole | null;
  hasConnections: boolean;
  connectionId: string | null;
  displayName: string;
  entraTenantId: string;
  clientId: string;
  [activeColumn: `active_${string}`]: unknown;
}

type Decided = { outcome: StartOutcome; run: RunRow };

/** Signals that a concurrent writer won a uniqueness race; the decision is taken again. */
class RaceLost extends Error {}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint_name?: string };
  return e?.code === '23505' && e.constraint_name === constraint;
}

/**
 * The connection was deleted between the unlocked read and a write that references it. The name
 * is the one PostgreSQL stores: the migration's `..._id_fk` is 65 bytes, cut to NAMEDATALEN - 1 (63).
 */
function isConnectionGone(err: unknown): boolean {
  const e = err as { code?: string; constraint_name?: string };
  return e?.code === '23503' && e.constraint_name === 'operation_runs_provider_connection_id_provider_connections_id_f';
}

/**
 * Drizzle's postgres.js driver leaves timestamps as text (it maps them itself); these raw
 * statements bypass it, so dates are turned into Dates here.
 */
const toDate = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(v as string));

const runRow = (raw: Record<string, unknown>): RunRow => rowFromDriver(schema.operationRuns, raw);

function connectionState<T extends ConnectionState>(raw: T): T {
  return {
    ...raw,
    clientSecretExpiresAt: toDate(raw.clientSecretExpiresAt),
    credentialRejectedAt: toDate(raw.credentialRejectedAt),
  };
}

function activeRunOf(row: ScopeRow): RunRow | null {
  return row.active_id ? rowFromDriver(schema.operationRuns, row, 'active_') : null;
}

function snapshotOf(c: { connectionId: string | null; displayName: string; entraTenantId: string; clientId: string }) {
  return {
    id: c.connectionId as string,
    displayName: c.displayName,
    entraTenantId: c.entraTenantId,
    clientId: c.clientId,
  };
}

function toRef(run: RunRow): RunRef {
  return {
    id: run.id,
    tenantId: run.tenantId,
    operationType: run.operationType,
    status: run.status,
    outcome: run.outcome,
  };
}

export function createGate(options: GateOptions): Gate {
  const { db, queue, links, logger } = options;
  const sql = db.$client as postgres.Sql;
  const now = options.now ?? (() => new Date());
  const enqueueTimeoutMs = options.enqueueTimeoutMs ?? 1000;
  const q = <T>(client: postgres.Sql | postgres.TransactionSql, text: string, params: unknown[]) =>
    client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }) as unknown as Promise<T[]>;

  /** Builds the result for a decision from the run involved. */
  function present(outcome: StartOutcome, operationType: OperationType, run: RunRow): StartResult {
    const ref = toRef(run);
    const restoreRunId = typeof run.input?.restoreRunId === 'string' ? run.input.restoreRunId : null;
    const ctx = {
      tenantId: run.tenantId,
      providerConnectionId: run.providerConnectionId,
      restoreRunId,
      connection: run.providerConnectionSnapshot,
    };
    const connectionName = run.providerConnectionSnapshot?.displayName ?? 'the provider connection';
    const url = runUrl(links, run.id);
    switch (outcome) {
      case 'ACCEPTED':
        return {
          outcome,
          operationType,
          run: ref,
          runUrl: url,
          providerConnection: run.providerConnectionSnapshot as ProviderConnectionSnapshot,
          message: startMessage(links, { outcome, operationType, runId: run.id, connectionName }, ctx),
        };
      case 'DEDUPED':
        return {
          outcome,
          operationType,
          run: ref,
          runUrl: url,
          message: startMessage(links, { outcome, operationType, runId: run.id, runStatus: run.status }, ctx),
        };
      case 'SCOPE_BUSY':
        return {
          outcome,
          operationType,
          activeRun: ref,
          activeOperationType: run.operationType,
          runUrl: url,
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

  /** Waits for a Redis call at most `enqueueTimeoutMs`; a failure is logged, never thrown. */
  async function bounded(what: string, run: RunRow, call: () => Promise<unknown>): Promise<void> {
    try {
      await withTimeout(call(), enqueueTimeoutMs);
    } catch (err) {
      logger.warn({ runId: run.id, err: (err as Error).message }, `${what} failed`);
    }
  }

  /**
   * After commit: the live QUEUED event first, then the job. In that order no worker can
   * publish RUNNING before subscribers saw QUEUED. If Redis is down the start still answers;
   * the dispatcher enqueues the committed run later (the event is then lost, the run is not).
   */
  function dispatch(run: RunRow): Promise<void> {
    return inSpan('outbox.dispatch', { 'msp.run_id': run.id, 'msp.operation_type': run.operationType }, async () => {
      const publisher = options.publisher;
      if (publisher) {
        await bounded('run event publish', run, () => publishRunEvent(publisher, run, { status: null, outcome: null }));
      }
      await bounded('enqueue (left to the outbox dispatcher)', run, () =>
        enqueueOperation(queue, { runId: run.id, operationType: run.operationType }),
      );
    });
  }

  /**
   * One decision, measured and recorded: `msp_gate_decisions_total` and the latency histogram,
   * one info line (outcome, reason, never a secret), and the attributes of the active span.
   */
  async function start(request: StartRequest): Promise<Result<StartResult>> {
    return inDecisionSpan(request.operationType, async (span) => {
      const began = performance.now();
      const note: DecisionNote = { replay: false };
      const result = await decide(request, note);
      recordDecision(logger, request, result, note, (performance.now() - began) / 1000, span);
      return result;
    });
  }

  async function decide(request: StartRequest, note: DecisionNote): Promise<Result<StartResult>> {
    const parsed = parseInput(requestSchema, request);
    if (!parsed.ok) return parsed;
    const { operationType, surface } = parsed.value;
    const tenantIdIn = parsed.value.tenantId ?? null;
    const connectionIdIn = parsed.value.providerConnectionId ?? null;
    const key = parsed.value.idempotencyKey ?? null;
    const { actor } = request;

    const notFound = tenantIdIn ? NOT_FOUND.tenant : NOT_FOUND.providerConnection;
    for (let attempt = 0; attempt < 5; attempt++) {
      const [scope] = tenantIdIn
        ? await q<ScopeRow>(sql, SCOPE_BY_TENANT, [actor.userId, tenantIdIn, connectionIdIn])
        : await q<ScopeRow>(sql, SCOPE_BY_CONNECTION, [actor.userId, connectionIdIn]);
      if (!scope) return fail('NOT_FOUND', notFound);
      note.tenantId = scope.tenantId;
      // A system principal (built-in work) holds its registry capabilities without a membership.
      const access = actor.system
        ? decideSystemAccess(scope, actor.system, startAction(operationType), surface)
        : decideTenantAccess(scope, startAction(operationType), notFound);
      if (!access.ok) return access;
      // A connection id of another tenant is indistinguishable from a missing one.
      if (connectionIdIn && !scope.connectionId) return fail('NOT_FOUND', NOT_FOUND.providerConnection);

      const tenantId = scope.tenantId;
      const target = parsed.value.target ?? `tenant:${tenantId}`;
      if (key) {
        const [decision] = await q<{
          operationType: OperationType;
          target: string;
          outcome: StartOutcome;
          runId: string;
        }>(sql, FIND_DECISION, [actor.userId, key]);
        if (decision) {
          if (decision.operationType !== operationType || decision.target !== target) {
            return fail(
              'BAD_USER_INPUT',
              'idempotencyKey was already used for a different operation or target; use a new key.',
              'idempotencyKey',
            );
          }
          const [run] = await q<Record<string, unknown>>(sql, FIND_RUN, [decision.runId]);
          if (!run) return fail('NOT_FOUND', NOT_FOUND.operationRun);
          note.replay = true;
          return ok(present(decision.outcome, operationType, runRow(run)));
        }
      }

      const values = [
        tenantId,
        operationType,
        target,
        surface,
        actor.userId,
        JSON.stringify(request.input ?? {}),
        scope.connectionId,
        scope.connectionId ? JSON.stringify(snapshotOf(scope)) : null,
        connectionIdIn !== null,
        parsed.value.retryOf ?? null,
        currentTraceId() ?? null,
      ];
      // The decision's audit record: workspace, API client, target, detail (never a secret).
      const colon = target.indexOf(':');
      const auditOf = (extra: Record<string, unknown> = {}) => [
        scope.workspaceId,
        actor.apiClientId ?? null,
        colon > 0 ? target.slice(0, colon) : 'target',
        colon > 0 ? target.slice(colon + 1) : target,
        JSON.stringify({
          providerConnectionId: scope.connectionId,
          ...(parsed.value.retryOf ? { retryOf: parsed.value.retryOf } : {}),
          ...extra,
        }),
      ];
      /** INSERT_BLOCKED's parameters: the run, the decision, the audit record, the webhook event's data. */
      const blockedParams = (blocker: Blocker) => [
        ...values,
        key,
        blocker.reasonCode,
        blocker.detail,
        ...auditOf({ reasonCode: blocker.reasonCode }),
        JSON.stringify({
          operationType,
          initiatedFrom: surface,
          initiatedBy: actor.userId,
          outcome: 'BLOCKED',
          reasonCode: blocker.reasonCode,
          problemClass: problemClassOf(blocker.reasonCode),
          reasonDetail: blocker.detail,
          providerConnectionId: scope.connectionId,
        }),
      ];
      const blockerNow = (state: ConnectionState): Blocker | null =>
        tenantBlocker({ status: scope.tenantStatus }) ??
        connectionBlockers(operationType, state, now())[0] ??
        request.precondition ??
        null;

      try {
        let decided: Decided;
        if (!scope.connectionId) {
          const blocker = tenantBlocker({ status: scope.tenantStatus }) ?? {
            reasonCode: 'PROVIDER_CONNECTION_MISSING' as const,
            detail: scope.hasConnections ? NO_DEFAULT_DETAIL : 'The tenant has no provider connection.',
          };
          const [run] = await q<Record<string, unknown>>(sql, INSERT_BLOCKED, blockedParams(blocker));
          decided = { outcome: 'BLOCKED', run: runRow(run!) };
        } else {
          const blocker = blockerNow(connectionState(scope));
          const active = activeRunOf(scope);
          if (blocker) {
            const [run] = await q<Record<string, unknown>>(sql, INSERT_BLOCKED, blockedParams(blocker));
            decided = { outcome: 'BLOCKED', run: runRow(run!) };
          } else if (active && !key) {
            decided = { outcome: equivalent(active) ? 'DEDUPED' : 'SCOPE_BUSY', run: active };
            const [workspaceId, apiClientId, targetType, targetId, detail] = auditOf();
            await q(sql, INSERT_AUDIT, [
              tenantId,
              actor.userId,
              operationType,
              surface,
              active.id,
              workspaceId,
              apiClientId,
              decided.outcome,
              targetType,
              targetId,
              detail,
            ]);
          } else {
            decided = await admit(scope.connectionId);
          }
        }
        if (decided.outcome === 'ACCEPTED') await dispatch(decided.run);
        else if (decided.outcome === 'BLOCKED' && options.publisher) {
          // A live Monitoring list shows the blocked attempt the moment it is recorded.
          const publisher = options.publisher;
          const run = decided.run;
          await bounded('run event publish', run, () =>
            publishRunEvent(publisher, run, { status: null, outcome: null }),
          );
        }
        return ok(present(decided.outcome, operationType, decided.run));
      } catch (err) {
        if (err instanceof RaceLost) continue;
        if (key && isUniqueViolation(err, 'start_decisions_user_id_idempotency_key_pk')) continue;
        if (isUniqueViolation(err, 'operation_runs_one_active_per_connection_idx')) continue;
        if (isConnectionGone(err)) continue;
        throw err;
      }

      function equivalent(run: RunRow): boolean {
        return run.operationType === operationType && run.target === target;
      }

      async function admit(connectionId: string): Promise<Decided> {
        return sql.begin(async (tx) => {
          const [conn] = await q<ConnectionState & { connectionId: string }>(tx, LOCK_CONNECTION, [connectionId]);
          if (!conn) throw new RaceLost('connection vanished');
          const blocker = blockerNow(connectionState(conn));
          let decided: Decided;
          if (blocker) {
            const [run] = await q<Record<string, unknown>>(tx, INSERT_BLOCKED, blockedParams(blocker));
            return { outcome: 'BLOCKED', run: runRow(run!) };
          }
          const [row] = await q<Record<string, unknown> & { admitted: boolean }>(tx, ADMIT, [...values, ...auditOf()]);
          if (!row) throw new RaceLost('admission returned nothing');
          const { admitted, ...raw } = row;
          const run = runRow(raw);
          decided = { outcome: admitted ? 'ACCEPTED' : equivalent(run) ? 'DEDUPED' : 'SCOPE_BUSY', run };
          if (key) {
            await q(tx, INSERT_DECISION, [actor.userId, key, tenantId, operationType, target, decided.outcome, run.id]);
          }
          return decided;
        }) as Promise<Decided>;
      }
    }
    throw new Error('start gate: could not settle a decision after repeated races');
  }

  async function decidedOperation(actor: Actor, key: string): Promise<OperationType | null> {
    if (!uuid.safeParse(actor.userId).success || !idempotencyKey.safeParse(key).success) return null;
    const [decision] = await q<{ operationType: OperationType }>(sql, FIND_DECISION, [actor.userId, key]);
    return decision?.operationType ?? null;
  }

  return { start, decidedOperation };
}
