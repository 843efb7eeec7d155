/**
 * How a session reads: step statuses, the run each step waits on, pending and completed bootstrap
 * operations, all derived from the stored facts (the session row) and the runs they name. Pure:
 * no storage, so every rule here is the same for the query, the mutations and the tests.
 */
import type { schema } from '@msp/db';
import {
  type Links,
  OPERATION_LABELS,
  type OperationType,
  type OperatorMessage,
  type ReasonCode,
  type RunOutcome,
  type RunStatus,
  runMessage,
} from '@msp/gate';
import type { OnboardingSessionModel, OnboardingStepKey, OnboardingStepModel, OnboardingStepStatus } from '../model';

/** What bootstrap may run, in the order it is admitted when all are selected. */
export const BOOTSTRAP_OPERATIONS = ['DIRECTORY_GROUPS_SYNC', 'ROLE_DEFINITIONS_SYNC', 'POLICY_BACKUP'] as const;
export type BootstrapOperation = (typeof BOOTSTRAP_OPERATIONS)[number];

export const STEP_KEYS: readonly OnboardingStepKey[] = [
  'TENANT_DETAILS',
  'PROVIDER_CONNECTION',
  'VERIFICATION',
  'BOOTSTRAP',
  'COMPLETE',
];

export type SessionRow = typeof schema.onboardingSessions.$inferSelect;

/** The columns of a run this module reads. */
export interface RunFacts {
  id: string;
  operationType: OperationType;
  status: RunStatus;
  outcome: RunOutcome;
  reasonCode: string | null;
  reasonDetail: string | null;
  /** The connection chosen at click time: its app is where the admin-consent step links. */
  providerConnectionSnapshot?: { entraTenantId: string; clientId: string } | null;
}

const SUCCESS: ReadonlySet<RunOutcome> = new Set(['SUCCEEDED', 'PARTIALLY_SUCCEEDED']);
const isActive = (run: RunFacts) => run.status !== 'COMPLETED';
const succeeded = (run: RunFacts) => run.status === 'COMPLETED' && SUCCESS.has(run.outcome);

/** Every run id a session row names (for one batched read). */
export function runIdsOf(row: SessionRow): string[] {
  const ids = [...Object.values(row.bootstrapRuns), ...Object.values(row.lastStarts).map((s) => s.runId)];
  return ids.filter((id): id is string => typeof id === 'string');
}

export interface BootstrapPlan {
  /** null until bootstrap was first started. */
  selection: BootstrapOperation[] | null;
  completed: BootstrapOperation[];
  /** The selected operation whose run is queued or running, if any (at most one: one per connection). */
  active: { operationType: BootstrapOperation; run: RunFacts } | null;
  /** Selected, not completed, not active: waiting to be admitted (a failed one is retried from here). */
  pending: BootstrapOperation[];
  /** What a click tries: the active operation (so repeated clicks are DEDUPED), else the first pending. */
  next: BootstrapOperation | null;
}

export function planBootstrap(row: SessionRow, runs: ReadonlyMap<string, RunFacts>): BootstrapPlan {
  const selection = (row.bootstrapOperations as BootstrapOperation[] | null) ?? null;
  const completed: BootstrapOperation[] = [];
  const pending: BootstrapOperation[] = [];
  let active: BootstrapPlan['active'] = null;
  for (const op of selection ?? []) {
    const runId = row.bootstrapRuns[op];
    const run = runId ? runs.get(runId) : undefined;
    if (run && succeeded(run)) completed.push(op);
    else if (run && isActive(run) && !active) active = { operationType: op, run };
    else pending.push(op);
  }
  return { selection, completed, active, pending, next: active?.operationType ?? pending[0] ?? null };
}

function messageOfRun(links: Links, run: RunFacts, ctx: { tenantId: string; providerConnectionId: string | null }) {
  return runMessage(
    links,
    {
      id: run.id,
      operationType: run.operationType,
      status: run.status,
      outcome: run.outcome,
      reasonCode: (run.reasonCode as ReasonCode | null) ?? null,
      reasonDetail: run.reasonDetail,
    },
    { ...ctx, connection: run.providerConnectionSnapshot ?? null },
  );
}

/**
 * A step driven by starts (verification, bootstrap's current operation): the status follows the
 * last start while it was refused (BLOCKED, SCOPE_BUSY: the operator must act, then start again),
 * and the run it admitted or joined once there is one (ACCEPTED, DEDUPED).
 */
