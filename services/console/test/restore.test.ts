// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Restore in Chromium on the seeded world (issue 14, acceptance 3, 6): choose Fabrikam's backup,
 * preview (per-item actions and differences), a wrong phrase refused by the server, the right
 * one accepted, the banner's link opening the canonical run page, which completes live, per-item
 * results, and rerun drafting a new restore whose preview warns (the policies changed since the
 * backup: the first restore wrote them). Then every URL shape the presenter builds
 * opens a page here (tests/guards/console.test.ts checks the shapes against the routes).
 */
import { describe } from 'vitest';
import { api, expect, expectAccessible, screenshot, signIn, test } from './support';

describe('restore', () => {
  test('preview, warnings, typed confirmation, execute, results live, rerun', async ({ app, page }) => {
    const tenantId = app.world.tenants.usable;
    await signIn(page, app, 'owner', `/tenants/${tenantId}/restore-runs`);
    await page.getByRole('heading', { level: 1, name: 'Restore runs' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Prepare restore' }).click();
    await page.waitForURL(new RegExp(`/tenants/${tenantId}/restore-runs/[^/]+$`));
    const restoreRunId = page.url().split('/').pop() ?? '';
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.locator('tbody tr').first().waitFor();
    const restore = (
      await api(
        app,
        'owner',
        'query($id: ID!) { restoreRun(id: $id) { warnings preview { creates updates unchanged items { displayName action } } } }',
        { id: restoreRunId },
      )
    ).data.restoreRun;
    expect(await preview.locator('tbody tr').count()).toBe(restore.preview.items.length);
    await preview
      .getByText(
        `${restore.preview.creates} to create · ${restore.preview.updates} to update · ${restore.preview.unchanged} unchanged`,
      )
      .waitFor();
    for (const warning of restore.warnings)
      await page.getByRole('region', { name: 'Warnings' }).getByText(warning).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'restore-preview');

    // A wrong phrase: the server refuses it, and nothing starts.
    await page.getByLabel('Confirmation').fill('Fabrikam Ltd');
    await page.getByRole('button', { name: 'Execute restore' }).click();
    await page
      .getByRole('alert')
      .getByText(/confirmation does not match/)
      .waitFor();
    expect(await page.locator('.start-result').count()).toBe(0);
    const before = (
      await api(app, 'owner', 'query($id: ID!) { restoreRun(id: $id) { operationRun { id } } }', { id: restoreRunId })
    ).data.restoreRun.operationRun;
    expect(before).toBeNull();

    // A paused queue keeps the execution QUEUED until its run page watches it (then it ends live).
    await app.stack.queue.pause();
    await page.getByLabel('Confirmation').fill('Fabrikam');
    await page.getByRole('button', { name: 'Execute restore' }).click();
    const banner = page.locator('.start-result');
    await banner.waitFor();
    expect(await banner.getAttribute('data-outcome')).toBe('ACCEPTED');
    await screenshot(page, 'restore-accepted');
    const runId = await banner.getAttribute('data-run-id');
    await banner.getByRole('link', { name: 'Open run' }).click();
    await page.waitForURL(`${app.url}/monitoring/operations/${runId}`);
    const badge = page.locator('.run-headline [data-status]');
    await expect.poll(() => badge.getAttribute('data-status')).toBe('QUEUED');
    await page.getByText('Live', { exact: true }).waitFor();
    await app.stack.queue.resume();
    // A generous budget: under the full suite's load the worker can take a while to get to it.
    await expect.poll(() => badge.getAttribute('data-status'), { timeout: 150_000 }).toBe('COMPLETED');
    expect(await badge.getAttribute('data-outcome')).toMatch(/SUCCEEDED/);

    await page.goBack();
    await page.waitForURL(`${app.url}/tenants/${tenantId}/restore-runs/${restoreRunId}`);
    const results = page.getByRole('region', { name: 'Results' });
    await expect
      .poll(() => results.locator('tbody tr').count(), { timeout: 30_000 })
      .toBe(restore.preview.items.length);
    await expectAccessible(page);
    await screenshot(page, 'restore-results');

    await page.getByRole('button', { name: 'Rerun' }).click();
    await page.waitForURL(
      (url) => url.pathname.startsWith(`/tenants/${tenantId}/restore-runs/`) && !url.pathname.endsWith(restoreRunId),
    );
    await page.getByText('a rerun of').waitFor();
    await page.locator('[data-restore-status="DRAFT"]').waitFor();
    // The first restore wrote the policies after the backup was taken: the rerun's preview warns.
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const rerunId = page.url().split('/').pop() ?? '';
    await page.locator('[data-restore-status="PREVIEWED"]').waitFor();
    const warnings = (await api(app, 'owner', 'query($id: ID!) { restoreRun(id: $id) { warnings } }', { id: rerunId }))
      .data.restoreRun.warnings as string[];
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) await page.getByRole('region', { name: 'Warnings' }).getByText(warning).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'restore-warnings');
  }, 300_000);

  test('a READONLY member cannot prepare or execute; a forced execute is FORBIDDEN', async ({ app, page }) => {
    const tenantId = app.world.tenants.usable;
    const created = await api(
      app,
      'owner',
      'mutation($t: ID!, $b: ID!) { createRestoreRun(tenantId: $t, backupId: $b) { id } }',
      { t: tenantId, b: app.world.backupId },
    );
    const id = created.data.createRestoreRun.id;
    await signIn(page, app, 'readonly', `/tenants/${tenantId}/restore-runs/${id}`);
    await page.getByRole('heading', { level: 1, name: /Restore of the backup/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Preview', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Execute restore' }).isDisabled()).toBe(true);
    await page.getByText('You do not hold the restore.execute capability on this tenant.').waitFor();
    const forced = await api(
      app,
      'readonly',
      'mutation($id: ID!) { startRestoreExecution(restoreRunId: $id, confirmation: "Fabrikam") { __typename } }',
      { id },
    );
    expect(forced.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await expectAccessible(page);
  });

  test('every URL shape the presenter builds opens a page of the console', async ({ app, page }) => {
    const t = app.world.tenants.usable;
    const restore = (
      await api(app, 'owner', 'mutation($t: ID!, $b: ID!) { createRestoreRun(tenantId: $t, backupId: $b) { id } }', {
        t,
        b: app.world.backupId,
      })
    ).data.createRestoreRun.id;
    const run = app.world.runs.backup;
    const urls: Array<[string, RegExp | string]> = [
      [`/monitoring/operations/${run}`, 'Policy backup succeeded'],
      [`/tenants/${t}`, 'Fabrikam'],
      [`/tenants/${t}/provider-connections`, 'Provider connections'],
      [`/tenants/${t}/provider-connections/${app.world.connections.usable}`, 'Primary Graph app'],
      [`/tenants/${t}/restore-runs`, 'Restore runs'],
      [`/tenants/${t}/restore-runs/${restore}`, /Restore of the backup/],
      [`/support?run=${run}`, 'Contact support'],
      ['/support', 'Contact support'],
    ];
    await signIn(page, app, 'owner', '/tenants');
    for (const [path, heading] of urls) {
      await page.goto(`${app.url}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(await page.getByRole('heading', { name: 'Not found' }).count(), path).toBe(0);
    }
    await expectAccessible(page);
    await screenshot(page, 'support');
  });
});
