/**
 * Issue 17, acceptance 3: the built-in connection health check. Each pass starts a health check
 * of every enabled connection through the gate (surface SCHEDULE, as the system principal
 * connection-health); each check reads the application permissions Entra grants (the simulator's
 * service principal and its app role assignments, over HTTP), compares them with the recorded
 * ones, and warns the tenant's owners and managers of a client secret about to expire. Real
 * PostgreSQL and Redis, the worker runtime in-process, the Graph simulator over HTTP.
 */
import { type NotificationKind, schema, type WebhookEventType } from '@msp/db';
import { createMaintenanceQueue, notificationChannel, notificationEventSchema, SYSTEM_PRINCIPALS } from '@msp/gate';
import { GRAPH_PERMISSIONS } from '@msp/microsoft-graph';
import { testEnv } from '@msp/tests/support/env';
import type { Seed } from '@msp/tests/support/seed';
import type { SimulatorControl } from '@msp/tests/support/simulator';
import { and, eq, inArray } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createWorkerRuntime, type HealthSweepReport, type WorkerRuntime } from '../src';
import { connectionRow, describe, eventually, expect, test, testRuntimeOptions, waitForRun } from './support';

const DAY = 86_400_000;
const RECORDED = [...GRAPH_PERMISSIONS].sort();

let subscriber: Redis;
const published: Array<{ channel: string; message: string }> = [];
beforeAll(() => {
  subscriber = new Redis(testEnv.redisUrl);
  subscriber.on('message', (channel: string, message: string) => published.push({ channel, message }));
});
afterAll(async () => {
  await subscriber.quit();
});

/** A tenant with an owner, a manager and an operator, and one connection as verified (`RECORDED`). */
async function tenantWithPeople(seed: Seed, connection: Parameters<Seed['connection']>[1] = {}) {
  const w = await seed.world({ connection: { grantedPermissions: RECORDED, ...connection } });
  const manager = await seed.user();
  const operator = await seed.user();
  await seed.member(w.tenant.id, manager.id, 'MANAGER');
  await seed.member(w.tenant.id, operator.id, 'OPERATOR');
  return { ...w, manager, operator, entraTenantId: w.connection.entraTenantId };
}

/** One pass of the built-in check; returns its answer for `connectionId`. */
async function sweepFor(runtime: WorkerRuntime, connectionId: string) {
  const report: HealthSweepReport = await runtime.healthSweep.sweep();
  return { report, mine: report.outcomes.get(connectionId) };
}

/** One pass, then the accepted check of `connectionId` until it completes. */
async function checkNow(runtime: WorkerRuntime, db: Parameters<typeof waitForRun>[0], connectionId: string) {
  const { mine } = await sweepFor(runtime, connectionId);
  expect(mine?.outcome).toBe('ACCEPTED');
  return waitForRun(db, mine!.runId!);
}

async function notificationsOfTenant(db: Parameters<typeof waitForRun>[0], tenantId: string, kind: NotificationKind) {
  const n = schema.notifications;
  const r = schema.operationRuns;
  return db
    .select({ userId: n.userId, runId: n.runId, title: n.title, body: n.body })
    .from(n)
    .innerJoin(r, eq(r.id, n.runId))
    .where(and(eq(r.tenantId, tenantId), eq(n.kind, kind)));
}

/** The webhook events recorded for the tenant (an endpoint of its workspace subscribes to `type`). */
async function webhookEventsOf(db: Parameters<typeof waitForRun>[0], tenantId: string, type: WebhookEventType) {
  const e = schema.webhookEvents;
  return db
    .select()
    .from(e)
    .where(and(eq(e.tenantId, tenantId), eq(e.type, type)));
}

/** The simulator's per-permission control: an admin revoking (DELETE) or granting (PUT) one permission. */
async function setGrant(sim: SimulatorControl, entraTenantId: string, permission: string, method: 'DELETE' | 'PUT') {
  const res = await fetch(`${sim.url}/_simulator/tenants/${entraTenantId}/permissions/${permission}`, { method });
  expect(res.status).toBe(200);
}

