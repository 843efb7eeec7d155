// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 16, acceptance 1 (and the token endpoint's hostile cases): API clients through the whole
 * stack. A workspace OWNER creates clients with a role ceiling and tenants; each gets access
 * tokens by OAuth 2.0 client credentials at the gateway's POST /oauth/token and acts through the
 * gateway like a person, every check being the capability registry's.
 */
import { signDevelopmentToken } from '@msp/auth';
import { schema } from '@msp/db';
import { describe, expect } from '@msp/tests/support/fixtures';
import { count, eq } from 'drizzle-orm';
import { auth, clientToken, codesOf, gql, type Stack, test as stackTest, tokenRequest } from './harness';

const CREATE = `mutation($w: ID!, $n: String!, $r: TenantRole!, $t: [ID!], $d: Boolean) {
  createApiClient(workspaceId: $w, name: $n, roleCeiling: $r, tenantIds: $t, trustedDocumentsOnly: $d) {
    clientId clientSecret client { id name roleCeiling tenants { id } createdAt lastUsedAt revokedAt trustedDocumentsOnly }
  }
}`;
const START = `mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) {
  __typename
  ... on ProviderOperationStart { outcome }
  ... on ProviderOperationAccepted { run { id initiatedBy { id displayName isApiClient } } }
} }`;
const RUNS = 'query($t: ID!) { operationRuns(tenantId: $t) { edges { node { id operationType } } } }';
const TENANT = 'query($t: ID!) { tenant(id: $t) { id name } }';

const test = stackTest.extend<{
  w: {
    ownerToken: string;
    strangerToken: string;
    workspaceId: string;
    fabrikam: string;
    northwind: string;
    memberToken: string;
  };
}>({
  w: [
    async ({ stack, seed }, use) => {
      const owner = await seed.user();
      const stranger = await seed.user();
      const member = await seed.user();
      const fabrikam = await seed.tenant(owner.id, { name: 'Fabrikam' });
      await seed.connection(fabrikam.id);
      const northwind = await seed.tenant(owner.id, { name: 'Northwind', workspaceId: fabrikam.workspaceId });
      await seed.connection(northwind.id);
      // A workspace MEMBER (not OWNER), READONLY on Fabrikam.
      await seed.member(fabrikam.id, member.id, 'READONLY');
      await stack.token(member.subject);
      await use({
        ownerToken: await stack.token(owner.subject),
        strangerToken: await stack.token(stranger.subject),
        memberToken: await stack.token(member.subject),
        workspaceId: fabrikam.workspaceId,
        fabrikam: fabrikam.id,
        northwind: northwind.id,
      });
    },
    { scope: 'file' },
  ],
});

async function create(
  stack: Stack,
  token: string,
  variables: { w: string; n: string; r: string; t?: string[] | null; d?: boolean },
) {
  return gql(stack.gateway.url, token, CREATE, variables);
}

