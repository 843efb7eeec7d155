// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 6, acceptance 1 (restore): preview, warnings and typed confirmation; a blocked
 * preflight admits nothing; an accepted execution returns the canonical run URL; executing the
 * same restore twice creates no duplicate policy; per-item results and PARTIALLY_SUCCEEDED;
 * rerun. Then the start gate's other outcomes at the restore run's Execute button: a provider
 * blocker (BLOCKED, nothing queued, no Graph call), a second click (DEDUPED), another operation
 * on the connection (SCOPE_BUSY). Through the restore subgraph's HTTP endpoint with real dev
 * tokens; runs executed by an in-process worker against the Graph simulator over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { jobTotal as jobTotalOf, type TestQueue } from '@msp/tests/support/redis';
import type { SimulatorControl } from '@msp/tests/support/simulator';
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  backupWorld,
  clientFor,
  currentPolicies,
  dataOf,
  deletePolicy,
  describe,
  errorOf,
  expect,
  links,
  RESTORE_FIELDS,
  START,
  test,
  waitForRun,
} from './helpers';

const CREATE = `mutation($tenantId: ID!, $backupId: ID!, $itemIds: [ID!]) {
  createRestoreRun(tenantId: $tenantId, backupId: $backupId, itemIds: $itemIds) { ${RESTORE_FIELDS} } }`;
const PREVIEW = `mutation($id: ID!) { previewRestoreRun(id: $id) { ${RESTORE_FIELDS} } }`;
const RERUN = `mutation($id: ID!) { rerunRestoreRun(restoreRunId: $id) { ${RESTORE_FIELDS} } }`;
const GET = `query($id: ID!) { restoreRun(id: $id) { ${RESTORE_FIELDS} } }`;

async function runsOfTenant(db: any, tenantId: string) {
  return db.select().from(schema.operationRuns).where(eq(schema.operationRuns.tenantId, tenantId));
}