describe('acceptance 3: proactive connection health', () => {
  test('a secret expiring in 10 days raises exactly one notification per owner and manager and one webhook event, even when the check runs twice', async ({
    db,
    seed,
    runtime,
  }) => {
    const expiresAt = new Date(Date.now() + 10 * DAY);
    const w = await tenantWithPeople(seed, { clientSecretExpiresAt: expiresAt });
    const { endpoint } = await seed.webhookEndpoint(w.workspaceId, { eventTypes: ['CREDENTIALS_EXPIRING'] });
    await subscriber.subscribe(notificationChannel(w.owner.id), notificationChannel(w.manager.id));

    const first = await checkNow(runtime, db.db, w.connection.id);
    expect(first).toMatchObject({ outcome: 'SUCCEEDED', initiatedFrom: 'SCHEDULE' });
    const second = await checkNow(runtime, db.db, w.connection.id);
    expect(second.outcome).toBe('SUCCEEDED');
    expect(second.id).not.toBe(first.id);

    const warnings = await notificationsOfTenant(db.db, w.tenant.id, 'CREDENTIALS_EXPIRING');
    expect(warnings.map((n) => n.userId).sort()).toEqual([w.owner.id, w.manager.id].sort());
    // Each names the run that found it: the first check.
    expect(warnings.every((n) => n.runId === first.id)).toBe(true);
    expect(warnings[0]!.title).toBe('The client secret of Primary Graph app expires in 10 days');
    expect(warnings[0]!.body).toContain(expiresAt.toISOString().slice(0, 10));
    expect(warnings[0]!.body).toContain('rotate it on the provider connection');
    expect((await connectionRow(db.db, w.connection.id)).credentialExpiryNotifiedFor?.getTime()).toBe(
      expiresAt.getTime(),
    );
    // Published live to each recipient, once.
    const live = await eventually(async () => {
      const mine = published.filter(
        (m) =>
          (m.channel === notificationChannel(w.owner.id) || m.channel === notificationChannel(w.manager.id)) &&
          notificationEventSchema.parse(JSON.parse(m.message)).kind === 'CREDENTIALS_EXPIRING',
      );
      return mine.length >= 2 ? mine : undefined;
    }, 'the published warnings');
    expect(live).toHaveLength(2);
    // One event connection.credentials_expiring for the subscribed endpoint, naming the same run.
    const events = await webhookEventsOf(db.db, w.tenant.id, 'CREDENTIALS_EXPIRING');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      workspaceId: w.workspaceId,
      runId: first.id,
      data: {
        providerConnectionId: w.connection.id,
        credentialExpiresAt: expiresAt.toISOString(),
        daysLeft: 10,
      },
    });
    const deliveries = await db.db
      .select()
      .from(schema.webhookDeliveries)
      .where(eq(schema.webhookDeliveries.eventId, events[0]!.id));
    expect(deliveries.map((d) => d.endpointId)).toEqual([endpoint.id]);
    expect(JSON.stringify(events[0]!.data)).not.toContain('sim-secret-value');
    // The operator may run checks but does not manage connections: not told.
    const n = schema.notifications;
    expect(await db.db.select().from(n).where(eq(n.userId, w.operator.id))).toHaveLength(0);

    // A rotation to a new secret expiring within the window warns again, once, for that date.
    const rotated = new Date(Date.now() + 20 * DAY);
    const pc = schema.providerConnections;
    await db.db.update(pc).set({ clientSecretExpiresAt: rotated }).where(eq(pc.id, w.connection.id));
    const third = await checkNow(runtime, db.db, w.connection.id);
    const after = await notificationsOfTenant(db.db, w.tenant.id, 'CREDENTIALS_EXPIRING');
    expect(after).toHaveLength(4);
    expect(after.filter((x) => x.runId === third.id)).toHaveLength(2);
    expect((await webhookEventsOf(db.db, w.tenant.id, 'CREDENTIALS_EXPIRING')).map((e) => e.runId)).toEqual([
      first.id,
      third.id,
    ]);
  });

  test('a permission removed in the simulator shows as drift after the next check (the cached token still carries it), blocks what needs it, and clears once restored; one notification and one webhook event per change', async ({
    db,
    seed,
    sim,
    gate,
    runtime,
  }) => {
    const w = await tenantWithPeople(seed);
    await seed.webhookEndpoint(w.workspaceId, { eventTypes: ['CONNECTION_HEALTH_CHANGED'] });
    const healthy = await checkNow(runtime, db.db, w.connection.id);
    expect(healthy.result).toMatchObject({
      health: 'HEALTHY',
      permissionsReadFrom: 'APP_ROLE_ASSIGNMENTS',
      permissionDrift: null,
    });
    let row = await connectionRow(db.db, w.connection.id);
    expect(row).toMatchObject({ health: 'HEALTHY', observedPermissions: RECORDED, permissionDrift: null });

    // An admin revokes one permission in Entra; tokens already issued keep their roles.
    await setGrant(sim, w.entraTenantId, 'DeviceManagementRBAC.Read.All', 'DELETE');
    const drifted = await checkNow(runtime, db.db, w.connection.id);
    expect(drifted.outcome).toBe('SUCCEEDED');
    row = await connectionRow(db.db, w.connection.id);
    expect(row.health).toBe('DEGRADED');
    expect(row.permissionDrift).toMatchObject({
      missing: ['DeviceManagementRBAC.Read.All'],
      extra: [],
      runId: drifted.id,
    });
    // The recorded permissions stay the baseline; the observed ones are what Entra grants.
    expect(row.grantedPermissions).toEqual(RECORDED);
    expect(row.observedPermissions).toEqual(RECORDED.filter((p) => p !== 'DeviceManagementRBAC.Read.All'));

    const changed = await notificationsOfTenant(db.db, w.tenant.id, 'CONNECTION_HEALTH_CHANGED');
    expect(changed.map((n) => n.userId).sort()).toEqual([w.owner.id, w.manager.id].sort());
    expect(changed.every((n) => n.runId === drifted.id)).toBe(true);
    expect(changed[0]!.title).toBe('The permissions of Primary Graph app drifted');
    expect(changed[0]!.body).toContain('Entra no longer grants DeviceManagementRBAC.Read.All');
    const changeEvents = await webhookEventsOf(db.db, w.tenant.id, 'CONNECTION_HEALTH_CHANGED');
    expect(changeEvents).toHaveLength(1);
    expect(changeEvents[0]).toMatchObject({
      runId: drifted.id,
      data: {
        providerConnectionId: w.connection.id,
        previousHealth: 'HEALTHY',
        health: 'DEGRADED',
        permissionDrift: { missing: ['DeviceManagementRBAC.Read.All'], extra: [] },
      },
    });

    // The gate now decides from what Entra grants: the role definitions sync is BLOCKED at click
    // time, although the recorded permissions (and the cached token) still list the permission.
    const start = await gate.start({
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      operationType: 'ROLE_DEFINITIONS_SYNC',
      surface: 'RBAC',
    });
    expect(start.ok && start.value.outcome === 'BLOCKED' && start.value.reasonCode).toBe(
      'PROVIDER_PERMISSIONS_MISSING',
    );

    // The same drift the next day: no second notification.
    await checkNow(runtime, db.db, w.connection.id);
    expect(await notificationsOfTenant(db.db, w.tenant.id, 'CONNECTION_HEALTH_CHANGED')).toHaveLength(2);
    expect(await webhookEventsOf(db.db, w.tenant.id, 'CONNECTION_HEALTH_CHANGED')).toHaveLength(1);
    expect((await connectionRow(db.db, w.connection.id)).permissionDrift?.runId).toBe(drifted.id);

    // Restored in Entra: the next check clears the drift, visibly.
    await setGrant(sim, w.entraTenantId, 'DeviceManagementRBAC.Read.All', 'PUT');
    const restored = await checkNow(runtime, db.db, w.connection.id);
    row = await connectionRow(db.db, w.connection.id);
    expect(row).toMatchObject({ health: 'HEALTHY', permissionDrift: null, observedPermissions: RECORDED });
    expect(row.permissionDriftClearedAt).not.toBeNull();
    const cleared = (await notificationsOfTenant(db.db, w.tenant.id, 'CONNECTION_HEALTH_CHANGED')).filter(
      (n) => n.runId === restored.id,
    );
    expect(cleared).toHaveLength(2);
    expect(cleared[0]!.body).toContain('Entra grants the recorded permissions again');
    const clearedEvents = (await webhookEventsOf(db.db, w.tenant.id, 'CONNECTION_HEALTH_CHANGED')).filter(
      (e) => e.runId === restored.id,
    );
    expect(clearedEvents).toHaveLength(1);
    expect(clearedEvents[0]!.data).toMatchObject({
      previousHealth: 'DEGRADED',
      health: 'HEALTHY',
      permissionDrift: null,
      permissionDriftCleared: true,
    });
  });

  test('permissions granted beyond the recorded ones are drift too; a verification records them and clears it', async ({
    db,
    seed,
    gate,
    runtime,
  }) => {
    const w = await tenantWithPeople(seed, { grantedPermissions: RECORDED.filter((p) => p !== 'Group.Read.All') });
    await checkNow(runtime, db.db, w.connection.id);
    let row = await connectionRow(db.db, w.connection.id);
    expect(row.permissionDrift).toMatchObject({ missing: [], extra: ['Group.Read.All'] });
    expect(row.health).toBe('DEGRADED');

    const verification = await gate.start({
      actor: { userId: w.owner.id },
      providerConnectionId: w.connection.id,
      operationType: 'PROVIDER_VERIFICATION',
      surface: 'PROVIDER_CONNECTION',
    });
    expect(verification.ok && verification.value.outcome).toBe('ACCEPTED');
    if (!verification.ok || verification.value.outcome !== 'ACCEPTED') throw new Error('unreachable');
    const verificationRunId = verification.value.run.id;
    await waitForRun(db.db, verificationRunId);
    row = await connectionRow(db.db, w.connection.id);
    expect(row).toMatchObject({ permissionDrift: null, grantedPermissions: RECORDED, health: 'HEALTHY' });
    expect(row.permissionDriftClearedAt).not.toBeNull();
    expect(
      (await notificationsOfTenant(db.db, w.tenant.id, 'CONNECTION_HEALTH_CHANGED')).filter(
        (n) => n.runId === verificationRunId,
      ),
    ).toHaveLength(2);
  });
});

