// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 16, acceptance 3: rate limits per principal, shared through Redis by every gateway
 * replica (gateway/src/rate-limit.ts). The subgraphs and the worker run in this process
 * (`startStack`); the gateways under test are two real gateway processes (`gateway/src/server.ts`,
 * `node --import tsx`) pointed at those subgraphs and at the same Redis, with small limits. A
 * third gateway process counts in a private Redis that the test kills (Redis down: checks are made
 * in the replica's memory). The hostile-input standard holds throughout: nothing written, no stack
 * trace or error line in any gateway's log, every process still answering.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { schema } from '@msp/db';
import { testEnv } from '@msp/tests/support/env';
import { scrape } from '@msp/tests/support/prometheus';
import { type PrivateRedis, startPrivateRedis } from '@msp/tests/support/redis-server';
import { count } from 'drizzle-orm';
import { afterAll, describe, expect } from 'vitest';
import { auth, GATEWAY_KEY, type Stack, test as stackTest, startStack, waitFor, wsClient } from './harness';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Each test may start real gateway processes (tsx compiles the gateway in each: about 5 s idle,
 * close to a minute at load 20 on 2 cores) before its requests.
 */
const SLOW = { timeout: 180_000 };

const test = stackTest.extend<{ stack: Stack }>({
  stack: [
    async ({ database }, use) => {
      const stack = await startStack(database.connect(10), { startWorker: false });
      await use(stack);
      await stack.close();
    },
    { scope: 'file' },
  ],
});

interface GatewayProcess {
  url: string;
  lines: string[];
  child: ChildProcess;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

/** A real gateway process for `stack`'s subgraphs; resolves once it listens. */
async function startGatewayProcess(stack: Stack, env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_SUBGRAPH_URLS: Object.entries(stack.subgraphs)
        .map(([name, s]) => `${name}=${s.url}`)
        .join(','),
      GATEWAY_SUBGRAPH_KEY: GATEWAY_KEY,
      AUTH_JWT_SECRET: auth.jwtSecret,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: 'pipe',
  });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`gateway did not listen within 60 s:\n${stderr}`)), 60_000);
    child.stdout?.on('data', (chunk) => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        lines.push(line);
        if (line.includes('gateway listening')) {
          clearTimeout(timer);
          resolve(JSON.parse(line).url);
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`gateway exited (${code}) before listening:\n${stderr}`)));
  });
  return { url, lines, child };
}

/** Log lines that show a stack trace or an error-level entry. */
const trouble = (lines: string[]) =>
  lines.filter((line) => /\n\s+at |\\n\s+at |"stack"/.test(line) || /"level":(50|60)/.test(line));

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

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
  return { status: res.status, headers: res.headers, body: await res.json() } as Answer;
}

/** Sends `n` requests, `parallel` at a time, alternating between `urls`. */
async function burst(urls: string[], token: string | null, query: string, n: number, parallel = 10) {
  const answers: Answer[] = [];
  for (let i = 0; i < n; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, n - i) }, (_, j) =>
      post(urls[(i + j) % urls.length]!, token, query),
    );
    answers.push(...(await Promise.all(batch)));
  }
  return answers;
}

const limited = (a: Answer) => a.status === 429;

/** The `RateLimit` field's entry for `policy`: remaining and reset seconds. */
function remaining(a: Answer, policy: string): { r: number; t: number } | null {
  const field = a.headers.get('ratelimit') ?? '';
  const match = new RegExp(`"${policy}";r=(\\d+);t=(\\d+)`).exec(field);
  return match ? { r: Number(match[1]), t: Number(match[2]) } : null;
}

