// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The seed's restore and onboarding passes through the gateway (sections 3 and 4): a backup
 * taken by a real run, a restore previewed, refused on a wrong phrase, blocked before preview,
 * executed and finished; the onboarding wizard from a new session to an active tenant, with
 * bootstrap admitting one run at a time. Authorization through the gateway too.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { describe, expect } from '@msp/tests/support/fixtures';
import { codesOf, test as e2e, gql, waitFor } from './harness';

const START = `__typename ... on ProviderOperationStart { outcome message { headline nextStep action } }
  ... on ProviderOperationAccepted { run { id } runUrl }
  ... on ProviderOperationDeduped { run { id } }
  ... on ProviderOperationBlocked { reasonCode problemClass }`;

const test = e2e.extend<{ w: any }>({
  w: [
    async ({ seed }, use) => {
      const owner = await seed.user();
      const operator = await seed.user();
      const member = await seed.user();
      const stranger = await seed.user();
      const workspace = await seed.workspace(owner.id);
      const tenant = await seed.tenant(owner.id, { name: 'Fabrikam', workspaceId: workspace.id });
      await seed.member(tenant.id, operator.id, 'OPERATOR');
      const connection = await seed.connection(tenant.id);
      await use({ owner, operator, member, stranger, workspace, tenant, connection });
    },
    { scope: 'file' },
  ],
});

async function runFinished(url: string, token: string, runId: string) {
  let run: any;
  await waitFor(async () => {
    const r = await gql(url, token, 'query($id: ID!) { operationRun(id: $id) { status outcome reason { code } } }', {
      id: runId,
    });
    run = r.data?.operationRun;
    return run?.status === 'COMPLETED';
  }, `run ${runId} to complete`);
  return run;
}

describe('restore through the gateway', () => {
  test('backup, preview, typed confirmation, blocked preflight, execution, authorization', async ({ stack, w }) => {
    const url = stack.gateway.url;
    const owner = await stack.token(w.owner.subject);
    const backup = await gql(url, owner, `mutation($t: ID!) { startPolicyBackup(tenantId: $t) { ${START} } }`, {
      t: w.tenant.id,
    });
    expect(backup.data.startPolicyBackup.outcome).toBe('ACCEPTED');
    expect((await runFinished(url, owner, backup.data.startPolicyBackup.run.id)).outcome).toBe('SUCCEEDED');
    const backups = await gql(url, owner, 'query($t: ID!) { tenant(id: $t) { name policyBackups { id itemCount } } }', {
      t: w.tenant.id,
    });
    const backupId = backups.data.tenant.policyBackups[0].id;
    expect(backups.data.tenant.policyBackups[0].itemCount).toBeGreaterThan(0);

    const create = () =>
      gql(
        url,
        owner,
        'mutation($t: ID!, $b: ID!) { createRestoreRun(tenantId: $t, backupId: $b) { id status confirmationPhrase } }',
        {
          t: w.tenant.id,
          b: backupId,
        },
      );
    const draft = (await create()).data.createRestoreRun;
    expect(draft.status).toBe('DRAFT');
    expect(draft.confirmationPhrase).toBe('Fabrikam');
    const execute = (token: string, id: string, confirmation: string) =>
      gql(
        url,
        token,
        `mutation($r: ID!, $c: String!) { startRestoreExecution(restoreRunId: $r, confirmation: $c) { ${START} } }`,
        {
          r: id,
          c: confirmation,
        },
      );

    // Never previewed: blocked before anything is queued.
    const jobsBefore = await stack.queue.getJobCounts();
    const blocked = await execute(owner, draft.id, 'Fabrikam');
    expect(blocked.data.startRestoreExecution).toMatchObject({
      outcome: 'BLOCKED',
      reasonCode: 'RESTORE_NOT_READY',
      problemClass: 'OPERATION_PRECONDITION',
    });
    expect(await stack.queue.getJobCounts()).toEqual(jobsBefore);

    const previewed = await gql(
      url,
      owner,
      'mutation($r: ID!) { previewRestoreRun(id: $r) { status warnings preview { creates updates unchanged items { action displayName } } } }',
      { r: draft.id },
    );
    expect(previewed.errors).toBeUndefined();
    expect(previewed.data.previewRestoreRun.status).toBe('PREVIEWED');
    const p = previewed.data.previewRestoreRun.preview;
    expect(p.creates + p.updates + p.unchanged).toBe(p.items.length);

    const wrong = await execute(owner, draft.id, 'fabrikam?');
    expect(codesOf(wrong)).toEqual(['BAD_USER_INPUT']);
    const operator = await stack.token(w.operator.subject);
    expect(codesOf(await execute(operator, draft.id, 'Fabrikam'))).toEqual(['FORBIDDEN']);
    const stranger = await stack.token(w.stranger.subject);
    expect(codesOf(await execute(stranger, draft.id, 'Fabrikam'))).toEqual(['NOT_FOUND']);

    const accepted = await execute(owner, draft.id, 'Fabrikam');
    expect(accepted.data.startRestoreExecution.outcome).toBe('ACCEPTED');
    const runId = accepted.data.startRestoreExecution.run.id;
    expect(accepted.data.startRestoreExecution.runUrl).toBe(`https://app.example.test/monitoring/operations/${runId}`);
    expect((await runFinished(url, owner, runId)).outcome).toBe('SUCCEEDED');
    const done = await gql(url, owner, 'query($r: ID!) { restoreRun(id: $r) { status operationRun { id } } }', {
      r: draft.id,
    });
    expect(done.data.restoreRun).toEqual({ status: 'COMPLETED', operationRun: { id: runId } });
  });
});

