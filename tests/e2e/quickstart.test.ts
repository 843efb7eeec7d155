// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The quickstart a newcomer follows, on the world `npm start` seeds (scripts/seed.ts), through the
 * gateway: the seed's manual validation pass (shared/seed/quickstart-readable.md, sections 1-7)
 * with the seeded tenants, runs, backup, onboarding session and users, exactly as README.md
 * describes them. If the seed and the product drift apart, this is where it shows.
 */
import { describe, expect } from '@msp/tests/support/fixtures';
import { QUICKSTART_ENTRA, type QuickstartWorld, seedQuickstart } from '../../scripts/seed';
import { codesOf, test as e2e, gql, links, SECRET_ENCRYPTION_KEY, waitFor } from './harness';

const START = `__typename
  ... on ProviderOperationStart { outcome operationType message { headline reason nextStep action actionUrl } }
  ... on ProviderOperationAccepted { run { id } runUrl providerConnection { id displayName entraTenantId clientId } }
  ... on ProviderOperationDeduped { run { id } runUrl }
  ... on ProviderOperationScopeBusy { activeRun { id } activeOperationType runUrl }
  ... on ProviderOperationBlocked { reasonCode problemClass attempt: run { id status outcome } }`;

const runUrl = (id: string) => `${links.publicAppUrl}/monitoring/operations/${id}`;

const test = e2e.extend<{ world: QuickstartWorld; tokens: Record<string, string> }>({
  world: [async ({ db }, use) => use(await seedQuickstart(db.db, SECRET_ENCRYPTION_KEY)), { scope: 'file' }],
  tokens: [
    async ({ stack, world }, use) => {
      const tokens: Record<string, string> = {};
      for (const subject of Object.keys(world.users)) tokens[subject] = await stack.token(subject);
      await use(tokens);
    },
    { scope: 'file' },
  ],
});

/** Every result answers the ten-second scan: accepted? if not, why not? what next? */
function scannable(result: any) {
  expect(result.message.headline.length).toBeGreaterThan(0);
  expect(result.message.nextStep.length).toBeGreaterThan(0);
  if (result.outcome === 'BLOCKED') expect(result.message.reason?.length).toBeGreaterThan(0);
}

async function finished(url: string, token: string, runId: string) {
  let run: any;
  await waitFor(async () => {
    const r = await gql(
      url,
      token,
      'query($id: ID!) { operationRun(id: $id) { status outcome providerConnection { id entraTenantId } } }',
      { id: runId },
    );
    run = r.data?.operationRun;
    return run?.status === 'COMPLETED';
  }, `run ${runId} to complete`);
  return run;
}

async function activeRunsOf(url: string, token: string, tenantId: string) {
  const r = await gql(
    url,
    token,
    'query($t: ID!) { operationRuns(tenantId: $t, filter: { status: [QUEUED, RUNNING] }) { edges { node { id } } } }',
    { t: tenantId },
  );
  return r.data.operationRuns.edges.map((e: any) => e.node.id);
}

