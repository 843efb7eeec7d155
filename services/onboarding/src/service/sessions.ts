/**
 * Onboarding sessions: read, create (with its tenant), connect the provider, complete, cancel.
 * Every function authorizes first, through the capability registry, in both scopes a session
 * lives in: its workspace (`onboarding.manage`, workspace OWNER) and its tenant, like every other
 * surface of that tenant (`tenant.view` to read it; the action's own capability to change it, e.g.
 * `tenant.archive` to cancel, which archives the tenant). A caller who is not a member of the
 * workspace, or no longer a member of the tenant (a workspace OWNER removed from it), gets the
 * NOT_FOUND of a missing id; a member without a capability gets FORBIDDEN.
 */
import { type Database, schema } from '@msp/db';
import {
  ACTIONS,
  type Actor,
  authorizeWorkspace,
  decideTenantAccess,
  fail,
  NOT_FOUND,
  ok,
  parseInput,
  type Result,
  recordChange,
  type TenantAction,
  type TenantRole,
  type TenantStatus,
  uuid,
  type WorkspaceRole,
  workspaceRoleCan,
} from '@msp/gate';
import { createConnection } from '@msp/provider-connection';
import { insertTenant, prepareTenant } from '@msp/tenant';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { OnboardingDeps } from '../deps';
import type { OnboardingSessionModel } from '../model';
import { deriveSession, type RunFacts, runIdsOf, type SessionRow } from './steps';

const os = schema.onboardingSessions;
const wm = schema.workspaceMembers;
const t = schema.tenants;
const tm = schema.tenantMembers;
const r = schema.operationRuns;

export const SESSION_NOT_FOUND = NOT_FOUND.onboardingSession;

/** A session with the caller's role in its workspace and in its tenant (null: not a member). */
interface FoundSession {
  row: SessionRow;
  role: WorkspaceRole | null;
  tenantRole: TenantRole | null;
  tenantStatus: TenantStatus | null;
}

async function selectRows(db: Database, actor: Actor, ids: readonly string[]): Promise<Map<string, FoundSession>> {
  const valid = [...new Set(ids.filter((id) => uuid.safeParse(id).success))];
  if (valid.length === 0) return new Map();
  const rows = await db
    .select({ row: os, role: wm.role, tenantRole: tm.role, tenantStatus: t.status })
    .from(os)
    .leftJoin(wm, and(eq(wm.workspaceId, os.workspaceId), eq(wm.userId, actor.userId)))
    .leftJoin(t, eq(t.id, os.tenantId))
    .leftJoin(tm, and(eq(tm.tenantId, os.tenantId), eq(tm.userId, actor.userId)))
    .where(inArray(os.id, valid));
  return new Map(rows.map((x) => [x.row.id, x]));
}

/**
 * The workspace first (not a member: exactly the answer for an id that does not exist; without
 * `onboarding.manage`: FORBIDDEN, as issue 6 fixed for workspace MEMBERs), then the session's
 * tenant like any surface of it (not a member: the same NOT_FOUND; without `action`: FORBIDDEN).
 */
function decide(found: FoundSession | undefined, action: TenantAction = 'tenant.view'): Result<SessionRow> {
  if (!found?.role) return fail('NOT_FOUND', SESSION_NOT_FOUND);
  const { row } = found;
  if (!workspaceRoleCan(found.role, 'onboarding.manage')) {
    return fail(
      'FORBIDDEN',
      `Your role in this workspace does not include ${ACTIONS['onboarding.manage'].capability}.`,
    );
  }
  if (row.tenantId && !found.tenantRole) return fail('NOT_FOUND', SESSION_NOT_FOUND);
  if (row.tenantId && found.tenantStatus) {
    const access = decideTenantAccess(
      {
        tenantId: row.tenantId,
        workspaceId: row.workspaceId,
        tenantStatus: found.tenantStatus,
        role: found.tenantRole,
      },
      action,
      SESSION_NOT_FOUND,
    );
    if (!access.ok) return access;
  }
  return ok(row);
}

