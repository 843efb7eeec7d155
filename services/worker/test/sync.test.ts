/**
 * Issue 3, acceptance 1: accepted verification, directory groups sync (1,500 groups over
 * several pages), role definitions sync and policy backup each complete SUCCEEDED, with correct
 * progress counts and the data stored. Runs are admitted by the real gate and executed by an
 * in-process worker against the Graph simulator over HTTP.
 */
import { schema } from '@msp/db';
import { connectionBlockers } from '@msp/gate';
import { GRAPH_PERMISSIONS } from '@msp/microsoft-graph';
import { and, eq, sql } from 'drizzle-orm';
import { connectionRow, describe, expect, notificationsOf, runEvents, scenario, test, waitForRun } from './support';

describe('acceptance 1: accepted runs complete SUCCEEDED with progress and data', () => {
  test('provider verification writes a VERIFIED report and marks the connection healthy, its consent confirmed', async ({
    db,
    seed,
    sim,
    gate,
    runtime: _runtime,
  }) => {
    const s = await scenario({ seed, sim, gate });
    const runId = await s.start('PROVIDER_VERIFICATION');

    const run = await waitForRun(db.db, runId);
    expect(run).toMatchObject({
      outcome: 'SUCCEEDED',
      reasonCode: null,
      attempts: 1,
      progressTotal: 1,
      progressProcessed: 1,
      progressSucceeded: 1,
      progressFailed: 0,
    });
    expect(run.startedAt).not.toBeNull();
    expect(run.dispatchedAt).not.toBeNull();

    const [report] = await db.db
      .select()
      .from(schema.tenantVerificationReports)
      .where(eq(schema.tenantVerificationReports.operationRunId, runId));
    expect(report).toMatchObject({
      tenantId: s.tenant.id,
      providerConnectionId: s.connection.id,
      status: 'VERIFIED',
      missingPermissions: [],
    });
    expect(report!.grantedPermissions).toEqual([...GRAPH_PERMISSIONS].sort());
    expect(report!.organization).toMatchObject({ id: s.entraTenantId });

    const connection = await connectionRow(db.db, s.connection.id);
    expect(connection).toMatchObject({ consentStatus: 'GRANTED', health: 'HEALTHY', credentialRejectedAt: null });
    expect(connection.grantedPermissions).toEqual([...GRAPH_PERMISSIONS].sort());
    expect(connection.lastHealthCheckAt).not.toBeNull();

    expect((await runEvents(db.db, runId)).map((e) => e.type)).toEqual(['dispatched', 'started', 'completed']);
    const [notification] = await notificationsOf(db.db, runId);
    expect(notification).toMatchObject({ userId: s.owner.id, title: 'Provider verification succeeded' });
  });

  test('verification with permissions missing ends PARTIALLY_SUCCEEDED, and the gate then blocks what needs them', async ({
    db,
    seed,
    sim,
    gate,
    runtime: _runtime,
  }) => {
    const granted = ['Group.Read.All', 'Organization.Read.All'];
    const s = await scenario({ seed, sim, gate }, { simulator: { permissions: granted } });
    const run = await waitForRun(db.db, await s.start('PROVIDER_VERIFICATION'));
    expect(run).toMatchObject({ outcome: 'PARTIALLY_SUCCEEDED', reasonCode: 'PROVIDER_PERMISSIONS_MISSING' });
    expect(run.reasonDetail).toContain('DeviceManagementRBAC.Read.All');

    const [report] = await db.db
      .select()
      .from(schema.tenantVerificationReports)
      .where(eq(schema.tenantVerificationReports.operationRunId, run.id));
    expect(report?.status).toBe('PERMISSIONS_MISSING');
    expect(report?.missingPermissions).toEqual([
      'DeviceManagementConfiguration.ReadWrite.All',
      'DeviceManagementRBAC.Read.All',
      'Directory.Read.All',
    ]);

    const blocked = await gate.start({
      actor: { userId: s.owner.id },
      tenantId: s.tenant.id,
      operationType: 'POLICY_BACKUP',
      surface: 'TENANT',
    });
    expect(blocked.ok && blocked.value.outcome === 'BLOCKED' && blocked.value.reasonCode).toBe(
      'PROVIDER_PERMISSIONS_MISSING',
    );
    // Groups sync needs only what was granted: still allowed.
    const connection = await connectionRow(db.db, s.connection.id);
    expect(
      connectionBlockers('DIRECTORY_GROUPS_SYNC', { ...connection, hasSecret: true }, new Date()).map(
        (b) => b.reasonCode,
      ),
    ).toEqual([]);
  });

  test('connection health check marks the connection HEALTHY', async ({ db, seed, sim, gate, runtime: _runtime }) => {
    const s = await scenario({ seed, sim, gate });
    const run = await waitForRun(db.db, await s.start('PROVIDER_CONNECTION_HEALTH_CHECK'));
    expect(run).toMatchObject({ outcome: 'SUCCEEDED', progressProcessed: 1, progressSucceeded: 1 });
    expect(run.result).toMatchObject({ health: 'HEALTHY', organizationId: s.entraTenantId });
    const connection = await connectionRow(db.db, s.connection.id);
    expect(connection.health).toBe('HEALTHY');
    expect(connection.lastHealthCheckAt).not.toBeNull();
  });

  test('directory groups sync of 1,500 groups over 3 pages upserts every group with one statement per page', async ({
    db,
    seed,
    sim,
    gate,
    sqlRecorder,
    runtime: _runtime,
  }) => {
    const s = await scenario({ seed, sim, gate }, { simulator: { groups: 1500 } });
    // A group deleted in Entra since the last sync: the sync removes it.
    await db.db.insert(schema.directoryGroups).values({
      tenantId: s.tenant.id,
      graphId: 'deleted-in-entra',
      displayName: 'Old group',
      syncedAt: new Date(Date.now() - 3600_000),
    });
    const before = sqlRecorder.statements.length;

    const runId = await s.start('DIRECTORY_GROUPS_SYNC', { surface: 'DIRECTORY' });
    const run = await waitForRun(db.db, runId);
    expect(run).toMatchObject({
      outcome: 'SUCCEEDED',
      progressTotal: 1500,
      progressProcessed: 1500,
      progressSucceeded: 1500,
      progressFailed: 0,
    });
    expect(run.result).toEqual({ groups: 1500, pages: 3, removed: 1 });

    // Progress after every page, in order.
    const progress = (await runEvents(db.db, runId)).filter((e) => e.type === 'progress');
    expect(progress.map((e) => e.data?.processed)).toEqual([500, 1000, 1500]);
    expect((await sim.state(s.entraTenantId)).counters.byRoute['GET /v1.0/groups']).toBe(3);

    const groups = schema.directoryGroups;
    const [stats] = await db.db
      .select({
        total: sql<number>`count(*)::int`,
        fromRun: sql<number>`count(*) filter (where ${groups.lastRunId} = ${runId})::int`,
        unified: sql<number>`count(*) filter (where 'Unified' = any(${groups.groupTypes}))::int`,
        mailEnabled: sql<number>`count(*) filter (where ${groups.mailEnabled})::int`,
      })
      .from(groups)
      .where(eq(groups.tenantId, s.tenant.id));
    // The simulator makes every third group a Microsoft 365 group.
    expect(stats).toEqual({ total: 1500, fromRun: 1500, unified: 500, mailEnabled: 500 });
    const [first] = await db.db
      .select()
      .from(groups)
      .where(and(eq(groups.tenantId, s.tenant.id), eq(groups.displayName, 'Team 00001')));
    expect(first).toMatchObject({ securityEnabled: false, mailEnabled: true, groupTypes: ['Unified'] });
    expect(first?.mail).toMatch(/^team00001@/);

    // One multi-row upsert per page, not a statement per group.
    const upserts = sqlRecorder.statements.slice(before).filter((q) => /insert into "directory_groups"/i.test(q));
    expect(upserts).toHaveLength(3);

    // A second sync updates in place: still 1,500 rows, now stamped with the new run.
    const second = await waitForRun(db.db, await s.start('DIRECTORY_GROUPS_SYNC', { surface: 'DIRECTORY' }));
    expect(second).toMatchObject({ outcome: 'SUCCEEDED', progressProcessed: 1500 });
    const [again] = await db.db
      .select({
        total: sql<number>`count(*)::int`,
        fromRun: sql<number>`count(*) filter (where ${groups.lastRunId} = ${second.id})::int`,
      })
      .from(groups)
      .where(eq(groups.tenantId, s.tenant.id));
    expect(again).toEqual({ total: 1500, fromRun: 1500 });
  });

  test('role definitions sync stores built-in and custom roles with their permissions', async ({
    db,
    seed,
    sim,
    gate,
    runtime: _runtime,
  }) => {
    // 30 roles: two pages of the simulator's default 25.
    const s = await scenario({ seed, sim, gate }, { simulator: { roleDefinitions: 30 } });
    const run = await waitForRun(db.db, await s.start('ROLE_DEFINITIONS_SYNC', { surface: 'RBAC' }));
    expect(run).toMatchObject({
      outcome: 'SUCCEEDED',
      progressTotal: 30,
      progressProcessed: 30,
      progressSucceeded: 30,
      progressFailed: 0,
    });
    const rows = await db.db
      .select()
      .from(schema.roleDefinitions)
      .where(eq(schema.roleDefinitions.tenantId, s.tenant.id));
    expect(rows).toHaveLength(30);
    expect(rows.filter((r) => r.isBuiltIn)).toHaveLength(8);
    const helpDesk = rows.find((r) => r.displayName === 'Help Desk Operator');
    expect(helpDesk?.permissions).toEqual([
      {
        resourceActions: [
          {
            allowedResourceActions: ['Microsoft.Intune_ManagedDevices_Read', 'Microsoft.Intune_RemoteTasks_Reboot'],
            notAllowedResourceActions: [],
          },
        ],
      },
    ]);
    expect(rows.every((r) => r.lastRunId === run.id)).toBe(true);
  });

  test('policy backup stores one backup set with one item per policy, settings included', async ({
    db,
    seed,
    sim,
    gate,
    runtime: _runtime,
  }) => {
    const s = await scenario({ seed, sim, gate }, { simulator: { policies: 7 } });
    const run = await waitForRun(db.db, await s.start('POLICY_BACKUP'));
    expect(run).toMatchObject({
      outcome: 'SUCCEEDED',
      progressTotal: 7,
      progressProcessed: 7,
      progressSucceeded: 7,
      progressFailed: 0,
    });

    const [backup] = await db.db
      .select()
      .from(schema.policyBackups)
      .where(eq(schema.policyBackups.operationRunId, run.id));
    expect(backup).toMatchObject({ tenantId: s.tenant.id, providerConnectionId: s.connection.id, itemCount: 7 });
    expect(backup?.completedAt).not.toBeNull();
    expect(run.result).toMatchObject({ backupId: backup!.id, items: 7 });

    const items = await db.db
      .select()
      .from(schema.policyBackupItems)
      .where(eq(schema.policyBackupItems.backupId, backup!.id));
    expect(items).toHaveLength(7);
    expect(new Set(items.map((i) => i.policyId)).size).toBe(7);
    for (const item of items) {
      expect(item.policyType).toBe('deviceManagementConfigurationPolicy');
      expect(item.payload).toMatchObject({ id: item.policyId, name: item.displayName, technologies: 'mdm' });
      const settings = item.payload.settings as unknown[];
      // The simulator gives policy i (i % 4) + 1 settings: the payload carries them.
      expect(settings.length).toBe(item.payload.settingCount);
      expect(settings.length).toBeGreaterThan(0);
    }
  });
});
