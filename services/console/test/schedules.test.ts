// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The tenant's schedules page in Chromium on the seeded world: reached from the tenant page; an
 * owner creates a schedule (a bad cron expression first: the API's message, nothing written),
 * sees it listed in words with its next firing, pauses it (by keyboard) and resumes it, deletes it after confirming;
 * the list pages as the API pages it; READONLY sees the list without any control, an OPERATOR
 * gets the form but no control over the owner's schedule (the API's `viewerCanManage`), and a
 * forced pause is FORBIDDEN; a schedule whose firings are BLOCKED (Northwind, consent missing)
 * shows the problem with the first blocked attempt's message as the API wrote it, and its
 * firings. The stack accepts a cron of seconds (`scheduleMinIntervalSeconds: 1`) so that real
 * firings happen through the worker and the gate within the test.
 */
import { describe } from 'vitest';
import {
  api,
  test as base,
  type ConsoleStack,
  expect,
  expectAccessible,
  screenshot,
  signIn,
  startConsoleStack,
} from './support';

const test = base.extend<{ app: ConsoleStack }>({
  app: [
    async ({ database }, use) => {
      const app = await startConsoleStack(database.connect(10), { stack: { scheduleMinIntervalSeconds: 1 } });
      await use(app);
      await app.stack.close();
      await app.console.close();
    },
    { scope: 'file' },
  ],
});