/** The runs the sessions name, in one query. */
async function runsOf(db: Database, rows: SessionRow[]): Promise<Map<string, RunFacts>> {
  const ids = [...new Set(rows.flatMap(runIdsOf))];
  if (ids.length === 0) return new Map();
  const runs = await db
    .select({
      id: r.id,
      operationType: r.operationType,
      status: r.status,
      outcome: r.outcome,
      reasonCode: r.reasonCode,
      reasonDetail: r.reasonDetail,
      providerConnectionSnapshot: r.providerConnectionSnapshot,
    })
    .from(r)
    .where(inArray(r.id, ids));
  return new Map(runs.map((run) => [run.id, run]));
}

/** Sessions by id, in order, for the loader: two queries per batch. */
export async function loadSessions(
  deps: OnboardingDeps,
  actor: Actor,
  ids: readonly string[],
): Promise<Result<OnboardingSessionModel>[]> {
  const found = await selectRows(deps.db, actor, ids);
  const decided = ids.map((id) => decide(found.get(id)));
  const runs = await runsOf(
    deps.db,
    decided.flatMap((d) => (d.ok ? [d.value] : [])),
  );
  return decided.map((d) => (d.ok ? ok(deriveSession(d.value, runs, deps.links)) : d));
}

/** How many sessions `Workspace.onboardingSessions` lists at most (newest first). */
export const MAX_LISTED_SESSIONS = 100;

/** The caller's role in each workspace (null: not a member), in one query. */
export async function workspaceRolesOf(
  db: Database,
  actor: Actor,
  workspaceIds: readonly string[],
): Promise<(WorkspaceRole | null)[]> {
  const valid = [...new Set(workspaceIds.filter((id) => uuid.safeParse(id).success))];
  const rows =
    valid.length === 0
      ? []
      : await db
          .select({ workspaceId: wm.workspaceId, role: wm.role })
          .from(wm)
          .where(and(inArray(wm.workspaceId, valid), eq(wm.userId, actor.userId)));
  const byId = new Map(rows.map((r) => [r.workspaceId, r.role]));
  return workspaceIds.map((id) => byId.get(id) ?? null);
}

/**
 * The sessions of several workspaces, newest first (at most MAX_LISTED_SESSIONS each): those of a
 * workspace where the caller holds `onboarding.manage`; an empty list elsewhere, as for a
 * workspace without sessions.
 */
export async function sessionsOfWorkspaces(
  deps: OnboardingDeps,
  actor: Actor,
  workspaceIds: readonly string[],
): Promise<OnboardingSessionModel[][]> {
  const roles = await workspaceRolesOf(deps.db, actor, workspaceIds);
  const allowed = workspaceIds.filter((_, i) => {
    const role = roles[i];
    return role ? workspaceRoleCan(role, 'onboarding.manage') : false;
  });
  const latest =
    allowed.length === 0
      ? []
      : await deps.db
          .select({ id: sql<string>`ranked.id` })
          .from(
            sql`(select ${os.id} as id, row_number() over (
                   partition by ${os.workspaceId} order by ${os.createdAt} desc, ${os.id} desc) as n
                 from ${os} where ${inArray(os.workspaceId, [...new Set(allowed)])}) as ranked`,
          )
          .where(sql`ranked.n <= ${MAX_LISTED_SESSIONS}`);
  const sessions = (
    await loadSessions(
      deps,
      actor,
      latest.map((r) => r.id),
    )
  ).flatMap((r) => (r.ok ? [r.value] : []));
  sessions.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  return workspaceIds.map((id) => sessions.filter((s) => s.workspaceId === id));
}

/**
 * The latest session that onboarded each tenant, for a caller who may see it (`onboarding.manage`
 * in its workspace); null otherwise, as for a tenant that was never onboarded.
 */