describe('the quickstart on the seeded world, through the gateway', () => {
  test('1. tenant surfaces: Northwind BLOCKED, Tailspin DEDUPED, Wingtip SCOPE_BUSY, Fabrikam ACCEPTED', async ({
    stack,
    world,
    tokens,
  }) => {
    const url = stack.gateway.url;
    const operator = tokens.operator!;
    const start = async (mutation: string, tenantId: string) =>
      (await gql(url, operator, `mutation($t: ID!) { r: ${mutation}(tenantId: $t) { ${START} } }`, { t: tenantId }))
        .data.r;

    for (const mutation of ['startTenantVerification', 'startDirectoryGroupsSync']) {
      const blocked = await start(mutation, world.tenants.blocked);
      expect(blocked).toMatchObject({
        outcome: 'BLOCKED',
        reasonCode: 'PROVIDER_CONSENT_MISSING',
        problemClass: 'PROVIDER_CONSENT',
        message: { action: 'GRANT_PROVIDER_CONSENT' },
        attempt: { status: 'COMPLETED', outcome: 'BLOCKED' },
      });
      scannable(blocked);
    }
    expect(await activeRunsOf(url, operator, world.tenants.blocked)).toEqual([]);

    const deduped = await start('startDirectoryGroupsSync', world.tenants.dedupe);
    expect(deduped).toMatchObject({
      outcome: 'DEDUPED',
      run: { id: world.runs.dedupe },
      runUrl: runUrl(world.runs.dedupe),
    });
    scannable(deduped);

    const busy = await start('startDirectoryGroupsSync', world.tenants.scopeBusy);
    expect(busy).toMatchObject({
      outcome: 'SCOPE_BUSY',
      activeRun: { id: world.runs.scopeBusy },
      activeOperationType: 'POLICY_BACKUP',
      runUrl: runUrl(world.runs.scopeBusy),
    });
    scannable(busy);

    const accepted = await start('startDirectoryGroupsSync', world.tenants.usable);
    expect(accepted).toMatchObject({
      outcome: 'ACCEPTED',
      providerConnection: { id: world.connections.usable, entraTenantId: QUICKSTART_ENTRA.fabrikam },
    });
    expect(accepted.runUrl).toBe(runUrl(accepted.run.id));
    scannable(accepted);
    // 5. Run detail: the identity chosen at click time, and the run completes.
    const run = await finished(url, operator, accepted.run.id);
    expect(run).toMatchObject({
      outcome: 'SUCCEEDED',
      providerConnection: { id: world.connections.usable, entraTenantId: QUICKSTART_ENTRA.fabrikam },
    });
    // 6. The initiator is notified, the tenant's other members are not.
    await waitFor(async () => {
      const n = await gql(url, operator, '{ myNotifications { run { id } } }');
      return n.data.myNotifications.some((x: any) => x.run.id === accepted.run.id);
    }, 'the operator’s notification');
    const ownerSees = await gql(url, tokens.owner!, '{ myNotifications { run { id } } }');
    expect(ownerSees.data.myNotifications.map((x: any) => x.run.id)).not.toContain(accepted.run.id);
  });

  test('2. provider-connection surfaces give the same outcome for the same condition', async ({
    stack,
    world,
    tokens,
  }) => {
    const url = stack.gateway.url;
    const start = async (mutation: string, id: string) =>
      (
        await gql(
          url,
          tokens.operator!,
          `mutation($id: ID!) { r: ${mutation}(providerConnectionId: $id) { ${START} } }`,
          {
            id,
          },
        )
      ).data.r;
    const viaTenant = (
      await gql(url, tokens.operator!, `mutation($t: ID!) { r: startTenantVerification(tenantId: $t) { ${START} } }`, {
        t: world.tenants.blocked,
      })
    ).data.r;
    const viaConnection = await start('startProviderConnectionVerification', world.connections.blocked);
    expect(viaConnection).toMatchObject({ outcome: 'BLOCKED', reasonCode: viaTenant.reasonCode });
    expect(viaConnection.message).toEqual(viaTenant.message);

    const busy = await start('startProviderConnectionHealthCheck', world.connections.dedupe);
    expect(busy).toMatchObject({ outcome: 'SCOPE_BUSY', activeRun: { id: world.runs.dedupe } });
    const busyToo = await start('startProviderConnectionVerification', world.connections.scopeBusy);
    expect(busyToo).toMatchObject({ outcome: 'SCOPE_BUSY', activeRun: { id: world.runs.scopeBusy } });
  });

  test('6. authorization: readonly FORBIDDEN, stranger NOT_FOUND exactly as for a missing id, learning nothing', async ({
    stack,
    world,
    tokens,
  }) => {
    const url = stack.gateway.url;
    const startSync = (token: string, tenantId: string) =>
      gql(url, token, `mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { ${START} } }`, { t: tenantId });
    expect(codesOf(await startSync(tokens.readonly!, world.tenants.usable))).toEqual(['FORBIDDEN']);
    const missing = await startSync(tokens.stranger!, '00000000-0000-4000-8000-000000000000');
    for (const tenantId of [world.tenants.usable, world.tenants.blocked, world.tenants.dedupe]) {
      const hidden = await startSync(tokens.stranger!, tenantId);
      expect(codesOf(hidden)).toEqual(['NOT_FOUND']);
      expect(hidden.errors![0]!.message).toBe(missing.errors![0]!.message);
    }
    const run = await gql(url, tokens.stranger!, 'query($id: ID!) { operationRun(id: $id) { id } }', {
      id: world.runs.dedupe,
    });
    expect(codesOf(run)).toEqual(['NOT_FOUND']);
  });

  test('the seeded operator, a member of the tenants but not of the workspace, discovers Fabrikam through myTenants', async ({
    stack,
    world,
    tokens,
  }) => {
    const url = stack.gateway.url;
    expect((await gql(url, tokens.operator!, '{ workspaces { id } }')).data!.workspaces).toEqual([]);
    const mine = await gql(url, tokens.operator!, '{ myTenants { id name myRole viewerCapabilities } }');
    expect(mine.errors).toBeUndefined();
    const fabrikam = mine.data!.myTenants.find((t: { name: string }) => t.name === 'Fabrikam');
    expect(fabrikam).toMatchObject({ id: world.tenants.usable, myRole: 'OPERATOR' });
    expect(fabrikam.viewerCapabilities).toContain('directory.sync');
    expect(fabrikam.viewerCapabilities).not.toContain('restore.execute');
    expect((await gql(url, tokens.stranger!, '{ myTenants { id } }')).data!.myTenants).toEqual([]);
  });

  test('3. restore from the seeded backup: preview, typed confirmation, execution', async ({
    stack,
    world,
    tokens,
  }) => {
    const url = stack.gateway.url;
    const owner = tokens.owner!;
    const created = await gql(
      url,
      owner,
      'mutation($t: ID!, $b: ID!) { createRestoreRun(tenantId: $t, backupId: $b) { id status } }',
      { t: world.tenants.usable, b: world.backupId },
    );
    const restoreId = created.data.createRestoreRun.id;
    const previewed = await gql(
      url,
      owner,
      'mutation($id: ID!) { previewRestoreRun(id: $id) { status confirmationPhrase preview { creates updates unchanged } } }',
      { id: restoreId },
    );
    const restore = previewed.data.previewRestoreRun;
    expect(restore).toMatchObject({ status: 'PREVIEWED', preview: { creates: 2, updates: 0, unchanged: 0 } });
    const execute = (confirmation: string) =>
      gql(
        url,
        owner,
        `mutation($id: ID!, $c: String!) { r: startRestoreExecution(restoreRunId: $id, confirmation: $c) { ${START} } }`,
        {
          id: restoreId,
          c: confirmation,
        },
      );
    expect(codesOf(await execute('yes'))).toEqual(['BAD_USER_INPUT']);
    const accepted = (await execute(restore.confirmationPhrase)).data.r;
    expect(accepted).toMatchObject({ outcome: 'ACCEPTED', operationType: 'RESTORE_EXECUTION' });
    expect(accepted.runUrl).toBe(runUrl(accepted.run.id));
    expect((await finished(url, owner, accepted.run.id)).outcome).toBe('SUCCEEDED');
    const after = await gql(url, owner, 'query($id: ID!) { restoreRun(id: $id) { status operationRun { id } } }', {
      id: restoreId,
    });
    expect(after.data.restoreRun).toEqual({ status: 'COMPLETED', operationRun: { id: accepted.run.id } });
  });

  test('4. the seeded onboarding session: verification, bootstrap one run at a time, complete', async ({
    stack,
    world,
    tokens,
  }) => {
    const url = stack.gateway.url;
    const owner = tokens.owner!;
    const s = world.onboarding.sessionId;
    const verify = (
      await gql(url, owner, `mutation($s: ID!) { r: startOnboardingVerification(sessionId: $s) { ${START} } }`, { s })
    ).data.r;
    expect(verify).toMatchObject({ outcome: 'ACCEPTED', providerConnection: { id: world.onboarding.connectionId } });
    expect((await finished(url, owner, verify.run.id)).outcome).toBe('SUCCEEDED');

    const bootstrap = async () =>
      (
        await gql(
          url,
          owner,
          `mutation($s: ID!) { r: startOnboardingBootstrap(sessionId: $s, operations: [DIRECTORY_GROUPS_SYNC, ROLE_DEFINITIONS_SYNC]) { ${START} } }`,
          { s },
        )
      ).data.r;
    const first = await bootstrap();
    expect(first).toMatchObject({ outcome: 'ACCEPTED', operationType: 'DIRECTORY_GROUPS_SYNC' });
    // One provider-backed run at a time: while the first is active a second click lands on it;
    // the next operation is admitted only once the first has completed.
    const again = await bootstrap();
    if (again.outcome === 'DEDUPED') {
      expect(again.run.id).toBe(first.run.id);
    } else {
      expect(again).toMatchObject({ outcome: 'ACCEPTED', operationType: 'ROLE_DEFINITIONS_SYNC' });
      const r = await gql(url, owner, 'query($id: ID!) { operationRun(id: $id) { status } }', { id: first.run.id });
      expect(r.data.operationRun.status).toBe('COMPLETED');
    }
    expect((await finished(url, owner, first.run.id)).outcome).toBe('SUCCEEDED');

    const completed = await gql(
      url,
      owner,
      'mutation($s: ID!) { completeOnboarding(sessionId: $s) { status tenant { status } } }',
      {
        s,
      },
    );
    expect(completed.data.completeOnboarding).toEqual({ status: 'COMPLETED', tenant: { status: 'ACTIVE' } });
  });

  test('7. run control on the seeded runs: the stuck Tailspin sync is cancelled by the operator who started it, its connection takes the next start; a retry from Monitoring runs it again', async ({
    stack,
    world,
    tokens,
  }) => {
    const url = stack.gateway.url;
    const runId = world.runs.dedupe;
    const RUN =
      'id status outcome viewerCanCancel viewerCanRetry message { headline reason } events { kind actor { id } }';
    const cancel = `mutation($id: ID!, $reason: String) { cancelOperationRun(id: $id, reason: $reason) { ${RUN} } }`;
    // READONLY may not; the stranger learns nothing.
    expect(codesOf(await gql(url, tokens.readonly!, cancel, { id: runId }))).toEqual(['FORBIDDEN']);
    expect(codesOf(await gql(url, tokens.stranger!, cancel, { id: runId }))).toEqual(['NOT_FOUND']);
    const before = await gql(url, tokens.operator!, `query($id: ID!) { operationRun(id: $id) { ${RUN} } }`, {
      id: runId,
    });
    expect(before.data.operationRun).toMatchObject({ status: 'RUNNING', viewerCanCancel: true });

    // The seeded run never reached the queue: it ends at once.
    const cancelled = (await gql(url, tokens.operator!, cancel, { id: runId, reason: 'stuck since the seed' })).data
      .cancelOperationRun;
    expect(cancelled).toMatchObject({ status: 'COMPLETED', outcome: 'CANCELLED', viewerCanRetry: true });
    expect(cancelled.message.reason).toBe('Cancelled by Operator: stuck since the seed');
    expect(cancelled.events.map((e: any) => e.kind)).toEqual(['QUEUED', 'CANCEL_REQUESTED', 'CANCELLED']);

    const notes = await gql(url, tokens.operator!, '{ myNotifications { title run { id } } }');
    expect(notes.data.myNotifications.filter((n: any) => n.run.id === runId)).toEqual([
      { title: 'Directory groups sync was cancelled', run: { id: runId } },
    ]);

    const retry = (
      await gql(url, tokens.operator!, `mutation($id: ID!) { r: retryOperationRun(id: $id) { ${START} } }`, {
        id: runId,
      })
    ).data.r;
    expect(retry).toMatchObject({ outcome: 'ACCEPTED', operationType: 'DIRECTORY_GROUPS_SYNC' });
    expect((await finished(url, tokens.operator!, retry.run.id)).outcome).toBe('SUCCEEDED');
    const linked = await gql(
      url,
      tokens.operator!,
      'query($id: ID!) { operationRun(id: $id) { retryOf { id } initiatedFrom } }',
      {
        id: retry.run.id,
      },
    );
    expect(linked.data.operationRun).toEqual({ retryOf: { id: runId }, initiatedFrom: 'MONITORING' });
  });
});