describe('the stored drift is the difference of the stored sets', () => {
  test('a run refused for a missing permission (PROVIDER_PERMISSIONS_MISSING) stores what Entra grants and its drift from the recorded set together, naming that run', async ({
    db,
    seed,
    sim,
    gate,
    runtime,
  }) => {
    const w = await tenantWithPeople(seed);
    // Entra no longer grants the group reads; the connection still records (and so allows) them.
    const lost = ['Directory.Read.All', 'Group.Read.All'];
    await sim.configure(w.entraTenantId, { permissions: RECORDED.filter((p) => !lost.includes(p)) });
    const started = await gate.start({
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      surface: 'DIRECTORY',
    });
    if (!started.ok || started.value.outcome !== 'ACCEPTED') throw new Error('not accepted');
    const failed = await waitForRun(db.db, started.value.run.id);
    expect(failed).toMatchObject({ outcome: 'FAILED', reasonCode: 'PROVIDER_PERMISSIONS_MISSING' });
    const row = await connectionRow(db.db, w.connection.id);
    expect(row.grantedPermissions).toEqual(RECORDED);
    expect(row.observedPermissions).toEqual(RECORDED.filter((p) => !lost.includes(p)));
    expect(row.health).toBe('UNHEALTHY');
    expect(row.permissionDrift).toMatchObject({ missing: lost, extra: [], runId: failed.id });

    // Granted again: the next check finds the sets agree and clears the drift.
    await sim.configure(w.entraTenantId, { permissions: RECORDED });
    await checkNow(runtime, db.db, w.connection.id);
    const after = await connectionRow(db.db, w.connection.id);
    expect(after).toMatchObject({ health: 'HEALTHY', observedPermissions: RECORDED, permissionDrift: null });
    expect(after.permissionDriftClearedAt).not.toBeNull();
  });
});

