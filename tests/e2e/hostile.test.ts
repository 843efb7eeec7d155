// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 10: hostile requests, each sent through the gateway and, where it applies, straight at a
 * subgraph. Every one gets a clean, coded answer; no log line carries a stack trace; nothing is
 * written; every process still answers afterwards. (RELIABILITY.md lists them.)
 */
import { Writable } from 'node:stream';
import { schema } from '@msp/db';
import { createGateway, readSupergraph } from '@msp/gateway';
import { test as base, describe, expect } from '@msp/tests/support/fixtures';
import { count } from 'drizzle-orm';
import pino from 'pino';
import { codesOf, gql, type Stack, startStack } from './harness';

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

/** POSTs a raw document (no token when `token` is null) and reads the answer, whatever its status. */
async function post(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
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
          const answer = await post(url, caller, query);
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
    const direct = await post(stack.subgraphs.tenant!.url, token, aliases);
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
});