export async function latestSessionsOfTenants(
  deps: OnboardingDeps,
  actor: Actor,
  tenantIds: readonly string[],
): Promise<(OnboardingSessionModel | null)[]> {
  const valid = [...new Set(tenantIds.filter((id) => uuid.safeParse(id).success))];
  const latest =
    valid.length === 0
      ? []
      : await deps.db
          .selectDistinctOn([os.tenantId], { id: os.id, tenantId: os.tenantId })
          .from(os)
          .where(inArray(os.tenantId, valid))
          .orderBy(os.tenantId, sql`${os.createdAt} desc`, sql`${os.id} desc`);
  const loaded = await loadSessions(
    deps,
    actor,
    latest.map((r) => r.id),
  );
  const byTenant = new Map(
    loaded.flatMap((r) => (r.ok && r.value.tenantId ? [[r.value.tenantId, r.value] as const] : [])),
  );
  return tenantIds.map((id) => byTenant.get(id) ?? null);
}

/**
 * One session authorized for `onboarding.manage` and, on its tenant, for `action` (what the
 * mutation does to the tenant), with the runs it names.
 */
export async function authorizedSession(
  deps: OnboardingDeps,
  actor: Actor,
  sessionId: unknown,
  action: TenantAction = 'tenant.view',
): Promise<Result<{ row: SessionRow; runs: Map<string, RunFacts> }>> {
  const parsed = parseInput(z.object({ sessionId: uuid }), { sessionId });
  if (!parsed.ok) return parsed;
  const id = parsed.value.sessionId;
  const decided = decide((await selectRows(deps.db, actor, [id])).get(id), action);
  if (!decided.ok) return decided;
  return ok({ row: decided.value, runs: await runsOf(deps.db, [decided.value]) });
}

/** An authorized session that can still change (ACTIVE). */
export async function openSession(
  deps: OnboardingDeps,
  actor: Actor,
  sessionId: unknown,
  action: TenantAction = 'tenant.view',
): Promise<Result<{ row: SessionRow; runs: Map<string, RunFacts> }>> {
  const loaded = await authorizedSession(deps, actor, sessionId, action);
  if (!loaded.ok) return loaded;
  const { status } = loaded.value.row;
  if (status !== 'ACTIVE') {
    return fail(
      'CONFLICT',
      status === 'COMPLETED'
        ? 'This onboarding session is completed; manage the tenant from its page.'
        : 'This onboarding session was cancelled; start a new onboarding session.',
      'sessionId',
    );
  }
  return loaded;
}

export async function reloadSession(
  deps: OnboardingDeps,
  actor: Actor,
  id: string,
): Promise<Result<OnboardingSessionModel>> {
  const [result] = await loadSessions(deps, actor, [id]);
  return result ?? fail('NOT_FOUND', SESSION_NOT_FOUND);
}

/** Reloads the session and stores its derived current step (for listings that do not read runs). */
async function reloadAndStoreStep(
  deps: OnboardingDeps,
  actor: Actor,
  id: string,
): Promise<Result<OnboardingSessionModel>> {
  const reloaded = await reloadSession(deps, actor, id);
  if (reloaded.ok) {
    await deps.db.update(os).set({ currentStep: reloaded.value.currentStep }).where(eq(os.id, id));
  }
  return reloaded;
}

/**
 * Workspace OWNER (`onboarding.manage`): creates the tenant through the tenant service (its
 * validation; the caller becomes the tenant's OWNER) in status ONBOARDING, and the session.
 */