function expectRateLimited(a: Answer, policy: string, windowSeconds: number) {
  expect(a.status).toBe(429);
  const retryAfter = Number(a.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(a.body.data ?? null).toBeNull();
  expect(a.body.errors).toEqual([
    expect.objectContaining({ extensions: { code: 'RATE_LIMITED', policy, retryAfter } }),
  ]);
  expect(a.body.errors[0].message).toMatch(/^Rate limit reached: .* Try again in \d+ s\.$/);
}

const LIMITS = {
  // Windows far longer than a test on a loaded machine: a window ending mid-test would reset a count.
  GATEWAY_RATE_LIMIT_REQUESTS: '40/5m',
  GATEWAY_RATE_LIMIT_COST: '2000/5m',
  GATEWAY_RATE_LIMIT_STARTS: '3/5m',
  // A loaded machine may keep Redis's answer past the default 250 ms, and a check made in memory
  // instead would not be shared: these tests are about the shared count (the fallback has its own).
  GATEWAY_RATE_LIMIT_REDIS_TIMEOUT_MS: '5000',
};

async function rowCounts(db: import('@msp/db').Database) {
  const [runs] = await db.select({ n: count() }).from(schema.operationRuns);
  const [tenants] = await db.select({ n: count() }).from(schema.tenants);
  const [workspaces] = await db.select({ n: count() }).from(schema.workspaces);
  return { runs: runs!.n, tenants: tenants!.n, workspaces: workspaces!.n };
}

describe('rate limits across two gateway replicas sharing Redis (issue 16, acceptance 3)', () => {
  let replicas: GatewayProcess[] = [];
  const urls = () => replicas.map((r) => r.url);
  const prefix = `test-ratelimit-${randomBytes(5).toString('hex')}`;
  const started = async (stack: Stack) => {
    if (replicas.length === 0) {
      const env = { ...LIMITS, REDIS_URL: testEnv.redisUrl, GATEWAY_RATE_LIMIT_PREFIX: prefix };
      replicas = await Promise.all([startGatewayProcess(stack, env), startGatewayProcess(stack, env)]);
    }
    return urls();
  };

  test(
    'a burst beyond the limit gets 429 with Retry-After and RATE_LIMITED, counted once across both replicas; another principal is unaffected',
    SLOW,
    async ({ stack, db }) => {
      const [one, two] = await started(stack);
      const before = await rowCounts(db.db);
      const token = await stack.token(`burst-${randomUUID()}`);
      const answers = await burst([one!, two!], token, '{ __typename }', 60);
      // 40 in the window, whichever replica answered: each alone would have let 40 through.
      expect(answers.filter((a) => a.status === 200)).toHaveLength(40);
      expect(answers.filter(limited)).toHaveLength(20);
      for (const a of answers.filter((x) => x.status === 200))
        expect(a.body).toEqual({ data: { __typename: 'Query' } });
      for (const a of answers.filter(limited)) expectRateLimited(a, 'requests', 300);
      // Both replicas refused some (alternating requests, shared counter).
      const refusedBy = new Set(answers.flatMap((a, i) => (limited(a) ? [i % 2] : [])));
      expect(refusedBy).toEqual(new Set([0, 1]));
      // The standard fields on every answer, 200 and 429 alike.
      for (const a of answers) {
        expect(a.headers.get('ratelimit-policy')).toBe(
          '"requests";q=40;w=300, "cost";q=2000;w=300;qu="cost", "starts";q=3;w=300',
        );
        expect(remaining(a, 'requests')).not.toBeNull();
      }
      expect(Math.min(...answers.map((a) => remaining(a, 'requests')!.r))).toBe(0);

      // Another principal, on either replica: unaffected, its own full quota.
      const other = await stack.token(`other-${randomUUID()}`);
      for (const url of [one!, two!]) {
        const a = await post(url, other, '{ __typename }');
        expect(a.status).toBe(200);
        expect(a.body).toEqual({ data: { __typename: 'Query' } });
      }
      const third = await post(two!, other, '{ __typename }');
      expect(remaining(third, 'requests')!.r).toBe(37);

      expect(await rowCounts(db.db)).toEqual(before);
      for (const r of replicas) expect(trouble(r.lines)).toEqual([]);
    },
  );

  test(
    'the cost limit charges each operation its cost estimate; the start limit counts start fields',
    SLOW,
    async ({ stack, db }) => {
      const [one, two] = await started(stack);
      const before = await rowCounts(db.db);
      const token = await stack.token(`cost-${randomUUID()}`);
      const query = '{ workspaces { id name tenants(first: 10) { id name } } }';
      const first = await post(one!, token, query);
      expect(first.status).toBe(200);
      const cost = 2000 - remaining(first, 'cost')!.r;
      expect(cost).toBeGreaterThan(100);
      const fits = Math.floor(2000 / cost);
      expect(fits).toBeLessThan(40);
      const rest = await burst([two!, one!], token, query, fits + 2, 1);
      expect(rest.filter((a) => a.status === 200)).toHaveLength(fits - 1);
      const refused = rest.filter(limited);
      expect(refused).toHaveLength(3);
      for (const a of refused) expectRateLimited(a, 'cost', 300);

      // Starts: a stranger's starts are refused by the gate (NOT_FOUND), but each was a start the
      // gateway counted; two aliases are two starts.
      const starter = await stack.token(`starts-${randomUUID()}`);
      const start = `mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { __typename } }`;
      const twice = `mutation($t: ID!) { a: startPolicyBackup(tenantId: $t) { __typename } b: startPolicyBackup(tenantId: $t) { __typename } }`;
      const tenantId = randomUUID();
      const a1 = await post(one!, starter, start, { t: tenantId });
      expect(a1.status).toBe(200);
      expect(a1.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(remaining(a1, 'starts')).toEqual({ r: 2, t: expect.any(Number) });
      const a2 = await post(two!, starter, twice, { t: tenantId });
      expect(a2.status).toBe(200);
      expect(remaining(a2, 'starts')!.r).toBe(0);
      const a3 = await post(one!, starter, start, { t: tenantId });
      expectRateLimited(a3, 'starts', 300);
      // Queries still go through: starts are a limit of their own.
      const q = await post(one!, starter, '{ __typename }');
      expect(q.status).toBe(200);
      expect(remaining(q, 'starts')).toBeNull();

      expect(await rowCounts(db.db)).toEqual(before);
      for (const r of replicas) expect(trouble(r.lines)).toEqual([]);
    },
  );

  test(
    'graphql-ws operations count as requests; an anonymous caller is limited by address, a signed-in one is not affected',
    SLOW,
    async ({ stack }) => {
      const [one, two] = await started(stack);
      const token = await stack.token(`ws-${randomUUID()}`);
      const client = wsClient(two!, token);
      const results: any[] = [];
      try {
        for (let i = 0; i < 42; i++) {
          results.push(
            await new Promise((resolve, reject) => {
              let last: unknown;
              client.subscribe(
                { query: '{ __typename }' },
                { next: (r) => (last = r), error: reject, complete: () => resolve(last) },
              );
            }),
          );
        }
      } finally {
        await client.dispose();
      }
      expect(results.slice(0, 40)).toEqual(Array(40).fill({ data: { __typename: 'Query' } }));
      for (const r of results.slice(40)) {
        expect(r.errors).toEqual([
          expect.objectContaining({
            extensions: expect.objectContaining({ code: 'RATE_LIMITED', policy: 'requests' }),
          }),
        ]);
      }

      // No token (or one that does not verify): the caller's address is the principal.
      const anonymous = await burst([one!, two!], null, '{ __typename }', 30);
      const badToken = await burst([one!, two!], 'not-a-jwt', '{ __typename }', 12);
      const all = [...anonymous, ...badToken];
      expect(all.filter((a) => a.status === 200)).toHaveLength(40);
      for (const a of all.filter(limited)) expectRateLimited(a, 'requests', 300);
      expect(badToken.slice(-2).every(limited)).toBe(true);
      // A signed-in caller from the same address has its own quota.
      const signedIn = await post(one!, await stack.token(`after-anon-${randomUUID()}`), '{ __typename }');
      expect(signedIn.status).toBe(200);

      for (const r of replicas) {
        const ready = await fetch(new URL('/readyz', r.url));
        expect(ready.status).toBe(200);
        expect(r.child.exitCode).toBeNull();
        expect(trouble(r.lines)).toEqual([]);
      }
      const m = await scrape(one!);
      expect(
        m.value('msp_rate_limit_decisions_total', { policy: 'requests', caller: 'anonymous', outcome: 'limited' }),
      ).toBeGreaterThan(0);
    },
  );
});

describe('rate limits with Redis down', () => {
  let redis: PrivateRedis | null = null;
  afterAll(async () => {
    await redis?.stop();
  });

  test(
    'Redis killed: every request is answered, limited in the replica’s memory, one warn line and a metric; back in Redis once it returns',
    SLOW,
    async ({ stack }) => {
      redis = await startPrivateRedis();
      const gateway = await startGatewayProcess(stack, {
        ...LIMITS,
        GATEWAY_RATE_LIMIT_REQUESTS: '10/5m',
        GATEWAY_RATE_LIMIT_REDIS_TIMEOUT_MS: '250',
        REDIS_URL: redis.url,
      });
      const token = await stack.token(`redis-down-${randomUUID()}`);
      const first = await post(gateway.url, token, '{ __typename }');
      expect(remaining(first, 'requests')!.r).toBe(9);

      await redis.stop();
      const answers = await burst([gateway.url], token, '{ __typename }', 12, 1);
      // Memory starts its own count: 10 more, then refused, as one replica alone would.
      expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
      for (const a of answers.filter(limited)) expectRateLimited(a, 'requests', 300);
      const warnings = gateway.lines.filter((l) => l.includes('rate limits: Redis unavailable'));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0]!).level).toBe(40);
      const m = await scrape(gateway.url);
      expect(m.value('msp_rate_limit_store_errors_total')).toBeGreaterThanOrEqual(12);

      await redis.start();
      const other = await stack.token(`redis-back-${randomUUID()}`);
      await waitFor(async () => {
        await post(gateway.url, other, '{ __typename }');
        return gateway.lines.some((l) => l.includes('rate limits: Redis answers again'));
      }, 'the gateway to count in Redis again');
      expect(gateway.child.exitCode).toBeNull();
      expect(trouble(gateway.lines)).toEqual([]);
    },
  );
});

