// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 16, acceptance 2: revocation takes effect on the very next request, on every replica,
 * for tokens issued (and remembered as verified) before it. Two replicas of the whole stack (two
 * gateways, two of each subgraph, each with its own verified-token memory) share one database;
 * each has verified the client's token before the revocation. Nothing is published for it: each
 * subgraph asks the client's row on every request (services/auth `createApiClientCheck`).
 */
import { runEventChannel } from '@msp/gate';
import { describe, expect } from '@msp/tests/support/fixtures';
import {
  test as base,
  clientToken,
  codesOf,
  gql,
  listening,
  type Stack,
  startStack,
  subscribe,
  wsClient,
} from './harness';

const test = base.extend<{ replica: Stack }>({
  replica: [
    async ({ database }, use) => {
      const replica = await startStack(database.connect(10), { startWorker: false });
      await use(replica);
      await replica.close();
    },
    { scope: 'file' },
  ],
});

const RUNS = 'query($t: ID!) { operationRuns(tenantId: $t) { edges { node { id } } } }';
const CREATE =
  'mutation($w: ID!, $t: ID!, $n: String!) { createApiClient(workspaceId: $w, name: $n, roleCeiling: OPERATOR, tenantIds: [$t]) { clientId clientSecret } }';

describe('issue 16 acceptance 2: revocation', () => {
  test('after revokeApiClient, the next request with a token issued before is UNAUTHENTICATED on every replica; the token endpoint refuses the client; its live subscription ends', async ({
    stack,
    replica,
    seed,
  }) => {
    const w = await seed.world();
    const owner = await stack.token(w.owner.subject);
    const created = await gql(stack.gateway.url, owner, CREATE, {
      w: w.workspaceId,
      t: w.tenant.id,
      n: 'Revoked soon',
    });
    expect(created.errors).toBeUndefined();
    const { clientId, clientSecret } = created.data.createApiClient;
    // Issued by one replica, used on both: each verifies it once and remembers it until its exp.
    const token = await clientToken(stack, clientId, clientSecret);
    for (const s of [stack, replica]) {
      for (let i = 0; i < 2; i++)
        expect((await gql(s.gateway.url, token, RUNS, { t: w.tenant.id })).errors).toBeUndefined();
    }
    // A live subscription on the second replica.
    const ws = wsClient(replica.gateway.url, token);
    const sub = subscribe(ws, 'subscription($t: ID!) { operationRunUpdated(tenantId: $t) { run { id } } }', {
      t: w.tenant.id,
    });
    await listening(replica, runEventChannel(w.tenant.id));

    const revoked = await gql(
      stack.gateway.url,
      owner,
      'mutation($id: ID!) { revokeApiClient(id: $id) { id revokedAt } }',
      {
        id: clientId,
      },
    );
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data.revokeApiClient.revokedAt).not.toBeNull();

    // The very next request, on each replica (the revoking one and the other): UNAUTHENTICATED.
    for (const s of [replica, stack]) {
      const next = await gql(s.gateway.url, token, RUNS, { t: w.tenant.id });
      expect(codesOf(next)).toEqual(['UNAUTHENTICATED']);
      expect(next.errors![0]!.message).toBe('This API client was revoked.');
      const start = await gql(
        s.gateway.url,
        token,
        'mutation($t: ID!) { startPolicyBackup(tenantId: $t) { __typename } }',
        {
          t: w.tenant.id,
        },
      );
      expect(codesOf(start)).toEqual(['UNAUTHENTICATED']);
    }
    // Its live subscription ends (its memberships went, and their access-changed events with them).
    await sub.failed(15_000);
    expect(sub.errors.map((e) => e.extensions?.code)).toContain('NOT_FOUND');
    // A new operation on a socket opened before is refused as a new request would be.
    const late = subscribe(ws, 'subscription($t: ID!) { operationRunUpdated(tenantId: $t) { run { id } } }', {
      t: w.tenant.id,
    });
    const lateErrors = await late.failed();
    expect(lateErrors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    await ws.dispose();

    // The token endpoint of either replica refuses it.
    for (const s of [stack, replica]) {
      const res = await fetch(new URL('/oauth/token', s.gateway.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        },
        body: 'grant_type=client_credentials',
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error).toBe('invalid_client');
    }
    // Revoked clients cannot be rotated back to life.
    const rotated = await gql(
      stack.gateway.url,
      owner,
      'mutation($id: ID!) { rotateApiClientSecret(id: $id) { clientSecret } }',
      {
        id: clientId,
      },
    );
    expect(codesOf(rotated)).toEqual(['CONFLICT']);
  });

  test('after rotateApiClientSecret, tokens issued under the old secret are UNAUTHENTICATED on every replica, the old secret is refused, the new one works', async ({
    stack,
    replica,
    seed,
  }) => {
    const w = await seed.world();
    const owner = await stack.token(w.owner.subject);
    const created = await gql(stack.gateway.url, owner, CREATE, { w: w.workspaceId, t: w.tenant.id, n: 'Rotated' });
    const { clientId, clientSecret } = created.data.createApiClient;
    const old = await clientToken(replica, clientId, clientSecret);
    for (const s of [stack, replica])
      expect((await gql(s.gateway.url, old, RUNS, { t: w.tenant.id })).errors).toBeUndefined();
    const rotated = await gql(
      replica.gateway.url,
      owner,
      'mutation($id: ID!) { rotateApiClientSecret(id: $id) { clientId clientSecret } }',
      {
        id: clientId,
      },
    );
    expect(rotated.errors).toBeUndefined();
    const fresh = rotated.data.rotateApiClientSecret.clientSecret;
    expect(fresh).not.toBe(clientSecret);
    for (const s of [stack, replica]) {
      expect(codesOf(await gql(s.gateway.url, old, RUNS, { t: w.tenant.id }))).toEqual(['UNAUTHENTICATED']);
    }
    const refused = await fetch(new URL('/oauth/token', stack.gateway.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }).toString(),
    });
    expect(refused.status).toBe(401);
    const renewed = await clientToken(stack, clientId, fresh);
    for (const s of [stack, replica])
      expect((await gql(s.gateway.url, renewed, RUNS, { t: w.tenant.id })).errors).toBeUndefined();
  });
});
