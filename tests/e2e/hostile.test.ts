// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 10: hostile requests, each sent through the gateway and, where it applies, straight at a
 * subgraph. Every one gets a clean, coded answer; no log line carries a stack trace; nothing is
 * written; every process still answers afterwards. (RELIABILITY.md lists them.)
 */
import { Writable } from 'node:stream';
import { signDevelopmentToken } from '@msp/auth';
import { schema } from '@msp/db';
import { createCredentialSigner, GATEWAY_CREDENTIAL_HEADER } from '@msp/edge';
import { createGateway, readSupergraph } from '@msp/gateway';
import { test as base, describe, expect } from '@msp/tests/support/fixtures';
import { count } from 'drizzle-orm';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import pino from 'pino';
import WebSocket from 'ws';
import { auth, codesOf, GATEWAY_KEY, gql, type Stack, startStack, subscribe, wsClient } from './harness';

interface Logged {
  stack: Stack;
  lines: string[];
}

const test = base.extend<{ logged: Logged }>({
  logged: [
    async ({ database }, use) => {
      const lines: string[] = [];
      const logStream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString().split('\n').filter(Boolean));
          done();
        },
      });
      const stack = await startStack(database.connect(10), { logLevel: 'info', logStream });
      await use({ stack, lines });
      await stack.close();
    },
    { scope: 'file' },
  ],
});

/**
 * POSTs a raw document (no token when `token` is null) and reads the answer, whatever its status.
 * `headers` adds to the request (a gateway credential, to reach a subgraph as the gateway does).
 */
async function post(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = { raw: text };
  }
  return { status: res.status, size: text.length, ...body } as {
    status: number;
    size: number;
    data?: any;
    errors?: any[];
  };
}

/** A valid gateway credential for `subgraph`: what the gateway adds to each of its requests. */
async function asGateway(subgraph: string): Promise<Record<string, string>> {
  const signer = await createCredentialSigner([subgraph], { key: GATEWAY_KEY });
  signer.close();
  return { [GATEWAY_CREDENTIAL_HEADER]: signer.credentialFor(subgraph) };
}

/** Log lines since `from` that show a stack trace or an error-level entry. */
function troubleSince(lines: string[], from: number): string[] {
  return lines.slice(from).filter((line) => /\n\s+at |\\n\s+at |"stack"/.test(line) || /"level":(50|60)/.test(line));
}

/** Every process of the stack still answers: the gateway's /readyz polls every subgraph's. */
async function everyoneAnswers(stack: Stack, token: string) {
  const ready = await fetch(new URL('/readyz', stack.gateway.url));
  expect(ready.status).toBe(200);
  const me = await gql(stack.gateway.url, token, '{ me { id } }');
  expect(me.errors).toBeUndefined();
}

async function rowCounts(db: import('@msp/db').Database) {
  const [runs] = await db.select({ n: count() }).from(schema.operationRuns);
  const [tenants] = await db.select({ n: count() }).from(schema.tenants);
  const [users] = await db.select({ n: count() }).from(schema.users);
  return { runs: runs!.n, tenants: tenants!.n, users: users!.n };
}

