// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The seed's manual validation pass through the gateway on the tenant and provider-connection
 * surfaces (needs the tenant and provider-connection subgraphs in scripts/subgraphs.ts): the four
 * outcomes on each surface, FORBIDDEN for a read-only member, NOT_FOUND for a stranger, and a
 * live subscription whose events resolve `tenant { name }` from the tenant subgraph.
 */
import { runEventChannel } from '@msp/gate';
import { describe, expect } from '@msp/tests/support/fixtures';
import { codesOf, test as e2e, gql, listening, subscribe, waitFor, wsClient } from './harness';

const OUTCOME = `__typename ... on ProviderOperationStart { outcome message { headline } }
  ... on ProviderOperationAccepted { run { id } }`;

const test = e2e.extend<{ w: any }>({
  w: [
    async ({ seed }, use) => {
      const owner = await seed.user();
      const readonly = await seed.user();
      const stranger = await seed.user();
      const workspace = await seed.workspace(owner.id);
      const tenant = async (name: string, connection: Record<string, unknown> = {}) => {
        const t = await seed.tenant(owner.id, { name, workspaceId: workspace.id });
        await seed.member(t.id, readonly.id, 'READONLY');
        const c = await seed.connection(t.id, connection);
        return { tenant: t, connection: c };
      };
      const usable = await tenant('Fabrikam');
      const blocked = await tenant('Northwind', { consentStatus: 'MISSING' });
      const dedupe = await tenant('Tailspin');
      await seed.run({
        tenantId: dedupe.tenant.id,
        providerConnectionId: dedupe.connection.id,
        operationType: 'DIRECTORY_GROUPS_SYNC',
      });
      const busy = await tenant('Wingtip');
      await seed.run({
        tenantId: busy.tenant.id,
        providerConnectionId: busy.connection.id,
        operationType: 'POLICY_BACKUP',
      });
      const connDedupe = await tenant('Litware');
      await seed.run({
        tenantId: connDedupe.tenant.id,
        providerConnectionId: connDedupe.connection.id,
        operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
        surface: 'PROVIDER_CONNECTION',
      });
      const disabled = await tenant('Proseware', { enabled: false });
      // Each test that admits a run gets its own usable tenant: runs finish in the worker, in its time.
      const connUsable = await tenant('Adatum');
      const live = await tenant('Fourth Coffee');
      await use({ owner, readonly, stranger, usable, blocked, dedupe, busy, connDedupe, disabled, connUsable, live });
    },
    { scope: 'file' },
  ],
});

describe('the four outcomes through the gateway', () => {
  test('tenant surface: ACCEPTED, BLOCKED, DEDUPED, SCOPE_BUSY', async ({ stack, w }) => {
    expect(stack.names).toEqual(expect.arrayContaining(['tenant', 'provider-connection', 'operations']));
    const token = await stack.token(w.owner.subject);
    const start = (tenantId: string) =>
      gql(stack.gateway.url, token, `mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { ${OUTCOME} } }`, {
        t: tenantId,
      });
    const outcomes = [];
    for (const t of [w.usable, w.blocked, w.dedupe, w.busy]) {
      const r = await start(t.tenant.id);
      expect(r.errors).toBeUndefined();
      outcomes.push(r.data.startDirectoryGroupsSync.outcome);
    }
    expect(outcomes).toEqual(['ACCEPTED', 'BLOCKED', 'DEDUPED', 'SCOPE_BUSY']);
  });

  test('connection surface: ACCEPTED, BLOCKED, DEDUPED, SCOPE_BUSY', async ({ stack, w }) => {
    const token = await stack.token(w.owner.subject);
    const start = (id: string) =>
      gql(
        stack.gateway.url,
        token,
        `mutation($c: ID!) { startProviderConnectionHealthCheck(providerConnectionId: $c) { ${OUTCOME} } }`,
        { c: id },
      );
    const outcomes = [];
    for (const t of [w.connUsable, w.disabled, w.connDedupe, w.busy]) {
      const r = await start(t.connection.id);
      expect(r.errors).toBeUndefined();
      outcomes.push(r.data.startProviderConnectionHealthCheck.outcome);
    }
    expect(outcomes).toEqual(['ACCEPTED', 'BLOCKED', 'DEDUPED', 'SCOPE_BUSY']);
  });

  test('FORBIDDEN for a read-only member, NOT_FOUND for a stranger, UNAUTHENTICATED without a token', async ({
    stack,
    w,
  }) => {
    const doc = `mutation($t: ID!) { startRoleDefinitionsSync(tenantId: $t) { __typename } }`;
    const vars = { t: w.usable.tenant.id };
    expect(codesOf(await gql(stack.gateway.url, await stack.token(w.readonly.subject), doc, vars))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codesOf(await gql(stack.gateway.url, await stack.token(w.stranger.subject), doc, vars))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codesOf(await gql(stack.gateway.url, null, doc, vars))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('live subscription through the gateway', () => {
  test('sees QUEUED → RUNNING → COMPLETED with tenant { name } resolved by the tenant subgraph', async ({
    stack,
    w,
  }) => {
    const token = await stack.token(w.owner.subject);
    const client = wsClient(stack.gateway.url, token);
    try {
      const sub = subscribe(
        client,
        'subscription($t: ID!) { operationRunUpdated(tenantId: $t) { run { id status tenant { id name } } } }',
        { t: w.live.tenant.id },
      );
      // Established once the operations subgraph listens on the tenant's Redis channel.
      await listening(stack, runEventChannel(w.live.tenant.id));
      const started = await gql(
        stack.gateway.url,
        token,
        `mutation($t: ID!) { startRoleDefinitionsSync(tenantId: $t) { ${OUTCOME} } }`,
        { t: w.live.tenant.id },
      );
      expect(started.data.startRoleDefinitionsSync.outcome).toBe('ACCEPTED');
      const runId = started.data.startRoleDefinitionsSync.run.id as string;
      await waitFor(
        () =>
          sub.events.some(
            (e) => e.operationRunUpdated.run.id === runId && e.operationRunUpdated.run.status === 'COMPLETED',
          ),
        'COMPLETED',
      );
      const mine = sub.events
        .filter((e) => e.operationRunUpdated.run.id === runId)
        .map((e) => e.operationRunUpdated.run);
      expect(mine.map((r) => r.status)[0]).toBe('QUEUED');
      expect(mine.map((r) => r.status)).toContain('RUNNING');
      expect(mine.at(-1).status).toBe('COMPLETED');
      for (const r of mine) expect(r.tenant).toEqual({ id: w.live.tenant.id, name: 'Fourth Coffee' });
      expect(sub.errors).toEqual([]);
      sub.dispose();
    } finally {
      await client.dispose();
    }
  });
});
