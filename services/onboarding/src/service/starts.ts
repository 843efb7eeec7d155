/**
 * The wizard's provider-backed starts. Both go through the central gate (surface ONBOARDING), so
 * they answer with the same four outcomes, reason codes and messages as every other action host,
 * and admission (one active run per provider connection) is decided where it always is. Around
 * the gate this module only chooses what to start and records the answer on the session.
 */
import { schema } from '@msp/db';
import { fail, type OperationType, ok, parseInput, type Result, type StartResult } from '@msp/gate';
import type { Actor } from '@msp/subgraph-kit';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { OnboardingDeps } from '../deps';
import { openSession } from './sessions';
import { BOOTSTRAP_OPERATIONS, type BootstrapOperation, planBootstrap, type SessionRow } from './steps';

const os = schema.onboardingSessions;

/** The run a start result points at: new, existing or active; the recorded attempt when BLOCKED. */
function runIdOf(result: StartResult): string | null {
  switch (result.outcome) {
    case 'ACCEPTED':
    case 'DEDUPED':
      return result.run.id;
    case 'SCOPE_BUSY':
      return result.activeRun.id;
    case 'BLOCKED':
      return result.run?.id ?? null;
  }
}

/**
 * Records a start's answer on the session in one statement (no lock held across the gate call, so
 * concurrent clicks never wait on each other here). For bootstrap, an admitted or joined run is
 * linked to its operation unless a newer run of it is linked already (a late answer never
 * replaces a later attempt's run).
 */
async function recordStart(
  deps: OnboardingDeps,
  row: SessionRow,
  step: 'VERIFICATION' | 'BOOTSTRAP',
  result: StartResult,
): Promise<void> {
  const runId = runIdOf(result);
  const last = {
    operationType: result.operationType,
    outcome: result.outcome,
    runId,
    message: result.message as unknown as Record<string, unknown>,
    at: new Date().toISOString(),
  };
  const links =
    step === 'BOOTSTRAP' && (result.outcome === 'ACCEPTED' || result.outcome === 'DEDUPED')
      ? sql`case
          when coalesce((select created_at from operation_runs where id = (${os.bootstrapRuns} ->> ${result.operationType})::uuid), '-infinity')
            <= (select created_at from operation_runs where id = ${result.run.id}::uuid)
          then ${os.bootstrapRuns} || jsonb_build_object(${result.operationType}::text, ${result.run.id}::text)
          else ${os.bootstrapRuns} end`
      : os.bootstrapRuns;
  await deps.db
    .update(os)
    .set({
      lastStarts: sql`${os.lastStarts} || jsonb_build_object(${step}::text, ${JSON.stringify(last)}::jsonb)`,
      bootstrapRuns: links,
      updatedAt: new Date(),
    })
    .where(eq(os.id, row.id));
}

/**
 * PROVIDER_VERIFICATION of the session's connection (or the tenant's default), surface
 * ONBOARDING: equivalent to a verification started from the tenant page, so the two dedupe
 * against each other. Starting it again after a failure is the retry.
 */
export async function startOnboardingVerification(
  deps: OnboardingDeps,
  actor: Actor,
  sessionId: string,
  idempotencyKey?: string | null,
): Promise<Result<StartResult>> {
  const session = await openSession(deps, actor, sessionId);
  if (!session.ok) return session;
  const { row } = session.value;
  const started = await deps.gate.start({
    actor,
    operationType: 'PROVIDER_VERIFICATION',
    surface: 'ONBOARDING',
    tenantId: row.tenantId,
    providerConnectionId: row.providerConnectionId,
    idempotencyKey: idempotencyKey ?? null,
  });
  if (started.ok) await recordStart(deps, row, 'VERIFICATION', started.value);
  return started;
}

const operationsInput = z
  .array(z.enum(BOOTSTRAP_OPERATIONS, { message: `must be one of ${BOOTSTRAP_OPERATIONS.join(', ')}` }))
  .min(1, { message: 'must not be empty (bootstrap is optional: complete onboarding to skip it)' })
  .nullish();

/**
 * Records the selection (when given; omitted keeps the earlier one, or selects all three), then
 * tries ONE operation through the gate: the one whose run is active (so repeated clicks are
 * DEDUPED onto it), else the first pending. The gate admits at most one run per connection;
 * the rest of the selection stays pending on the step until a later call admits it. A refused
 * attempt (BLOCKED, DEDUPED, SCOPE_BUSY) queues nothing.
 */
export async function startOnboardingBootstrap(
  deps: OnboardingDeps,
  actor: Actor,
  sessionId: string,
  operations: readonly OperationType[] | null | undefined,
  idempotencyKey?: string | null,
): Promise<Result<StartResult>> {
  const session = await openSession(deps, actor, sessionId);
  if (!session.ok) return session;
  const parsed = parseInput(z.object({ operations: operationsInput }), { operations });
  if (!parsed.ok) return parsed;
  let row = session.value.row;
  const chosen = parsed.value.operations
    ? BOOTSTRAP_OPERATIONS.filter((op) => parsed.value.operations?.includes(op))
    : ((row.bootstrapOperations as BootstrapOperation[] | null) ?? [...BOOTSTRAP_OPERATIONS]);
  if (!sameList(row.bootstrapOperations, chosen)) {
    await deps.db.update(os).set({ bootstrapOperations: chosen, updatedAt: new Date() }).where(eq(os.id, row.id));
    row = { ...row, bootstrapOperations: chosen };
  }
  const plan = planBootstrap(row, session.value.runs);
  // A replayed click (same key) replays its decision, whichever operation it was about, even if
  // the bootstrap has moved on since.
  const replayed = idempotencyKey ? await deps.gate.decidedOperation(actor, idempotencyKey) : null;
  const next = replayed ?? plan.next;
  if (!next) {
    return fail(
      'CONFLICT',
      'Every selected bootstrap operation has completed; complete onboarding (or select other operations).',
      'operations',
    );
  }
  const started = await deps.gate.start({
    actor,
    operationType: next,
    surface: 'ONBOARDING',
    tenantId: row.tenantId,
    providerConnectionId: row.providerConnectionId,
    idempotencyKey: idempotencyKey ?? null,
  });
  if (started.ok) await recordStart(deps, row, 'BOOTSTRAP', started.value);
  return started.ok ? ok(started.value) : started;
}

function sameList(a: readonly string[] | null, b: readonly string[]): boolean {
  return a !== null && a.length === b.length && a.every((x, i) => x === b[i]);
}
