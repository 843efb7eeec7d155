// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Provider-connection pages in Chromium on the seeded world (issue 14, acceptance 2, 5, 6): the
 * list and detail give the same outcome category and next step as the tenant page for the same
 * condition (Northwind's missing consent); the lifecycle actions (create with a secret never shown
 * again, consent with the real Entra admin-consent link, default, disable/enable, rotate, delete);
 * READONLY sees them disabled with the reason and a forced one is FORBIDDEN.
 */
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { api, expect, expectAccessible, screenshot, signIn, test } from './support';

/** The banner's outcome, problem class and next step, as the operator reads them. */
async function answer(page: Page) {
  const banner = page.locator('.start-result');
  await banner.waitFor();
  return {
    outcome: await banner.getAttribute('data-outcome'),
    problemClass: await banner.getAttribute('data-problem-class'),
    nextStep: await banner.locator('.scan-next').textContent(),
  };
}

describe('provider connections', () => {
  test('the connection list and detail answer as the tenant page does for the same blocker', async ({ app, page }) => {
    const tenantId = app.world.tenants.blocked;
    const connectionId = app.world.connections.blocked;
    await signIn(page, app, 'owner', `/tenants/${tenantId}`);
    await page.getByRole('button', { name: 'Verify provider' }).click();
    const fromTenant = await answer(page);
    expect(fromTenant.outcome).toBe('BLOCKED');
    expect(fromTenant.problemClass).toBe('PROVIDER_CONSENT');

    await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'Provider connections' }).click();
    await page.getByRole('heading', { level: 1, name: 'Provider connections' }).waitFor();
    const item = page.getByRole('listitem').filter({ hasText: 'Primary Graph app' });
    await item.getByText('Blockers: Provider consent missing').waitFor();
    await item.getByRole('button', { name: 'Verify connection' }).click();
    expect(await answer(page)).toEqual(fromTenant);
    await expectAccessible(page);
    await screenshot(page, 'provider-connections-blocked');

    await item.getByRole('link', { name: 'Primary Graph app' }).click();
    await page.waitForURL(`${app.url}/tenants/${tenantId}/provider-connections/${connectionId}`);
    await page.getByRole('button', { name: 'Verify connection' }).click();
    expect(await answer(page)).toEqual(fromTenant);
    // The blocker's fix is here: the real Entra admin-consent page, then record it.
    const url = (
      await api(app, 'owner', 'query($id: ID!) { providerConnection(id: $id) { adminConsentUrl } }', {
        id: connectionId,
      })
    ).data.providerConnection.adminConsentUrl;
    expect(url).toMatch(/^https:\/\/login\.microsoftonline\.com\//);
    expect(await page.getByRole('link', { name: 'Open the Entra admin-consent page' }).getAttribute('href')).toBe(url);
    await expectAccessible(page);
    await screenshot(page, 'provider-connection-blocked');
    await page.getByRole('button', { name: 'Record consent granted' }).click();
    await page.getByText('Nothing blocks a start on this connection.').waitFor();
    await page.getByRole('button', { name: 'Verify connection' }).click();
    await expect.poll(async () => (await answer(page)).outcome).toBe('ACCEPTED');
  });

  test('lifecycle: create (the secret never shown again), default, disable/enable, rotate, delete', async ({
    app,
    page,
  }) => {
    const tenantId = app.world.tenants.usable;
    const secret = 'a-client-secret-typed-once';
    await signIn(page, app, 'owner', `/tenants/${tenantId}/provider-connections`);
    await page.getByRole('heading', { level: 1, name: 'Provider connections' }).waitFor();
    await page.getByLabel('Name').fill('Backup Graph app');
    await page.getByLabel('Client (application) ID').fill('77777777-2222-4333-8444-555555555555');
    await page.getByLabel('Client secret').fill(secret);
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('status').getByText('will never be shown again').waitFor();
    expect(await page.getByLabel('Client secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('heading', { level: 2, name: 'Backup Graph app' }).waitFor();
    await screenshot(page, 'provider-connections');

    await page.getByRole('status').getByRole('link', { name: 'Backup Graph app' }).click();
    await page.getByRole('heading', { level: 1, name: 'Backup Graph app' }).waitFor();
    expect(await page.content()).not.toContain(secret);
    const blockers = page.getByRole('region', { name: 'Blockers' });
    await blockers.getByText('Provider consent missing').waitFor();
    await page.getByRole('button', { name: 'Record consent granted' }).click();
    await blockers.getByText('Nothing blocks a start on this connection.').waitFor();
    await page.getByRole('button', { name: 'Make default' }).click();
    const identity = page.getByRole('region', { name: 'Identity' });
    await expect.poll(() => identity.locator('dd').nth(2).textContent()).toBe('Yes');
    await page.getByRole('button', { name: 'Disable' }).click();
    await blockers.getByText('Provider connection disabled').waitFor();
    await page.getByRole('button', { name: 'Enable' }).click();
    await blockers.getByText('Nothing blocks a start on this connection.').waitFor();
    await page.getByLabel('New client secret').fill('a-rotated-secret');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('status').getByText('The new secret is stored').waitFor();
    await page.getByRole('button', { name: 'Check health' }).click();
    await expect.poll(async () => (await answer(page)).outcome).toBe('ACCEPTED');
    await expectAccessible(page);
    await screenshot(page, 'provider-connection');
    // The original connection becomes the default again, then this one goes.
    await api(app, 'owner', 'mutation($id: ID!) { setDefaultProviderConnection(id: $id) { id } }', {
      id: app.world.connections.usable,
    });
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await page.waitForURL(`${app.url}/tenants/${tenantId}/provider-connections`);
    await page.getByRole('heading', { level: 2, name: 'Primary Graph app' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Backup Graph app' }).count()).toBe(0);
  });

  test('READONLY: lifecycle and starts disabled with the reason; a forced one is FORBIDDEN', async ({ app, page }) => {
    const tenantId = app.world.tenants.usable;
    const connectionId = app.world.connections.usable;
    await signIn(page, app, 'readonly', `/tenants/${tenantId}/provider-connections/${connectionId}`);
    await page.getByRole('heading', { level: 1, name: 'Primary Graph app' }).waitFor();
    for (const name of ['Check health', 'Verify connection', 'Disable', 'Delete', 'Rotate secret']) {
      expect(await page.getByRole('button', { name }).isDisabled(), name).toBe(true);
    }
    await page.getByText('You do not hold the provider_connection.manage capability on this tenant.').first().waitFor();
    const forced = await api(app, 'readonly', 'mutation($id: ID!) { disableProviderConnection(id: $id) { id } }', {
      id: connectionId,
    });
    expect(forced.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await expectAccessible(page);
    await screenshot(page, 'provider-connection-readonly');
  });

  test('a permission removed in Entra shows on the connection page after a health check, and clears once granted again', async ({
    app,
    page,
  }) => {
    const tenantId = app.world.tenants.usable;
    const connectionId = app.world.connections.usable;
    const state = async () =>
      (
        await api(
          app,
          'owner',
          'query($id: ID!) { providerConnection(id: $id) { entraTenantId recordedPermissions permissionDrift { missingPermissions } } }',
          { id: connectionId },
        )
      ).data.providerConnection;
    await signIn(page, app, 'owner', `/tenants/${tenantId}/provider-connections/${connectionId}`);
    // A verification records what Entra grants: the set a drift is measured against.
    await page.getByRole('button', { name: 'Verify connection' }).click();
    expect((await answer(page)).outcome).toBe('ACCEPTED');
    await expect
      .poll(async () => (await state()).recordedPermissions?.length ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(0);
    const { entraTenantId, recordedPermissions } = await state();
    const permission = recordedPermissions[0] as string;
    const grant = (method: 'DELETE' | 'PUT') =>
      fetch(`${app.stack.simulator.url}/_simulator/tenants/${entraTenantId}/permissions/${permission}`, { method });
    expect((await grant('DELETE')).ok).toBe(true);
    try {
      await page.reload();
      await page.getByRole('button', { name: 'Check health' }).click();
      expect((await answer(page)).outcome).toBe('ACCEPTED');
      await expect
        .poll(async () => (await state()).permissionDrift?.missingPermissions ?? [], { timeout: 30_000 })
        .toEqual([permission]);
      await page.reload();
      const facts = page.locator('dd[data-permission-drift="true"]');
      await facts.getByText('Changed in Entra').waitFor();
      expect(await facts.textContent()).toContain(`No longer granted: ${permission}`);
      await expectAccessible(page);
      await screenshot(page, 'provider-connection-permission-drift');
    } finally {
      await grant('PUT');
    }
    await page.getByRole('button', { name: 'Check health' }).click();
    expect((await answer(page)).outcome).toBe('ACCEPTED');
    await expect.poll(async () => (await state()).permissionDrift, { timeout: 30_000 }).toBeNull();
    await page.reload();
    await page.locator('dd[data-permission-drift="false"]').getByText('As verified').waitFor();
  });
});