describe('acceptance 1: restore', () => {
  test('preview, warnings and typed confirmation; accepted execution with canonical URL; only the selection changes; applying twice creates no duplicate; rerun', async ({
    db,
    seed,
    sim,
    gate,
    subgraph,
    runtime: _runtime,
  }) => {
    const w = await backupWorld({ seed, gate, db: db.db, sim });
    const [i1, i2, i3, i4, i5] = w.items as [any, any, any, any, any];
    const gql = await clientFor(subgraph, w.owner);

    // The tenant drifts after the backup: #1 deleted, #2 edited, #4 re-created under a new id
    // with the same name, #5 edited (but not selected: it must stay as it is).
    await deletePolicy(w.graph, sim.url, i1.policyId);
    await w.graph.updateConfigurationPolicy(i2.policyId, { description: 'edited by someone' }, { mode: 'merge' });
    const full4 = await w.graph.getConfigurationPolicy(i4.policyId);
    await deletePolicy(w.graph, sim.url, i4.policyId);
    const recreated4 = await w.graph.createConfigurationPolicy(full4 as any);
    await w.graph.updateConfigurationPolicy(i5.policyId, { description: 'not selected, keep me' }, { mode: 'merge' });
    // #3's backed-up assignments target one group that still exists and one that is gone.
    const keptGroup = randomUUID();
    const goneGroup = randomUUID();
    await db.db
      .insert(schema.directoryGroups)
      .values({ tenantId: w.tenant.id, graphId: keptGroup, displayName: 'Kept' });
    await db.db
      .update(schema.policyBackupItems)
      .set({
        payload: sql`${schema.policyBackupItems.payload} || ${JSON.stringify({
          assignments: [{ target: { groupId: keptGroup } }, { target: { groupId: goneGroup } }],
        })}::jsonb`,
      })
      .where(eq(schema.policyBackupItems.id, i3.id));

    const selection = [i1.id, i2.id, i3.id, i4.id];
    const created = dataOf(
      await gql(CREATE, { tenantId: w.tenant.id, backupId: w.backup.id, itemIds: selection }),
    ).createRestoreRun;
    expect(created).toMatchObject({
      status: 'DRAFT',
      preview: null,
      warnings: [],
      confirmationPhrase: 'Fabrikam',
      tenant: { id: w.tenant.id },
      backup: { id: w.backup.id },
      operationRun: null,
      rerunOf: null,
      itemResults: [],
    });
    expect([...created.selectedItemIds].sort()).toEqual([...selection].sort());

    // A second restore run of the same selection, prepared now: its preview will be stale when
    // it executes after the first one (it still says CREATE for #1).
    const second = dataOf(await gql(RERUN, { id: created.id })).rerunRestoreRun;
    expect(second).toMatchObject({ status: 'DRAFT', rerunOf: { id: created.id } });
    expect([...second.selectedItemIds].sort()).toEqual([...selection].sort());

    const previewed = dataOf(await gql(PREVIEW, { id: created.id })).previewRestoreRun;
    expect(previewed.status).toBe('PREVIEWED');
    expect(previewed.previewedAt).not.toBeNull();
    expect(previewed.preview).toMatchObject({ creates: 1, updates: 1, unchanged: 2 });
    const byItem = new Map(previewed.preview.items.map((i: any) => [i.itemId, i]));
    expect(byItem.size).toBe(4);
    expect(byItem.has(i5.id)).toBe(false);
    expect(byItem.get(i1.id)).toMatchObject({ action: 'CREATE', displayName: i1.displayName });
    expect((byItem.get(i1.id) as any).diffSummary).toMatch(/^Creates ".+" with \d+ settings?/);
    expect(byItem.get(i2.id)).toMatchObject({ action: 'UPDATE', diffSummary: 'description changed.' });
    expect(byItem.get(i3.id)).toMatchObject({ action: 'UNCHANGED', diffSummary: 'No differences.' });
    expect(byItem.get(i4.id)).toMatchObject({ action: 'UNCHANGED', diffSummary: 'No differences (matched by name).' });
    // Warnings: #2 (and #4, re-created) changed after the backup; #3's assignment to a gone group.
    expect(previewed.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^"${i2.displayName}" was changed in the tenant after the backup was taken`)),
        expect.stringContaining(`no longer exist in the directory: ${goneGroup}.`),
      ]),
    );
    expect(previewed.warnings.join('\n')).not.toContain(keptGroup);

    // Typed confirmation: a wrong phrase is BAD_USER_INPUT and writes nothing.
    const runsBefore = (await runsOfTenant(db.db, w.tenant.id)).length;
    const wrong = errorOf(await gql(START, { id: created.id, confirmation: 'fabrikam inc' }));
    expect(wrong).toMatchObject({ code: 'BAD_USER_INPUT', field: 'confirmation' });
    expect(await runsOfTenant(db.db, w.tenant.id)).toHaveLength(runsBefore);
    expect(dataOf(await gql(GET, { id: created.id })).restoreRun.status).toBe('PREVIEWED');

    // Accepted: the canonical run URL, the run linked to the restore run.
    const accepted = dataOf(await gql(START, { id: created.id, confirmation: '  Fabrikam ' })).startRestoreExecution;
    expect(accepted).toMatchObject({
      __typename: 'ProviderOperationAccepted',
      outcome: 'ACCEPTED',
      operationType: 'RESTORE_EXECUTION',
      providerConnection: { id: w.connection.id },
    });
    expect(accepted.runUrl).toBe(`${links.publicAppUrl}/monitoring/operations/${accepted.run.id}`);
    const linked = dataOf(await gql(GET, { id: created.id })).restoreRun;
    expect(linked.operationRun).toEqual({ id: accepted.run.id });
    expect(['EXECUTING', 'COMPLETED']).toContain(linked.status);

    const run = await waitForRun(db.db, accepted.run.id);
    expect(run).toMatchObject({
      outcome: 'SUCCEEDED',
      reasonCode: null,
      progressTotal: 4,
      progressProcessed: 4,
      progressSucceeded: 4,
      progressFailed: 0,
    });
    const done = dataOf(await gql(GET, { id: created.id })).restoreRun;
    expect(done.status).toBe('COMPLETED');
    const results = new Map(done.itemResults.map((r: any) => [r.itemId, r]));
    expect(results.size).toBe(4);
    expect(results.get(i1.id)).toMatchObject({ action: 'CREATE', succeeded: true, reasonCode: null });
    expect(results.get(i2.id)).toMatchObject({ action: 'UPDATE', succeeded: true, targetPolicyId: i2.policyId });
    expect(results.get(i3.id)).toMatchObject({ action: 'UNCHANGED', succeeded: true, targetPolicyId: i3.policyId });
    expect(results.get(i4.id)).toMatchObject({ action: 'UNCHANGED', succeeded: true, targetPolicyId: recreated4.id });

    // The tenant: #1 back (new id), #2 restored, #5 (not selected) untouched, 5 policies.
    const afterFirst = await currentPolicies(w.graph);
    expect(afterFirst).toHaveLength(5);
    expect(new Set(afterFirst.map((p) => p.name)).size).toBe(5);
    expect(afterFirst.find((p) => p.id === (results.get(i1.id) as any).targetPolicyId)?.name).toBe(i1.displayName);
    expect(afterFirst.find((p) => p.id === i2.policyId)?.description).toBe((i2.payload as any).description);
    expect(afterFirst.find((p) => p.id === i5.policyId)?.description).toBe('not selected, keep me');

    // The same restore run cannot run again: BLOCKED (already executed), nothing queued.
    const again = dataOf(await gql(START, { id: created.id, confirmation: 'Fabrikam' })).startRestoreExecution;
    expect(again).toMatchObject({ outcome: 'BLOCKED', reasonCode: 'RESTORE_NOT_READY' });

    // Applying the same selection again (the rerun): the preview sees what the first created,
    // and executing it writes nothing new.
    const rerunPreview = dataOf(await gql(PREVIEW, { id: second.id })).previewRestoreRun;
    expect(rerunPreview.preview).toMatchObject({ creates: 0, updates: 0, unchanged: 4 });
    const acceptedAgain = dataOf(await gql(START, { id: second.id, confirmation: 'Fabrikam' })).startRestoreExecution;
    expect(acceptedAgain.outcome).toBe('ACCEPTED');
    expect(acceptedAgain.run.id).not.toBe(accepted.run.id);
    expect((await waitForRun(db.db, acceptedAgain.run.id)).outcome).toBe('SUCCEEDED');
    const secondDone = dataOf(await gql(GET, { id: second.id })).restoreRun;
    expect(secondDone.status).toBe('COMPLETED');
    expect(secondDone.itemResults.map((r: any) => r.action)).toEqual([
      'UNCHANGED',
      'UNCHANGED',
      'UNCHANGED',
      'UNCHANGED',
    ]);
    const afterSecond = await currentPolicies(w.graph);
    expect(afterSecond).toHaveLength(5);
    expect((await sim.state(w.entraTenantId)).policyCount).toBe(5);
    expect(new Set(afterSecond.map((p) => p.name)).size).toBe(5);
  });

  test('two restore runs previewed on the same empty tenant and executed one after the other create each policy once', async ({
    db,
    seed,
    sim,
    gate,
    subgraph,
    runtime: _runtime,
  }) => {
    const w = await backupWorld({ seed, gate, db: db.db, sim }, 3);
    const gql = await clientFor(subgraph, w.owner);
    for (const item of w.items) await deletePolicy(w.graph, sim.url, item.policyId);
    expect((await sim.state(w.entraTenantId)).policyCount).toBe(0);

    const a = dataOf(await gql(CREATE, { tenantId: w.tenant.id, backupId: w.backup.id })).createRestoreRun;
    expect(a.selectedItemIds).toBeNull();
    const b = dataOf(await gql(RERUN, { id: a.id })).rerunRestoreRun;
    // Both previewed while the tenant is empty: both say CREATE for all three. The second's
    // preview is stale when it executes; the executor matches again and creates nothing.
    for (const id of [a.id, b.id]) {
      expect(dataOf(await gql(PREVIEW, { id })).previewRestoreRun.preview).toMatchObject({ creates: 3, updates: 0 });
    }
    for (const id of [a.id, b.id]) {
      const started = dataOf(await gql(START, { id, confirmation: 'Fabrikam' })).startRestoreExecution;
      expect(started.outcome).toBe('ACCEPTED');
      expect((await waitForRun(db.db, started.run.id)).outcome).toBe('SUCCEEDED');
    }
    expect((await sim.state(w.entraTenantId)).policyCount).toBe(3);
    const second = dataOf(await gql(GET, { id: b.id })).restoreRun;
    expect(second.itemResults.map((r: any) => r.action)).toEqual(['UNCHANGED', 'UNCHANGED', 'UNCHANGED']);
  });

  test('an explicitly chosen connection writes the restore; an idempotency key replays the first decision; a connection of another tenant is NOT_FOUND', async ({
    db,
    seed,
    sim,
    gate,
    subgraph,
    runtime: _runtime,
  }) => {
    const w = await backupWorld({ seed, gate, db: db.db, sim }, 2);
    const gql = await clientFor(subgraph, w.owner);
    const second = await seed.connection(w.tenant.id, {
      isDefault: false,
      displayName: 'Restore app',
      entraTenantId: w.entraTenantId,
    });
    const created = dataOf(await gql(CREATE, { tenantId: w.tenant.id, backupId: w.backup.id })).createRestoreRun;
    dataOf(await gql(PREVIEW, { id: created.id }));

    const other = await seed.world();
    const foreign = errorOf(
      await gql(START, { id: created.id, confirmation: 'Fabrikam', connectionId: other.connection.id }),
    );
    expect(foreign).toMatchObject({ code: 'NOT_FOUND', message: 'Provider connection not found.' });

    const vars = { id: created.id, confirmation: 'Fabrikam', connectionId: second.id, key: `restore-${created.id}` };
    const accepted = dataOf(await gql(START, vars)).startRestoreExecution;
    expect(accepted).toMatchObject({ outcome: 'ACCEPTED', providerConnection: { id: second.id } });
    const replay = dataOf(await gql(START, vars)).startRestoreExecution;
    expect(replay).toMatchObject({ outcome: 'ACCEPTED', run: { id: accepted.run.id } });
    const [run] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, accepted.run.id));
    expect(run).toMatchObject({ providerConnectionId: second.id, providerConnectionChosen: true });
    expect((await waitForRun(db.db, accepted.run.id)).outcome).toBe('SUCCEEDED');
  });

  test('a restore run never previewed is BLOCKED with RESTORE_NOT_READY and nothing is queued or sent to Graph', async ({
    db,
    seed,
    sim,
    gate,
    queue,
    subgraph,
    runtime: _runtime,
  }) => {
    const w = await backupWorld({ seed, gate, db: db.db, sim }, 2);
    const gql = await clientFor(subgraph, w.owner);
    const draft = dataOf(await gql(CREATE, { tenantId: w.tenant.id, backupId: w.backup.id })).createRestoreRun;
    const graphBefore = (await sim.state(w.entraTenantId)).counters.graphRequests;

    const blocked = dataOf(await gql(START, { id: draft.id, confirmation: 'Fabrikam' })).startRestoreExecution;
    expect(blocked).toMatchObject({
      __typename: 'ProviderOperationBlocked',
      outcome: 'BLOCKED',
      reasonCode: 'RESTORE_NOT_READY',
      problemClass: 'OPERATION_PRECONDITION',
      message: { action: 'PREPARE_RESTORE' },
    });
    expect(blocked.message.actionUrl).toContain(`/restore-runs/${draft.id}`);
    const [row] = await db.db
      .select()
      .from(schema.operationRuns)
      .where(eq(schema.operationRuns.id, blocked.blockedRun.id));
    expect(row).toMatchObject({ status: 'COMPLETED', outcome: 'BLOCKED', dispatchedAt: null, startedAt: null });
    expect(await queue.queue.getJob(blocked.blockedRun.id)).toBeUndefined();
    const active = await db.db
      .select()
      .from(schema.operationRuns)
      .where(and(eq(schema.operationRuns.tenantId, w.tenant.id), sql`${schema.operationRuns.status} <> 'COMPLETED'`));
    expect(active).toHaveLength(0);
    const after = dataOf(await gql(GET, { id: draft.id })).restoreRun;
    expect(after).toMatchObject({ status: 'DRAFT', operationRun: null });
    expect((await sim.state(w.entraTenantId)).counters.graphRequests).toBe(graphBefore);
  });

  test('per-item results and PARTIALLY_SUCCEEDED when Graph rejects one item, with which and why', async ({
    db,
    seed,
    sim,
    gate,
    subgraph,
    runtime: _runtime,
  }) => {
    const w = await backupWorld({ seed, gate, db: db.db, sim }, 3);
    const [bad, ok1, ok2] = w.items as [any, any, any];
    const gql = await clientFor(subgraph, w.owner);
    // One item's backed-up body lost a required property: the simulator (as Graph) answers 400.
    await db.db
      .update(schema.policyBackupItems)
      .set({ payload: sql`${schema.policyBackupItems.payload} - 'technologies'` })
      .where(eq(schema.policyBackupItems.id, bad.id));
    await w.graph.updateConfigurationPolicy(ok1.policyId, { description: 'drifted' }, { mode: 'merge' });

    const restore = dataOf(await gql(CREATE, { tenantId: w.tenant.id, backupId: w.backup.id })).createRestoreRun;
    const previewed = dataOf(await gql(PREVIEW, { id: restore.id })).previewRestoreRun;
    expect(previewed.preview).toMatchObject({ creates: 0, updates: 2, unchanged: 1 });
    const started = dataOf(await gql(START, { id: restore.id, confirmation: 'Fabrikam' })).startRestoreExecution;
    expect(started.outcome).toBe('ACCEPTED');

    const run = await waitForRun(db.db, started.run.id);
    expect(run).toMatchObject({
      outcome: 'PARTIALLY_SUCCEEDED',
      reasonCode: 'INTERNAL_ERROR',
      progressTotal: 3,
      progressProcessed: 3,
      progressSucceeded: 2,
      progressFailed: 1,
    });
    expect(run.reasonDetail).toContain(`1 of 3 items failed: "${bad.displayName}"`);
    const done = dataOf(await gql(GET, { id: restore.id })).restoreRun;
    expect(done.status).toBe('COMPLETED');
    const results = new Map(done.itemResults.map((r: any) => [r.itemId, r]));
    expect(results.get(bad.id)).toMatchObject({ action: 'UPDATE', succeeded: false, reasonCode: 'INTERNAL_ERROR' });
    expect((results.get(bad.id) as any).detail).toBeTruthy();
    expect(results.get(ok1.id)).toMatchObject({ action: 'UPDATE', succeeded: true, reasonCode: null });
    expect(results.get(ok2.id)).toMatchObject({ action: 'UNCHANGED', succeeded: true });
    expect((run.result as any).items).toHaveLength(3);
    const policies = await currentPolicies(w.graph);
    expect(policies.find((p) => p.id === ok1.policyId)?.description).toBe((ok1.payload as any).description);
  });
});

/** Every job of the queue, in any state. */
const jobTotal = (queue: TestQueue) => jobTotalOf(queue.queue);

/** The tenant's runs that are still QUEUED or RUNNING. */
async function activeRunsOf(db: any, tenantId: string) {
  const r = schema.operationRuns;
  return db
    .select({ id: r.id, operationType: r.operationType, status: r.status })
    .from(r)
    .where(and(eq(r.tenantId, tenantId), inArray(r.status, ['QUEUED', 'RUNNING'])));
}

/**
 * Holds the queue while `body` runs: no worker takes a job, so an admitted run stays QUEUED
 * (deterministically, instead of racing the in-process worker). Resumed whatever happens.
 */
async function whileQueueHeld<T>(queue: TestQueue, body: () => Promise<T>): Promise<T> {
  await queue.queue.pause();
  try {
    return await body();
  } finally {
    await queue.queue.resume();
  }
}

/** Token and Graph request counters of the simulated tenant. */
async function graphCounters(sim: SimulatorControl, entraTenantId: string) {
  const { counters } = await sim.state(entraTenantId);
  return { tokenRequests: counters.tokenRequests, graphRequests: counters.graphRequests };
}

/** Graph application permissions of an app that may read Intune policies but not write them. */
const READ_ONLY_GRANT = [
  'Organization.Read.All',
  'Group.Read.All',
  'DeviceManagementRBAC.Read.All',
  'DeviceManagementConfiguration.Read.All',
];

describe('restore execution through the start gate: BLOCKED, DEDUPED, SCOPE_BUSY', () => {
  /** A restore run of the whole backup, previewed: ready to execute. */
  async function previewedRestore(gql: Awaited<ReturnType<typeof clientFor>>, w: { tenant: any; backup: any }) {
    const created = dataOf(await gql(CREATE, { tenantId: w.tenant.id, backupId: w.backup.id })).createRestoreRun;
    const previewed = dataOf(await gql(PREVIEW, { id: created.id })).previewRestoreRun;
    expect(previewed.status).toBe('PREVIEWED');
    return previewed;
  }

  type ConnectionChange = Partial<typeof schema.providerConnections.$inferInsert>;
  const BLOCKERS: Array<{
    name: string;
    change: ConnectionChange;
    undo: ConnectionChange;
    reasonCode: string;
    problemClass: string;
    action: string;
    /** What the operator's reason names. */
    reason: string;
  }> = [
    {
      name: 'the provider connection is disabled',
      change: { enabled: false },
      undo: { enabled: true },
      reasonCode: 'PROVIDER_CONNECTION_DISABLED',
      problemClass: 'PROVIDER_CONNECTION',
      action: 'ENABLE_PROVIDER_CONNECTION',
      reason: 'disabled',
    },
    {
      name: 'the app may read policies but lacks DeviceManagementConfiguration.ReadWrite.All',
      change: { grantedPermissions: READ_ONLY_GRANT },
      undo: { grantedPermissions: [...READ_ONLY_GRANT, 'DeviceManagementConfiguration.ReadWrite.All'] },
      reasonCode: 'PROVIDER_PERMISSIONS_MISSING',
      problemClass: 'PROVIDER_PERMISSIONS',
      action: 'GRANT_PROVIDER_PERMISSIONS',
      reason: 'DeviceManagementConfiguration.ReadWrite.All',
    },
  ];

  for (const blocker of BLOCKERS) {
    test(`${blocker.name} (stored state, after the preview): BLOCKED ${blocker.reasonCode}; the restore run stays PREVIEWED, nothing is queued, Graph is not called`, async ({
      db,
      seed,
      sim,
      gate,
      queue,
      subgraph,
      runtime: _runtime,
    }) => {
      const w = await backupWorld({ seed, gate, db: db.db, sim }, 2);
      const gql = await clientFor(subgraph, w.owner);
      const previewed = await previewedRestore(gql, w);
      const pc = schema.providerConnections;
      await db.db.update(pc).set(blocker.change).where(eq(pc.id, w.connection.id));
      const jobsBefore = await jobTotal(queue);
      const graphBefore = await graphCounters(sim, w.entraTenantId);

      const blocked = dataOf(await gql(START, { id: previewed.id, confirmation: 'Fabrikam' })).startRestoreExecution;
      expect(blocked).toMatchObject({
        __typename: 'ProviderOperationBlocked',
        outcome: 'BLOCKED',
        operationType: 'RESTORE_EXECUTION',
        reasonCode: blocker.reasonCode,
        problemClass: blocker.problemClass,
        message: { action: blocker.action },
      });
      expect(blocked.message.reason).toContain(blocker.reason);
      // Recorded as a blocked attempt that never started, on the connection chosen at click time.
      const [row] = await db.db
        .select()
        .from(schema.operationRuns)
        .where(eq(schema.operationRuns.id, blocked.blockedRun.id));
      expect(row).toMatchObject({
        operationType: 'RESTORE_EXECUTION',
        providerConnectionId: w.connection.id,
        target: `restore:${previewed.id}`,
        status: 'COMPLETED',
        outcome: 'BLOCKED',
        reasonCode: blocker.reasonCode,
        dispatchedAt: null,
        startedAt: null,
      });
      // Nothing queued, nothing active, no request to Microsoft at click time.
      expect(await queue.queue.getJob(blocked.blockedRun.id)).toBeUndefined();
      expect(await jobTotal(queue)).toBe(jobsBefore);
      expect(await activeRunsOf(db.db, w.tenant.id)).toEqual([]);
      expect(await graphCounters(sim, w.entraTenantId)).toEqual(graphBefore);
      // The restore run is untouched: still PREVIEWED with its preview, linked to no run.
      const after = dataOf(await gql(GET, { id: previewed.id })).restoreRun;
      expect(after).toMatchObject({ status: 'PREVIEWED', operationRun: null, previewedAt: previewed.previewedAt });
      expect(after.preview).toEqual(previewed.preview);

      // The blocker removed, the same restore run executes.
      await db.db.update(pc).set(blocker.undo).where(eq(pc.id, w.connection.id));
      const accepted = dataOf(await gql(START, { id: previewed.id, confirmation: 'Fabrikam' })).startRestoreExecution;
      expect(accepted.outcome).toBe('ACCEPTED');
      expect(accepted.run.id).not.toBe(blocked.blockedRun.id);
      expect((await waitForRun(db.db, accepted.run.id)).outcome).toBe('SUCCEEDED');
      expect(dataOf(await gql(GET, { id: previewed.id })).restoreRun.status).toBe('COMPLETED');
    });
  }

  test('the preview decides from what Entra grants: read permission revoked in Entra (observed) though still recorded, the preview is refused with PROVIDER_PERMISSIONS_MISSING', async ({
    db,
    seed,
    sim,
    gate,
    subgraph,
    runtime: _runtime,
  }) => {
    const w = await backupWorld({ seed, gate, db: db.db, sim }, 1);
    const gql = await clientFor(subgraph, w.owner);
    const pc = schema.providerConnections;
    // Verified with the policy permissions; a health check then found them no longer granted.
    await db.db
      .update(pc)
      .set({
        grantedPermissions: [...READ_ONLY_GRANT, 'DeviceManagementConfiguration.ReadWrite.All'],
        observedPermissions: ['Organization.Read.All', 'Group.Read.All'],
      })
      .where(eq(pc.id, w.connection.id));
    const created = dataOf(await gql(CREATE, { tenantId: w.tenant.id, backupId: w.backup.id })).createRestoreRun;
    const refused = errorOf(await gql(PREVIEW, { id: created.id }));
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toContain('PROVIDER_PERMISSIONS_MISSING');
  });

  test('a second click while the execution is queued, then while it is running: DEDUPED to the same run; another restore run of the tenant is SCOPE_BUSY on it', async ({
    db,
    seed,
    sim,
    gate,
    queue,
    subgraph,
    runtime: _runtime,
  }) => {
    const w = await backupWorld({ seed, gate, db: db.db, sim }, 2);
    const manager = await seed.user();
    await seed.member(w.tenant.id, manager.id, 'MANAGER');
    const asOwner = await clientFor(subgraph, w.owner);
    const asManager = await clientFor(subgraph, manager);
    const restore = await previewedRestore(asOwner, w);
    const other = dataOf(await asOwner(RERUN, { id: restore.id })).rerunRestoreRun;
    expect(dataOf(await asOwner(PREVIEW, { id: other.id })).previewRestoreRun.status).toBe('PREVIEWED');
    const jobsBefore = await jobTotal(queue);
    const graphBefore = await graphCounters(sim, w.entraTenantId);

    const accepted = await whileQueueHeld(queue, async () => {
      const first = dataOf(await asOwner(START, { id: restore.id, confirmation: 'Fabrikam' })).startRestoreExecution;
      expect(first.outcome).toBe('ACCEPTED');
      const runUrl = `${links.publicAppUrl}/monitoring/operations/${first.run.id}`;

      // Queued: the same operator, and another member with restore.execute, click again.
      for (const gql of [asOwner, asManager]) {
        const again = dataOf(await gql(START, { id: restore.id, confirmation: 'Fabrikam' })).startRestoreExecution;
        expect(again).toMatchObject({
          __typename: 'ProviderOperationDeduped',
          outcome: 'DEDUPED',
          operationType: 'RESTORE_EXECUTION',
          run: { id: first.run.id },
          runUrl,
          message: { headline: 'Restore execution is already queued', action: 'OPEN_RUN', actionUrl: runUrl },
        });
      }
      // A different restore run is a different target: the connection is busy with this one.
      const busy = dataOf(await asOwner(START, { id: other.id, confirmation: 'Fabrikam' })).startRestoreExecution;
      expect(busy).toMatchObject({
        __typename: 'ProviderOperationScopeBusy',
        outcome: 'SCOPE_BUSY',
        activeRun: { id: first.run.id },
        runUrl,
      });

      expect(await activeRunsOf(db.db, w.tenant.id)).toEqual([
        { id: first.run.id, operationType: 'RESTORE_EXECUTION', status: 'QUEUED' },
      ]);
      expect(await jobTotal(queue)).toBe(jobsBefore + 1);
      expect(await graphCounters(sim, w.entraTenantId)).toEqual(graphBefore);
      expect(dataOf(await asOwner(GET, { id: restore.id })).restoreRun).toMatchObject({
        status: 'EXECUTING',
        operationRun: { id: first.run.id },
      });
      expect(dataOf(await asOwner(GET, { id: other.id })).restoreRun).toMatchObject({
        status: 'PREVIEWED',
        operationRun: null,
      });
      // Slow Graph down, so that the run, once taken, stays RUNNING for a while.
      await sim.configure(w.entraTenantId, { latencyMs: 1_500 });
      return first;
    });

    // Running: the worker took it and waits on Graph; a click now is DEDUPED to it too.
    // RUNNING, not already COMPLETED: the second click must meet a running execution.
    expect((await waitForRun(db.db, accepted.run.id, (run) => run.status !== 'QUEUED')).status).toBe('RUNNING');
    const running = dataOf(await asManager(START, { id: restore.id, confirmation: 'Fabrikam' })).startRestoreExecution;
    expect(running).toMatchObject({
      outcome: 'DEDUPED',
      run: { id: accepted.run.id },
      message: { headline: 'Restore execution is already running' },
    });
    await sim.configure(w.entraTenantId, { latencyMs: 0 });

    expect((await waitForRun(db.db, accepted.run.id)).outcome).toBe('SUCCEEDED');
    const restoreRuns = await db.db
      .select({ id: schema.operationRuns.id })
      .from(schema.operationRuns)
      .where(eq(schema.operationRuns.target, `restore:${restore.id}`));
    expect(restoreRuns).toEqual([{ id: accepted.run.id }]);
    expect(dataOf(await asOwner(GET, { id: restore.id })).restoreRun.status).toBe('COMPLETED');
  });

  for (const activeType of ['POLICY_BACKUP', 'DIRECTORY_GROUPS_SYNC'] as const) {
    test(`a ${activeType} queued on the same connection: SCOPE_BUSY pointing at it; nothing queued, the restore run stays PREVIEWED`, async ({
      db,
      seed,
      sim,
      gate,
      queue,
      subgraph,
      runtime: _runtime,
    }) => {
      const w = await backupWorld({ seed, gate, db: db.db, sim }, 2);
      const gql = await clientFor(subgraph, w.owner);
      const restore = await previewedRestore(gql, w);

      const active = await whileQueueHeld(queue, async () => {
        const started = await gate.start({
          actor: { userId: w.owner.id },
          tenantId: w.tenant.id,
          operationType: activeType,
          surface: 'TENANT',
        });
        if (!started.ok || started.value.outcome !== 'ACCEPTED') throw new Error(JSON.stringify(started));
        const run = started.value.run;
        const jobsBefore = await jobTotal(queue);
        const graphBefore = await graphCounters(sim, w.entraTenantId);

        const busy = dataOf(await gql(START, { id: restore.id, confirmation: 'Fabrikam' })).startRestoreExecution;
        const runUrl = `${links.publicAppUrl}/monitoring/operations/${run.id}`;
        expect(busy).toMatchObject({
          __typename: 'ProviderOperationScopeBusy',
          outcome: 'SCOPE_BUSY',
          operationType: 'RESTORE_EXECUTION',
          activeRun: { id: run.id },
          runUrl,
          message: { action: 'WAIT_FOR_RUN', actionUrl: runUrl },
        });
        expect(busy.message.headline).toBe('Restore execution was not started: the provider connection is busy');

        // No restore execution run, no job, no Graph call; the restore run is as it was.
        expect(await activeRunsOf(db.db, w.tenant.id)).toEqual([
          { id: run.id, operationType: activeType, status: 'QUEUED' },
        ]);
        const executions = await db.db
          .select()
          .from(schema.operationRuns)
          .where(eq(schema.operationRuns.target, `restore:${restore.id}`));
        expect(executions).toEqual([]);
        expect(await jobTotal(queue)).toBe(jobsBefore);
        expect(await graphCounters(sim, w.entraTenantId)).toEqual(graphBefore);
        expect(dataOf(await gql(GET, { id: restore.id })).restoreRun).toMatchObject({
          status: 'PREVIEWED',
          operationRun: null,
        });
        return run;
      });

      // Once the other operation has finished, the restore starts.
      expect((await waitForRun(db.db, active.id)).outcome).toBe('SUCCEEDED');
      const accepted = dataOf(await gql(START, { id: restore.id, confirmation: 'Fabrikam' })).startRestoreExecution;
      expect(accepted.outcome).toBe('ACCEPTED');
      expect((await waitForRun(db.db, accepted.run.id)).outcome).toBe('SUCCEEDED');
    });
  }
});