describe('verification records what Entra grants', () => {
  test('a verification after a revocation records the Entra set, not the cached token’s roles: the next check finds no drift', async ({
    db,
    seed,
    sim,
    gate,
    runtime,
  }) => {
    const w = await tenantWithPeople(seed);
    await checkNow(runtime, db.db, w.connection.id);
    await setGrant(sim, w.entraTenantId, 'Group.Read.All', 'DELETE');
    const verification = await gate.start({
      actor: { userId: w.owner.id },
      providerConnectionId: w.connection.id,
      operationType: 'PROVIDER_VERIFICATION',
      surface: 'PROVIDER_CONNECTION',
    });
    if (!verification.ok || verification.value.outcome !== 'ACCEPTED') throw new Error('not accepted');
    await waitForRun(db.db, verification.value.run.id);
    const withoutGroup = RECORDED.filter((p) => p !== 'Group.Read.All');
    expect(await connectionRow(db.db, w.connection.id)).toMatchObject({
      grantedPermissions: withoutGroup,
      observedPermissions: withoutGroup,
      permissionDrift: null,
    });
    await checkNow(runtime, db.db, w.connection.id);
    expect((await connectionRow(db.db, w.connection.id)).permissionDrift).toBeNull();
    expect(await notificationsOfTenant(db.db, w.tenant.id, 'CONNECTION_HEALTH_CHANGED')).toHaveLength(0);
  });
});

