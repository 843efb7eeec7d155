/**
 * Guards (issue 11): settings are defined once (@msp/settings) and read from the environment in
 * one place. No process reads `process.env` itself: a setting read anywhere else is a second
 * definition waiting to drift (the worker once kept `PUBLIC_APP_URL`'s trailing slash while the
 * subgraphs dropped it, so the same run got two different links).
 */
import { authOptionsFromEnv } from '@msp/auth';
import { consoleOptionsFromEnv } from '@msp/console';
import { runUrl } from '@msp/gate';
import { loadGatewayEnv } from '@msp/gateway';
import { loadOnboardingEnv } from '@msp/onboarding';
import { loadOperationsEnv } from '@msp/operations';
import { loadProviderConnectionEnv } from '@msp/provider-connection';
import { loadRestoreEnv } from '@msp/restore';
import { loadTenantEnv } from '@msp/tenant';
import { parseWorkerEnv } from '@msp/worker';
import { describe, expect, test } from 'vitest';
import { filesUnder, lineAt, read, withoutComments } from './sources';

/** Where `process.env` may be read: the settings package, and nowhere else that ships. */
const ALLOWED = /^services\/settings\/src\//;

/** Code that runs as or inside a process (tests, benchmarks and the console's browser code aside). */
function processSources(): string[] {
  return [
    ...filesUnder('services', /\.tsx?$/).filter((f) =>
      /^services\/[^/]+\/(src|server)\/|^services\/[^/]+\/[^/]+\.config\.ts$/.test(f),
    ),
    ...filesUnder('gateway/src', /\.ts$/),
    ...filesUnder('scripts', /\.ts$/),
  ].filter((f) => !f.startsWith('services/console/src/'));
}

const ENV_READ = /\bprocess\s*(?:\.\s*env\b|\[\s*['"`]env['"`]\s*\])|\bimport\.meta\.env\b/g;

export function environmentReads(files: string[], source: (file: string) => string): string[] {
  return files
    .filter((file) => !ALLOWED.test(file))
    .flatMap((file) => {
      const code = withoutComments(source(file));
      return [...code.matchAll(ENV_READ)].map((m) => `${file}:${lineAt(code, m.index)}`);
    });
}

describe('settings', () => {
  test('no process reads process.env outside @msp/settings', () => {
    const files = processSources();
    // The scan sees what it must: the processes' entry points and every env module.
    expect(files).toEqual(
      expect.arrayContaining([
        'gateway/src/server.ts',
        'services/worker/src/main.ts',
        'services/tenant/src/env.ts',
        'services/subgraph-kit/src/process.ts',
        'services/telemetry/src/tracing.ts',
        'services/console/server/main.ts',
        'services/db/drizzle.config.ts',
        'scripts/start.ts',
      ]),
    );
    expect(environmentReads(files, read)).toEqual([]);
  });

  test('the guard catches a read, in any spelling, and not one in a comment', () => {
    const sources: Record<string, string> = {
      'services/x/src/a.ts': 'const a = process.env.A;\n',
      'services/x/src/b.ts': "// process.env.B is read elsewhere\nconst b = process['env'];\n",
      'services/x/src/c.ts': '/* process.env */ export const c = 1;\n',
      'services/settings/src/read.ts': 'const env = process.env;\n',
    };
    expect(environmentReads(Object.keys(sources), (f) => sources[f] as string)).toEqual([
      'services/x/src/a.ts:1',
      'services/x/src/b.ts:2',
    ]);
  });

  test("the worker's and every subgraph's run links are identical for PUBLIC_APP_URL=http://x/", () => {
    const env = { PUBLIC_APP_URL: 'http://x/' };
    const runId = '0190a4b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';
    const links = [
      parseWorkerEnv(env),
      loadTenantEnv(env),
      loadProviderConnectionEnv(env),
      loadRestoreEnv(env),
      loadOnboardingEnv(env),
      loadOperationsEnv(env),
    ].map((settings) => runUrl({ publicAppUrl: settings.PUBLIC_APP_URL }, runId));
    expect(new Set(links)).toEqual(new Set([`http://x/monitoring/operations/${runId}`]));
    expect(loadGatewayEnv(env).corsOrigins).toEqual(['http://x']);
  });

  test('an empty value is unset everywhere: the default applies, in the worker as in a subgraph', () => {
    const empty = { REDIS_URL: '', BULLMQ_PREFIX: '', PUBLIC_APP_URL: '', LOG_LEVEL: '' };
    const worker = parseWorkerEnv(empty);
    const tenant = loadTenantEnv(empty);
    for (const settings of [worker, tenant]) {
      expect(settings).toMatchObject({
        REDIS_URL: 'redis://:msp-dev-redis@localhost:6379',
        BULLMQ_PREFIX: 'bull',
        PUBLIC_APP_URL: 'http://localhost:3000',
        LOG_LEVEL: 'info',
      });
    }
  });

  test('one error format: one line naming each bad variable, never quoting a value', () => {
    const secretValue = 'short';
    const problems = () =>
      loadTenantEnv({ REDIS_URL: 'not a url', AUTH_JWT_SECRET: secretValue, TENANT_PORT: '70000' });
    expect(problems).toThrow(
      'Invalid environment for the tenant subgraph: REDIS_URL must be a redis:// or rediss:// URL; ' +
        'AUTH_JWT_SECRET must be at least 16 characters; TENANT_PORT must be a port number (0-65535)',
    );
    let message = '';
    try {
      parseWorkerEnv({ SECRET_ENCRYPTION_KEY: '', AUTH_JWT_SECRET: secretValue, WORKER_CONCURRENCY: 'many' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('Invalid environment for the worker: WORKER_CONCURRENCY must be a whole number from 1 to 200');
    expect(message).not.toContain('\n');
  });

  test('AUTH_MAX_TOKEN_LIFETIME: 24 h by default, a duration; the console signs no token the API would refuse', () => {
    expect(authOptionsFromEnv(loadTenantEnv({})).maxLifetimeSeconds).toBe(86_400);
    expect(authOptionsFromEnv(loadTenantEnv({ AUTH_MAX_TOKEN_LIFETIME: '90m' })).maxLifetimeSeconds).toBe(5400);
    expect(authOptionsFromEnv(loadGatewayEnv({ AUTH_MAX_TOKEN_LIFETIME: '3600' })).maxLifetimeSeconds).toBe(3600);
    expect(() => loadTenantEnv({ AUTH_MAX_TOKEN_LIFETIME: 'forever' })).toThrow(
      'Invalid environment for the tenant subgraph: AUTH_MAX_TOKEN_LIFETIME must be a duration such as 3600, 90s, 15m, 24h or 7d',
    );
    expect(consoleOptionsFromEnv({}).auth).toMatchObject({ mode: 'development', tokenTtl: '3600s' });
    expect(() => consoleOptionsFromEnv({ CONSOLE_DEV_TOKEN_TTL: '2h', AUTH_MAX_TOKEN_LIFETIME: '1h' })).toThrow(
      'Invalid environment for the console: CONSOLE_DEV_TOKEN_TTL is longer than AUTH_MAX_TOKEN_LIFETIME (the API would refuse its tokens)',
    );
  });
});