describe('hostile requests', () => {
  test('item 1: a subgraph answers the gateway only: no credential, a forged one, one for another subgraph, or over graphql-ws without one, refused before any work', async ({
    logged: { stack, lines },
    db,
  }) => {
    // A caller never seen before: had the subgraph done any work, it would have provisioned them.
    const stranger = await signDevelopmentToken(auth.jwtSecret, `direct-${crypto.randomUUID()}`);
    const before = await rowCounts(db.db);
    const from = lines.length;
    const forged = await (async () => {
      const signer = await createCredentialSigner(['tenant'], { key: 'not-the-gateway-key-0123456789abcdefgh' });
      signer.close();
      return signer.credentialFor('tenant');
    })();
    for (const [name, server] of Object.entries(stack.subgraphs)) {
      const other = name === 'tenant' ? 'operations' : 'tenant';
      for (const headers of [
        {},
        { [GATEWAY_CREDENTIAL_HEADER]: forged },
        { [GATEWAY_CREDENTIAL_HEADER]: 'not-a-jwt' },
        await asGateway(other),
      ]) {
        const answer = await post(server.url, stranger, '{ __typename }', {}, headers);
        expect(answer.status, `${name} ${JSON.stringify(headers).slice(0, 40)}`).toBe(403);
        expect(codesOf(answer)).toEqual(['GATEWAY_CREDENTIAL_REQUIRED']);
      }
      // With the gateway's credential it answers (the caller's token still decides who they are).
      const allowed = await post(server.url, null, '{ __typename }', {}, await asGateway(name));
      expect(codesOf(allowed)).toEqual(['UNAUTHENTICATED']);
    }
    // The review's query: 100 aliases of workspaces, 32 levels deep through workspaces → tenants →
    // workspace → tenants, straight at the tenant subgraph with the gateway's credential: the
    // subgraph's own limits refuse it.
    let cycle = 'id';
    for (let i = 0; i < 16; i++) cycle = `tenants { workspace { ${cycle} } }`;
    const review = `{ ${Array.from({ length: 100 }, (_, i) => `w${i}: workspaces { ${cycle} }`).join(' ')} }`;
    const reviewed = await post(stack.subgraphs.tenant!.url, stranger, review, {}, await asGateway('tenant'));
    expect(codesOf(reviewed)).toEqual(['OPERATION_TOO_COMPLEX']);
    // graphql-ws straight at the operations subgraph: the connection is closed (4403) at once.
    const closed = await new Promise<number>((resolve) => {
      const client = createClient({
        url: stack.subgraphs.operations!.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { Authorization: `Bearer ${stranger}` },
        retryAttempts: 0,
        on: { closed: (event) => resolve((event as { code: number }).code) },
      });
      client.subscribe({ query: 'subscription { __typename }' }, { next() {}, error() {}, complete() {} });
    });
    expect(closed).toBe(4403);
    // The same through the gateway works: it adds its credential over HTTP and graphql-ws.
    expect((await gql(stack.gateway.url, stranger, '{ me { id } }')).errors).toBeUndefined();
    expect(troubleSince(lines, from)).toEqual([]);
    const after = await rowCounts(db.db);
    expect(after.runs).toBe(before.runs);
    expect(after.tenants).toBe(before.tenants);
    // The stranger was provisioned once, by requests carrying the gateway's credential; none of
    // the refused ones did any work.
    expect(after.users).toBe(before.users + 1);
  });

  test('item 1: every list a user can grow is capped (first, 1 to 200, default 50)', async ({
    logged: { stack },
    seed,
  }) => {
    const w = await seed.world();
    await seed.connection(w.tenant.id, { displayName: 'Second', isDefault: false });
    await seed.connection(w.tenant.id, { displayName: 'Third', isDefault: false });
    await seed.tenant(w.owner.id, { workspaceId: w.workspaceId, name: 'Another' });
    const token = await stack.token(w.owner.subject);
    const capped = await gql(
      stack.gateway.url,
      token,
      `query($t: ID!) { workspaces { tenants(first: 1) { id } }
        tenant(id: $t) { providerConnections(first: 2) { id } roleDefinitions(first: 1) { id } policyBackups(first: 1) { id } } }`,
      { t: w.tenant.id },
    );
    expect(capped.errors).toBeUndefined();
    expect(capped.data.workspaces[0].tenants).toHaveLength(1);
    expect(capped.data.tenant.providerConnections).toHaveLength(2);
    for (const field of ['providerConnections', 'roleDefinitions', 'policyBackups']) {
      for (const first of [0, 201]) {
        const refused = await gql(
          stack.gateway.url,
          token,
          `query($t: ID!) { tenant(id: $t) { ${field}(first: ${first}) { id } } }`,
          {
            t: w.tenant.id,
          },
        );
        expect(codesOf(refused), `${field}(first: ${first})`).toEqual(['BAD_USER_INPUT']);
      }
    }
    expect(codesOf(await gql(stack.gateway.url, token, '{ workspaces { tenants(first: 1000) { id } } }'))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  test('item 4: a literal nested 2,000 levels deep, and a document of too many tokens, get 400 OPERATION_TOO_COMPLEX', async ({
    logged: { stack, lines },
    seed,
    db,
  }) => {
    const w = await seed.world();
    const token = await stack.token(w.owner.subject);
    const before = await rowCounts(db.db);
    const from = lines.length;
    const deepList = `{ tenant(id: ${'['.repeat(2000)}"x"${']'.repeat(2000)}) { id } }`;
    const deepObject = `mutation { createWorkspace(input: ${'{a:'.repeat(2000)}1${'}'.repeat(2000)}) { id } }`;
    const manyTokens = `{ ${'me { id } '.repeat(2000)} }`;
    const targets = [stack.gateway.url, stack.subgraphs.tenant!.url];
    for (const url of targets) {
      for (const query of [deepList, deepObject, manyTokens]) {
        // Anonymous (the gateway parses before anything else) and with a valid token.
        for (const caller of [null, token]) {
          const headers = url === stack.gateway.url ? {} : await asGateway('tenant');
          const answer = await post(url, caller, query, {}, headers);
          expect(answer.status, `${url} ${query.slice(0, 30)}`).toBe(400);
          expect(codesOf(answer)).toEqual(['OPERATION_TOO_COMPLEX']);
        }
      }
    }
    expect(troubleSince(lines, from)).toEqual([]);
    expect(await rowCounts(db.db)).toEqual(before);
    await everyoneAnswers(stack, token);
  });

  test('item 2: introspection counts like any field (1,000 aliases of __schema are refused, anonymous or not)', async ({
    logged: { stack, lines },
    seed,
  }) => {
    const w = await seed.world();
    const token = await stack.token(w.owner.subject);
    const from = lines.length;
    const aliases = `{ ${Array.from({ length: 1000 }, (_, i) => `s${i}: __schema { types { name fields { name } } }`).join(' ')} }`;
    const costly = `{ ${Array.from({ length: 29 }, (_, i) => `s${i}: __schema { types { name fields { name description args { name description } } } }`).join(' ')} }`;
    const deepType = `{ __type(name: "Tenant") { ${'ofType { '.repeat(20)}name${' }'.repeat(20)} } }`;
    for (const caller of [null, token]) {
      for (const query of [aliases, costly, deepType]) {
        const answer = await post(stack.gateway.url, caller, query);
        expect(codesOf(answer)).toEqual(['OPERATION_TOO_COMPLEX']);
        expect(answer.data ?? null).toBeNull();
        expect(answer.size).toBeLessThan(2_000);
      }
    }
    const direct = await post(stack.subgraphs.tenant!.url, token, aliases, {}, await asGateway('tenant'));
    expect(codesOf(direct)).toEqual(['OPERATION_TOO_COMPLEX']);
    // GraphiQL's own introspection query still works.
    const { getIntrospectionQuery } = await import('graphql');
    const introspection = await post(stack.gateway.url, token, getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data.__schema.types.length).toBeGreaterThan(50);
    expect(troubleSince(lines, from)).toEqual([]);
    await everyoneAnswers(stack, token);
  });

  test('item 3: the 15-alias, 600,000-node query is refused with OPERATION_TOO_COMPLEX, with literals or variables', async ({
    logged: { stack, lines },
    seed,
  }) => {
    const w = await seed.world();
    const token = await stack.token(w.owner.subject);
    const from = lines.length;
    // 15 × 200 runs × 200 groups each (through run → tenant → directoryGroups).
    const selection = (first: string) =>
      `operationRuns(tenantId: $t, first: ${first}) { edges { node { id tenant { directoryGroups(first: ${first}) { edges { node { id displayName } } } } } } }`;
    const literal = `query($t: ID!) { ${Array.from({ length: 15 }, (_, i) => `a${i}: ${selection('200')}`).join(' ')} }`;
    const withVariables = `query($t: ID!, $n: Int) { ${Array.from({ length: 15 }, (_, i) => `a${i}: ${selection('$n')}`).join(' ')} }`;
    for (const [query, variables] of [
      [literal, { t: w.tenant.id }],
      [withVariables, { t: w.tenant.id, n: 200 }],
    ] as const) {
      const answer = await post(stack.gateway.url, token, query, variables);
      expect(codesOf(answer)).toEqual(['OPERATION_TOO_COMPLEX']);
      expect(answer.data ?? null).toBeNull();
    }
    // The same shape with small pages is fine.
    const small = await post(stack.gateway.url, token, withVariables, { t: w.tenant.id, n: 5 });
    expect(small.errors).toBeUndefined();
    expect(small.data.a0.edges).toEqual([]);
    // Straight at the subgraph that owns the pages: its own cost limit.
    const direct = await post(
      stack.subgraphs.tenant!.url,
      token,
      `query($t: ID!, $n: Int) { ${Array.from({ length: 15 }, (_, i) => `a${i}: tenant(id: $t) { directoryGroups(first: $n) { edges { node { id displayName } } } roleDefinitions { id } }`).join(' ')} }`,
      { t: w.tenant.id, n: 100_000 },
      await asGateway('tenant'),
    );
    expect(codesOf(direct)).toEqual(['OPERATION_TOO_COMPLEX']);
    expect(troubleSince(lines, from)).toEqual([]);
    await everyoneAnswers(stack, token);
  });

  test('item 3: an answer over the response cap is replaced by RESPONSE_TOO_LARGE (the backstop behind the estimate)', async ({
    logged: { stack },
    seed,
  }) => {
    const w = await seed.world();
    const token = await stack.token(w.owner.subject);
    const small = await createGateway({
      supergraphSdl: readSupergraph(),
      port: 0,
      host: '127.0.0.1',
      logger: pino({ level: 'silent' }),
      subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])),
      maxResponseBytes: 100,
      gatewayKey: GATEWAY_KEY,
    });
    try {
      // Under the cap: answered as usual (each request has its own count).
      for (let i = 0; i < 3; i++) expect((await post(small.url, token, '{ me { id } }')).errors).toBeUndefined();
      const answer = await post(small.url, token, '{ me { id email displayName } }');
      expect(codesOf(answer)).toEqual(['RESPONSE_TOO_LARGE']);
      expect(JSON.stringify(answer)).not.toContain(w.owner.email);
    } finally {
      await small.close();
    }
  });

  test('item 9: a NUL in any string input is BAD_USER_INPUT at the edge, nothing written, no SQL parameters logged', async ({
    logged: { stack, lines },
    seed,
    db,
  }) => {
    const w = await seed.world();
    const token = await stack.token(w.owner.subject);
    const before = await rowCounts(db.db);
    const from = lines.length;
    const create = 'mutation($name: String!) { createWorkspace(name: $name) { id } }';
    const viaVariable = await post(stack.gateway.url, token, create, { name: 'Contoso\u0000MSP' });
    expect(codesOf(viaVariable)).toEqual(['BAD_USER_INPUT']);
    const viaLiteral = await post(stack.gateway.url, token, 'mutation { createWorkspace(name: "a\\u0000b") { id } }');
    expect(codesOf(viaLiteral)).toEqual(['BAD_USER_INPUT']);
    const direct = await post(
      stack.subgraphs.tenant!.url,
      token,
      create,
      { name: 'x\u0000' },
      await asGateway('tenant'),
    );
    expect(codesOf(direct)).toEqual(['BAD_USER_INPUT']);
    // A NUL in a token's name claim: the claim is ignored, the caller is served.
    const claimed = await new SignJWT({ name: 'Mal\u0000lory', email: 'm\u0000@example.test' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(w.owner.subject)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(auth.jwtSecret));
    expect((await gql(stack.gateway.url, claimed, '{ me { id } }')).errors).toBeUndefined();
    expect(await rowCounts(db.db)).toEqual(before);
    expect(troubleSince(lines, from)).toEqual([]);
    expect(lines.slice(from).join('\n')).not.toMatch(/parameters/);
    await everyoneAnswers(stack, token);
  });

  test('item 10: a subscription through the gateway without a token, with a bad or an expired one is UNAUTHENTICATED (graphql-ws and SSE), logged at most at info', async ({
    logged: { stack, lines },
    seed,
  }) => {
    const w = await seed.world();
    const from = lines.length;
    const expired = await signDevelopmentToken(auth.jwtSecret, w.owner.subject, { expiresIn: '-1m' });
    const query = 'subscription($t: ID!) { operationRunUpdated(tenantId: $t) { run { id } } }';
    for (const token of [null, 'not-a-jwt', expired]) {
      const client = wsClient(stack.gateway.url, token);
      try {
        const sub = subscribe(client, query, { t: w.tenant.id });
        const errors = await sub.failed();
        expect(
          errors.map((e) => e.extensions?.code),
          `ws ${String(token).slice(0, 12)}`,
        ).toEqual(['UNAUTHENTICATED']);
      } finally {
        await client.dispose();
      }
      const sse = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables: { t: w.tenant.id } }),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await sse.text().catch((error: Error) => `aborted: ${error.message}`);
      expect(text, `sse ${String(token).slice(0, 12)}`).toContain('UNAUTHENTICATED');
      expect(text).not.toContain('INTERNAL_SERVER_ERROR');
    }
    expect(lines.slice(from).filter((l) => /"level":(40|50|60)/.test(l))).toEqual([]);
    await everyoneAnswers(stack, await stack.token(w.owner.subject));
  });

  test('item 11: a coercion error never echoes a secret field', async ({ logged: { stack }, seed }) => {
    const w = await seed.world();
    const token = await stack.token(w.owner.subject);
    const secret = `s3cret-${crypto.randomUUID()}`;
    const answer = await post(
      stack.gateway.url,
      token,
      'mutation($input: CreateProviderConnectionInput!) { createProviderConnection(input: $input) { __typename } }',
      { input: { tenantId: w.tenant.id, clientSecret: secret, displayName: 42 } },
    );
    expect(answer.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(answer)).not.toContain(secret);
  });

  test('item 12: CORS answers exactly the configured origin (the console), never a reflected one', async ({
    logged: { stack },
  }) => {
    const preflight = (origin: string) =>
      fetch(stack.gateway.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const allowed = await preflight('https://app.example.test');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    for (const origin of ['https://evil.example', 'null', 'https://app.example.test.evil.example']) {
      const refused = await preflight(origin);
      expect(refused.headers.get('access-control-allow-origin'), origin).not.toBe(origin);
      const post = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(post.headers.get('access-control-allow-origin'), origin).not.toBe(origin);
    }
  });
});