const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }`;
const SCHEDULES = `query($tenantId: ID!) { schedules(tenantId: $tenantId, first: 100) { totalCount edges { node { id name status problem { reasonCode } } } } }`;

describe('schedules', () => {
  test('an owner creates a schedule from the tenant page, pauses and resumes it, deletes it', async ({ app, page }) => {
    const tenantId = app.world.tenants.usable;
    await signIn(page, app, 'owner', `/tenants/${tenantId}`);
    await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Schedules' }).click();
    await page.waitForURL(`${app.url}/tenants/${tenantId}/schedules`);
    await page.getByRole('heading', { level: 1, name: 'Schedules' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'No schedules' }).waitFor();

    await page.getByLabel('Name (optional)').fill('Nightly policy backup');
    await page.getByLabel('Operation').selectOption({ label: 'Policy backup' });
    await page.getByLabel('Provider connection').selectOption(app.world.connections.usable);
    await page.getByRole('radio', { name: 'On a cron expression' }).check();
    await page.getByLabel('Cron expression', { exact: true }).fill('not a cron');
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    // The API's message as it comes, with its code; nothing written.
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('BAD_USER_INPUT');
    expect((await api(app, 'owner', SCHEDULES, { tenantId })).data.schedules.totalCount).toBe(0);

    await page.getByLabel('Cron expression', { exact: true }).fill('0 3 * * *');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page
      .getByRole('status')
      .getByText('Nightly policy backup is scheduled: every day at 03:00 (Europe/Berlin).')
      .waitFor();
    const nightly = page.getByRole('listitem', { name: /Nightly policy backup/ });
    await nightly.waitFor();
    await page.getByRole('heading', { level: 2, name: 'Schedules 1–1 of 1' }).waitFor();
    const facts = await nightly.locator('dl').textContent();
    expect(facts).toContain('Policy backup');
    expect(facts).toContain('Every day at 03:00 (Europe/Berlin) · 0 3 * * *');
    expect(facts).toContain('Primary Graph app');
    expect(facts).toContain('Not yet');
    expect(await nightly.locator('[data-status]').textContent()).toBe('Active');
    // When it fires next, as the API computes it (03:00 in Berlin), shown in the list.
    const nextOf = async () =>
      (
        await api(
          app,
          'owner',
          'query($tenantId: ID!) { schedules(tenantId: $tenantId, first: 100) { edges { node { name nextFiringAt } } } }',
          { tenantId },
        )
      ).data.schedules.edges.find((e: any) => e.node.name === 'Nightly policy backup').node.nextFiringAt;
    const next = await nextOf();
    expect(Date.parse(next)).toBeGreaterThan(Date.now());
    const nextFiring = nightly.locator('[data-next-firing]');
    expect(await nextFiring.getAttribute('data-next-firing')).toBe(next);
    expect(facts).toContain('Next firing');

    // A second one at an interval on the tenant's default connection.
    await page.getByRole('radio', { name: 'At an interval' }).check();
    await page.getByLabel('Operation').selectOption({ label: 'Directory groups sync' });
    await page.getByLabel('Provider connection').selectOption('');
    await page.getByLabel('Every').fill('6');
    await page.getByLabel('Unit').selectOption({ label: 'hours' });
    await page.getByRole('button', { name: 'Create schedule' }).click();
    const groups = page.getByRole('listitem', { name: /Directory groups sync/ });
    await groups.waitFor();
    expect(await groups.locator('dl').textContent()).toContain('Every 6 hours');
    expect(await groups.locator('dl').textContent()).toContain('The tenant’s default at each firing');
    await page.getByRole('heading', { level: 2, name: 'Schedules 1–2 of 2' }).waitFor();

    // Pause from the keyboard; resume by click.
    await nightly.getByRole('button', { name: 'Pause' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => nightly.locator('[data-status]').textContent()).toBe('Paused');
    expect(await nightly.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    expect(await nextFiring.textContent()).toBe('None while paused');
    expect(await nextOf()).toBeNull();
    const stored = async () =>
      (await api(app, 'owner', SCHEDULES, { tenantId })).data.schedules.edges.map((e: any) => e.node.status);
    expect(await stored()).toEqual(['PAUSED', 'ACTIVE']);
    await expectAccessible(page);
    await screenshot(page, 'schedules');
    await nightly.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => nightly.locator('[data-status]').textContent()).toBe('Active');
    expect(await stored()).toEqual(['ACTIVE', 'ACTIVE']);

    // Its firings, on demand.
    await nightly.getByRole('button', { name: 'Show firings' }).click();
    await nightly.getByText('It has not fired yet.').waitFor();
    expect(await nightly.getByRole('button', { name: 'Hide firings' }).getAttribute('aria-expanded')).toBe('true');

    // Delete asks first; the confirmation takes the focus, "Keep it" gives it back.
    await nightly.getByRole('button', { name: 'Delete' }).focus();
    await page.keyboard.press('Enter');
    const confirm = nightly.getByRole('button', { name: 'Confirm delete' });
    await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => nightly.getByRole('button', { name: 'Delete' }).evaluate((el) => el === document.activeElement))
      .toBe(true);
    expect(await stored()).toHaveLength(2);
    await page.keyboard.press('Enter');
    await confirm.click();
    await page.getByRole('heading', { level: 2, name: 'Schedules 1–1 of 1' }).waitFor();
    expect(await page.getByRole('listitem', { name: /Nightly policy backup/ }).count()).toBe(0);
    expect(await stored()).toEqual(['ACTIVE']);
  });

  test('the list pages as the API pages it', async ({ app, page }) => {
    const tenantId = app.world.tenants.dedupe;
    for (let i = 1; i <= 21; i += 1) {
      const created = await api(app, 'owner', CREATE, {
        input: { tenantId, operationType: 'ROLE_DEFINITIONS_SYNC', name: `Sync ${i}`, intervalSeconds: 3600 * i },
      });
      expect(created.errors).toBeUndefined();
    }
    await signIn(page, app, 'owner', `/tenants/${tenantId}/schedules`);
    await page.getByRole('heading', { level: 2, name: 'Schedules 1–20 of 21' }).waitFor();
    expect(await page.getByRole('listitem', { name: /^Sync \d+/ }).count()).toBe(20);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByRole('heading', { level: 2, name: 'Schedules 21–21 of 21' }).waitFor();
    await page
      .getByRole('listitem', { name: /^Sync 21/ })
      .getByText('Every 21 hours')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByRole('heading', { level: 2, name: 'Schedules 1–20 of 21' }).waitFor();
  });

  test('READONLY sees the list without controls; an OPERATOR may create but not change the owner’s', async ({
    app,
    page,
  }) => {
    const tenantId = app.world.tenants.scopeBusy;
    const created = await api(app, 'owner', CREATE, {
      input: { tenantId, operationType: 'POLICY_BACKUP', name: 'Weekly backup', cron: '30 7 * * 1', timeZone: 'UTC' },
    });
    const scheduleId = created.data.createSchedule.id;
    await signIn(page, app, 'readonly', `/tenants/${tenantId}/schedules`);
    const weekly = page.getByRole('listitem', { name: /Weekly backup/ });
    await weekly.getByText('Every Monday at 07:30 (UTC)').waitFor();
    for (const name of ['Pause', 'Resume', 'Delete', 'Confirm delete', 'Create schedule']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    await page.getByText('You hold no operation’s start capability on this tenant').waitFor();
    // Reading is every member's: the firings open for READONLY too.
    await weekly.getByRole('button', { name: 'Show firings' }).click();
    await weekly.getByText('It has not fired yet.').waitFor();
    const forced = await api(app, 'readonly', 'mutation($id: ID!) { pauseSchedule(id: $id) { id } }', {
      id: scheduleId,
    });
    expect(forced.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await expectAccessible(page);
    await screenshot(page, 'schedules-readonly');

    await page.context().clearCookies();
    await page.evaluate(() => sessionStorage.clear());
    await signIn(page, app, 'operator', `/tenants/${tenantId}/schedules`);
    await page.getByRole('listitem', { name: /Weekly backup/ }).waitFor();
    await page.getByRole('button', { name: 'Create schedule' }).waitFor();
    for (const name of ['Pause', 'Resume', 'Delete']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
  });

  test('a schedule whose firings are blocked shows the problem as the API words it, and its firings', async ({
    app,
    page,
  }) => {
    const tenantId = app.world.tenants.blocked;
    const created = await api(app, 'owner', CREATE, {
      input: { tenantId, operationType: 'PROVIDER_VERIFICATION', name: 'Verify often', cron: '*/2 * * * * *' },
    });
    expect(created.errors).toBeUndefined();
    const scheduleId = created.data.createSchedule.id;
    // The worker's reconciler picks it up, the gate answers its firings BLOCKED (consent missing).
    await expect
      .poll(async () => (await api(app, 'owner', SCHEDULES, { tenantId })).data.schedules.edges[0].node.problem, {
        timeout: 45_000,
        interval: 500,
      })
      .not.toBeNull();
    await api(app, 'owner', 'mutation($id: ID!) { pauseSchedule(id: $id) { id } }', { id: scheduleId });

    // Another names a connection that is deleted before it fires: the gate refuses it, it STOPs.
    const connection = await api(
      app,
      'owner',
      'mutation($input: CreateProviderConnectionInput!) { createProviderConnection(input: $input) { id entraTenantId } }',
      {
        input: {
          tenantId,
          displayName: 'Short-lived app',
          entraTenantId: '11111111-2222-4333-8444-555555555555',
          clientId: '99999999-2222-4333-8444-555555555555',
          clientSecret: 'a-secret',
        },
      },
    );
    expect(connection.errors).toBeUndefined();
    const stopping = await api(app, 'owner', CREATE, {
      input: {
        tenantId,
        operationType: 'DIRECTORY_GROUPS_SYNC',
        name: 'Groups on the short-lived app',
        cron: '*/2 * * * * *',
        providerConnectionId: connection.data.createProviderConnection.id,
      },
    });
    expect(stopping.errors).toBeUndefined();
    await api(app, 'owner', 'mutation($id: ID!) { deleteProviderConnection(id: $id) }', {
      id: connection.data.createProviderConnection.id,
    });
    await expect
      .poll(
        async () =>
          (await api(app, 'owner', SCHEDULES, { tenantId })).data.schedules.edges.map((e: any) => e.node.status)[1],
        { timeout: 45_000, interval: 500 },
      )
      .toBe('STOPPED');
    // Through the gateway, the API says so plainly: no error at `providerConnection` (null), the
    // id it names and that it was deleted.
    const named = await api(
      app,
      'owner',
      'query($tenantId: ID!) { schedules(tenantId: $tenantId, first: 100) { edges { node { name providerConnection { id } providerConnectionId providerConnectionDeleted } } } }',
      { tenantId },
    );
    expect(named.errors).toBeUndefined();
    const nodes = named.data.schedules.edges.map((e: any) => e.node);
    expect(nodes.find((n: any) => n.name === 'Verify often')).toEqual({
      name: 'Verify often',
      providerConnection: null,
      providerConnectionId: null,
      providerConnectionDeleted: false,
    });
    expect(nodes.find((n: any) => n.name === 'Groups on the short-lived app')).toEqual({
      name: 'Groups on the short-lived app',
      providerConnection: null,
      providerConnectionId: connection.data.createProviderConnection.id,
      providerConnectionDeleted: true,
    });

    await signIn(page, app, 'owner', `/tenants/${tenantId}/schedules`);
    const stopped = page.getByRole('listitem', { name: /Groups on the short-lived app/ });
    await stopped.locator('[data-stop-reason="PROVIDER_CONNECTION_NOT_FOUND"]').waitFor();
    // The reason once: the API's detail repeats it word for word here, and is not shown again.
    const stopText = (await stopped.locator('[data-stop-reason]').textContent()) ?? '';
    expect(stopText.match(/provider connection not found/gi)).toHaveLength(1);
    expect(await stopped.locator('[data-status]').textContent()).toBe('Stopped');
    // Not "the tenant's default": the connection it names is gone.
    expect(await stopped.locator('dl').textContent()).toContain('A connection that no longer exists');
    await stopped.getByRole('button', { name: 'Resume' }).waitFor();
    const item = page.getByRole('listitem', { name: /Verify often/ });
    await item.getByText('Its firings are blocked:').waitFor();
    const problem = item.locator('.schedule-problem');
    const reasonCode = await problem.getAttribute('data-reason-code');
    expect(reasonCode).toBeTruthy();
    // The first blocked attempt's message, exactly as the API has it.
    const run = (
      await api(
        app,
        'owner',
        'query($id: ID!) { schedule(id: $id) { problem { firstBlockedRun { id message { headline nextStep } } } } }',
        { id: scheduleId },
      )
    ).data.schedule.problem.firstBlockedRun;
    expect(await problem.locator('.scan-headline').textContent()).toBe(run.message.headline);
    expect(await problem.locator('.scan-next').textContent()).toContain(run.message.nextStep);
    expect(await problem.getByRole('link', { name: 'The first blocked attempt' }).getAttribute('href')).toBe(
      `/monitoring/operations/${run.id}`,
    );
    expect(await item.locator('dl').textContent()).toContain('Due ');
    // The last firing's decision inline in the list (the API's `lastFiring`), and no next one while paused.
    const last = item.locator('[data-last-outcome]');
    expect(await last.getAttribute('data-last-outcome')).toBe('BLOCKED');
    expect(await last.locator('[data-outcome="BLOCKED"]').textContent()).toBe('Blocked');
    expect(await item.locator('[data-next-firing]').textContent()).toBe('None while paused');
    await item.getByRole('button', { name: 'Show firings' }).click();
    const firings = item.getByRole('table');
    await firings.waitFor();
    expect(await firings.locator('[data-outcome="BLOCKED"]').count()).toBeGreaterThan(0);
    expect(await stopped.locator('dl').textContent()).toContain('A connection that no longer exists');
    await expectAccessible(page);
    await screenshot(page, 'schedules-blocked');
  });
});
