// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The workspace's API clients page in Chromium on the seeded world, against the gateway's real
 * token endpoint (POST /oauth/token, as tests/e2e/api-clients.test.ts uses it). An owner reaches
 * it from the tenants list, is refused without a name (the API's message and code, nothing
 * written), creates a client restricted to one tenant and sees its id and secret once (gone after
 * a reload) with the how-to; the id and secret get a token that makes a query as that client;
 * rotating (confirmed) shows the new secret once, the old one and its token stop working, the new
 * one works; revoking (confirmed, by keyboard) makes the token endpoint refuse it. A workspace
 * MEMBER gets no link and no controls, and a forced read or mutation is FORBIDDEN. axe on each.
 */
import { schema } from '@msp/db';
import { clientToken, tokenRequest } from '@msp/tests/e2e/harness';
import { describe } from 'vitest';
import { api, type ConsoleStack, expect, expectAccessible, screenshot, signIn, test } from './support';

const CLIENTS = `query($w: ID!) { apiClients(workspaceId: $w) { id name roleCeiling tenants { id } lastUsedAt revokedAt } }`;
const MY_TENANTS = '{ myTenants { id name myRole } }';

/** POST /graphql with an access token the token endpoint issued. */
async function asClient(app: ConsoleStack, token: string, query: string) {
  const res = await fetch(app.api, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

const GRANT = { grant_type: 'client_credentials' };

describe('API clients', () => {
  test('an owner creates a client (id and secret once) that gets a token, rotates its secret, revokes it', async ({
    app,
    page,
  }) => {
    const workspaceId = app.world.workspaceId;
    await signIn(page, app, 'owner', '/tenants');
    const nav = page.getByRole('navigation', { name: 'Workspace Contoso MSP' });
    await nav.getByRole('link', { name: 'Webhooks' }).waitFor();
    await nav.getByRole('link', { name: 'API clients' }).click();
    await page.waitForURL(`${app.url}/workspaces/${workspaceId}/api-clients`);
    await page.getByRole('heading', { level: 1, name: 'API clients' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'No API clients' }).waitFor();

    // No name: the API's message as it comes, with its code; nothing written.
    await page.getByRole('button', { name: 'Create API client' }).click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('BAD_USER_INPUT');
    expect((await refused.textContent())?.length).toBeGreaterThan(0);
    expect((await api(app, 'owner', CLIENTS, { w: workspaceId })).data.apiClients).toEqual([]);

    // The ceilings the API accepts, never OWNER.
    const ceiling = page.getByLabel('Role ceiling');
    expect(await ceiling.locator('option').allTextContents()).toEqual(['Manager', 'Operator', 'Readonly']);
    await page.getByLabel('Name', { exact: true }).fill('PSA sync');
    await ceiling.selectOption({ label: 'Operator' });
    await page.getByRole('radio', { name: 'Only the tenants chosen' }).check();
    await page.getByRole('checkbox', { name: 'Fabrikam' }).check();
    await page.getByRole('button', { name: 'Create API client' }).click();

    const status = page.getByRole('status').filter({ has: page.locator('[data-api-client-secret]') });
    const secretField = status.getByLabel('Client secret of PSA sync');
    await secretField.waitFor();
    const clientId = await status.getByLabel('Client ID of PSA sync').inputValue();
    const secret = await secretField.inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await status.getByText('Copy it now: it is not shown again.').waitFor();
    const tokenUrl = new URL('/oauth/token', app.api).toString();
    expect(await status.textContent()).toContain(`POST ${tokenUrl}`);
    expect(await status.textContent()).toContain('grant_type=client_credentials');
    const item = page.getByRole('listitem', { name: /^PSA sync/ });
    await item.waitFor();
    await page.getByRole('heading', { level: 2, name: 'API clients (1)' }).waitFor();
    expect(await item.locator('[data-api-client-status]').textContent()).toBe('Active');
    expect(await item.locator('[data-role-ceiling]').textContent()).toBe('Operator');
    expect(await item.locator('[data-api-client-tenants]').textContent()).toBe('Fabrikam');
    expect(await item.locator('[data-last-used]').textContent()).toBe('Never');
    const [stored] = (await api(app, 'owner', CLIENTS, { w: workspaceId })).data.apiClients;
    expect(stored).toMatchObject({
      id: clientId,
      name: 'PSA sync',
      roleCeiling: 'OPERATOR',
      tenants: [{ id: app.world.tenants.usable }],
      revokedAt: null,
    });
    await expectAccessible(page);
    await screenshot(page, 'api-clients-created');

    // The id and secret the page showed, at the gateway's real token endpoint: a token that acts
    // as the client, on its one tenant with its ceiling.
    const token = await clientToken(app.stack, clientId, secret);
    const mine = await asClient(app, token, MY_TENANTS);
    expect(mine.errors).toBeUndefined();
    expect(mine.data.myTenants).toEqual([{ id: app.world.tenants.usable, name: 'Fabrikam', myRole: 'OPERATOR' }]);

    // Shown once: after a reload the secret is nowhere on the page; the use is.
    await page.reload();
    await item.waitFor();
    expect(await page.locator('[data-api-client-secret]').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    await expect
      .poll(async () => (await api(app, 'owner', CLIENTS, { w: workspaceId })).data.apiClients[0].lastUsedAt)
      .not.toBeNull();
    await page.reload();
    await item.waitFor();
    expect(await item.locator('[data-last-used]').textContent()).not.toBe('Never');

    // Rotate (confirmed): the new secret once; the old secret and its token stop at once.
    await item.getByRole('button', { name: 'Rotate secret' }).click();
    const confirmRotation = item.getByRole('button', { name: 'Confirm rotation' });
    await expect.poll(() => confirmRotation.evaluate((el) => el === document.activeElement)).toBe(true);
    await confirmRotation.click();
    const rotated = item.getByLabel('New client secret of PSA sync');
    await rotated.waitFor();
    const newSecret = await rotated.inputValue();
    expect(newSecret).not.toBe(secret);
    expect(await item.getByLabel('Client ID of PSA sync').inputValue()).toBe(clientId);
    await item.getByText('Copy it now: it is not shown again.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'api-clients-rotated');
    const old = await tokenRequest(app.stack, GRANT, { basic: [clientId, secret] });
    expect(old.status).toBe(401);
    expect(old.body.error).toBe('invalid_client');
    const oldToken = await asClient(app, token, MY_TENANTS);
    expect(oldToken.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const fresh = await asClient(app, await clientToken(app.stack, clientId, newSecret), MY_TENANTS);
    expect(fresh.data.myTenants).toHaveLength(1);
    await item.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.content()).not.toContain(newSecret);

    // Revoke asks first; the confirmation takes the focus; all by keyboard.
    await item.getByRole('button', { name: 'Revoke' }).focus();
    await page.keyboard.press('Enter');
    const confirmRevoke = item.getByRole('button', { name: 'Confirm revoke' });
    await expect.poll(() => confirmRevoke.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await api(app, 'owner', CLIENTS, { w: workspaceId })).data.apiClients[0].revokedAt).toBeNull();
    await page.keyboard.press('Enter');
    await expect.poll(() => item.locator('[data-api-client-status]').textContent()).toBe('Revoked');
    // The controls are gone; the focus is on the client's new state, not left on the body.
    await expect
      .poll(() => item.locator('[data-api-client-status]').evaluate((el) => el === document.activeElement))
      .toBe(true);
    expect(await item.getByRole('button', { name: 'Rotate secret' }).count()).toBe(0);
    expect((await api(app, 'owner', CLIENTS, { w: workspaceId })).data.apiClients[0].revokedAt).not.toBeNull();
    const after = await tokenRequest(app.stack, GRANT, { basic: [clientId, newSecret] });
    expect(after.status).toBe(401);
    expect(after.body.error).toBe('invalid_client');
    await page.reload();
    await expect.poll(() => item.locator('[data-api-client-status]').textContent()).toBe('Revoked');
    await page.getByText('0 active, 1 revoked; oldest first.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'api-clients-revoked');
  });

  test('a workspace MEMBER gets no link and no controls; a forced mutation is FORBIDDEN', async ({ app, page }) => {
    const workspaceId = app.world.workspaceId;
    const created = await api(
      app,
      'owner',
      'mutation($w: ID!) { createApiClient(workspaceId: $w, name: "RMM", roleCeiling: READONLY) { clientId clientSecret } }',
      { w: workspaceId },
    );
    expect(created.errors).toBeUndefined();
    const { clientId, clientSecret } = created.data.createApiClient;
    await app.db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId, userId: app.world.users.operator, role: 'MEMBER' });

    await signIn(page, app, 'operator', '/tenants');
    await page.getByRole('heading', { level: 2, name: 'Contoso MSP' }).waitFor();
    expect(await page.getByRole('link', { name: 'API clients' }).count()).toBe(0);

    // A deep link: the capability it takes, no list, no control.
    await page.goto(`${app.url}/workspaces/${workspaceId}/api-clients`);
    await page.getByRole('heading', { level: 1, name: 'API clients' }).waitFor();
    await page.getByText('You do not hold the workspace.api_clients.manage capability in this workspace.').waitFor();
    for (const name of ['Create API client', 'Rotate secret', 'Revoke']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await page.getByText('RMM').count()).toBe(0);
    expect(await page.getByText(clientId).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'api-clients-member');

    const forced = [
      ['list', await api(app, 'operator', CLIENTS, { w: workspaceId })],
      [
        'create',
        await api(
          app,
          'operator',
          'mutation($w: ID!) { createApiClient(workspaceId: $w, name: "x", roleCeiling: READONLY) { clientSecret } }',
          { w: workspaceId },
        ),
      ],
      [
        'rotate',
        await api(app, 'operator', 'mutation($id: ID!) { rotateApiClientSecret(id: $id) { clientSecret } }', {
          id: clientId,
        }),
      ],
      [
        'revoke',
        await api(app, 'operator', 'mutation($id: ID!) { revokeApiClient(id: $id) { revokedAt } }', { id: clientId }),
      ],
    ] as const;
    for (const [what, answer] of forced) {
      expect(answer.errors?.[0]?.extensions?.code, what).toBe('FORBIDDEN');
      expect(JSON.stringify(answer), what).not.toContain(clientSecret);
    }
    // Unchanged: still active, the same secret still gets a token.
    const still = (await api(app, 'owner', CLIENTS, { w: workspaceId })).data.apiClients;
    expect(still.find((c: any) => c.id === clientId)).toMatchObject({ name: 'RMM', revokedAt: null });
    expect(await clientToken(app.stack, clientId, clientSecret)).toMatch(/^ey/);
  });
});
