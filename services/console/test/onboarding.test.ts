// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The onboarding wizard in Chromium on the seeded world (issue 14, acceptance 4, 6): Adatum's
 * verification, then bootstrap admitting one run at a time with the remaining work visible on
 * the step (a second click while one runs admits nothing), then completion; and a new session
 * created, connected, consented and cancelled through the wizard.
 */
import { describe } from 'vitest';
import { api, type ConsoleStack, expect, expectAccessible, screenshot, signIn, test } from './support';

const ADATUM_ENTRA = '55555555-5555-4555-8555-555555555555';

async function simulate(app: ConsoleStack, behaviour: Record<string, unknown>) {
  const res = await fetch(`${app.stack.simulator.url}/_simulator/tenants/${ADATUM_ENTRA}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(behaviour),
  });
  expect(res.status).toBeLessThan(300);
}

async function activeRuns(app: ConsoleStack, tenantId: string): Promise<number> {
  const runs = await api(
    app,
    'owner',
    'query($t: ID!) { operationRuns(tenantId: $t, filter: { status: [QUEUED, RUNNING] }) { edges { node { id } } } }',
    { t: tenantId },
  );
  return runs.data.operationRuns.edges.length;
}

describe('onboarding wizard', () => {
  test('verification, then bootstrap one run at a time with the remaining work visible, then complete', async ({
    app,
    page,
  }) => {
    const { sessionId, tenantId } = app.world.onboarding;
    await signIn(page, app, 'owner', `/onboarding/${sessionId}`);
    await page.getByRole('heading', { level: 1, name: 'Onboarding Adatum' }).waitFor();
    const step = (key: string) => page.locator(`[data-step="${key}"]`);
    await step('VERIFICATION').getByRole('button', { name: 'Start verification' }).click();
    const verificationBanner = step('VERIFICATION').locator('.start-result');
    await verificationBanner.waitFor();
    expect(await verificationBanner.getAttribute('data-outcome')).toBe('ACCEPTED');
    await expect.poll(() => step('VERIFICATION').getAttribute('data-status'), { timeout: 60_000 }).toBe('DONE');

    // A slow Graph keeps the first bootstrap run going while the operator clicks again: about 7
    // pages of 4 s each, so that it outlasts the accessibility scan and the screenshot on a busy
    // machine (with 4 pages of 1.5 s it once ended before the count below).
    await simulate(app, { latencyMs: 4000, groups: 6000 });
    const bootstrap = step('BOOTSTRAP');
    await bootstrap.getByRole('button', { name: 'Start bootstrap' }).click();
    const banner = bootstrap.locator('.start-result');
    await banner.waitFor();
    expect(await banner.getAttribute('data-outcome')).toBe('ACCEPTED');
    const remaining = bootstrap.getByTestId('bootstrap-remaining');
    await expect.poll(() => remaining.textContent()).toBe('Role definitions sync, Policy backup');
    await expectAccessible(page);
    await screenshot(page, 'onboarding-bootstrap');
    expect(await activeRuns(app, tenantId)).toBe(1);

    // Clicking again while it runs admits nothing.
    await bootstrap.getByRole('button', { name: 'Start bootstrap' }).click();
    await expect.poll(() => banner.getAttribute('data-outcome')).not.toBe('ACCEPTED');
    expect(['DEDUPED', 'SCOPE_BUSY']).toContain(await banner.getAttribute('data-outcome'));
    expect(await activeRuns(app, tenantId)).toBe(1);
    await expect.poll(() => remaining.textContent()).toBe('Role definitions sync, Policy backup');

    // When it ends, the next click admits the next operation.
    await simulate(app, { latencyMs: 0 });
    await expect.poll(() => activeRuns(app, tenantId), { timeout: 60_000 }).toBe(0);
    await expect
      .poll(
        async () => {
          await bootstrap.getByRole('button', { name: 'Start bootstrap' }).click();
          await banner.waitFor();
          return banner.getAttribute('data-outcome');
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe('ACCEPTED');
    await expect.poll(() => remaining.textContent()).toBe('Policy backup');

    await step('COMPLETE').getByRole('button', { name: 'Complete onboarding' }).click();
    await expect.poll(() => step('COMPLETE').getAttribute('data-status'), { timeout: 30_000 }).toBe('DONE');
    await page.getByRole('link', { name: 'Open Adatum' }).waitFor();
    await screenshot(page, 'onboarding-completed');
  }, 240_000);

  test('a new session: create, connect the provider, record consent, then cancel', async ({ app, page }) => {
    await signIn(page, app, 'owner', `/workspaces/${app.world.onboardingWorkspaceId}/onboarding`);
    await page.getByRole('heading', { level: 1, name: 'Onboarding' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Tenant name').fill('Litware');
    await page.getByLabel('Entra tenant (directory) ID').fill('66666666-6666-4666-8666-666666666666');
    await page.getByLabel('Primary domain (optional)').fill('litware.example');
    await page.getByRole('button', { name: 'Start onboarding' }).click();
    await page.getByRole('heading', { level: 1, name: 'Onboarding Litware' }).waitFor();
    const connection = page.locator('[data-step="PROVIDER_CONNECTION"]');
    await connection.getByLabel('Client (application) ID').fill('88888888-2222-4333-8444-555555555555');
    await connection.getByLabel('Client secret').fill('litware-secret');
    await connection.getByRole('button', { name: 'Connect provider' }).click();
    await connection.getByRole('link', { name: 'Open the Entra admin-consent page' }).waitFor();
    expect(await page.content()).not.toContain('litware-secret');
    await expectAccessible(page);
    await screenshot(page, 'onboarding-consent');
    await connection.getByRole('button', { name: 'Record consent granted' }).click();
    await connection.getByText('admin consent granted').waitFor();
    const complete = page.locator('[data-step="COMPLETE"]');
    await complete.getByRole('button', { name: 'Cancel onboarding' }).click();
    await complete.getByRole('button', { name: 'Confirm cancel' }).click();
    await expect.poll(() => complete.getAttribute('data-status')).toBe('SKIPPED');
    await page
      .getByText(/^Cancelled/)
      .first()
      .waitFor();
  });

  test('onboarding is for workspace owners: others get the not-found page', async ({ app, page }) => {
    await signIn(page, app, 'operator', `/onboarding/${app.world.onboarding.sessionId}`);
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    const forced = await api(
      app,
      'operator',
      'mutation($id: ID!) { startOnboardingVerification(sessionId: $id) { __typename } }',
      { id: app.world.onboarding.sessionId },
    );
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(forced.errors?.[0]?.extensions?.code);
  });
});