describe('onboarding through the gateway', () => {
  test('session → connection → verification → bootstrap one run at a time → complete', async ({ stack, w, db }) => {
    const url = stack.gateway.url;
    const owner = await stack.token(w.owner.subject);
    const created = await gql(
      url,
      owner,
      'mutation($ws: ID!, $e: String!) { createOnboardingSession(workspaceId: $ws, tenantName: "Contoso", entraTenantId: $e) { id tenant { id status } currentStep } }',
      { ws: w.workspace.id, e: randomUUID() },
    );
    expect(created.errors).toBeUndefined();
    const session = created.data.createOnboardingSession;
    expect(session.tenant.status).toBe('ONBOARDING');

    // A workspace member who is not its owner may not run onboarding; a stranger sees nothing.
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: w.workspace.id, userId: w.member.id, role: 'MEMBER' });
    const member = await stack.token(w.member.subject);
    const forbidden = await gql(
      url,
      member,
      'mutation($s: ID!) { startOnboardingVerification(sessionId: $s) { __typename } }',
      {
        s: session.id,
      },
    );
    expect(codesOf(forbidden)).toEqual(['FORBIDDEN']);
    const stranger = await stack.token(w.stranger.subject);
    const hidden = await gql(url, stranger, 'query($s: ID!) { onboardingSession(id: $s) { id } }', { s: session.id });
    expect(codesOf(hidden)).toEqual(['NOT_FOUND']);

    const connected = await gql(
      url,
      owner,
      `mutation($s: ID!, $i: CreateProviderConnectionInput!) { connectOnboardingProvider(sessionId: $s, input: $i) { providerConnection { id } steps { key status } } }`,
      {
        s: session.id,
        i: {
          tenantId: session.tenant.id,
          displayName: 'Contoso app',
          entraTenantId: randomUUID(),
          clientId: randomUUID(),
          clientSecret: 'sim-secret',
        },
      },
    );
    expect(connected.errors).toBeUndefined();
    const connectionId = connected.data.connectOnboardingProvider.providerConnection.id;

    const startVerification = () =>
      gql(url, owner, `mutation($s: ID!) { startOnboardingVerification(sessionId: $s) { ${START} } }`, {
        s: session.id,
      });
    // No consent is recorded for the new connection yet: BLOCKED, with the grant-consent step.
    const refused = await startVerification();
    expect(refused.data.startOnboardingVerification).toMatchObject({
      outcome: 'BLOCKED',
      reasonCode: 'PROVIDER_CONSENT_MISSING',
      message: { action: 'GRANT_PROVIDER_CONSENT' },
    });
    const consent = await gql(
      url,
      owner,
      'mutation($id: ID!) { recordProviderConsent(id: $id, status: GRANTED) { consentStatus } }',
      { id: connectionId },
    );
    expect(consent.data.recordProviderConsent.consentStatus).toBe('GRANTED');

    const verify = await startVerification();
    expect(verify.data.startOnboardingVerification.outcome).toBe('ACCEPTED');
    expect((await runFinished(url, owner, verify.data.startOnboardingVerification.run.id)).outcome).toBe('SUCCEEDED');

    const bootstrap = () =>
      gql(
        url,
        owner,
        `mutation($s: ID!) { startOnboardingBootstrap(sessionId: $s, operations: [DIRECTORY_GROUPS_SYNC, POLICY_BACKUP]) { ${START} } }`,
        { s: session.id },
      );
    const first = await bootstrap();
    expect(first.data.startOnboardingBootstrap.outcome).toBe('ACCEPTED');
    const step = await gql(
      url,
      owner,
      'query($s: ID!) { onboardingSession(id: $s) { steps { key pendingOperations lastStartOutcome } } }',
      { s: session.id },
    );
    const bootstrapStep = step.data.onboardingSession.steps.find((s: any) => s.key === 'BOOTSTRAP');
    expect(bootstrapStep.pendingOperations).toEqual(['POLICY_BACKUP']);
    expect(bootstrapStep.lastStartOutcome).toBe('ACCEPTED');
    expect((await runFinished(url, owner, first.data.startOnboardingBootstrap.run.id)).outcome).toBe('SUCCEEDED');

    const second = await bootstrap();
    expect(second.data.startOnboardingBootstrap.outcome).toBe('ACCEPTED');
    expect(second.data.startOnboardingBootstrap.run.id).not.toBe(first.data.startOnboardingBootstrap.run.id);
    await runFinished(url, owner, second.data.startOnboardingBootstrap.run.id);

    const complete = await gql(
      url,
      owner,
      'mutation($s: ID!) { completeOnboarding(sessionId: $s) { tenant { status } } }',
      {
        s: session.id,
      },
    );
    expect(complete.errors).toBeUndefined();
    expect(complete.data.completeOnboarding.tenant.status).toBe('ACTIVE');
  });
});