function startedStep(
  key: OnboardingStepKey,
  last: SessionRow['lastStarts'][string] | undefined,
  runs: ReadonlyMap<string, RunFacts>,
  links: Links,
  ctx: { tenantId: string; providerConnectionId: string | null },
): Omit<OnboardingStepModel, 'pendingOperations' | 'completedOperations'> {
  if (!last) return { key, status: 'PENDING', runId: null, lastStartOutcome: null, message: null };
  const stored = last.message as unknown as OperatorMessage;
  const base = { key, lastStartOutcome: last.outcome };
  if (last.outcome === 'BLOCKED') return { ...base, status: 'NEEDS_ATTENTION', runId: null, message: stored };
  if (last.outcome === 'SCOPE_BUSY') return { ...base, status: 'NEEDS_ATTENTION', runId: last.runId, message: stored };
  const run = last.runId ? runs.get(last.runId) : undefined;
  if (!run) return { ...base, status: 'IN_PROGRESS', runId: last.runId, message: stored };
  if (isActive(run)) return { ...base, status: 'IN_PROGRESS', runId: run.id, message: stored };
  return {
    ...base,
    status: succeeded(run) ? 'DONE' : 'NEEDS_ATTENTION',
    runId: run.id,
    message: messageOfRun(links, run, ctx),
  };
}

/** The session as the API shows it. */
export function deriveSession(
  row: SessionRow,
  runs: ReadonlyMap<string, RunFacts>,
  links: Links,
): OnboardingSessionModel {
  const open = row.status === 'ACTIVE';
  const ctx = { tenantId: row.tenantId ?? '', providerConnectionId: row.providerConnectionId };
  const none = { runId: null, lastStartOutcome: null, message: null, pendingOperations: [], completedOperations: [] };

  const tenantStep: OnboardingStepModel = { key: 'TENANT_DETAILS', status: row.tenantId ? 'DONE' : 'PENDING', ...none };
  const connectionStep: OnboardingStepModel = {
    key: 'PROVIDER_CONNECTION',
    status: row.providerConnectionId ? 'DONE' : open ? 'PENDING' : 'SKIPPED',
    ...none,
  };
  const verificationStep: OnboardingStepModel = {
    ...startedStep('VERIFICATION', row.lastStarts.VERIFICATION, runs, links, ctx),
    pendingOperations: [],
    completedOperations: [],
  };
  if (!open && verificationStep.status === 'PENDING') verificationStep.status = 'SKIPPED';

  const plan = planBootstrap(row, runs);
  const last = row.lastStarts.BOOTSTRAP;
  let bootstrap: Omit<OnboardingStepModel, 'pendingOperations' | 'completedOperations'>;
  if (plan.selection && plan.pending.length === 0 && !plan.active) {
    // Everything selected has completed: show how the last admitted run ended.
    const lastRun = last?.runId ? runs.get(last.runId) : undefined;
    bootstrap = {
      key: 'BOOTSTRAP',
      status: 'DONE',
      runId: lastRun?.id ?? null,
      lastStartOutcome: last?.outcome ?? null,
      message: lastRun ? messageOfRun(links, lastRun, ctx) : ((last?.message as unknown as OperatorMessage) ?? null),
    };
  } else if (plan.active) {
    const fromLast = last?.runId === plan.active.run.id;
    bootstrap = {
      key: 'BOOTSTRAP',
      status: 'IN_PROGRESS',
      runId: plan.active.run.id,
      lastStartOutcome: last?.outcome ?? null,
      message: fromLast ? (last.message as unknown as OperatorMessage) : messageOfRun(links, plan.active.run, ctx),
    };
  } else {
    bootstrap = startedStep('BOOTSTRAP', last, runs, links, ctx);
    // The last admitted run succeeded and more is selected: waiting for the next click.
    if (bootstrap.status === 'DONE') {
      const next = plan.next;
      bootstrap.status = 'PENDING';
      if (bootstrap.message && next) {
        bootstrap.message = {
          ...bootstrap.message,
          nextStep: `Start bootstrap again to run the next operation: ${OPERATION_LABELS[next]} (${plan.pending.length} waiting).`,
        };
      }
    }
  }
  if (!open && (bootstrap.status === 'PENDING' || bootstrap.status === 'NEEDS_ATTENTION')) bootstrap.status = 'SKIPPED';
  const bootstrapStep: OnboardingStepModel = {
    ...bootstrap,
    pendingOperations: plan.pending,
    completedOperations: plan.completed,
  };

  const completeStatus: OnboardingStepStatus =
    row.status === 'COMPLETED' ? 'DONE' : row.status === 'CANCELLED' ? 'SKIPPED' : 'PENDING';
  const completeStep: OnboardingStepModel = { key: 'COMPLETE', status: completeStatus, ...none };

  const steps = [tenantStep, connectionStep, verificationStep, bootstrapStep, completeStep];
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    tenantId: row.tenantId,
    providerConnectionId: row.providerConnectionId,
    status: row.status,
    currentStep: currentStepOf(row.status, steps),
    steps,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    completedAt: row.completedAt,
    cancelledAt: row.cancelledAt,
  };
}

/**
 * Where the wizard is: COMPLETE once completed; else the first step that is not DONE (bootstrap is
 * optional, so a session whose verification is done may also be completed from BOOTSTRAP).
 */
export function currentStepOf(status: SessionRow['status'], steps: OnboardingStepModel[]): OnboardingStepKey {
  if (status === 'COMPLETED') return 'COMPLETE';
  for (const step of steps) {
    if (step.key === 'COMPLETE') break;
    if (step.status !== 'DONE') return step.key;
  }
  return 'COMPLETE';
}