describe('edge cases', () => {
  test('a connection without a secret and one without consent record a BLOCKED attempt (the check is the gate’s, like a click), nothing queued; the expiring secret of a blocked connection still warns, naming the attempt', async ({
    db,
    seed,
    runtime,
  }) => {
    const noSecret = await tenantWithPeople(seed, { secret: null });
    const noConsent = await tenantWithPeople(seed, {
      consentStatus: 'MISSING',
      clientSecretExpiresAt: new Date(Date.now() + 5 * DAY),
    });
    const { report } = await sweepFor(runtime, noSecret.connection.id);
    const a = report.outcomes.get(noSecret.connection.id);
    const b = report.outcomes.get(noConsent.connection.id);
    expect(a?.outcome).toBe('BLOCKED');
    expect(b?.outcome).toBe('BLOCKED');
    const r = schema.operationRuns;
    const runs = await db.db
      .select()
      .from(r)
      .where(inArray(r.id, [a!.runId!, b!.runId!]));
    const byId = new Map(runs.map((run) => [run.id, run]));
    expect(byId.get(a!.runId!)).toMatchObject({
      status: 'COMPLETED',
      outcome: 'BLOCKED',
      reasonCode: 'PROVIDER_CREDENTIALS_MISSING',
      initiatedFrom: 'SCHEDULE',
      dispatchedAt: null,
    });
    expect(byId.get(b!.runId!)).toMatchObject({ outcome: 'BLOCKED', reasonCode: 'PROVIDER_CONSENT_MISSING' });
    // No secret: nothing to warn about. An expiring secret on a blocked connection: warned, once.
    expect(await notificationsOfTenant(db.db, noSecret.tenant.id, 'CREDENTIALS_EXPIRING')).toHaveLength(0);
    const warned = await notificationsOfTenant(db.db, noConsent.tenant.id, 'CREDENTIALS_EXPIRING');
    expect(warned.map((n) => n.runId)).toEqual([b!.runId, b!.runId]);
    await sweepFor(runtime, noConsent.connection.id);
    expect(await notificationsOfTenant(db.db, noConsent.tenant.id, 'CREDENTIALS_EXPIRING')).toHaveLength(2);
  });

  test('a disabled connection and an archived tenant’s connection are left out: no attempt, no run', async ({
    db,
    seed,
    runtime,
  }) => {
    const disabled = await tenantWithPeople(seed, { enabled: false });
    const archived = await tenantWithPeople(seed);
    await db.db.update(schema.tenants).set({ status: 'ARCHIVED' }).where(eq(schema.tenants.id, archived.tenant.id));
    const { report } = await sweepFor(runtime, disabled.connection.id);
    expect(report.outcomes.has(disabled.connection.id)).toBe(false);
    expect(report.outcomes.has(archived.connection.id)).toBe(false);
    const r = schema.operationRuns;
    expect(
      await db.db
        .select()
        .from(r)
        .where(inArray(r.tenantId, [disabled.tenant.id, archived.tenant.id])),
    ).toHaveLength(0);
  });

  test('a check while a run holds the connection answers SCOPE_BUSY (another operation) or DEDUPED (a check), naming that run; nothing is queued', async ({
    db,
    seed,
    runtime,
  }) => {
    const busy = await tenantWithPeople(seed);
    const sync = await seed.run({
      tenantId: busy.tenant.id,
      providerConnectionId: busy.connection.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
    });
    const checking = await tenantWithPeople(seed);
    const check = await seed.run({
      tenantId: checking.tenant.id,
      providerConnectionId: checking.connection.id,
      operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
      target: `tenant:${checking.tenant.id}`,
    });
    const { report } = await sweepFor(runtime, busy.connection.id);
    expect(report.outcomes.get(busy.connection.id)).toEqual({ outcome: 'SCOPE_BUSY', runId: sync.id });
    expect(report.outcomes.get(checking.connection.id)).toEqual({ outcome: 'DEDUPED', runId: check.id });
    const r = schema.operationRuns;
    expect(
      await db.db
        .select()
        .from(r)
        .where(inArray(r.tenantId, [busy.tenant.id, checking.tenant.id])),
    ).toHaveLength(2);
    // The decisions are audited like a click's, naming the system principal.
    const a = schema.auditEvents;
    const audited = await db.db
      .select()
      .from(a)
      .where(and(eq(a.tenantId, busy.tenant.id), eq(a.action, 'start.PROVIDER_CONNECTION_HEALTH_CHECK')));
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ outcome: 'SCOPE_BUSY', runId: sync.id, surface: 'SCHEDULE' });
    const [principal] = await db.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.subject, SYSTEM_PRINCIPALS['connection-health'].subject));
    expect(audited[0]!.actorId).toBe(principal!.id);
    // Cleanup: these runs would hold their connections for the rest of the file.
    await db.db
      .update(r)
      .set({ status: 'COMPLETED', outcome: 'CANCELLED' })
      .where(inArray(r.id, [sync.id, check.id]));
  });

  test('consent revoked in Entra while recorded as granted: the check fails, the connection is UNHEALTHY with consent MISSING, owners and managers are told once; the next pass is BLOCKED', async ({
    db,
    seed,
    sim,
    runtime,
  }) => {
    const w = await tenantWithPeople(seed);
    await sim.configure(w.entraTenantId, { consent: 'missing' });
    const failed = await checkNow(runtime, db.db, w.connection.id);
    expect(failed).toMatchObject({ outcome: 'FAILED', reasonCode: 'PROVIDER_CONSENT_MISSING' });
    const row = await connectionRow(db.db, w.connection.id);
    expect(row).toMatchObject({ health: 'UNHEALTHY', consentStatus: 'MISSING' });
    const told = await notificationsOfTenant(db.db, w.tenant.id, 'CONNECTION_HEALTH_CHANGED');
    expect(told.map((n) => n.userId).sort()).toEqual([w.owner.id, w.manager.id].sort());
    expect(told[0]).toMatchObject({ runId: failed.id, title: 'Primary Graph app is unhealthy' });
    // The system principal is no member: no completion notice for anyone.
    expect(await notificationsOfTenant(db.db, w.tenant.id, 'RUN_COMPLETED')).toHaveLength(0);

    const { mine } = await sweepFor(runtime, w.connection.id);
    expect(mine?.outcome).toBe('BLOCKED');
    expect(await notificationsOfTenant(db.db, w.tenant.id, 'CONNECTION_HEALTH_CHANGED')).toHaveLength(2);
  });

  test('the system principal holds the health check and nothing else: any other operation or surface is FORBIDDEN, and it is nobody’s member', async ({
    db,
    seed,
    gate,
    runtime,
  }) => {
    const w = await tenantWithPeople(seed);
    await runtime.healthSweep.sweep();
    const [principal] = await db.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.subject, SYSTEM_PRINCIPALS['connection-health'].subject));
    const actor = { userId: principal!.id, system: 'connection-health' as const };
    const backup = await gate.start({
      actor,
      tenantId: w.tenant.id,
      operationType: 'POLICY_BACKUP',
      surface: 'SCHEDULE',
    });
    expect(backup.ok ? backup.value.outcome : backup.error.code).toBe('FORBIDDEN');
    const clicked = await gate.start({
      actor,
      providerConnectionId: w.connection.id,
      operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
      surface: 'PROVIDER_CONNECTION',
    });
    expect(clicked.ok ? clicked.value.outcome : clicked.error.code).toBe('FORBIDDEN');
    // The same users row without the registry's system flag is a stranger.
    const asPerson = await gate.start({
      actor: { userId: principal!.id },
      providerConnectionId: w.connection.id,
      operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
      surface: 'SCHEDULE',
    });
    expect(asPerson.ok ? asPerson.value.outcome : asPerson.error.code).toBe('NOT_FOUND');
    const m = schema.tenantMembers;
    expect(await db.db.select().from(m).where(eq(m.userId, principal!.id))).toHaveLength(0);
  });

  test('the job scheduler fires the pass on the worker: a check of a new connection appears without anyone starting it', async ({
    db,
    seed,
    queue,
    sim,
  }) => {
    const w = await tenantWithPeople(seed);
    const scheduled = createWorkerRuntime(
      testRuntimeOptions(db.db, queue, sim.url, { healthCheck: { everyMs: 1_000 }, concurrency: 1 }),
    );
    const maintenance = createMaintenanceQueue({ connection: queue.connection, prefix: queue.prefix });
    try {
      await scheduled.start();
      const schedulers = await maintenance.getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toContain('check-connections');
      const r = schema.operationRuns;
      const run = await eventually(async () => {
        const [found] = await db.db
          .select()
          .from(r)
          .where(and(eq(r.providerConnectionId, w.connection.id), eq(r.initiatedFrom, 'SCHEDULE')));
        return found;
      }, 'a scheduled health check');
      expect(run.operationType).toBe('PROVIDER_CONNECTION_HEALTH_CHECK');
    } finally {
      await scheduled.close();
      await maintenance.obliterate({ force: true }).catch(() => {});
      await maintenance.close();
    }
  });
});