export async function createOnboardingSession(
  deps: OnboardingDeps,
  actor: Actor,
  input: { workspaceId: string; tenantName: string; entraTenantId: string; primaryDomain?: string | null },
): Promise<Result<OnboardingSessionModel>> {
  const { db } = deps;
  const access = await authorizeWorkspace(db, actor, input.workspaceId, 'onboarding.manage');
  if (!access.ok) return access;
  const draft = await prepareTenant(db, actor, {
    workspaceId: input.workspaceId,
    name: input.tenantName,
    entraTenantId: input.entraTenantId,
    primaryDomain: input.primaryDomain ?? null,
  });
  if (!draft.ok) {
    // The tenant service names its own fields; the mutation's argument is `tenantName`.
    const { code, message, field } = draft.error;
    return field === 'name' ? fail(code, message.replace(/^name\b/, 'tenantName'), 'tenantName') : draft;
  }
  // One transaction for the tenant and the session: a failed session insert leaves no orphan
  // tenant. The tenant is ONBOARDING, not ACTIVE, until `completeOnboarding`; the gate still
  // admits its verification and bootstrap (only ARCHIVED blocks).
  const sessionId = await db.transaction(async (tx) => {
    const tenant = await insertTenant(tx, actor, draft.value, { status: 'ONBOARDING' });
    const [row] = await tx
      .insert(os)
      .values({
        workspaceId: input.workspaceId,
        tenantId: tenant.id,
        createdBy: actor.userId,
        currentStep: 'PROVIDER_CONNECTION',
      })
      .returning({ id: os.id });
    await recordChange(tx, actor, {
      action: 'onboarding.create_session',
      scope: { tenantId: tenant.id, workspaceId: input.workspaceId },
      target: { type: 'onboarding_session', id: row!.id },
      detail: { tenantName: tenant.name },
    });
    return row!.id;
  });
  return reloadSession(deps, actor, sessionId);
}

export interface ConnectInput {
  tenantId: string;
  displayName: string;
  entraTenantId: string;
  clientId: string;
  clientSecret?: string | null;
  clientSecretExpiresAt?: Date | null;
  makeDefault?: boolean | null;
}

/**
 * Creates the tenant's provider connection through the provider-connection service (its
 * validation and encryption). The wizard's connection always becomes the tenant's default: the
 * verification and bootstrap steps run on it, and the tenant page's starts (which use the default)
 * then dedupe against them. Connecting again (a typo in the secret) replaces the session's
 * connection and forgets the verification attempt made on the previous one.
 */
export async function connectOnboardingProvider(
  deps: OnboardingDeps,
  actor: Actor,
  sessionId: string,
  input: ConnectInput,
): Promise<Result<OnboardingSessionModel>> {
  const session = await openSession(deps, actor, sessionId, 'provider_connection.create');
  if (!session.ok) return session;
  const { row } = session.value;
  if (input.tenantId !== row.tenantId) {
    return fail('BAD_USER_INPUT', 'input.tenantId must be the tenant of this onboarding session.', 'input.tenantId');
  }
  const created = await createConnection({ db: deps.db, secretBox: deps.secretBox }, actor, {
    ...input,
    makeDefault: true,
  });
  if (!created.ok) {
    const { code, message, field } = created.error;
    return field ? fail(code, message, `input.${field}`) : created;
  }
  // The connection's own record (provider_connection.create) was written by createConnection.
  await deps.db.transaction(async (tx) => {
    await tx
      .update(os)
      .set({
        providerConnectionId: created.value,
        lastStarts: sql`${os.lastStarts} - 'VERIFICATION'`,
        updatedAt: new Date(),
      })
      .where(eq(os.id, row.id));
    await recordChange(tx, actor, {
      action: 'onboarding.connect_provider',
      scope: { tenantId: row.tenantId, workspaceId: row.workspaceId },
      target: { type: 'onboarding_session', id: row.id },
      detail: { providerConnectionId: created.value },
    });
  });
  return reloadAndStoreStep(deps, actor, row.id);
}

/**
 * Activates the tenant and completes the session. Refused (CONFLICT) until a provider verification
 * of the session's connection has succeeded (from this wizard or the tenant page): an ACTIVE tenant
 * whose provider access was never proven would fail every start later, far from the cause.
 * Bootstrap is optional: work still pending stays visible on the step (SKIPPED), and a run still
 * active finishes normally.
 */
