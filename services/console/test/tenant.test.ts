// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The tenant page in Chromium on the seeded world (issue 14, acceptance 1, 5 and 6): the four
 * start outcomes in one banner (Northwind BLOCKED with the consent step and a working action,
 * Tailspin DEDUPED opening the seeded run, Wingtip SCOPE_BUSY naming the policy backup, Fabrikam
 * ACCEPTED on an explicitly picked connection that the run detail shows), READONLY's disabled
 * starts with the reason while a forced start is FORBIDDEN, a stranger's tenant URL not found.
 */
import { describe } from 'vitest';
import { api, expect, expectAccessible, screenshot, signIn, test } from './support';

const startResult = (page: import('playwright-core').Page) => page.locator('.start-result');

describe('tenant page', () => {
  test('the production build sends its queries and mutations as trusted documents: by id, without text', async ({
    app,
    page,
  }) => {
    const bodies: any[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') {
        bodies.push(request.postDataJSON());
      }
    });
    const tenantId = app.world.tenants.blocked;
    await signIn(page, app, 'owner', `/tenants/${tenantId}`);
    await page.getByRole('heading', { level: 1, name: 'Northwind' }).waitFor();
    await page.getByRole('button', { name: 'Sync directory groups' }).click();
    await startResult(page).waitFor();
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) {
      expect(body.query).toBeUndefined();
      expect(body.extensions.persistedQuery).toEqual({
        version: 1,
        sha256Hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      });
    }
  });

  test('Northwind: BLOCKED with the consent next step, and its action opens the connection', async ({ app, page }) => {
    const tenantId = app.world.tenants.blocked;
    await signIn(page, app, 'owner', `/tenants/${tenantId}`);
    await page.getByRole('heading', { level: 1, name: 'Northwind' }).waitFor();
    await page.getByRole('button', { name: 'Sync directory groups' }).click();
    const banner = startResult(page);
    await banner.waitFor();
    expect(await banner.getAttribute('data-outcome')).toBe('BLOCKED');
    expect(await banner.getAttribute('data-problem-class')).toBe('PROVIDER_CONSENT');
    // What the API said, as it said it.
    const answer = await api(
      app,
      'owner',
      `mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { ... on ProviderOperationBlocked { message { headline reason nextStep } } } }`,
      { t: tenantId },
    );
    const message = answer.data.startDirectoryGroupsSync.message;
    await banner.getByRole('heading', { name: message.headline }).waitFor();
    await banner.getByText(message.reason).waitFor();
    await banner.getByText(message.nextStep).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'tenant-blocked');
    // Consent is granted on Microsoft's own page: the action links to the connection's real Entra
    // admin-consent URL (outside the console), the one the connection page shows.
    const consentUrl = (
      await api(app, 'owner', 'query($id: ID!) { providerConnection(id: $id) { adminConsentUrl } }', {
        id: app.world.connections.blocked,
      })
    ).data.providerConnection.adminConsentUrl;
    expect(consentUrl).toMatch(/^https:\/\/login\.microsoftonline\.com\/.+\/adminconsent\?client_id=/);
    expect(await banner.getByRole('link', { name: 'Grant provider consent' }).getAttribute('href')).toBe(consentUrl);
  });

  test('Tailspin: DEDUPED opens the seeded run; Wingtip: SCOPE_BUSY names the policy backup', async ({ app, page }) => {
    await signIn(page, app, 'owner', `/tenants/${app.world.tenants.dedupe}`);
    await page.getByRole('button', { name: 'Sync directory groups' }).click();
    const banner = startResult(page);
    await banner.waitFor();
    expect(await banner.getAttribute('data-outcome')).toBe('DEDUPED');
    expect(await banner.getAttribute('data-run-id')).toBe(app.world.runs.dedupe);
    await screenshot(page, 'tenant-deduped');
    await banner.getByRole('link', { name: 'Open run' }).click();
    await page.waitForURL(`${app.url}/monitoring/operations/${app.world.runs.dedupe}`);
    await page.getByRole('heading', { level: 2, name: 'Run', exact: true }).waitFor();

    await page.goto(`${app.url}/tenants/${app.world.tenants.scopeBusy}`);
    await page.getByRole('heading', { level: 1, name: 'Wingtip' }).waitFor();
    await page.getByRole('button', { name: 'Sync directory groups' }).click();
    await banner.waitFor();
    expect(await banner.getAttribute('data-outcome')).toBe('SCOPE_BUSY');
    expect(await banner.getAttribute('data-run-id')).toBe(app.world.runs.scopeBusy);
    await banner.getByText('Holding the connection: Policy backup').waitFor();
    expect(await banner.textContent()).toContain('Policy backup is already queued or running');
    await expectAccessible(page);
    await screenshot(page, 'tenant-scope-busy');
    await banner.getByRole('link', { name: 'Wait for run' }).click();
    await page.waitForURL(`${app.url}/monitoring/operations/${app.world.runs.scopeBusy}`);
  });

  test('Fabrikam: ACCEPTED on an explicitly picked connection, which the run detail shows', async ({ app, page }) => {
    const tenantId = app.world.tenants.usable;
    const created = await api(
      app,
      'owner',
      `mutation($input: CreateProviderConnectionInput!) { createProviderConnection(input: $input) { id clientId } }`,
      {
        input: {
          tenantId,
          displayName: 'Second Graph app',
          entraTenantId: '11111111-1111-4111-8111-111111111111',
          clientId: '99999999-2222-4333-8444-555555555555',
          clientSecret: 'second-secret',
        },
      },
    );
    const second = created.data.createProviderConnection;
    // A new connection has no consent recorded until someone records it.
    await api(app, 'owner', 'mutation($id: ID!) { recordProviderConsent(id: $id, status: GRANTED) { id } }', {
      id: second.id,
    });
    await signIn(page, app, 'owner', `/tenants/${tenantId}`);
    await page.getByRole('heading', { level: 1, name: 'Fabrikam' }).waitFor();
    await page.getByLabel('Provider connection').selectOption(second.id);
    // A paused queue keeps the run QUEUED until its run page watches it (then it ends live).
    await app.stack.queue.pause();
    await page.getByRole('button', { name: 'Sync role definitions' }).click();
    const banner = startResult(page);
    await banner.waitFor();
    expect(await banner.getAttribute('data-outcome')).toBe('ACCEPTED');
    await banner.getByText('Second Graph app', { exact: true }).waitFor();
    await banner.getByText(second.clientId).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'tenant-accepted');
    const runId = await banner.getAttribute('data-run-id');
    // The tenant's runs list shows it, live.
    await page.getByRole('region', { name: 'Runs' }).locator(`tr[data-run-id="${runId}"]`).waitFor();
    await banner.getByRole('link', { name: 'Open run' }).click();
    await page.waitForURL(`${app.url}/monitoring/operations/${runId}`);
    const identity = page.getByRole('region', { name: 'Provider connection' });
    await identity.getByText('Second Graph app', { exact: true }).waitFor();
    await identity.getByText(second.clientId).waitFor();
    // It completes live; the tenant page then shows what it synced.
    const badge = page.locator('.run-headline [data-status]');
    await expect.poll(() => badge.getAttribute('data-status')).toBe('QUEUED');
    await page.getByText('Live', { exact: true }).waitFor();
    await app.stack.queue.resume();
    await expect.poll(() => badge.getAttribute('data-status'), { timeout: 120_000 }).toBe('COMPLETED');
    await page.goto(`${app.url}/tenants/${tenantId}`);
    await expect
      .poll(async () => page.getByRole('region', { name: 'Role definitions' }).locator('li').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
  }, 240_000);

  test('directory groups are searchable and paged once synced', async ({ app, page }) => {
    const tenantId = app.world.tenants.usable;
    await signIn(page, app, 'owner', `/tenants/${tenantId}`);
    await page.getByRole('heading', { level: 1, name: 'Fabrikam' }).waitFor();
    // Whatever holds the connection (the previous test's run) has ended before this start.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Sync directory groups' }).click();
          await startResult(page).waitFor();
          return startResult(page).getAttribute('data-outcome');
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toMatch(/ACCEPTED|DEDUPED/);
    const runId = (await startResult(page).getAttribute('data-run-id')) ?? '';
    await expect
      .poll(
        async () =>
          (await api(app, 'owner', 'query($id: ID!) { operationRun(id: $id) { status } }', { id: runId })).data
            .operationRun.status,
        { timeout: 60_000 },
      )
      .toBe('COMPLETED');
    await page.reload();
    const groups = page.getByRole('region', { name: 'Directory groups' });
    await expect.poll(() => groups.locator('tbody tr').count(), { timeout: 30_000 }).toBe(10);
    const firstPage = await groups.locator('tbody tr').first().textContent();
    await groups.getByRole('button', { name: 'Next page' }).click();
    await groups.getByText('Page 2', { exact: true }).waitFor();
    await expect.poll(() => groups.locator('tbody tr').first().textContent()).not.toBe(firstPage);
    const name = (await groups.locator('tbody tr td').first().textContent()) ?? '';
    await groups.getByRole('searchbox', { name: 'Search groups' }).fill(name);
    await groups.getByRole('button', { name: 'Search' }).click();
    await groups.getByText('Page 1', { exact: true }).waitFor();
    await expect.poll(() => groups.locator('tbody tr td').first().textContent()).toBe(name);
    await expectAccessible(page);
    await screenshot(page, 'tenant-overview');
  });

  test('READONLY sees the starts disabled with the reason; a forced start is FORBIDDEN', async ({ app, page }) => {
    const tenantId = app.world.tenants.usable;
    await signIn(page, app, 'readonly', `/tenants/${tenantId}`);
    await page.getByRole('heading', { level: 1, name: 'Fabrikam' }).waitFor();
    for (const name of ['Verify provider', 'Sync directory groups', 'Sync role definitions', 'Back up policies']) {
      const button = page.getByRole('button', { name });
      expect(await button.isDisabled()).toBe(true);
      const describedBy = await button.getAttribute('aria-describedby');
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/capability/);
    }
    await page.getByText('You do not hold the directory.sync capability on this tenant.').waitFor();
    const forced = await api(
      app,
      'readonly',
      `mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { __typename } }`,
      { t: tenantId },
    );
    expect(forced.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await expectAccessible(page);
    await screenshot(page, 'tenant-readonly');
  });

  test("a stranger's tenant URL shows the not-found page", async ({ app, page }) => {
    await signIn(page, app, 'stranger', `/tenants/${app.world.tenants.usable}`);
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    expect(await page.getByText('Fabrikam').count()).toBe(0);
    await expectAccessible(page);
  });
});
