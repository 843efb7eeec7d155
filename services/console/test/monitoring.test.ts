// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Monitoring → Operations (`/monitoring/operations`) in Chromium on the seeded world: the sign-in
 * page a fresh browser meets, the list of runs with their live status, and the "live /
 * reconnecting" indicator when the graphql-ws socket is lost and comes back.
 */
import { describe } from 'vitest';
import { api, expect, expectAccessible, screenshot, signIn, test } from './support';

describe('Monitoring → Operations', () => {
  test('a fresh browser meets the sign-in page, which lists the seeded users', async ({ app, page }) => {
    await page.goto(`${app.url}/monitoring/operations`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    for (const subject of ['owner', 'operator', 'readonly', 'stranger']) {
      await page.getByRole('button', { name: `Sign in as ${subject}` }).waitFor();
    }
    await expectAccessible(page);
    await screenshot(page, 'sign-in');
  });

  test('the owner sees the seeded Tailspin run RUNNING in the list, and opens it', async ({ app, page }) => {
    await signIn(page, app, 'owner', `/monitoring/operations?tenant=${app.world.tenants.dedupe}`);
    await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
    const row = page.locator(`tr[data-run-id="${app.world.runs.dedupe}"]`);
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status')).toBe('RUNNING');
    await row.getByRole('cell', { name: 'Tailspin' }).waitFor();
    await expect
      .poll(() => page.getByLabel('Connection').locator('option').allTextContents())
      .toContain('Primary Graph app');
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect.poll(() => page.getByLabel('Tenant').locator('option:checked').textContent()).toBe('Tailspin');
    await page.getByText('Live', { exact: true }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'operations-list');
    await row.getByRole('link').first().click();
    await page.waitForURL(`${app.url}/monitoring/operations/${app.world.runs.dedupe}`);
    const run = await api(app, 'owner', 'query($id: ID!) { operationRun(id: $id) { message { headline } } }', {
      id: app.world.runs.dedupe,
    });
    await page.getByRole('heading', { level: 1, name: run.data.operationRun.message.headline }).waitFor();
  });

  test('the indicator says "Reconnecting…" while the live socket is lost, and "Live" once it is back', async ({
    app,
    page,
  }) => {
    // The page's graphql-ws socket goes through this route: the test drops it and holds the
    // reconnection back, as a gateway restart would (1012/1013: closes graphql-ws retries; a
    // browser cannot be sent 1006, the code of a lost network, which it also retries).
    let reachable = true;
    const sockets: Array<{ close: () => Promise<void> }> = [];
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      if (!reachable) {
        void ws.close({ code: 1013, reason: 'try again later' });
        return;
      }
      ws.connectToServer();
      sockets.push({ close: () => ws.close({ code: 1012, reason: 'service restart' }) });
    });
    await signIn(page, app, 'owner');
    const indicator = page.locator('output.live');
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('live');
    reachable = false;
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await expect.poll(() => indicator.getAttribute('data-state')).toBe('reconnecting');
    await page.getByText('Reconnecting…', { exact: true }).waitFor();
    await expectAccessible(page);
    reachable = true;
    await expect.poll(() => indicator.getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    await page.getByText('Live', { exact: true }).waitFor();
  });
});