describe('issue 16 acceptance 1: API clients act within their ceiling and tenants, through the registry', () => {
  test('a read-only client lists runs and is FORBIDDEN to start; an operator client starts through the gate and its run names it; a client of one tenant gets NOT_FOUND for another, exactly as a stranger', async ({
    stack,
    w,
  }) => {
    const readonly = await create(stack, w.ownerToken, {
      w: w.workspaceId,
      n: 'PSA reader',
      r: 'READONLY',
      t: [w.fabrikam],
    });
    expect(readonly.errors).toBeUndefined();
    const operator = await create(stack, w.ownerToken, {
      w: w.workspaceId,
      n: 'RMM sync',
      r: 'OPERATOR',
      t: [w.fabrikam],
    });
    expect(operator.errors).toBeUndefined();
    const ro = readonly.data.createApiClient;
    const op = operator.data.createApiClient;
    expect(ro.clientId).toBe(ro.client.id);
    expect(ro.clientSecret).toMatch(/^mspcs_[A-Za-z0-9_-]{43}$/);
    expect(ro.client).toMatchObject({ name: 'PSA reader', roleCeiling: 'READONLY', tenants: [{ id: w.fabrikam }] });
    expect(ro.client.lastUsedAt).toBeNull();

    const roToken = await clientToken(stack, ro.clientId, ro.clientSecret);
    const opToken = await clientToken(stack, op.clientId, op.clientSecret);

    // Read-only: lists runs, FORBIDDEN to start (the registry's message, nothing written).
    const listed = await gql(stack.gateway.url, roToken, RUNS, { t: w.fabrikam });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.operationRuns.edges).toEqual([]);
    const refused = await gql(stack.gateway.url, roToken, START, { t: w.fabrikam });
    expect(codesOf(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0]!.message).toBe('Your role on this tenant does not include directory.sync.');

    // Operator: through the gate, ACCEPTED, and the run names the client.
    const started = await gql(stack.gateway.url, opToken, START, { t: w.fabrikam });
    expect(started.errors).toBeUndefined();
    expect(started.data.startDirectoryGroupsSync.outcome).toBe('ACCEPTED');
    const run = started.data.startDirectoryGroupsSync.run;
    expect(run.initiatedBy).toMatchObject({ displayName: 'RMM sync', isApiClient: true });

    // The OWNER sees which client: initiatedBy.apiClient, and the read-only client lists the run.
    const seen = await gql(
      stack.gateway.url,
      w.ownerToken,
      'query($r: ID!) { operationRun(id: $r) { id initiatedFrom initiatedBy { id isApiClient apiClient { id name roleCeiling } } } }',
      { r: run.id },
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data.operationRun.initiatedBy).toEqual({
      id: run.initiatedBy.id,
      isApiClient: true,
      apiClient: { id: op.clientId, name: 'RMM sync', roleCeiling: 'OPERATOR' },
    });
    const listedAgain = await gql(stack.gateway.url, roToken, RUNS, { t: w.fabrikam });
    expect(listedAgain.data.operationRuns.edges.map((e: any) => e.node.id)).toContain(run.id);

    // Another tenant of the same workspace: exactly the stranger's NOT_FOUND, for reads and starts.
    for (const [query, variables] of [
      [TENANT, { t: w.northwind }],
      [RUNS, { t: w.northwind }],
      [START, { t: w.northwind }],
    ] as const) {
      const asClient = await gql(stack.gateway.url, opToken, query, variables);
      const asStranger = await gql(stack.gateway.url, w.strangerToken, query, variables);
      expect(codesOf(asClient)).toEqual(['NOT_FOUND']);
      expect(asClient.errors).toEqual(asStranger.errors);
      expect(asClient.data).toEqual(asStranger.data);
    }

    // The listing: both clients, last use recorded, no secret anywhere.
    const list = await gql(
      stack.gateway.url,
      w.ownerToken,
      'query($w: ID!) { apiClients(workspaceId: $w) { id name roleCeiling lastUsedAt revokedAt tenants { id } } }',
      { w: w.workspaceId },
    );
    expect(list.errors).toBeUndefined();
    expect(list.data.apiClients.map((c: any) => c.name)).toEqual(['PSA reader', 'RMM sync']);
    for (const c of list.data.apiClients) expect(c.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(ro.clientSecret);
    expect(JSON.stringify(list)).not.toContain(op.clientSecret);
  });

  test('a client of every tenant gets the tenants its creator could grant, and the ones its creator creates later', async ({
    stack,
    w,
  }) => {
    const all = await create(stack, w.ownerToken, { w: w.workspaceId, n: 'Every tenant', r: 'READONLY' });
    expect(all.errors).toBeUndefined();
    expect(all.data.createApiClient.client.tenants).toBeNull();
    const token = await clientToken(stack, all.data.createApiClient.clientId, all.data.createApiClient.clientSecret);
    const created = await gql(
      stack.gateway.url,
      w.ownerToken,
      'mutation($w: ID!) { createTenant(workspaceId: $w, name: "Tailspin", entraTenantId: "6c1b0f8e-3d5a-4a8b-9b0e-2f4b5c6d7e8f") { id } }',
      { w: w.workspaceId },
    );
    expect(created.errors).toBeUndefined();
    const mine = await gql(stack.gateway.url, token, '{ myTenants { name myRole } }');
    expect(mine.errors).toBeUndefined();
    expect(mine.data.myTenants).toEqual([
      { name: 'Fabrikam', myRole: 'READONLY' },
      { name: 'Northwind', myRole: 'READONLY' },
      { name: 'Tailspin', myRole: 'READONLY' },
    ]);
  });

  test('only a workspace OWNER manages clients, within what they hold themselves; OWNER is no ceiling', async ({
    stack,
    w,
    seed,
    db,
  }) => {
    const asMember = await create(stack, w.memberToken, { w: w.workspaceId, n: 'x', r: 'READONLY', t: [w.fabrikam] });
    expect(codesOf(asMember)).toEqual(['NOT_FOUND']);
    const asStranger = await create(stack, w.strangerToken, { w: w.workspaceId, n: 'x', r: 'READONLY' });
    expect(codesOf(asStranger)).toEqual(['NOT_FOUND']);
    expect(asStranger.errors).toEqual(asMember.errors);
    const owner = await create(stack, w.ownerToken, { w: w.workspaceId, n: 'x', r: 'OWNER' });
    expect(codesOf(owner)).toEqual(['BAD_USER_INPUT']);
    expect(owner.errors![0]!.message).toMatch(/^roleCeiling must be one of MANAGER, OPERATOR, READONLY/);

    // A second workspace OWNER who is no member of Fabrikam cannot hand it to a client; an
    // OPERATOR of it cannot give a MANAGER ceiling.
    const coOwner = await seed.user();
    const coToken = await stack.token(coOwner.subject);
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: w.workspaceId, userId: coOwner.id, role: 'OWNER' });
    const notMember = await create(stack, coToken, { w: w.workspaceId, n: 'x', r: 'READONLY', t: [w.fabrikam] });
    expect(codesOf(notMember)).toEqual(['NOT_FOUND']);
    await seed.member(w.fabrikam, coOwner.id, 'OPERATOR');
    const above = await create(stack, coToken, { w: w.workspaceId, n: 'x', r: 'MANAGER', t: [w.fabrikam] });
    expect(codesOf(above)).toEqual(['FORBIDDEN']);
    const within = await create(stack, coToken, { w: w.workspaceId, n: 'ok', r: 'OPERATOR', t: [w.fabrikam] });
    expect(within.errors).toBeUndefined();

    // A client cannot manage clients, nor be added to a tenant above its ceiling.
    const client = within.data.createApiClient;
    const token = await clientToken(stack, client.clientId, client.clientSecret);
    const byClient = await create(stack, token, { w: w.workspaceId, n: 'y', r: 'READONLY', t: [w.fabrikam] });
    expect(codesOf(byClient)).toEqual(['NOT_FOUND']);
    const principal = await gql(stack.gateway.url, token, '{ me { id isApiClient } }');
    expect(principal.data.me.isApiClient).toBe(true);
    const promoted = await gql(
      stack.gateway.url,
      w.ownerToken,
      'mutation($t: ID!, $u: ID!) { addTenantMember(tenantId: $t, userId: $u, role: MANAGER) { id } }',
      { t: w.northwind, u: principal.data.me.id },
    );
    expect(codesOf(promoted)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('the token endpoint (RFC 6749): coded errors, nothing written, no secret logged', () => {
  test('client_secret_basic and client_secret_post both work; the answer is a short-lived bearer token, not cached', async ({
    stack,
    w,
  }) => {
    const made = await create(stack, w.ownerToken, {
      w: w.workspaceId,
      n: 'Token test',
      r: 'READONLY',
      t: [w.fabrikam],
    });
    const { clientId, clientSecret } = made.data.createApiClient;
    const basic = await tokenRequest(stack, { grant_type: 'client_credentials' }, { basic: [clientId, clientSecret] });
    expect(basic.status).toBe(200);
    expect(basic.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(basic.headers.get('cache-control')).toBe('no-store');
    const post = await tokenRequest(stack, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(post.status).toBe(200);
    const me = await gql(stack.gateway.url, post.body.access_token, '{ me { displayName isApiClient } }');
    expect(me.data.me).toEqual({ displayName: 'Token test', isApiClient: true });
  });

  test('wrong secret, unknown client, revoked client, malformed requests: coded OAuth errors, nothing written', async ({
    stack,
    w,
    db,
  }) => {
    const made = await create(stack, w.ownerToken, { w: w.workspaceId, n: 'Hostile', r: 'READONLY', t: [w.fabrikam] });
    const { clientId, clientSecret } = made.data.createApiClient;
    const rowOf = async () =>
      (await db.db.select().from(schema.apiClients).where(eq(schema.apiClients.id, clientId)))[0]!;
    const before = await rowOf();
    const clientsBefore = (await db.db.select({ n: count() }).from(schema.apiClients))[0]!.n;
    const usersBefore = (await db.db.select({ n: count() }).from(schema.users))[0]!.n;
    const grant = { grant_type: 'client_credentials' };
    const cases: Array<[string, Promise<{ status: number; body: any; headers: Headers }>, number, string]> = [
      [
        'wrong secret (basic)',
        tokenRequest(stack, grant, { basic: [clientId, `${clientSecret}x`] }),
        401,
        'invalid_client',
      ],
      [
        'wrong secret (post)',
        tokenRequest(stack, { ...grant, client_id: clientId, client_secret: 'mspcs_nope' }),
        401,
        'invalid_client',
      ],
      [
        'unknown client',
        tokenRequest(stack, grant, { basic: ['0b7d3c55-7f43-4a83-9d55-5d0c1c0e2a11', clientSecret] }),
        401,
        'invalid_client',
      ],
      [
        'client id not a UUID',
        tokenRequest(stack, grant, { basic: ["' or 1=1 --", clientSecret] }),
        401,
        'invalid_client',
      ],
      ['no client authentication', tokenRequest(stack, grant), 401, 'invalid_client'],
      [
        'a bearer token instead',
        tokenRequest(stack, grant, { authorization: `Bearer ${w.ownerToken}` }),
        401,
        'invalid_client',
      ],
      ['no grant_type', tokenRequest(stack, {}, { basic: [clientId, clientSecret] }), 400, 'invalid_request'],
      [
        'password grant',
        tokenRequest(stack, { grant_type: 'password' }, { basic: [clientId, clientSecret] }),
        400,
        'unsupported_grant_type',
      ],
      [
        'both methods',
        tokenRequest(stack, { ...grant, client_secret: clientSecret }, { basic: [clientId, clientSecret] }),
        400,
        'invalid_request',
      ],
      [
        'JSON body',
        tokenRequest(
          stack,
          {},
          {
            basic: [clientId, clientSecret],
            contentType: 'application/json',
            rawBody: JSON.stringify(grant),
          },
        ),
        400,
        'invalid_request',
      ],
      [
        'repeated parameter',
        tokenRequest(
          stack,
          {},
          { basic: [clientId, clientSecret], rawBody: 'grant_type=client_credentials&grant_type=x' },
        ),
        400,
        'invalid_request',
      ],
      [
        'a huge body',
        tokenRequest(
          stack,
          {},
          { basic: [clientId, clientSecret], rawBody: `grant_type=client_credentials&x=${'a'.repeat(100_000)}` },
        ),
        400,
        'invalid_request',
      ],
      ['GET', tokenRequest(stack, {}, { method: 'GET', basic: [clientId, clientSecret] }), 405, 'invalid_request'],
    ];
    for (const [what, answer, status, error] of cases) {
      const got = await answer;
      expect(got.status, what).toBe(status);
      expect(got.body.error, what).toBe(error);
      expect(typeof got.body.error_description, what).toBe('string');
      expect(got.body.access_token, what).toBeUndefined();
      expect(JSON.stringify(got.body), what).not.toContain(clientSecret);
    }
    const after = await rowOf();
    expect(after.lastUsedAt).toEqual(before.lastUsedAt);
    expect(after.secretHash).toBe(before.secretHash);
    expect((await db.db.select({ n: count() }).from(schema.apiClients))[0]!.n).toBe(clientsBefore);
    expect((await db.db.select({ n: count() }).from(schema.users))[0]!.n).toBe(usersBefore);

    // Revoked: the same invalid_client as a wrong secret.
    const revoked = await gql(
      stack.gateway.url,
      w.ownerToken,
      'mutation($id: ID!) { revokeApiClient(id: $id) { revokedAt } }',
      {
        id: clientId,
      },
    );
    expect(revoked.data.revokeApiClient.revokedAt).not.toBeNull();
    const refused = await tokenRequest(stack, grant, { basic: [clientId, clientSecret] });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic /);

    // The audit log: the creation and the revocation, each once, by the OWNER; never the secret.
    const audited = await db.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.targetId, clientId))
      .orderBy(schema.auditEvents.id);
    expect(audited.map((e) => e.action)).toEqual(['api_clients.create', 'api_clients.revoke']);
    expect(audited.every((e) => e.workspaceId === w.workspaceId && e.actorId !== null)).toBe(true);
    expect(JSON.stringify(audited)).not.toContain(clientSecret);
  });

  test("a person's token cannot claim a client's principal; a forged client token is refused", async ({ stack, w }) => {
    const made = await create(stack, w.ownerToken, {
      w: w.workspaceId,
      n: 'Principal',
      r: 'READONLY',
      t: [w.fabrikam],
    });
    const { clientId } = made.data.createApiClient;
    const asPrincipal = await signDevelopmentToken(auth.jwtSecret, `api-client:${clientId}`);
    const tried = await gql(stack.gateway.url, asPrincipal, TENANT, { t: w.fabrikam });
    expect(codesOf(tried)).toEqual(['UNAUTHENTICATED']);
    // Signed with the people's key but claiming the token endpoint's issuer.
    const { SignJWT } = await import('jose');
    const forged = await new SignJWT({ client_id: clientId, gen: 1, tdo: false })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('urn:msp-provider-gate:api-clients')
      .setSubject(`api-client:${clientId}`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(auth.jwtSecret));
    const forgedAnswer = await gql(stack.gateway.url, forged, TENANT, { t: w.fabrikam });
    expect(codesOf(forgedAnswer)).toEqual(['UNAUTHENTICATED']);
  });
});