describe('what the console reads to find restore runs, onboarding sessions and the consent page', () => {
  test('Tenant.restoreRuns: newest first, members only, bounded', async ({ stack, seed }) => {
    const url = stack.gateway.url;
    const owner = await seed.user();
    const readonly = await seed.user();
    const stranger = await seed.user();
    const workspace = await seed.workspace(owner.id);
    const tenant = await seed.tenant(owner.id, { name: 'Litware', workspaceId: workspace.id });
    await seed.member(tenant.id, readonly.id, 'READONLY');
    const connection = await seed.connection(tenant.id);
    const ownerToken = await stack.token(owner.subject);
    const backup = await gql(url, ownerToken, `mutation($t: ID!) { startPolicyBackup(tenantId: $t) { ${START} } }`, {
      t: tenant.id,
    });
    await runFinished(url, ownerToken, backup.data.startPolicyBackup.run.id);
    const backups = await gql(url, ownerToken, 'query($t: ID!) { tenant(id: $t) { policyBackups { id } } }', {
      t: tenant.id,
    });
    const backupId = backups.data.tenant.policyBackups[0].id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const draft = await gql(
        url,
        ownerToken,
        'mutation($t: ID!, $b: ID!) { createRestoreRun(tenantId: $t, backupId: $b) { id } }',
        { t: tenant.id, b: backupId },
      );
      ids.push(draft.data.createRestoreRun.id);
    }
    const LIST = 'query($t: ID!, $n: Int) { tenant(id: $t) { restoreRuns(first: $n) { id status backup { id } } } }';
    const listed = await gql(url, await stack.token(readonly.subject), LIST, { t: tenant.id, n: 2 });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.tenant.restoreRuns.map((r: any) => r.id)).toEqual([ids[2], ids[1]]);
    expect(listed.data.tenant.restoreRuns[0]).toMatchObject({ status: 'DRAFT', backup: { id: backupId } });
    for (const n of [0, 101]) {
      expect(codesOf(await gql(url, ownerToken, LIST, { t: tenant.id, n }))).toEqual(['BAD_USER_INPUT']);
    }
    expect(codesOf(await gql(url, await stack.token(stranger.subject), LIST, { t: tenant.id }))).toEqual(['NOT_FOUND']);

    // The connection page's consent link: Entra's real admin-consent page for this app and directory.
    const consent = await gql(url, ownerToken, 'query($id: ID!) { providerConnection(id: $id) { adminConsentUrl } }', {
      id: connection.id,
    });
    expect(consent.data.providerConnection.adminConsentUrl).toBe(
      `https://login.microsoftonline.com/${connection.entraTenantId}/adminconsent?client_id=${connection.clientId}`,
    );
  });

  test('Workspace.onboardingSessions, viewerCanOnboard and Tenant.onboardingSession follow onboarding.manage', async ({
    stack,
    seed,
    db,
  }) => {
    const url = stack.gateway.url;
    const owner = await seed.user();
    const member = await seed.user();
    const workspace = await seed.workspace(owner.id);
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: workspace.id, userId: member.id, role: 'MEMBER' });
    const ownerToken = await stack.token(owner.subject);
    const sessions: Array<{ id: string; tenant: { id: string } }> = [];
    for (const name of ['Alpine', 'Boreal']) {
      const created = await gql(
        url,
        ownerToken,
        'mutation($ws: ID!, $n: String!, $e: String!) { createOnboardingSession(workspaceId: $ws, tenantName: $n, entraTenantId: $e) { id tenant { id } } }',
        { ws: workspace.id, n: name, e: randomUUID() },
      );
      sessions.push(created.data.createOnboardingSession);
    }
    // The member can see one of the onboarding tenants (a tenant member), but not its session.
    await seed.member(sessions[0]!.tenant.id, member.id, 'OPERATOR');
    const WORKSPACES = '{ workspaces { id viewerCanOnboard onboardingSessions { id status currentStep } } }';
    const ownView = (await gql(url, ownerToken, WORKSPACES)).data.workspaces.find((ws: any) => ws.id === workspace.id);
    expect(ownView.viewerCanOnboard).toBe(true);
    expect(ownView.onboardingSessions.map((s: any) => s.id)).toEqual([sessions[1]!.id, sessions[0]!.id]);
    const memberToken = await stack.token(member.subject);
    const memberView = (await gql(url, memberToken, WORKSPACES)).data.workspaces.find(
      (ws: any) => ws.id === workspace.id,
    );
    expect(memberView).toEqual({ id: workspace.id, viewerCanOnboard: false, onboardingSessions: [] });

    const TENANT = 'query($t: ID!) { tenant(id: $t) { status onboardingSession { id } } }';
    const t = sessions[0]!.tenant.id;
    expect((await gql(url, ownerToken, TENANT, { t })).data.tenant).toEqual({
      status: 'ONBOARDING',
      onboardingSession: { id: sessions[0]!.id },
    });
    const asMember = await gql(url, memberToken, TENANT, { t });
    expect(asMember.errors).toBeUndefined();
    expect(asMember.data.tenant).toEqual({ status: 'ONBOARDING', onboardingSession: null });
  });
});
