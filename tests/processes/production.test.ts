// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 10, items 6, 7 and 2 (production half), and issue 16 acceptance 5: every process started
 * with NODE_ENV=production refuses a development default (one line on stderr naming what, never
 * the value; exit code 1), the Graph simulator never starts in production, development tokens are
 * off, and the gateway in production serves no GraphiQL, lets only a signed-in caller introspect
 * and leaks no field suggestions. Each process is a real child (`node --import tsx <entry>`) with
 * an environment built here from nothing, so the machine's own variables cannot help or hurt.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { signDevelopmentToken } from '@msp/auth';
import { DEVELOPMENT_DEFAULTS } from '@msp/settings';
import { testEnv } from '@msp/tests/support/env';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, describe, expect, test } from 'vitest';
import { read } from '../guards/sources';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Only what node and tsx need, then NODE_ENV=production and the case's own variables. */
const productionEnv = (env: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'production',
  ...env,
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runToExit(entry: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: root, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not exit within 60 s:\n${stdout}\n${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `url` without its password (the development default's is refused in production). */
function withoutPassword(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

/** A secret of our own (not a development default). */
const own = (length = 40) => randomBytes(length).toString('base64url').slice(0, length);

describe('NODE_ENV=production refuses development defaults (issue 10, item 6)', () => {
  const cases: Array<{ name: string; entry: string; args?: string[]; env?: Record<string, string>; says: RegExp[] }> = [
    {
      name: 'the gateway',
      entry: 'gateway/src/server.ts',
      says: [
        /AUTH_JWT_SECRET is the public development secret/,
        /GATEWAY_SUBGRAPH_KEY is the public development key/,
        // The rate limits' counters (issue 16).
        /REDIS_URL holds the public development password/,
        // The token endpoint (POST /oauth/token) reads API clients' rows.
        /DATABASE_URL holds the public development password/,
      ],
    },
    {
      name: 'the tenant subgraph',
      entry: 'services/tenant/src/server.ts',
      says: [
        /AUTH_JWT_SECRET is the public development secret/,
        /GATEWAY_SUBGRAPH_KEY is the public development key/,
        /DATABASE_URL holds the public development password/,
        /REDIS_URL holds the public development password/,
        // Webhook endpoints' signing secrets are sealed with it (issue 17).
        /SECRET_ENCRYPTION_KEY is the public development key/,
      ],
    },
    {
      name: 'the worker',
      entry: 'services/worker/src/main.ts',
      // Everything else of its own: webhooks to private and http targets alone are refused.
      env: {
        SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        DATABASE_URL: 'postgres://msp:own-password@db.example.test:5432/msp',
        REDIS_URL: 'redis://:own-password@redis.example.test:6379',
        WEBHOOK_ALLOW_INSECURE_TARGETS: 'true',
      },
      says: [/^Refusing to start the worker with NODE_ENV=production: WEBHOOK_ALLOW_INSECURE_TARGETS is true/],
    },
    {
      name: 'the provider-connection subgraph',
      entry: 'services/provider-connection/src/server.ts',
      // Everything else of its own: the encryption key alone is refused.
      env: {
        AUTH_JWKS_URL: 'https://login.example.test/keys',
        GATEWAY_SUBGRAPH_KEY: own(),
        DATABASE_URL: 'postgres://msp:own-password@db.example.test:5432/msp',
        REDIS_URL: 'redis://:own-password@redis.example.test:6379',
      },
      says: [/^Refusing to start the provider-connection subgraph with NODE_ENV=production: SECRET_ENCRYPTION_KEY is/],
    },
    {
      name: 'the restore subgraph',
      entry: 'services/restore/src/server.ts',
      says: [/SECRET_ENCRYPTION_KEY is the public development key/],
    },
    {
      name: 'the onboarding subgraph',
      entry: 'services/onboarding/src/server.ts',
      says: [/SECRET_ENCRYPTION_KEY is the public development key/],
    },
    {
      name: 'the operations subgraph',
      entry: 'services/operations/src/server.ts',
      says: [/AUTH_JWT_SECRET is the public development secret/],
    },
    {
      name: 'the worker',
      entry: 'services/worker/src/main.ts',
      says: [
        /SECRET_ENCRYPTION_KEY is the public development key/,
        /DATABASE_URL holds the public development password/,
        /REDIS_URL holds the public development password/,
      ],
    },
    {
      name: 'the console',
      entry: 'services/console/server/main.ts',
      // Signing in with OpenID Connect, but with the development secret set by hand.
      env: {
        AUTH_ISSUER: 'https://login.example.test',
        CONSOLE_OIDC_CLIENT_ID: 'console',
        AUTH_JWT_SECRET: DEVELOPMENT_DEFAULTS.AUTH_JWT_SECRET,
      },
      says: [/^Refusing to start the console with NODE_ENV=production: AUTH_JWT_SECRET is the public development/],
    },
    {
      name: 'npm run db:migrate',
      entry: 'services/db/src/migrate-cli.ts',
      says: [/DATABASE_URL holds the public development password/],
    },
    {
      name: 'npm run secrets:reencrypt',
      entry: 'scripts/reencrypt-secrets.ts',
      env: { DATABASE_URL: 'postgres://msp:own-password@db.example.test:5432/msp' },
      says: [/SECRET_ENCRYPTION_KEY is the public development key/],
    },
  ];

  for (const c of cases) {
    test(`${c.name}: one line naming each development default, exit code 1, no value printed`, async () => {
      const result = await runToExit(c.entry, productionEnv(c.env), c.args);
      expect(result.code).toBe(1);
      const lines = result.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Refusing to start ${c.name} with NODE_ENV=production: `));
      for (const said of c.says) expect(lines[0]).toMatch(said);
      for (const value of Object.values(DEVELOPMENT_DEFAULTS)) expect(result.stderr).not.toContain(value);
      expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
      expect(result.stdout).toBe('');
    });
  }

  test('in development the same defaults are accepted (the refusals are production only)', async () => {
    const env = { ...productionEnv(), NODE_ENV: 'development' };
    const result = await runToExit('scripts/token.ts', env, ['someone']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});

describe('development tokens and the Graph simulator are off in production (issue 10, items 6 and 7)', () => {
  test('npm run token refuses to sign a development token', async () => {
    const result = await runToExit('scripts/token.ts', productionEnv({ AUTH_JWT_SECRET: own() }), ['someone']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Refusing to start npm run token with NODE_ENV=production: development tokens are off in production (tokens come from the OIDC issuer)',
    );
    expect(result.stdout).toBe('');
  });

  test('the console offers no development sign-in: it needs OpenID Connect', async () => {
    const result = await runToExit('services/console/server/main.ts', productionEnv({ AUTH_JWT_SECRET: own() }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^Invalid environment for the console: NODE_ENV=production turns development sign-in off: set CONSOLE_OIDC_ISSUER/,
    );
  });

  test('the Graph simulator never starts in production, whatever else is set', async () => {
    const result = await runToExit(
      'services/microsoft-graph/src/simulator/main.ts',
      productionEnv({ GRAPH_SIMULATOR_PORT: '0', GRAPH_SIMULATOR_HOST: '127.0.0.1' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Refusing to start the Graph simulator with NODE_ENV=production: it is a fake Microsoft Graph for development and tests (it accepts any secret); point GRAPH_BASE_URL and GRAPH_LOGIN_BASE_URL at Microsoft Graph instead',
    );
  });

  test('npm start (the development stack) refuses production', async () => {
    const result = await runToExit('scripts/start.ts', productionEnv());
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^Refusing to start npm start with NODE_ENV=production: .*npm start is the development stack/,
    );
  });

  test('in development the simulator binds loopback and says loudly what it is', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/microsoft-graph/src/simulator/main.ts'], {
      cwd: root,
      env: { ...productionEnv(), NODE_ENV: 'development', GRAPH_SIMULATOR_PORT: '0' },
      stdio: 'pipe',
    });
    try {
      const lines = await linesUntil(child, (line) => line.includes('NOT MICROSOFT GRAPH'));
      const listening = lines.map((l) => JSON.parse(l)).find((l) => /graph simulator/.test(l.msg));
      expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const warning = JSON.parse(lines.at(-1) as string);
      expect(warning.level).toBe(40); // warn
      expect(warning.msg).toMatch(/^THIS IS THE GRAPH SIMULATOR, NOT MICROSOFT GRAPH: it accepts any client secret/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

/** The JSON log lines of `child`'s stdout up to the first that satisfies `done`. */
function linesUntil(child: ChildProcess, done: (line: string) => boolean, timeoutMs = 60_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`no such line within ${timeoutMs} ms:\n${lines.join('\n')}\n${stderr}`)),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout?.on('data', (chunk) => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (!line.startsWith('{')) continue;
        lines.push(line);
        if (done(line)) {
          clearTimeout(timer);
          resolve(lines);
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`exited (${code}) first:\n${lines.join('\n')}\n${stderr}`)));
  });
}

describe('the gateway in production (issue 10 item 2; issue 16 acceptance 5)', () => {
  const secret = own();
  let gateway: ChildProcess | null = null;
  let url = '';

  afterAll(() => {
    gateway?.kill('SIGTERM');
  });

  const started = async () => {
    if (url) return url;
    gateway = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/server.ts'], {
      cwd: root,
      env: productionEnv({
        AUTH_JWT_SECRET: secret,
        GATEWAY_SUBGRAPH_KEY: own(),
        // The rate limits count in the test Redis (a password-less URL: no development default).
        REDIS_URL: withoutPassword(testEnv.redisUrl),
        // Never connected to here (postgres.js connects on the first query: a token request).
        DATABASE_URL: 'postgres://msp:own-password@127.0.0.1:5432/msp',
        GATEWAY_PORT: '0',
        GATEWAY_HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      }),
      stdio: 'pipe',
    });
    const lines = await linesUntil(gateway, (line) => line.includes('gateway listening'));
    url = JSON.parse(lines.at(-1) as string).url;
    return url;
  };

  const post = async (query: string, authorization?: string) => {
    const res = await fetch(await started(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as any;
  };

  test('anonymous introspection is refused in production, however it is spelled', async () => {
    for (const query of [
      '{ __schema { queryType { name } } }',
      '{ __type(name: "Query") { name fields { name } } }',
      'query { ...F } fragment F on Query { __schema { types { name } } }',
      '{ operationRun(id: "x") { id } s: __schema { types { name } } }',
    ]) {
      for (const authorization of [undefined, 'Bearer not-a-jwt']) {
        const body = await post(query, authorization);
        expect(body.data ?? null).toBeNull();
        expect(body.errors).toEqual([
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'INTROSPECTION_DISABLED' }) }),
        ]);
      }
    }
    // `__typename` is not introspection of the schema.
    const typename = await post('{ __typename }');
    expect(typename).toEqual({ data: { __typename: 'Query' } });
  });

  test('a signed-in caller may introspect in production', async () => {
    const token = await signDevelopmentToken(secret, 'introspecting-operator', { expiresIn: '5m' });
    const body = await post('{ __schema { queryType { name } } }', `Bearer ${token}`);
    expect(body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  test('no field suggestions in production ("Did you mean …?" spells out the schema)', async () => {
    const typos = [
      '{ operationRunz(id: "x") { id } }',
      '{ operationRun(idd: "x") { id } }',
      '{ operationRun(id: "x") { statuss } }',
    ];
    // graphql-js itself would suggest for each of them: that is what is being withheld.
    const schema = buildSchema(read('schema/api.graphql'));
    for (const query of typos) {
      expect(
        validate(schema, parse(query))
          .map((e) => e.message)
          .join('\n'),
      ).toMatch(/Did you mean/);
      const token = await signDevelopmentToken(secret, 'typing-operator', { expiresIn: '5m' });
      for (const authorization of [undefined, `Bearer ${token}`]) {
        const body = await post(query, authorization);
        expect(body.errors?.length).toBeGreaterThan(0);
        for (const error of body.errors) expect(error.message).not.toMatch(/Did you mean/);
      }
    }
    const body = await post('{ operationRunz(id: "x") { id } }');
    expect(body.errors[0].message).toBe('Cannot query field "operationRunz" on type "Query".');
  });

  test('no GraphiQL in production', async () => {
    const res = await fetch(await started(), { headers: { accept: 'text/html' } });
    const text = await res.text();
    expect(text).not.toMatch(/graphiql/i);
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });
});
