// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The tenant's People tab in Chromium on the seeded world (Fabrikam: owner OWNER, operator
 * OPERATOR, readonly READONLY). An owner reaches it from the tenant page's tabs, invites an
 * address (pending, with its expiry as the API has it), revokes it after a confirmation that takes
 * the focus (revoked), changes a member's role (stored, as the API reads it), tries to remove the
 * tenant's only owner and is shown the API's CONFLICT as it words it (nothing changed), removes
 * another member by keyboard. A READONLY member sees the members without any control and no
 * invitations (which the API answers them FORBIDDEN), and a forced role change is FORBIDDEN. axe
 * on each. An owner who removes themselves (another owner remaining) is taken to the tenants list;
 * an invitation past its expiry (set so in the database) shows Expired and can still be revoked.
 */
import { schema } from '@msp/db';
import { eq } from 'drizzle-orm';
import { describe } from 'vitest';
import { api, expect, expectAccessible, screenshot, signIn, test } from './support';

const MEMBERS = `query($tenantId: ID!) { tenant(id: $tenantId) { members { role user { id displayName } } } }`;
const INVITATIONS = `query($tenantId: ID!) { tenant(id: $tenantId) { invitations { id email role status invitedAt expiresAt revokedAt } } }`;

describe('people', () => {
  test('an owner invites and revokes, changes a role, is refused removing the last owner, removes a member', async ({
    app,
    page,
  }) => {
    const tenantId = app.world.tenants.usable;
    const members = async () =>
      Object.fromEntries(
        (await api(app, 'owner', MEMBERS, { tenantId })).data.tenant.members.map((m: any) => [
          m.user.displayName,
          m.role,
        ]),
      );
    await signIn(page, app, 'owner', `/tenants/${tenantId}`);
    await page.getByRole('navigation', { name: 'Tenant' }).getByRole('link', { name: 'People' }).click();
    await page.waitForURL(`${app.url}/tenants/${tenantId}/people`);
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await page.getByRole('heading', { level: 2, name: '3 members' }).waitFor();
    const row = (name: string) => page.getByRole('row', { name, exact: true });
    expect(await row('Owner').getByRole('cell').nth(1).textContent()).toBe('Owner');
    expect(await row('Operator').getByRole('cell').nth(1).textContent()).toBe('Operator');
    expect(await row('Readonly').getByRole('cell').nth(1).textContent()).toBe('Readonly');
    await page.getByRole('heading', { level: 2, name: 'Invitations' }).waitFor();
    await page.getByText('No invitation yet.').waitFor();

    // Invite, by keyboard: the address pending, with the expiry the API gives it.
    await page.getByLabel('Email address').fill('New.Person@Fabrikam.example');
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Operator' });
    await page.getByRole('button', { name: 'Send invitation' }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .getByText(/^new\.person@fabrikam\.example is invited as Operator until /)
      .waitFor();
    const stored = (await api(app, 'owner', INVITATIONS, { tenantId })).data.tenant.invitations;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ email: 'new.person@fabrikam.example', role: 'OPERATOR', status: 'PENDING' });
    // 14 days after it was sent (TENANT_INVITATION_TTL's default).
    expect(Date.parse(stored[0].expiresAt) - Date.parse(stored[0].invitedAt)).toBe(14 * 86_400_000);
    const invitation = row('new.person@fabrikam.example');
    await invitation.waitFor();
    expect(await invitation.locator('[data-status]').textContent()).toBe('Pending');
    const expires = invitation.locator('[data-expires] time');
    expect(await expires.getAttribute('datetime')).toBe(stored[0].expiresAt);
    expect(await expires.textContent()).toMatch(/\d/);
    expect(await invitation.getByRole('cell').nth(0).textContent()).toBe('Operator');
    await expectAccessible(page);
    await screenshot(page, 'people');

    // Revoke asks first; the confirmation takes the focus, "Keep it" gives it back.
    await invitation.getByRole('button', { name: 'Revoke new.person@fabrikam.example' }).focus();
    await page.keyboard.press('Enter');
    const confirmRevoke = invitation.getByRole('button', { name: 'Confirm revoke of new.person@fabrikam.example' });
    await expect.poll(() => confirmRevoke.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const revoke = invitation.getByRole('button', { name: 'Revoke new.person@fabrikam.example' });
    await expect.poll(() => revoke.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => invitation.locator('[data-status]').textContent()).toBe('Revoked');
    // Revoke is gone: the focus is on the status it now has, not lost.
    await expect
      .poll(() => invitation.locator('[data-status]').evaluate((el) => el === document.activeElement))
      .toBe(true);
    expect(await invitation.getByRole('button').count()).toBe(0);
    const revoked = (await api(app, 'owner', INVITATIONS, { tenantId })).data.tenant.invitations[0];
    expect(revoked.status).toBe('REVOKED');
    expect(revoked.revokedAt).not.toBeNull();
    // The filter asks the API for one status.
    await page.getByLabel('Show').selectOption({ label: 'Pending only' });
    await page.getByText('No pending invitation.').waitFor();
    await page.getByLabel('Show').selectOption({ label: 'Revoked only' });
    await invitation.waitFor();
    await page.getByLabel('Show').selectOption({ label: 'All invitations' });

    // A role change, stored as the API reads it (and shown after a reload).
    await row('Operator').getByLabel('New role for Operator').selectOption({ label: 'Manager' });
    await row('Operator').getByRole('button', { name: 'Change role of Operator' }).click();
    await expect.poll(() => row('Operator').getByRole('cell').nth(1).textContent()).toBe('Manager');
    expect(await members()).toEqual({ Owner: 'OWNER', Operator: 'MANAGER', Readonly: 'READONLY' });
    await page.reload();
    await expect.poll(() => row('Operator').getByRole('cell').nth(1).textContent()).toBe('Manager');

    // The tenant's only owner: the API refuses (CONFLICT) and the page says it as the API does.
    const forced = await api(
      app,
      'owner',
      'mutation($t: ID!, $u: ID!) { removeTenantMember(tenantId: $t, userId: $u) { id } }',
      {
        t: tenantId,
        u: app.world.users.owner,
      },
    );
    expect(forced.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await row('Owner').getByRole('button', { name: 'Remove Owner' }).click();
    await row('Owner').getByRole('button', { name: 'Confirm remove of Owner' }).click();
    const refused = row('Owner').getByRole('alert');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('CONFLICT');
    expect(await refused.textContent()).toBe(forced.errors?.[0]?.message);
    expect(await members()).toEqual({ Owner: 'OWNER', Operator: 'MANAGER', Readonly: 'READONLY' });
    await page.getByRole('heading', { level: 2, name: '3 members' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'people-last-owner');

    // Another member removed, by keyboard, after confirming.
    await row('Readonly').getByRole('button', { name: 'Remove Readonly' }).focus();
    await page.keyboard.press('Enter');
    const confirmRemove = row('Readonly').getByRole('button', { name: 'Confirm remove of Readonly' });
    await expect.poll(() => confirmRemove.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: '2 members' }).waitFor();
    expect(await row('Readonly').count()).toBe(0);
    expect(await members()).toEqual({ Owner: 'OWNER', Operator: 'MANAGER' });
  });

  test('READONLY sees the members without controls or invitations; a forced change is FORBIDDEN', async ({
    app,
    page,
  }) => {
    const tenantId = app.world.tenants.dedupe;
    await api(
      app,
      'owner',
      'mutation($t: ID!) { inviteTenantMember(tenantId: $t, email: "someone@tailspin.example", role: READONLY) { id } }',
      {
        t: tenantId,
      },
    );
    await signIn(page, app, 'readonly', `/tenants/${tenantId}/people`);
    await page.getByRole('heading', { level: 2, name: '3 members' }).waitFor();
    expect(await page.getByRole('row', { name: 'Readonly', exact: true }).getByRole('cell').nth(1).textContent()).toBe(
      'Readonly',
    );
    expect(await page.getByRole('row', { name: 'Owner', exact: true }).getByRole('cell').nth(1).textContent()).toBe(
      'Owner',
    );
    expect(
      await page
        .getByRole('button')
        .filter({ hasText: /Change role|Remove|Send invitation|Revoke/ })
        .count(),
    ).toBe(0);
    expect(await page.getByRole('combobox').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Invitations' }).count()).toBe(0);
    expect(await page.getByText('someone@tailspin.example').count()).toBe(0);
    await page.getByText('You do not hold the tenant.members.manage capability on this tenant.').waitFor();
    const forced = await api(
      app,
      'readonly',
      'mutation($t: ID!, $u: ID!) { changeTenantMemberRole(tenantId: $t, userId: $u, role: OWNER) { id } }',
      { t: tenantId, u: app.world.users.readonly },
    );
    expect(forced.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const invitations = await api(app, 'readonly', INVITATIONS, { tenantId });
    expect(invitations.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      Object.fromEntries(
        (await api(app, 'owner', MEMBERS, { tenantId })).data.tenant.members.map((m: any) => [
          m.user.displayName,
          m.role,
        ]),
      ),
    ).toEqual({ Owner: 'OWNER', Operator: 'OPERATOR', Readonly: 'READONLY' });
    await expectAccessible(page);
    await screenshot(page, 'people-readonly');
  });
  test('an owner who removes themselves while another owner remains leaves for the tenants list', async ({
    app,
    page,
  }) => {
    const tenantId = app.world.tenants.scopeBusy;
    const promoted = await api(
      app,
      'owner',
      'mutation($t: ID!, $u: ID!) { changeTenantMemberRole(tenantId: $t, userId: $u, role: OWNER) { id } }',
      { t: tenantId, u: app.world.users.operator },
    );
    expect(promoted.errors).toBeUndefined();
    await signIn(page, app, 'owner', `/tenants/${tenantId}/people`);
    const me = page.getByRole('row', { name: 'Owner', exact: true });
    await me.getByText('(you)').waitFor();
    await me.getByRole('button', { name: 'Remove Owner' }).click();
    await me.getByText('Owner loses access to this tenant at once, you included.').waitFor();
    await me.getByRole('button', { name: 'Confirm remove of Owner' }).click();
    await page.waitForURL(`${app.url}/tenants`);
    const left = await api(app, 'operator', MEMBERS, { tenantId });
    expect(left.data.tenant.members.map((m: any) => [m.user.displayName, m.role])).toEqual([
      ['Operator', 'OWNER'],
      ['Readonly', 'READONLY'],
    ]);
    expect((await api(app, 'owner', MEMBERS, { tenantId })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
  test('an expired invitation is shown expired and can still be revoked', async ({ app, page }) => {
    const tenantId = app.world.tenants.blocked;
    const invited = await api(
      app,
      'owner',
      'mutation($t: ID!) { inviteTenantMember(tenantId: $t, email: "late@northwind.example", role: OPERATOR) { id } }',
      { t: tenantId },
    );
    expect(invited.errors).toBeUndefined();
    const id = invited.data.inviteTenantMember.id;
    const expiredAt = new Date(Date.now() - 3_600_000);
    await app.db.db
      .update(schema.tenantInvitations)
      .set({ expiresAt: expiredAt })
      .where(eq(schema.tenantInvitations.id, id));
    await signIn(page, app, 'owner', `/tenants/${tenantId}/people`);
    const invitation = page.getByRole('row', { name: 'late@northwind.example', exact: true });
    await expect.poll(() => invitation.locator('[data-status]').textContent()).toBe('Expired');
    expect(Date.parse((await invitation.locator('[data-expires] time').getAttribute('datetime')) ?? '')).toBe(
      expiredAt.getTime(),
    );
    await page.getByLabel('Show').selectOption({ label: 'Expired only' });
    await invitation.waitFor();
    await expectAccessible(page);
    await invitation.getByRole('button', { name: 'Revoke late@northwind.example' }).click();
    await invitation.getByRole('button', { name: 'Confirm revoke of late@northwind.example' }).click();
    // Filtered by EXPIRED, the row leaves once the API reads it REVOKED; all of them show it so.
    await page.getByLabel('Show').selectOption({ label: 'All invitations' });
    await expect.poll(() => invitation.locator('[data-status]').textContent()).toBe('Revoked');
    const stored = (await api(app, 'owner', INVITATIONS, { tenantId })).data.tenant.invitations;
    expect(stored.map((i: any) => i.status)).toEqual(['REVOKED']);
  });
});
