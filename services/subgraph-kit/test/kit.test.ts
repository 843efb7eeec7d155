// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The kit through a real server: auth on HTTP and graphql-ws, error mapping and masking, probes,
 * scalars; and the Redis fan-out with many listeners.
 */
import { randomBytes } from 'node:crypto';
import { signDevelopmentToken } from '@msp/auth';
import { schema as tables } from '@msp/db';
import { fail } from '@msp/gate';
import { testEnv } from '@msp/tests/support/env';
import { test as base, describe, expect } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import { eq } from 'drizzle-orm';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import {
  type BaseContext,
  createBuilder,
  createFanout,
  createRequestAuthenticator,
  type KitTypes,
  type SubgraphServer,
  startSubgraphServer,
  toSubgraphSchema,
  unwrap,
} from '../src';

const auth = { jwtSecret: 'subgraph-kit-test-secret-0123456789' };
/** `ticks` sources still running (their generator has not been returned). */
let liveTicks = 0;

function buildSchema() {
  const builder = createBuilder<KitTypes<BaseContext>>();
  builder.queryType({
    description: 'Test queries.',
    fields: (t) => ({
      me: t.string({ description: 'Who am I.', resolve: (_r, _a, ctx) => ctx.actor.subject }),
      boom: t.string({
        nullable: true,
        description: 'An unexpected failure.',
        resolve: () => {
          throw new Error('connect ECONNREFUSED postgres://admin:hunter2@db.internal:5432');
        },
      }),
      missing: t.string({
        nullable: true,
        description: 'NOT_FOUND.',
        resolve: () => unwrap<never>(fail('NOT_FOUND', 'Thing not found.')),
      }),
      invalid: t.string({
        nullable: true,
        description: 'BAD_USER_INPUT.',
        resolve: () => unwrap<never>(fail('BAD_USER_INPUT', 'name is too long.', 'name')),
      }),
      forbidden: t.string({
        nullable: true,
        description: 'FORBIDDEN.',
        resolve: () => unwrap<never>(fail('FORBIDDEN', 'Not allowed.')),
      }),
      conflict: t.string({
        nullable: true,
        description: 'CONFLICT.',
        resolve: () => unwrap<never>(fail('CONFLICT', 'Already done.')),
      }),
      echo: t.field({
        type: 'DateTime',
        description: 'DateTime in and out.',
        args: { at: t.arg({ type: 'DateTime', required: true }) },
        resolve: (_r, args) => {
          if (!(args.at instanceof Date)) throw new Error('expected a Date');
          return args.at;
        },
      }),
      json: t.field({
        type: 'JSON',
        description: 'JSON in and out.',
        args: { value: t.arg({ type: 'JSON', required: true }) },
        resolve: (_r, args) => args.value,
      }),
    }),
  });
  builder.subscriptionType({
    description: 'Test subscriptions.',
    fields: (t) => ({
      broken: t.string({
        description: 'Fails on subscribe, unexpectedly.',
        subscribe: () => {
          throw new Error('redis://:hunter2@cache.internal refused');
        },
        resolve: (v: string) => v,
      }),
      hidden: t.string({
        description: 'Fails on subscribe with NOT_FOUND.',
        subscribe: () => unwrap<never>(fail('NOT_FOUND', 'Thing not found.')),
        resolve: (v: string) => v,
      }),
      ticks: t.int({
        description: 'A number every 100 ms, forever.',
        subscribe: async function* () {
          liveTicks++;
          try {
            for (let i = 0; ; i++) {
              yield i;
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
          } finally {
            liveTicks--;
          }
        },
        resolve: (v: number) => v,
      }),
      hello: t.string({
        description: 'One event, then done.',
        subscribe: async function* (_r, _a, ctx) {
          yield `hello ${ctx.actor.subject}`;
        },
        resolve: (v: string) => v,
      }),
    }),
  });
  return toSubgraphSchema(builder);
}

const test = base.extend<{ server: SubgraphServer; unready: SubgraphServer }>({
  server: [
    async ({ db }, use) => {
      const server = await startSubgraphServer<BaseContext>({
        name: 'kit-test',
        schema: buildSchema(),
        port: 0,
        host: '127.0.0.1',
        subscriptions: true,
        authenticator: createRequestAuthenticator({ db: db.db, auth }),
        contextFactory: ({ actor, authorization }) => ({ actor, authorization, db: db.db }),
        readiness: async () => {
          await db.sql`select 1`;
        },
        logger: testLogger,
        maxBodyBytes: 10_000,
      });
      await use(server);
      await server.close();
    },
    { scope: 'file' },
  ],
  unready: [
    async ({ db }, use) => {
      const server = await startSubgraphServer<BaseContext>({
        name: 'kit-unready',
        schema: buildSchema(),
        port: 0,
        host: '127.0.0.1',
        authenticator: createRequestAuthenticator({ db: db.db, auth }),
        contextFactory: ({ actor, authorization }) => ({ actor, authorization, db: db.db }),
        // A dependency that never answers: /readyz must give up and say 503.
        readiness: () => new Promise(() => {}),
        readinessTimeoutMs: 100,
        logger: testLogger,
      });
      await use(server);
      await server.close();
    },
    { scope: 'file' },
  ],
});

const subject = () => `kit-${randomBytes(5).toString('hex')}`;

async function post(server: SubgraphServer, query: string, token?: string, variables?: Record<string, unknown>) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as any, text: '' };
}

