// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Monitoring → Operations (`/monitoring/operations`) in Chromium on the seeded world: the sign-in
 * page a fresh browser meets; the fleet list (every run of every tenant the user is a member of,
 * no tenant picked) with its counts per status, filters kept in the URL and keyset paging both
 * ways; runs started through the API (accepted and blocked) appearing live, and a run's page
 * following it to the end; the "live / reconnecting" indicator when the graphql-ws socket is lost
 * and comes back, including after a close graphql-ws itself does not retry (1011).
 */
import { simulatorControl } from '@msp/tests/support/simulator';
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { api, type ConsoleStack, expect, expectAccessible, screenshot, signIn, test } from './support';

const FABRIKAM_ENTRA = '11111111-1111-4111-8111-111111111111';

const row = (page: Page, runId: string) => page.locator(`tr[data-run-id="${runId}"]`);
const statusOf = (page: Page, runId: string) => row(page, runId).locator('[data-status]').getAttribute('data-status');
const countOf = (page: Page, status: string) =>
  page.locator(`.status-counts [data-count-status="${status}"] .status-count`).textContent();

/** Waits for the page (vitest's expect.poll gives up after 1 s: too soon for a loaded machine's first read). */
const eventually = <T>(read: () => T | Promise<T>, options: { timeout?: number } = {}) =>
  expect.poll(read, { timeout: 15_000, ...options });

/** Marks the document: still marked later means the page was never reloaded. */
const markDocument = (page: Page) =>
  page.evaluate(() => {
    (window as any).__sameDocument = true;
  });
const sameDocument = (page: Page) => page.evaluate(() => (window as any).__sameDocument === true);

