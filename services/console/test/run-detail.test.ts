// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Run detail (`/monitoring/operations/<runId>`) in Chromium on the seeded world: a deep link in a
 * fresh browser goes through sign-in and lands on the run; a missing run and a stranger's run show
 * the same not-found page; a run started through the API goes QUEUED → RUNNING → COMPLETED on
 * the open page without a reload; a run that failed on rejected credentials shows the API's
 * reason and next step, and its action opens the provider connection, where the secret is rotated.
 */
import { randomUUID } from 'node:crypto';
import { simulatorControl } from '@msp/tests/support/simulator';
import { describe } from 'vitest';
import { api, type ConsoleStack, expect, expectAccessible, screenshot, signIn, test } from './support';

const RUN = `query($id: ID!) { operationRun(id: $id) { id status outcome
  message { headline reason nextStep action actionUrl } } }`;

async function runOf(app: ConsoleStack, id: string) {
  return (await api(app, 'owner', RUN, { id })).data.operationRun;
}

describe('run detail', () => {
  test('a deep link in a fresh browser goes through sign-in and lands on the run, live', async ({ app, page }) => {
    const runId = app.world.runs.dedupe;
    await signIn(page, app, 'owner', `/monitoring/operations/${runId}`);
    const run = await runOf(app, runId);
    // The ten-second scan first, as the API wrote it.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(run.message.headline);
    await page.getByRole('region', { name: 'Summary' }).getByText(run.message.nextStep).waitFor();
    await page.getByRole('region', { name: 'Provider connection' }).getByText('Primary Graph app').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'run-detail-running');
  });

  test('a missing run and a stranger opening a run link see the same not-found page', async ({ app, browser }) => {
    const texts: string[] = [];
    for (const [subject, runId] of [
      ['stranger', app.world.runs.dedupe],
      ['owner', randomUUID()],
    ] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, app, subject, `/monitoring/operations/${runId}`);
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      texts.push(((await page.locator('main').textContent()) ?? '').trim());
      if (subject === 'stranger') await expectAccessible(page);
      await context.close();
    }
    expect(texts[0]).toBe(texts[1]);
    expect(texts[0]).not.toContain('Tailspin');
  });

  test('a run started through the API goes QUEUED → RUNNING → COMPLETED on the open page', async ({ app, page }) => {
    // A paused queue keeps the run QUEUED until the page watches it; a slow Graph keeps it RUNNING a moment.
    await app.stack.queue.pause();
    await simulatorControl(app.stack.simulator.url).configure('11111111-1111-4111-8111-111111111111', {
      latencyMs: 600,
    });
    const started = await api(
      app,
      'owner',
      `mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) {
        ... on ProviderOperationAccepted { run { id } runUrl } } }`,
      { t: app.world.tenants.usable },
    );
    const { run, runUrl } = started.data.startDirectoryGroupsSync;
    expect(runUrl).toBe(`${app.url}/monitoring/operations/${run.id}`);
    await signIn(page, app, 'owner', `/monitoring/operations/${run.id}`);
    const badge = page.locator('.run-headline [data-status]');
    await expect.poll(() => badge.getAttribute('data-status')).toBe('QUEUED');
    await page.getByText('Live', { exact: true }).waitFor();
    // Every status the badge shows from now on, and proof that the page is never reloaded.
    await page.evaluate(() => {
      const w = window as any;
      w.__sameDocument = true;
      w.__statuses = [document.querySelector('.run-headline [data-status]')?.getAttribute('data-status')];
      new MutationObserver(() => {
        const status = document.querySelector('.run-headline [data-status]')?.getAttribute('data-status');
        if (status && w.__statuses.at(-1) !== status) w.__statuses.push(status);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await app.stack.queue.resume();
    await expect
      .poll(() => page.evaluate(() => (window as any).__statuses), { timeout: 30_000 })
      .toEqual(['QUEUED', 'RUNNING', 'COMPLETED']);
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    const finished = await runOf(app, run.id);
    expect(finished.outcome).toBe('SUCCEEDED');
    await page.getByRole('heading', { level: 1, name: finished.message.headline }).waitFor();
    await simulatorControl(app.stack.simulator.url).configure('11111111-1111-4111-8111-111111111111', { latencyMs: 0 });
    await screenshot(page, 'run-detail-completed');
  });

  test('a run that ends between the page’s read and its subscription is shown ended (the page reads again)', async ({
    app,
    page,
  }) => {
    // The page subscribes after reading the run (the subscription needs its tenant). The test holds
    // the page's subscribe message back, cancels the run meanwhile (its event reaches no one), then
    // lets the subscription through: nothing live will ever tell the page, only a new read can.
    await app.stack.queue.pause();
    try {
      const started = await api(
        app,
        'owner',
        `mutation($t: ID!) { startRoleDefinitionsSync(tenantId: $t) { ... on ProviderOperationAccepted { run { id } } } }`,
        { t: app.world.tenants.usable },
      );
      const runId = started.data.startRoleDefinitionsSync.run.id;
      const held: Array<() => void> = [];
      let holding = true;
      await page.routeWebSocket(/\/graphql$/, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => {
          if (holding && String(message).includes('RunDetailLive')) held.push(() => server.send(message));
          else server.send(message);
        });
      });
      await signIn(page, app, 'owner', `/monitoring/operations/${runId}`);
      const badge = page.locator('.run-headline [data-status]');
      await expect.poll(() => badge.getAttribute('data-status')).toBe('QUEUED');
      await expect.poll(() => held.length).toBe(1);
      await page.evaluate(() => {
        (window as any).__sameDocument = true;
      });
      const cancelled = await api(
        app,
        'owner',
        `mutation($id: ID!) { cancelOperationRun(id: $id) { id status outcome } }`,
        { id: runId },
      );
      expect(cancelled.errors).toBeUndefined();
      expect((await runOf(app, runId)).outcome).toBe('CANCELLED');
      holding = false;
      for (const release of held.splice(0)) release();
      await expect.poll(() => badge.getAttribute('data-outcome'), { timeout: 15_000 }).toBe('CANCELLED');
      expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    } finally {
      await app.stack.queue.resume();
    }
  });

  test('the bell counts a new notification live, lists it, opens its run and marks it read', async ({ app, page }) => {
    await signIn(page, app, 'operator');
    const bell = page.getByRole('button', { name: /Notifications/ });
    await expect.poll(() => bell.textContent()).toContain('0 unread');
    await page.evaluate(() => {
      (window as any).__sameDocument = true;
    });
    const started = await api(
      app,
      'operator',
      `mutation($t: ID!) { startRoleDefinitionsSync(tenantId: $t) { ... on ProviderOperationAccepted { run { id } } } }`,
      { t: app.world.tenants.usable },
    );
    const runId = started.data.startRoleDefinitionsSync.run.id;
    await expect.poll(() => bell.textContent(), { timeout: 30_000 }).toContain('1 unread');
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    const mine = await api(app, 'operator', '{ myNotifications { id title readAt run { id } } }');
    const notification = mine.data.myNotifications.find((n: any) => n.run.id === runId);
    expect(notification.readAt).toBeNull();

    await bell.click();
    expect(await bell.getAttribute('aria-expanded')).toBe('true');
    const list = page.getByRole('list', { name: 'Notifications' });
    await list.getByRole('link', { name: new RegExp(notification.title) }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'notifications');
    await list.getByRole('link', { name: new RegExp(notification.title) }).click();
    await page.waitForURL(`${app.url}/monitoring/operations/${runId}`);
    await expect.poll(() => bell.textContent()).toContain('0 unread');
    const after = await api(app, 'operator', '{ myNotifications { id readAt } }');
    expect(after.data.myNotifications.find((n: any) => n.id === notification.id).readAt).not.toBeNull();
  });

  test('a run that failed on rejected credentials shows its reason and a working "rotate credentials" action', async ({
    app,
    page,
  }) => {
    await simulatorControl(app.stack.simulator.url).configure('11111111-1111-4111-8111-111111111111', {
      acceptSecret: false,
    });
    const started = await api(
      app,
      'owner',
      `mutation($t: ID!) { startTenantVerification(tenantId: $t) { ... on ProviderOperationAccepted { run { id } } } }`,
      { t: app.world.tenants.usable },
    );
    const runId = started.data.startTenantVerification.run.id;
    await expect.poll(async () => (await runOf(app, runId)).outcome, { timeout: 30_000 }).toBe('FAILED');
    const run = await runOf(app, runId);
    expect(run.message.action).toBe('ROTATE_PROVIDER_CREDENTIALS');

    await signIn(page, app, 'owner', `/monitoring/operations/${runId}`);
    const summary = page.getByRole('region', { name: 'Summary' });
    await summary.getByRole('heading', { level: 1, name: run.message.headline }).waitFor();
    await summary.getByText(run.message.reason).waitFor();
    await summary.getByText(run.message.nextStep).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'run-detail-failed-credentials');

    await summary.getByRole('link', { name: 'Rotate provider credentials' }).click();
    await page.waitForURL(run.message.actionUrl);
    await page.getByRole('heading', { level: 1, name: 'Primary Graph app' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('New client secret').fill('a-new-secret-from-entra');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('status').getByText('The new secret is stored').waitFor();
    // The secret was taken: the next verification succeeds against a Graph that accepts it again.
    await simulatorControl(app.stack.simulator.url).configure('11111111-1111-4111-8111-111111111111', {
      acceptSecret: true,
    });
    const credentials = await api(
      app,
      'owner',
      `query($id: ID!) { providerConnection(id: $id) { credentialStatus } }`,
      { id: app.world.connections.usable },
    );
    expect(credentials.data.providerConnection.credentialStatus).toBe('VALID');
  });
});
