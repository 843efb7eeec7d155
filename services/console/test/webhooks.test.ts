// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The workspace's Webhooks page in Chromium on the seeded world, with the stack's webhook runtime
 * running (`webhooks`: development's target policy, so a receiver on 127.0.0.1 is accepted, and
 * two automatic attempts per delivery). An owner reaches it from the tenants list, is refused
 * without an event type (the API's message and code, nothing written), creates an endpoint
 * pointing at a receiver this test starts and sees its signing secret once (it signs the real
 * deliveries; gone after a reload), reads the delivery log with its attempts, disables and
 * enables it, watches it disabled automatically after a failing delivery (the API's CONFLICT for
 * a redelivery meanwhile), redelivers what failed, rotates the secret (the new one shown once,
 * signing from then on) and deletes it after a confirmation. A workspace MEMBER gets no link and
 * no controls, and a forced mutation is FORBIDDEN. axe on each.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { schema } from '@msp/db';
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

interface Receiver {
  url: string;
  /** What it answers next. */
  status: number;
  received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver = { status: 200, received: [] } as unknown as Receiver;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(receiver.status, { 'content-type': 'text/plain' }).end(`receiver says ${receiver.status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/msp`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `<id>.<timestamp>.<body>` keyed with the secret's bytes. */
function signedWith(secret: string, delivery: Receiver['received'][number]): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = `v1,${createHmac('sha256', key)
    .update(`${delivery.headers['webhook-id']}.${delivery.headers['webhook-timestamp']}.${delivery.body}`)
    .digest('base64')}`;
  return String(delivery.headers['webhook-signature'] ?? '')
    .split(' ')
    .includes(expected);
}

const test = base.extend<{ app: ConsoleStack }>({
  app: [
    async ({ database }, use) => {
      const app = await startConsoleStack(database.connect(10), {
        stack: { webhooks: { maxAttempts: 2, retryBaseMs: 100 } },
      });
      await use(app);
      await app.stack.close();
      await app.console.close();
    },
    { scope: 'file' },
  ],
});

const ENDPOINTS = `query($w: ID!) { webhookEndpoints(workspaceId: $w) { id url enabled disabledReason eventTypes } }`;
/** A start on Northwind (consent missing) is BLOCKED at once: a `run.blocked` event. */
const START_BLOCKED = `mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { ... on ProviderOperationStart { outcome } } }`;

describe('webhooks', () => {
  test('an owner creates an endpoint (secret once), reads its deliveries, disables, enables, redelivers, rotates, deletes', async ({
    app,
    page,
  }) => {
    const receiver = await startReceiver();
    const workspaceId = app.world.workspaceId;
    try {
      await signIn(page, app, 'owner', '/tenants');
      await page
        .getByRole('navigation', { name: 'Workspace Contoso MSP' })
        .getByRole('link', { name: 'Webhooks' })
        .click();
      await page.waitForURL(`${app.url}/workspaces/${workspaceId}/webhooks`);
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'No endpoints' }).waitFor();

      // No event type: the API's message as it comes, with its code; nothing written.
      await page.getByLabel('URL', { exact: true }).fill(receiver.url);
      await page.getByLabel('Description (optional)').fill('Ops alerts');
      await page.getByRole('checkbox', { name: 'Run failed' }).uncheck();
      await page.getByRole('checkbox', { name: 'Run blocked' }).uncheck();
      await page.getByRole('button', { name: 'Create endpoint' }).click();
      const refused = page.getByRole('alert');
      await refused.waitFor();
      expect(await refused.getAttribute('data-code')).toBe('BAD_USER_INPUT');
      expect((await api(app, 'owner', ENDPOINTS, { w: workspaceId })).data.webhookEndpoints).toEqual([]);

      await page.getByRole('checkbox', { name: 'Run failed' }).check();
      await page.getByRole('checkbox', { name: 'Run blocked' }).check();
      await page.getByRole('button', { name: 'Create endpoint' }).click();
      const shown = page.getByRole('status').getByLabel(`Signing secret of ${receiver.url}`);
      await shown.waitFor();
      const secret = await shown.inputValue();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      await page.getByRole('status').getByText('Copy it now: it is not shown again.').waitFor();
      const item = page.getByRole('listitem', { name: new RegExp(receiver.url.replace(/[.]/g, '\\.')) });
      await item.waitFor();
      await page.getByRole('heading', { level: 2, name: 'Endpoints (1)' }).waitFor();
      const facts = await item.locator('dl').textContent();
      expect(facts).toContain('Ops alerts');
      expect(facts).toContain('Run failed, Run blocked');
      expect(facts).toContain('Never');
      expect(await item.locator('[data-endpoint-status]').textContent()).toBe('Enabled');
      const lastDelivery = item.locator('[data-last-delivery-status]');
      expect(await lastDelivery.textContent()).toBe('None yet');
      const [stored] = (await api(app, 'owner', ENDPOINTS, { w: workspaceId })).data.webhookEndpoints;
      expect(stored).toMatchObject({ url: receiver.url, enabled: true, eventTypes: ['RUN_FAILED', 'RUN_BLOCKED'] });
      await expectAccessible(page);
      await screenshot(page, 'webhooks-created');

      // A real event: the dispatcher delivers it, signed with the secret the page showed.
      const blocked = await api(app, 'owner', START_BLOCKED, { t: app.world.tenants.blocked });
      expect(blocked.data.startDirectoryGroupsSync.outcome).toBe('BLOCKED');
      await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
      expect(JSON.parse(receiver.received[0]!.body).type).toBe('run.blocked');
      expect(signedWith(secret, receiver.received[0]!)).toBe(true);

      // Shown once: after a reload the secret is nowhere on the page.
      await page.reload();
      await item.waitFor();
      expect(await page.locator('[data-signing-secret]').count()).toBe(0);
      expect(await page.content()).not.toContain(secret);
      expect(await page.content()).not.toContain('whsec_');
      // The list shows its last delivery's outcome (the API's `lastDelivery`) without opening the log.
      expect(await lastDelivery.getAttribute('data-last-delivery-status')).toBe('DELIVERED');
      expect(await lastDelivery.locator('[data-status]').textContent()).toBe('Delivered');
      expect(await lastDelivery.textContent()).toContain('Run blocked');
      expect(await lastDelivery.textContent()).toContain('HTTP 200');

      // The delivery log: delivered at the first attempt.
      await item.getByRole('button', { name: 'Show deliveries' }).click();
      const log = item.getByRole('table');
      await log.waitFor();
      await expect.poll(() => log.locator('tbody tr').count()).toBe(1);
      const row = log.locator('tbody tr').first();
      expect(await row.locator('[data-status]').textContent()).toBe('Delivered');
      expect(await row.textContent()).toContain('HTTP 200');
      expect(await row.textContent()).toContain('Run blocked');
      await row.getByText('1 attempt').click();
      await row.getByText(/#1 .* · Acknowledged · HTTP 200/).waitFor();

      // Disable by click, enable from the keyboard.
      await item.getByRole('button', { name: 'Disable' }).click();
      await expect.poll(() => item.locator('[data-endpoint-status]').textContent()).toBe('Disabled');
      expect(await item.locator('[data-disabled-reason]').getAttribute('data-disabled-reason')).toBe('MANUAL');
      expect((await api(app, 'owner', ENDPOINTS, { w: workspaceId })).data.webhookEndpoints[0]).toMatchObject({
        enabled: false,
        disabledReason: 'MANUAL',
      });
      await item.getByRole('button', { name: 'Enable' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => item.locator('[data-endpoint-status]').textContent()).toBe('Enabled');

      // A failing receiver: both attempts fail, the delivery ends FAILED and the endpoint is
      // disabled automatically (nothing got through since that delivery began).
      receiver.status = 500;
      await api(app, 'owner', START_BLOCKED, { t: app.world.tenants.blocked });
      await expect
        .poll(
          async () => (await api(app, 'owner', ENDPOINTS, { w: workspaceId })).data.webhookEndpoints[0].disabledReason,
          {
            timeout: 20_000,
          },
        )
        .toBe('FAILING');
      await page.reload();
      await expect.poll(() => item.locator('[data-endpoint-status]').textContent()).toBe('Disabled');
      expect(await item.locator('[data-disabled-reason]').textContent()).toContain('Automatically');
      expect(await lastDelivery.getAttribute('data-last-delivery-status')).toBe('FAILED');
      expect(await lastDelivery.textContent()).toContain('HTTP 500');
      expect(await lastDelivery.textContent()).not.toContain('Http status');
      expect(await item.locator('dl').textContent()).not.toContain('Never');
      await item.getByRole('button', { name: 'Show deliveries' }).click();
      await expect.poll(() => log.locator('tbody tr').count()).toBe(2);
      const failed = log.locator('tbody tr').first();
      expect(await failed.locator('[data-status]').textContent()).toBe('Failed');
      expect(await failed.textContent()).toContain('HTTP 500');
      expect(await failed.textContent()).not.toContain('Http status');
      await failed.getByText('2 attempts').click();
      expect(await failed.locator('li[data-succeeded="false"]').count()).toBe(2);

      // Redelivering while it is disabled: the API's CONFLICT, as it words it.
      await item.getByRole('button', { name: 'Redeliver failed' }).click();
      const conflict = item.getByRole('alert');
      await conflict.waitFor();
      expect(await conflict.getAttribute('data-code')).toBe('CONFLICT');
      await expectAccessible(page);
      await screenshot(page, 'webhooks-failing');

      receiver.status = 200;
      await item.getByRole('button', { name: 'Enable' }).click();
      await expect.poll(() => item.locator('[data-endpoint-status]').textContent()).toBe('Enabled');
      await item.getByRole('button', { name: 'Redeliver failed' }).click();
      await item.getByRole('status').getByText('1 delivery gets one more attempt now.').waitFor();
      await expect
        .poll(
          () =>
            receiver.received.filter((r) => r.headers['webhook-id'] === receiver.received[1]!.headers['webhook-id'])
              .length,
          {
            timeout: 20_000,
          },
        )
        .toBe(3);
      await expect
        .poll(
          async () => {
            await item.getByRole('button', { name: 'Read the log again' }).click();
            return failed.locator('[data-status]').textContent();
          },
          { timeout: 20_000 },
        )
        .toBe('Delivered');
      // The attempts stay open from before (the same row, read again).
      await failed.getByText('3 attempts').waitFor();
      expect(await failed.locator('details').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
      await failed.getByText(/#3 .* · Acknowledged · HTTP 200 · .* ms · redelivered by hand/).waitFor();
      await expectAccessible(page);
      await screenshot(page, 'webhooks-deliveries');

      // Rotate (confirmed): the new secret once; it signs what is sent from then on.
      await item.getByRole('button', { name: 'Rotate secret' }).click();
      await item.getByRole('button', { name: 'Confirm rotation' }).click();
      const rotated = item.getByLabel(`New signing secret of ${receiver.url}`);
      await rotated.waitFor();
      const newSecret = await rotated.inputValue();
      expect(newSecret).toMatch(/^whsec_/);
      expect(newSecret).not.toBe(secret);
      await item.getByText('Copy it now: it is not shown again.').waitFor();
      await item.getByText(/^Still signs too, until /).waitFor();
      const before = receiver.received.length;
      await api(app, 'owner', START_BLOCKED, { t: app.world.tenants.blocked });
      await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(before + 1);
      expect(signedWith(newSecret, receiver.received[before]!)).toBe(true);
      await item.getByRole('button', { name: 'I have stored it' }).click();
      expect(await page.content()).not.toContain(newSecret);

      // Delete asks first; the confirmation takes the focus.
      await item.getByRole('button', { name: 'Delete' }).focus();
      await page.keyboard.press('Enter');
      const confirm = item.getByRole('button', { name: 'Confirm delete' });
      await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
      expect((await api(app, 'owner', ENDPOINTS, { w: workspaceId })).data.webhookEndpoints).toHaveLength(1);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: 'No endpoints' }).waitFor();
      expect((await api(app, 'owner', ENDPOINTS, { w: workspaceId })).data.webhookEndpoints).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  test('the delivery log pages as the API pages it, 10 at a time, newest first', async ({ app, page }) => {
    const receiver = await startReceiver();
    const workspaceId = app.world.workspaceId;
    try {
      const created = await api(
        app,
        'owner',
        'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }',
        { input: { workspaceId, url: receiver.url, eventTypes: ['RUN_BLOCKED'], description: 'Paging' } },
      );
      expect(created.errors).toBeUndefined();
      // Eleven real events: each start on Northwind is BLOCKED, each a `run.blocked` delivery.
      for (let i = 0; i < 11; i += 1) {
        const blocked = await api(app, 'owner', START_BLOCKED, { t: app.world.tenants.blocked });
        expect(blocked.data.startDirectoryGroupsSync.outcome).toBe('BLOCKED');
      }
      await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(11);
      // The log's order, as the API pages it (the receiver may have taken them in another).
      const logged = (
        await api(
          app,
          'owner',
          'query($id: ID!) { webhookEndpoint(id: $id) { deliveries(first: 20) { edges { node { messageId } } } } }',
          { id: created.data.createWebhookEndpoint.endpoint.id },
        )
      ).data.webhookEndpoint.deliveries.edges.map((e: any) => e.node.messageId as string);
      expect(logged).toHaveLength(11);
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set(logged));
      const [newest, oldest] = [logged[0]!, logged[10]!];

      await signIn(page, app, 'owner', `/workspaces/${workspaceId}/webhooks`);
      const item = page.getByRole('listitem', { name: new RegExp(receiver.url.replace(/[.]/g, '\\.')) });
      await item.getByRole('button', { name: 'Show deliveries' }).click();
      const log = item.getByRole('table');
      await log.getByText('Deliveries 1–10, newest first').waitFor();
      expect(await log.locator('tbody tr').count()).toBe(10);
      expect(await log.locator('tbody tr').first().textContent()).toContain(newest);
      expect(await log.locator('[data-status="DELIVERED"]').count()).toBe(10);
      await item.getByRole('button', { name: 'Next page' }).click();
      await log.getByText('Deliveries 11–11, newest first').waitFor();
      expect(await log.locator('tbody tr').count()).toBe(1);
      expect(await log.locator('tbody tr').first().textContent()).toContain(oldest);
      expect(await item.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
      await item.getByRole('button', { name: 'Previous page' }).click();
      await log.getByText('Deliveries 1–10, newest first').waitFor();
      await expectAccessible(page);
    } finally {
      await receiver.close();
    }
  });

  test('a workspace MEMBER gets no link and no controls; a forced mutation is FORBIDDEN', async ({ app, page }) => {
    const workspaceId = app.world.workspaceId;
    const created = await api(
      app,
      'owner',
      'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }',
      { input: { workspaceId, url: 'http://127.0.0.1:9/hooks', eventTypes: ['RUN_COMPLETED'] } },
    );
    expect(created.errors).toBeUndefined();
    const endpointId = created.data.createWebhookEndpoint.endpoint.id;
    await app.db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId, userId: app.world.users.operator, role: 'MEMBER' });

    await signIn(page, app, 'operator', '/tenants');
    await page.getByRole('heading', { level: 2, name: 'Contoso MSP' }).waitFor();
    expect(await page.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);

    // A deep link: the capability it takes, no list, no control.
    await page.goto(`${app.url}/workspaces/${workspaceId}/webhooks`);
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('You do not hold the workspace.webhooks.manage capability in this workspace.').waitFor();
    for (const name of ['Create endpoint', 'Disable', 'Enable', 'Rotate secret', 'Delete', 'Redeliver failed']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await page.getByText('127.0.0.1:9').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'webhooks-member');

    for (const mutation of [
      'mutation($id: ID!) { disableWebhookEndpoint(id: $id) { id } }',
      'mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret } }',
      'mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }',
    ]) {
      const forced = await api(app, 'operator', mutation, { id: endpointId });
      expect(forced.errors?.[0]?.extensions?.code, mutation).toBe('FORBIDDEN');
    }
    const still = (await api(app, 'owner', ENDPOINTS, { w: workspaceId })).data.webhookEndpoints;
    expect(still.find((e: any) => e.id === endpointId)).toMatchObject({ enabled: true, disabledReason: null });
  });
});