async function startGroupsSync(app: ConsoleStack, tenantId: string) {
  const started = await api(
    app,
    'owner',
    `mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) {
      ... on ProviderOperationStart { outcome }
      ... on ProviderOperationAccepted { run { id } }
      ... on ProviderOperationBlocked { blockedRun: run { id } } } }`,
    { t: tenantId },
  );
  expect(started.errors).toBeUndefined();
  const result = started.data.startDirectoryGroupsSync;
  return { outcome: result.outcome as string, run: (result.run ?? result.blockedRun) as { id: string } | null };
}

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

  test('the owner sees the seeded Tailspin and Wingtip runs RUNNING in the fleet list, no tenant picked', async ({
    app,
    page,
  }) => {
    await signIn(page, app, 'owner');
    await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    await eventually(() => page.getByLabel('Tenant', { exact: true }).locator('option:checked').textContent()).toBe(
      'All tenants',
    );
    await eventually(() => statusOf(page, app.world.runs.dedupe)).toBe('RUNNING');
    await eventually(() => statusOf(page, app.world.runs.scopeBusy)).toBe('RUNNING');
    await row(page, app.world.runs.dedupe).getByRole('cell', { name: 'Tailspin' }).waitFor();
    await row(page, app.world.runs.scopeBusy).getByRole('cell', { name: 'Wingtip' }).waitFor();
    // Fabrikam's finished backup is on the same list: three tenants' runs in one, newest first.
    await eventually(() => statusOf(page, app.world.runs.backup)).toBe('COMPLETED');
    const order = await page
      .locator('tr[data-run-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));
    expect(order.indexOf(app.world.runs.backup)).toBeGreaterThan(order.indexOf(app.world.runs.dedupe));
    // Counts per status from the API's totalCount, for the whole fleet.
    await eventually(() => countOf(page, 'RUNNING')).toBe('2');
    await eventually(() => countOf(page, 'COMPLETED')).toBe('1');
    await eventually(() => countOf(page, 'ALL')).toBe('3');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByText('Live', { exact: true }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'operations-list');
    // A run opens from its row.
    await row(page, app.world.runs.scopeBusy).getByRole('link').first().click();
    await page.waitForURL(`${app.url}/monitoring/operations/${app.world.runs.scopeBusy}`);
    const run = await api(app, 'owner', 'query($id: ID!) { operationRun(id: $id) { message { headline } } }', {
      id: app.world.runs.scopeBusy,
    });
    await page.getByRole('heading', { level: 1, name: run.data.operationRun.message.headline }).waitFor();
  });

  test('filters are kept in the URL: status, tenant, then its connection; a time range; a shared link', async ({
    app,
    page,
  }) => {
    await signIn(page, app, 'owner');
    await eventually(() => statusOf(page, app.world.runs.backup)).toBe('COMPLETED');
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Running' });
    await page.waitForURL(/status=RUNNING/);
    await eventually(() => row(page, app.world.runs.backup).count()).toBe(0);
    await eventually(() => statusOf(page, app.world.runs.dedupe)).toBe('RUNNING');
    await eventually(() => page.locator('.status-counts [aria-current="page"]').getAttribute('data-count-status')).toBe(
      'RUNNING',
    );
    await page.getByLabel('Tenant', { exact: true }).selectOption({ label: 'Tailspin' });
    await page.waitForURL(new RegExp(`tenant=${app.world.tenants.dedupe}`));
    await eventually(() => row(page, app.world.runs.scopeBusy).count()).toBe(0);
    await eventually(() => statusOf(page, app.world.runs.dedupe)).toBe('RUNNING');
    await eventually(() =>
      page.getByLabel('Connection', { exact: true }).locator('option').allTextContents(),
    ).toContain('Primary Graph app');
    await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Primary Graph app' });
    await page.waitForURL(/connection=/);
    await eventually(() => statusOf(page, app.world.runs.dedupe)).toBe('RUNNING');
    // The URL is the list: opened afresh it shows the same filters and runs.
    const shared = page.url();
    await page.goto(shared);
    await eventually(() => page.getByLabel('Status', { exact: true }).locator('option:checked').textContent()).toBe(
      'Running',
    );
    await eventually(() => page.getByLabel('Tenant', { exact: true }).locator('option:checked').textContent()).toBe(
      'Tailspin',
    );
    await eventually(() => statusOf(page, app.world.runs.dedupe)).toBe('RUNNING');
    // A time range after every run: nothing matches.
    await page.goto(
      `${app.url}/monitoring/operations?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
    );
    await page.getByText('No runs match these filters.').waitFor();
    await eventually(() => countOf(page, 'ALL')).toBe('0');
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await eventually(() => statusOf(page, app.world.runs.dedupe)).toBe('RUNNING');
    await expectAccessible(page);
  });

  test('keyset paging goes towards older runs and back towards newer ones', async ({ app, page }) => {
    await signIn(page, app, 'owner', '/monitoring/operations?first=1');
    const shown = () =>
      page.locator('tr[data-run-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));
    await eventually(shown).toHaveLength(1);
    const [first] = await shown();
    await page.getByRole('link', { name: 'Older runs →' }).click();
    await page.waitForURL(/after=/);
    await eventually(async () => (await shown()).filter((id) => id !== first)).toHaveLength(1);
    const [second] = await shown();
    await page.getByRole('link', { name: 'Older runs →' }).click();
    await eventually(async () => (await shown()).filter((id) => id !== first && id !== second)).toHaveLength(1);
    await page.getByRole('link', { name: '← Newer runs' }).click();
    await page.waitForURL(/before=/);
    await eventually(shown).toEqual([second]);
    await page.getByRole('link', { name: '← Newer runs' }).click();
    await eventually(shown).toEqual([first]);
    await eventually(() => page.getByRole('link', { name: '← Newer runs' }).count()).toBe(0);
    await page.getByRole('link', { name: '⇤ Newest runs' }).click();
    await page.waitForURL(`${app.url}/monitoring/operations?first=1`);
    await eventually(shown).toEqual([first]);
    await expectAccessible(page);
  });

  test('a start made through the API appears in the open list, and its page goes QUEUED → RUNNING → COMPLETED', async ({
    app,
    page,
  }) => {
    // A paused queue keeps the run QUEUED until the page watches it; a slow Graph keeps it RUNNING a moment.
    await app.stack.queue.pause();
    await simulatorControl(app.stack.simulator.url).configure(FABRIKAM_ENTRA, { latencyMs: 600 });
    try {
      await signIn(page, app, 'owner');
      await page.locator('output.live[data-state="live"]').waitFor();
      await eventually(() => statusOf(page, app.world.runs.dedupe)).toBe('RUNNING');
      await eventually(() => countOf(page, 'QUEUED')).toMatch(/^\d+$/);
      const queuedBefore = Number(await countOf(page, 'QUEUED'));
      await markDocument(page);

      const started = await startGroupsSync(app, app.world.tenants.usable);
      expect(started.outcome).toBe('ACCEPTED');
      const runId = started.run!.id;
      await eventually(() => statusOf(page, runId), { timeout: 15_000 }).toBe('QUEUED');
      await row(page, runId).getByRole('cell', { name: 'Fabrikam' }).waitFor();
      // Newest first: the new run heads the list.
      expect(await page.locator('tr[data-run-id]').first().getAttribute('data-run-id')).toBe(runId);
      await eventually(() => countOf(page, 'QUEUED'), { timeout: 15_000 }).toBe(String(queuedBefore + 1));

      // A blocked attempt (Northwind: consent missing) is a row the moment it is recorded.
      const blocked = await startGroupsSync(app, app.world.tenants.blocked);
      expect(blocked.outcome).toBe('BLOCKED');
      await eventually(() => row(page, blocked.run!.id).locator('[data-status]').getAttribute('data-outcome'), {
        timeout: 15_000,
      }).toBe('BLOCKED');
      await row(page, blocked.run!.id).getByRole('cell', { name: 'Northwind' }).waitFor();
      expect(await sameDocument(page)).toBe(true);
      await expectAccessible(page);
      await screenshot(page, 'operations-list-live');

      // Its page, opened from the row (no reload), follows it to the end.
      await row(page, runId).getByRole('link').first().click();
      await page.waitForURL(`${app.url}/monitoring/operations/${runId}`);
      const badge = page.locator('.run-headline [data-status]');
      await eventually(() => badge.getAttribute('data-status')).toBe('QUEUED');
      await page.evaluate(() => {
        const w = window as any;
        w.__statuses = [document.querySelector('.run-headline [data-status]')?.getAttribute('data-status')];
        new MutationObserver(() => {
          const status = document.querySelector('.run-headline [data-status]')?.getAttribute('data-status');
          if (status && w.__statuses.at(-1) !== status) w.__statuses.push(status);
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      await app.stack.queue.resume();
      await eventually(() => page.evaluate(() => (window as any).__statuses), { timeout: 30_000 }).toEqual([
        'QUEUED',
        'RUNNING',
        'COMPLETED',
      ]);
      expect(await sameDocument(page)).toBe(true);
      // Back on the list, the row shows the run's end.
      await page.goBack();
      await eventually(() => statusOf(page, runId), { timeout: 15_000 }).toBe('COMPLETED');
      expect(await sameDocument(page)).toBe(true);
    } finally {
      await app.stack.queue.resume();
      await simulatorControl(app.stack.simulator.url).configure(FABRIKAM_ENTRA, { latencyMs: 0 });
    }
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
    await eventually(() => indicator.getAttribute('data-state')).toBe('live');
    reachable = false;
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await eventually(() => indicator.getAttribute('data-state')).toBe('reconnecting');
    await page.getByText('Reconnecting…', { exact: true }).waitFor();
    await expectAccessible(page);
    reachable = true;
    await eventually(() => indicator.getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    await page.getByText('Live', { exact: true }).waitFor();
  });

  test('after a close graphql-ws gives up on (1011), the console reconnects with back-off and is live again', async ({
    app,
    page,
  }) => {
    // 1011 ("internal error") is fatal to graphql-ws: it ends every subscription and connects no
    // more. The console subscribes again after a back-off; the second and third sockets are
    // refused (1011 again) to show that it keeps trying, the fourth one is let through.
    let opened = 0;
    const sockets: Array<{ close: () => Promise<void> }> = [];
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      opened += 1;
      if (opened === 2 || opened === 3) {
        void ws.close({ code: 1011, reason: 'internal error' });
        return;
      }
      ws.connectToServer();
      sockets.push({ close: () => ws.close({ code: 1011, reason: 'internal error' }) });
    });
    await signIn(page, app, 'owner');
    const indicator = page.locator('output.live');
    await eventually(() => indicator.getAttribute('data-state')).toBe('live');
    await eventually(() => statusOf(page, app.world.runs.dedupe)).toBe('RUNNING');
    await markDocument(page);
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await eventually(() => indicator.getAttribute('data-state')).toBe('reconnecting');
    await eventually(() => indicator.getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    expect(opened).toBeGreaterThanOrEqual(4);
    // Live for real: a run started now appears without a reload.
    const blocked = await startGroupsSync(app, app.world.tenants.blocked);
    await eventually(() => row(page, blocked.run!.id).locator('[data-status]').getAttribute('data-outcome'), {
      timeout: 15_000,
    }).toBe('BLOCKED');
    expect(await sameDocument(page)).toBe(true);
  });
});