describe('an anonymous caller behind a load balancer (GATEWAY_TRUSTED_PROXIES)', () => {
  test(
    'X-Forwarded-For names the caller only when the connection comes from a trusted proxy, read from the right; otherwise it is ignored',
    SLOW,
    async ({ stack, db }) => {
      const env = {
        ...LIMITS,
        GATEWAY_RATE_LIMIT_REQUESTS: '5/5m',
        REDIS_URL: testEnv.redisUrl,
      };
      // The test's requests come from 127.0.0.1: a load balancer for the first gateway only.
      const [behind, direct] = await Promise.all([
        startGatewayProcess(stack, {
          ...env,
          GATEWAY_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8',
          GATEWAY_RATE_LIMIT_PREFIX: `test-proxy-${randomBytes(5).toString('hex')}`,
        }),
        startGatewayProcess(stack, {
          ...env,
          GATEWAY_RATE_LIMIT_PREFIX: `test-direct-${randomBytes(5).toString('hex')}`,
        }),
      ]);
      const before = await rowCounts(db.db);
      const ask = (url: string, forwardedFor?: string) =>
        post(url, null, '{ __typename }', {}, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});

      // Behind the balancer: one caller's 5, then refused; another caller has its own 5.
      const first: Answer[] = [];
      for (let i = 0; i < 7; i++) first.push(await ask(behind.url, '203.0.113.5'));
      expect(first.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
      for (const a of first.filter(limited)) expectRateLimited(a, 'requests', 300);
      // What the caller wrote to the left of the address the balancer appended is not looked at,
      // and a trusted hop (10.0.0.7, another balancer) is passed.
      expect((await ask(behind.url, '198.51.100.1, 203.0.113.5')).status).toBe(429);
      expect((await ask(behind.url, '198.51.100.1, 203.0.113.5, 10.0.0.7')).status).toBe(429);
      expect((await ask(behind.url, 'not-an-address, 203.0.113.5')).status).toBe(429);
      expect((await ask(behind.url, '203.0.113.9')).status).toBe(200);
      expect((await ask(behind.url, '203.0.113.9, 10.0.0.7')).status).toBe(200);
      // No header: the balancer's own address, a bucket of its own.
      expect((await ask(behind.url)).status).toBe(200);

      // Not behind a trusted proxy: a new address in the header every time is still one caller.
      const spoofed: Answer[] = [];
      for (let i = 0; i < 7; i++) spoofed.push(await ask(direct.url, `203.0.113.${100 + i}`));
      expect(spoofed.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);

      expect(await rowCounts(db.db)).toEqual(before);
      for (const g of [behind, direct]) {
        expect(g.child.exitCode).toBeNull();
        expect(trouble(g.lines)).toEqual([]);
      }
    },
  );

  test('a bad GATEWAY_TRUSTED_PROXIES stops the gateway at start, naming the entries', SLOW, async ({ stack }) => {
    await expect(
      startGatewayProcess(stack, { GATEWAY_TRUSTED_PROXIES: '10.0.0.0/33, lb.internal', REDIS_URL: testEnv.redisUrl }),
    ).rejects.toThrow(
      /GATEWAY_TRUSTED_PROXIES must be addresses or CIDR ranges \(not an address or a CIDR range: 10\.0\.0\.0\/33, lb\.internal\)/,
    );
  });
});
