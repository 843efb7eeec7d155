// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Run control on the detail page, in Chromium on the seeded world: Cancel and Retry appear only
 * where the API says the viewer may (`viewerCanCancel` / `viewerCanRetry`), Cancel ends the run
 * CANCELLED live and frees its provider connection, Retry is a new start through the gate whose
 * answer is shown like any start's and linked both ways; the timeline records it all.
 */
import { describe } from 'vitest';
import { api, type ConsoleStack, expect, expectAccessible, screenshot, signIn, test } from './support';

const FABRIKAM_ENTRA = '11111111-1111-4111-8111-111111111111';

async function simulate(app: ConsoleStack, behaviour: Record<string, unknown>) {
  const res = await fetch(`${app.stack.simulator.url}/_simulator/tenants/${FABRIKAM_ENTRA}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(behaviour),
  });
  expect(res.status).toBeLessThan(300);
}

const START_SYNC = `mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) {
  __typename ... on ProviderOperationAccepted { run { id } } } }`;

describe('run control', () => {
  test('a READONLY member sees no Cancel on a running run; its owner does', async ({ app, browser }) => {
    const runId = app.world.runs.dedupe;
    for (const [subject, canCancel] of [
      ['readonly', false],
      ['owner', true],
    ] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, app, subject, `/monitoring/operations/${runId}`);
      // The run's own panel, not the sign-in page's heading that can still be on screen.
      await page.getByRole('heading', { level: 2, name: 'Run', exact: true }).waitFor();
      const run = await api(app, subject, 'query($id: ID!) { operationRun(id: $id) { viewerCanCancel } }', {
        id: runId,
      });
      expect(run.data.operationRun.viewerCanCancel).toBe(canCancel);
      expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(canCancel ? 1 : 0);
      if (subject === 'readonly') await expectAccessible(page);
      await context.close();
    }
  });

  test('Cancel from the detail page ends the run CANCELLED live and frees the connection; Retry starts it again', async ({
    app,
    page,
  }) => {
    // A slow Graph keeps the run RUNNING while the operator cancels it.
    await simulate(app, { latencyMs: 1500, groups: 3000 });
    const started = await api(app, 'owner', START_SYNC, { t: app.world.tenants.usable });
    const runId = started.data.startDirectoryGroupsSync.run.id;
    await signIn(page, app, 'owner', `/monitoring/operations/${runId}`);
    const badge = page.locator('.run-headline [data-status]');
    await expect.poll(() => badge.getAttribute('data-status'), { timeout: 30_000 }).toBe('RUNNING');
    await page.evaluate(() => {
      (window as any).__sameDocument = true;
    });
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.getByLabel(/Why/).fill('Started on the wrong tenant');
    await page.getByRole('button', { name: 'Confirm cancel' }).click();
    await expect.poll(() => badge.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('CANCELLED');
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    const run = (
      await api(app, 'owner', 'query($id: ID!) { operationRun(id: $id) { status outcome message { headline } } }', {
        id: runId,
      })
    ).data.operationRun;
    expect([run.status, run.outcome]).toEqual(['COMPLETED', 'CANCELLED']);
    await page.getByRole('heading', { level: 1, name: run.message.headline }).waitFor();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Cancel requested').waitFor();
    await timeline.getByText('Started on the wrong tenant').first().waitFor();
    expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'run-detail-cancelled');

    // The connection is free: another operation on it is admitted at once.
    await simulate(app, { latencyMs: 0, groups: 5 });
    const other = await api(
      app,
      'owner',
      `mutation($t: ID!) { startRoleDefinitionsSync(tenantId: $t) {
        __typename ... on ProviderOperationAccepted { run { id } } } }`,
      { t: app.world.tenants.usable },
    );
    expect(other.data.startRoleDefinitionsSync.__typename).toBe('ProviderOperationAccepted');
    const otherId = other.data.startRoleDefinitionsSync.run.id;
    await expect
      .poll(
        async () =>
          (await api(app, 'owner', 'query($id: ID!) { operationRun(id: $id) { status } }', { id: otherId })).data
            .operationRun.status,
        { timeout: 30_000 },
      )
      .toBe('COMPLETED');

    // Retry: a new start through the gate, its answer shown like any start's, linked both ways.
    await page.getByRole('button', { name: 'Retry' }).click();
    const banner = page.locator('.start-result');
    await banner.waitFor();
    expect(await banner.getAttribute('data-outcome')).toBe('ACCEPTED');
    const lineage = (
      await api(app, 'owner', 'query($id: ID!) { operationRun(id: $id) { retries { id retryOf { id } } } }', {
        id: runId,
      })
    ).data.operationRun.retries;
    expect(lineage.length).toBe(1);
    expect(lineage[0].retryOf.id).toBe(runId);
    await page.getByRole('region', { name: 'Retries' }).getByRole('link').first().waitFor();
    await screenshot(page, 'run-detail-retried');
    await banner.getByRole('link', { name: 'Open run' }).click();
    await page.waitForURL(`${app.url}/monitoring/operations/${lineage[0].id}`);
    await page.getByRole('region', { name: 'Retries' }).getByRole('link').first().waitFor();
  });
});