describe('HTTP', () => {
  test('a valid token provisions the user on first sight and reaches resolvers', async ({ db, server }) => {
    const sub = subject();
    const res = await post(server, '{ me }', await signDevelopmentToken(auth.jwtSecret, sub));
    expect(res.body).toEqual({ data: { me: sub } });
    const rows = await db.db.select().from(tables.users).where(eq(tables.users.subject, sub));
    expect(rows).toHaveLength(1);
  });

  test('no token and an invalid token are UNAUTHENTICATED (401)', async ({ server }) => {
    const none = await post(server, '{ me }');
    expect(none.status).toBe(401);
    expect(none.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    const wrongSecret = await post(
      server,
      '{ me }',
      await signDevelopmentToken('another-secret-0123456789', subject()),
    );
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.errors[0]).toEqual({
      message: 'The bearer token is invalid or expired.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  test('service errors keep their code and field; unexpected errors are masked', async ({ server }) => {
    const token = await signDevelopmentToken(auth.jwtSecret, subject());
    const res = await post(server, '{ missing invalid forbidden conflict boom }', token);
    const byPath = Object.fromEntries(res.body.errors.map((e: any) => [e.path[0], e]));
    expect(byPath.missing).toMatchObject({ message: 'Thing not found.', extensions: { code: 'NOT_FOUND' } });
    expect(byPath.invalid).toMatchObject({
      message: 'name is too long.',
      extensions: { code: 'BAD_USER_INPUT', field: 'name' },
    });
    expect(byPath.forbidden.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(byPath.conflict.extensions).toEqual({ code: 'CONFLICT' });
    expect(byPath.boom).toEqual({
      message: 'Internal server error.',
      locations: [{ line: 1, column: 38 }],
      path: ['boom'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/hunter2|ECONNREFUSED|stacktrace/);
  });

  test('DateTime and JSON scalars round-trip; a bad DateTime is BAD_USER_INPUT', async ({ server }) => {
    const token = await signDevelopmentToken(auth.jwtSecret, subject());
    const ok = await post(server, 'query($at: DateTime!, $v: JSON!) { echo(at: $at) json(value: $v) }', token, {
      at: '2024-05-01T12:00:00+02:00',
      v: { a: [1, 'b', null] },
    });
    expect(ok.body).toEqual({ data: { echo: '2024-05-01T10:00:00.000Z', json: { a: [1, 'b', null] } } });
    const bad = await post(server, 'query($at: DateTime!) { echo(at: $at) }', token, { at: 'yesterday' });
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  test('probes: healthz alive, readyz 200 when dependencies answer and 503 when they do not', async ({
    server,
    unready,
  }) => {
    const origin = (s: SubgraphServer) => new URL(s.url).origin;
    expect((await fetch(`${origin(server)}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin(server)}/readyz`)).status).toBe(200);
    expect((await fetch(`${origin(unready)}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${origin(unready)}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'unavailable', subgraph: 'kit-unready' });
    expect((await fetch(`${origin(server)}/nowhere`)).status).toBe(404);
  });

  test('an oversized body is refused with 413', async ({ server }) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me } # ${'x'.repeat(20_000)}` }),
    });
    expect(res.status).toBe(413);
  });
});

function ws(server: SubgraphServer, connectionParams: Record<string, unknown>, lazyCloseTimeout = 0) {
  return createClient({
    url: server.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
    lazyCloseTimeout,
  });
}

/**
 * Runs a subscription to its end. Errors come either as an `error` message (refused in
 * onSubscribe) or as a `next` with `errors` (the subscribe resolver threw).
 */
function once(client: ReturnType<typeof ws>, query: string): Promise<{ data?: unknown; errors?: any[] }> {
  return new Promise((resolve) => {
    const results: unknown[] = [];
    client.subscribe(
      { query },
      {
        next: (r) => {
          if (r.errors) resolve({ errors: r.errors as any[] });
          else results.push(r.data);
        },
        error: (errors) => resolve({ errors: errors as any[] }),
        complete: () => resolve({ data: results }),
      },
    );
  });
}

describe('graphql-ws', () => {
  test('connection_init Authorization (either case) authenticates; none or invalid is UNAUTHENTICATED', async ({
    server,
  }) => {
    const sub = subject();
    const token = await signDevelopmentToken(auth.jwtSecret, sub);
    const clients = [
      ws(server, { Authorization: `Bearer ${token}` }),
      ws(server, { authorization: `Bearer ${token}` }),
      ws(server, {}),
      ws(server, { Authorization: 'Bearer nope' }),
    ];
    try {
      const [upper, lower, none, invalid] = await Promise.all(clients.map((c) => once(c, 'subscription { hello }')));
      expect(upper).toEqual({ data: [{ hello: `hello ${sub}` }] });
      expect(lower).toEqual({ data: [{ hello: `hello ${sub}` }] });
      expect(none!.errors).toEqual([
        { message: 'A bearer token is required.', extensions: { code: 'UNAUTHENTICATED' } },
      ]);
      expect(invalid!.errors).toEqual([
        { message: 'The bearer token is invalid or expired.', extensions: { code: 'UNAUTHENTICATED' } },
      ]);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });

  test('subscribe errors keep NOT_FOUND; unexpected ones are masked', async ({ server }) => {
    const client = ws(server, { Authorization: `Bearer ${await signDevelopmentToken(auth.jwtSecret, subject())}` });
    try {
      const hidden = await once(client, 'subscription { hidden }');
      const broken = await once(client, 'subscription { broken }');
      expect(hidden.errors).toMatchObject([{ message: 'Thing not found.', extensions: { code: 'NOT_FOUND' } }]);
      expect(broken.errors).toMatchObject([
        { message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      expect(JSON.stringify(broken)).not.toContain('hunter2');
    } finally {
      await client.dispose();
    }
  });
});

describe('graphql-ws: a subscription ends with its token', () => {
  test('at the token expiry: UNAUTHENTICATED, then complete, source released; later subscribes refused', async ({
    server,
  }) => {
    // `exp` has whole seconds: this token expires 1-2 s from now.
    const token = await signDevelopmentToken(auth.jwtSecret, subject(), { expiresIn: '2s' });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    // The socket stays open between the two subscriptions (no reconnect with the old token).
    const client = ws(server, { Authorization: `Bearer ${token}` }, 60_000);
    let connections = 0;
    client.on('connected', () => connections++);
    try {
      const seen: Array<{ data?: any; errors?: any[]; at: number }> = [];
      const completedAt = await new Promise<number>((resolve, reject) => {
        client.subscribe(
          { query: 'subscription { ticks }' },
          {
            next: (r) => seen.push({ ...(r as any), at: Date.now() }),
            error: reject,
            complete: () => resolve(Date.now()),
          },
        );
      });
      const last = seen.at(-1)!;
      expect(seen.length).toBeGreaterThan(2);
      expect(seen.slice(0, -1).every((r) => typeof r.data?.ticks === 'number' && !r.errors)).toBe(true);
      expect(last.errors).toEqual([
        {
          message: 'The bearer token has expired: reconnect with a fresh token.',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ]);
      expect(last.at).toBeGreaterThanOrEqual(exp * 1000);
      expect(completedAt - exp * 1000).toBeLessThan(1000);
      await expect.poll(() => liveTicks, { timeout: 2000 }).toBe(0);

      // The connection stays open, but the expired token opens nothing more on it.
      const again = await once(client, 'subscription { hello }');
      expect(connections).toBe(1);
      expect(again.errors).toEqual([
        {
          message: 'The bearer token has expired: reconnect with a fresh token.',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ]);
    } finally {
      await client.dispose();
    }
  });

  test('a client that leaves before the expiry releases the source at once', async ({ server }) => {
    const token = await signDevelopmentToken(auth.jwtSecret, subject(), { expiresIn: '1h' });
    const client = ws(server, { Authorization: `Bearer ${token}` });
    try {
      await new Promise<void>((resolve, reject) => {
        let count = 0;
        const unsubscribe = client.subscribe(
          { query: 'subscription { ticks }' },
          {
            next: () => {
              if (++count === 3) {
                unsubscribe();
                resolve();
              }
            },
            error: reject,
            complete: () => {},
          },
        );
      });
      await expect.poll(() => liveTicks, { timeout: 2000 }).toBe(0);
    } finally {
      await client.dispose();
    }
  });
});

describe('fan-out', () => {
  test('1,000 listeners share one Redis subscription and one decode per message', async () => {
    const subscriber = new Redis(testEnv.redisUrl);
    const publisher = new Redis(testEnv.redisUrl);
    const fanout = createFanout({ subscriber });
    const channel = `kit-test:${randomBytes(6).toString('hex')}`;
    let decodes = 0;
    const decode = (raw: string) => {
      decodes++;
      return JSON.parse(raw) as { n: number };
    };
    try {
      const listeners = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => fanout.listen(channel, decode, i === 0 ? (v) => v.n > 1 : undefined)),
      );
      expect(fanout.listenerCount(channel)).toBe(1000);
      const [, count] = (await publisher.pubsub('NUMSUB', channel)) as [string, number];
      expect(Number(count)).toBe(1);

      await publisher.publish(channel, JSON.stringify({ n: 1 }));
      await publisher.publish(channel, JSON.stringify({ n: 2 }));
      const firsts = await Promise.all(listeners.slice(1).map((l) => l.next()));
      expect(firsts.every((r) => !r.done && r.value.n === 1)).toBe(true);
      // The filtered listener skipped n=1.
      expect((await listeners[0]!.next()).value).toEqual({ n: 2 });
      expect(decodes).toBe(2);

      await Promise.all(listeners.map((l) => l.return()));
      expect(fanout.listenerCount(channel)).toBe(0);
      expect(await listeners[1]!.next()).toEqual({ value: undefined, done: true });
    } finally {
      await fanout.close();
      subscriber.disconnect();
      publisher.disconnect();
    }
  });

  test('a listener that does not keep up drops its oldest events, not the process', async () => {
    const subscriber = new Redis(testEnv.redisUrl);
    const publisher = new Redis(testEnv.redisUrl);
    const fanout = createFanout({ subscriber, maxBuffered: 3 });
    const channel = `kit-test:${randomBytes(6).toString('hex')}`;
    const decode = (raw: string) => Number(raw);
    try {
      const slow = await fanout.listen(channel, decode);
      const fast = await fanout.listen(channel, decode);
      const got: number[] = [];
      for (let n = 1; n <= 6; n++) {
        await publisher.publish(channel, String(n));
        got.push((await fast.next()).value as number);
      }
      expect(got).toEqual([1, 2, 3, 4, 5, 6]);
      const buffered = [(await slow.next()).value, (await slow.next()).value, (await slow.next()).value];
      expect(buffered).toEqual([4, 5, 6]);
    } finally {
      await fanout.close();
      subscriber.disconnect();
      publisher.disconnect();
    }
  });
});