export async function completeOnboarding(
  deps: OnboardingDeps,
  actor: Actor,
  sessionId: string,
): Promise<Result<OnboardingSessionModel>> {
  const loaded = await authorizedSession(deps, actor, sessionId);
  if (!loaded.ok) return loaded;
  const { row } = loaded.value;
  if (row.status === 'COMPLETED') return reloadSession(deps, actor, row.id);
  if (row.status === 'CANCELLED') {
    return fail('CONFLICT', 'This onboarding session was cancelled; start a new onboarding session.', 'sessionId');
  }
  if (!row.tenantId || !row.providerConnectionId) {
    return fail('CONFLICT', 'Connect the tenant’s provider before completing onboarding.', 'sessionId');
  }
  const [verified] = await deps.db
    .select({ id: r.id })
    .from(r)
    .where(
      and(
        eq(r.tenantId, row.tenantId),
        eq(r.providerConnectionId, row.providerConnectionId),
        eq(r.operationType, 'PROVIDER_VERIFICATION'),
        eq(r.status, 'COMPLETED'),
        inArray(r.outcome, ['SUCCEEDED', 'PARTIALLY_SUCCEEDED']),
      ),
    )
    .limit(1);
  if (!verified) {
    return fail(
      'CONFLICT',
      'Onboarding can complete once the provider verification has succeeded: start the verification step and wait for its run to succeed.',
      'sessionId',
    );
  }
  const tenantId = row.tenantId;
  const done = await deps.db.transaction(async (tx) => {
    const [session] = await tx
      .update(os)
      .set({ status: 'COMPLETED', currentStep: 'COMPLETE', completedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(os.id, row.id), eq(os.status, 'ACTIVE')))
      .returning({ id: os.id });
    if (!session) return false;
    // Activation of a tenant being onboarded; an archived tenant stays archived.
    await tx
      .update(schema.tenants)
      .set({ status: 'ACTIVE' })
      .where(and(eq(schema.tenants.id, tenantId), eq(schema.tenants.status, 'ONBOARDING')));
    await recordChange(tx, actor, {
      action: 'onboarding.complete',
      scope: { tenantId, workspaceId: row.workspaceId },
      target: { type: 'onboarding_session', id: row.id },
      runId: verified.id,
    });
    return true;
  });
  if (!done) return completeOnboarding(deps, actor, sessionId);
  return reloadSession(deps, actor, row.id);
}

/**
 * Ends a session that will not finish (stuck on consent, wrong customer, abandoned). The tenant it
 * created is archived when it is still ONBOARDING, so no half-onboarded tenant looks usable (its
 * OWNER can bring it back with the tenant subgraph's `unarchiveTenant`); runs still active finish
 * normally (nothing can be un-queued). Cancelling twice is harmless; a completed session cannot be
 * cancelled. Needs `tenant.archive` on the tenant besides `onboarding.manage`.
 */
export async function cancelOnboarding(
  deps: OnboardingDeps,
  actor: Actor,
  sessionId: string,
): Promise<Result<OnboardingSessionModel>> {
  // Cancelling archives the session's tenant: the tenant's own capability for that.
  const loaded = await authorizedSession(deps, actor, sessionId, 'tenant.archive');
  if (!loaded.ok) return loaded;
  const { row } = loaded.value;
  if (row.status === 'CANCELLED') return reloadSession(deps, actor, row.id);
  if (row.status === 'COMPLETED') {
    return fail(
      'CONFLICT',
      'This onboarding session is completed; archive the tenant from its page instead.',
      'sessionId',
    );
  }
  const done = await deps.db.transaction(async (tx) => {
    const [session] = await tx
      .update(os)
      .set({ status: 'CANCELLED', cancelledAt: new Date(), updatedAt: new Date() })
      .where(and(eq(os.id, row.id), eq(os.status, 'ACTIVE')))
      .returning({ id: os.id });
    if (!session) return false;
    if (row.tenantId) {
      await tx
        .update(schema.tenants)
        .set({ status: 'ARCHIVED' })
        .where(and(eq(schema.tenants.id, row.tenantId), eq(schema.tenants.status, 'ONBOARDING')));
    }
    await recordChange(tx, actor, {
      action: 'onboarding.cancel',
      scope: { tenantId: row.tenantId, workspaceId: row.workspaceId },
      target: { type: 'onboarding_session', id: row.id },
    });
    return true;
  });
  if (!done) return cancelOnboarding(deps, actor, sessionId);
  return reloadSession(deps, actor, row.id);
}
