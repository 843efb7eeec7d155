// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 16, acceptance 4: trusted documents. The gateway registers persisted documents (the
 * console's manifest, and here a partner's); an API client created with `trustedDocumentsOnly`
 * may send those only, by id, over HTTP, and no other document on any transport.
 */
import { readFileSync } from 'node:fs';
import { runEventChannel } from '@msp/gate';
import { CONSOLE_DOCUMENTS_PATH } from '@msp/gateway';
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

const PARTNER_RUNS = 'query PartnerRuns($t: ID!) { operationRuns(tenantId: $t) { edges { node { id status } } } }';
const PARTNER_LIVE = 'subscription PartnerLive($t: ID!) { operationRunUpdated(tenantId: $t) { run { id status } } }';
const DOCUMENTS = { 'partner-runs-v1': PARTNER_RUNS, 'partner-live-v1': PARTNER_LIVE };

const test = base.extend<{ trusted: Stack }>({
  trusted: [
    async ({ database }, use) => {
      const stack = await startStack(database.connect(10), { trustedDocuments: DOCUMENTS });
      await use(stack);
      await stack.close();
    },
    { scope: 'file' },
  ],
});

/** POST a body as is (a document id instead of a query). */
async function send(stack: Stack, token: string, body: Record<string, unknown>) {
  const res = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: any[] }) };
}

describe('issue 16 acceptance 4: trusted documents', () => {
  test('a client restricted to trusted documents cannot send an arbitrary query (PERSISTED_DOCUMENT_REQUIRED), on HTTP or graphql-ws; a registered one works, by id', async ({
    trusted: stack,
    seed,
  }) => {
    const w = await seed.world();
    const owner = await stack.token(w.owner.subject);
    const created = await gql(
      stack.gateway.url,
      owner,
      `mutation($w: ID!, $t: ID!) {
        restricted: createApiClient(workspaceId: $w, name: "PSA", roleCeiling: OPERATOR, tenantIds: [$t], trustedDocumentsOnly: true) { clientId clientSecret client { trustedDocumentsOnly } }
        free: createApiClient(workspaceId: $w, name: "Script", roleCeiling: READONLY, tenantIds: [$t]) { clientId clientSecret client { trustedDocumentsOnly } }
      }`,
      { w: w.workspaceId, t: w.tenant.id },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.restricted.client.trustedDocumentsOnly).toBe(true);
    expect(created.data.free.client.trustedDocumentsOnly).toBe(false);
    const restricted = await clientToken(stack, created.data.restricted.clientId, created.data.restricted.clientSecret);
    const free = await clientToken(stack, created.data.free.clientId, created.data.free.clientSecret);
    const runsBefore = await gql(stack.gateway.url, owner, PARTNER_RUNS, { t: w.tenant.id });

    // Arbitrary documents: refused with the code, before anything runs (a start admits nothing).
    for (const query of [
      '{ myTenants { id name } }',
      PARTNER_RUNS, // its text: registered documents are sent by id
      'mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { __typename } }',
    ]) {
      const refused = await gql(stack.gateway.url, restricted, query, { t: w.tenant.id });
      expect(codesOf(refused), query).toEqual(['PERSISTED_DOCUMENT_REQUIRED']);
      expect(refused.data ?? null).toBeNull();
    }
    expect((await gql(stack.gateway.url, owner, PARTNER_RUNS, { t: w.tenant.id })).data).toEqual(runsBefore.data);

    // A registered one, by id: documentId, or Apollo's persistedQuery extension.
    const byId = await send(stack, restricted, { documentId: 'partner-runs-v1', variables: { t: w.tenant.id } });
    expect(byId.errors).toBeUndefined();
    expect(byId.data.operationRuns.edges).toEqual(runsBefore.data.operationRuns.edges);
    const apollo = await send(stack, restricted, {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'partner-runs-v1' } },
      variables: { t: w.tenant.id },
    });
    expect(apollo.errors).toBeUndefined();
    // An id nobody registered.
    const unknown = await send(stack, restricted, { documentId: 'partner-runs-v9', variables: { t: w.tenant.id } });
    expect(codesOf(unknown)).toEqual(['PERSISTED_DOCUMENT_NOT_FOUND']);

    // graphql-ws: an arbitrary subscription is refused before it runs; the registered one runs.
    const ws = wsClient(stack.gateway.url, restricted);
    try {
      const arbitrary = subscribe(ws, 'subscription($t: ID!) { operationRunUpdated(tenantId: $t) { run { id } } }', {
        t: w.tenant.id,
      });
      expect((await arbitrary.failed()).map((e) => e.extensions?.code)).toEqual(['PERSISTED_DOCUMENT_REQUIRED']);
      const query = subscribe(ws, '{ myTenants { id } }');
      expect((await query.failed()).map((e) => e.extensions?.code)).toEqual(['PERSISTED_DOCUMENT_REQUIRED']);
      const live = subscribe(ws, PARTNER_LIVE, { t: w.tenant.id });
      await listening(stack, runEventChannel(w.tenant.id));
      const started = await gql(
        stack.gateway.url,
        owner,
        'mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { ... on ProviderOperationAccepted { run { id } } } }',
        { t: w.tenant.id },
      );
      const runId = started.data.startDirectoryGroupsSync.run.id;
      const events = await live.received(1);
      expect(events[0].operationRunUpdated.run.id).toBe(runId);
      live.dispose();
    } finally {
      await ws.dispose();
    }

    // An unrestricted client and a person still send what they like, and may use ids too.
    expect((await gql(stack.gateway.url, free, '{ myTenants { name } }')).data.myTenants).toEqual([
      { name: 'Fabrikam' },
    ]);
    expect(
      (await send(stack, free, { documentId: 'partner-runs-v1', variables: { t: w.tenant.id } })).errors,
    ).toBeUndefined();
    expect((await gql(stack.gateway.url, owner, '{ me { id } }')).errors).toBeUndefined();
  });

  test("the console's manifest is registered: its documents answer by id (what the production build sends)", async ({
    trusted: stack,
    seed,
  }) => {
    const manifest = JSON.parse(readFileSync(CONSOLE_DOCUMENTS_PATH, 'utf8')) as Record<string, string>;
    const [layoutId] = Object.entries(manifest).find(([, text]) => text.startsWith('query Layout '))!;
    expect(layoutId).toMatch(/^sha256:[0-9a-f]{64}$/);
    const user = await seed.user({ displayName: 'Ada' });
    const token = await stack.token(user.subject);
    const answer = await send(stack, token, { extensions: { persistedQuery: { version: 1, sha256Hash: layoutId } } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.me).toMatchObject({ __typename: 'User', displayName: 'Ada' });
  });
});
