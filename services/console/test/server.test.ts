/**
 * The console's server on its production build: every deep link is the app (with a strict
 * Content-Security-Policy), `/healthz`, `/config.json`, and development sign-in that signs only
 * the listed users, refuses what is not a JSON request for one of them, and does not exist in
 * production (NODE_ENV=production or a JWKS configuration without OpenID Connect settings).
 */
import { createAuthenticator } from '@msp/auth';
import { type ConsoleServer, consoleOptionsFromEnv, DIST_DIR, startConsoleServer } from '@msp/console';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const secret = 'console-server-test-secret-0123456789';
let dev: ConsoleServer;
let oidc: ConsoleServer;

beforeAll(async () => {
  const common = { distDir: DIST_DIR, port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }) };
  dev = await startConsoleServer({
    ...common,
    graphqlUrl: 'http://127.0.0.1:4999/graphql',
    auth: { mode: 'development', secret, users: ['owner', 'readonly'] },
  });
  oidc = await startConsoleServer({
    ...common,
    graphqlUrl: 'https://api.example.test/graphql',
    auth: {
      mode: 'oidc',
      authority: 'https://login.example.test/tenant',
      clientId: 'console',
      scope: 'openid',
      resource: 'api://msp',
    },
  });
});
afterAll(async () => {
  await dev?.close();
  await oidc?.close();
});

const signIn = (body: string, contentType = 'application/json') =>
  fetch(`${dev.url}/api/dev-sign-in`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('serving', () => {
  test('/healthz answers', async () => {
    const res = await fetch(`${dev.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });

  test('every deep link loads the app, with a Content-Security-Policy naming the gateway', async () => {
    const index = await fetch(`${dev.url}/`);
    const html = await index.text();
    expect(html).toContain('<div id="root"></div>');
    for (const path of [
      '/monitoring/operations',
      '/monitoring/operations/3f1c2b4e',
      '/tenants/x/provider-connections/y',
      '/sign-in?returnTo=%2F',
    ]) {
      const res = await fetch(`${dev.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe(html);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self' http://127.0.0.1:4999 ws://127.0.0.1:4999");
    }
    const oidcCsp = (await fetch(`${oidc.url}/monitoring/operations`)).headers.get('content-security-policy');
    expect(oidcCsp).toContain(
      "connect-src 'self' https://api.example.test wss://api.example.test https://login.example.test",
    );
  });

  test('built assets are immutable and gzipped; a missing asset is a 404, not the app', async () => {
    const html = await (await fetch(`${dev.url}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const res = await fetch(`${dev.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect((await fetch(`${dev.url}/assets/missing-1234.js`)).status).toBe(404);
    expect((await fetch(`${dev.url}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${dev.url}/.vite/manifest.json`)).status).toBe(404);
  });

  test('refuses other methods and malformed paths with a status, not an error', async () => {
    expect((await fetch(`${dev.url}/monitoring/operations`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${dev.url}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${dev.url}/healthz`)).status).toBe(200);
  });

  test('/config.json tells the browser the gateway and how to sign in, and nothing secret', async () => {
    expect(await (await fetch(`${dev.url}/config.json`)).json()).toEqual({
      graphqlUrl: 'http://127.0.0.1:4999/graphql',
      auth: { mode: 'development' },
    });
    const body = await (await fetch(`${oidc.url}/config.json`)).text();
    expect(JSON.parse(body)).toEqual({
      graphqlUrl: 'https://api.example.test/graphql',
      auth: {
        mode: 'oidc',
        authority: 'https://login.example.test/tenant',
        clientId: 'console',
        scope: 'openid',
        resource: 'api://msp',
      },
    });
    expect(await (await fetch(`${dev.url}/config.json`)).text()).not.toContain(secret);
  });
});

describe('development sign-in', () => {
  test('lists the configured users and signs a token the API verifies for one of them', async () => {
    expect(await (await fetch(`${dev.url}/api/dev-sign-in`)).json()).toEqual({
      users: [{ subject: 'owner' }, { subject: 'readonly' }],
    });
    const res = await signIn(JSON.stringify({ subject: 'readonly' }));
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const verified = await createAuthenticator({ jwtSecret: secret }).authenticate(`Bearer ${token}`);
    expect(verified.ok && verified.identity.subject).toBe('readonly');
    expect(verified.ok && verified.identity.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000 + 5000);
  });

  test('signs nobody else, and refuses what is not a small JSON request', async () => {
    for (const [res, status] of [
      [await signIn(JSON.stringify({ subject: 'stranger' })), 400],
      [await signIn(JSON.stringify({ subject: ['owner'] })), 400],
      [await signIn('{"subject": "owner"'), 400],
      [await signIn('subject=owner', 'application/x-www-form-urlencoded'), 415],
      [await signIn(JSON.stringify({ subject: 'owner', pad: 'x'.repeat(4096) })), 413],
      [await fetch(`${dev.url}/api/dev-sign-in`, { method: 'DELETE' }), 405],
    ] as const) {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { token?: string; error?: string };
      expect(body.token).toBeUndefined();
      expect(body.error).toMatch(/\w/);
    }
  });

  test('does not exist with OpenID Connect', async () => {
    expect((await fetch(`${oidc.url}/api/dev-sign-in`)).status).toBe(404);
    expect(
      (
        await fetch(`${oidc.url}/api/dev-sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ subject: 'owner' }),
        })
      ).status,
    ).toBe(404);
  });
});

describe('configuration', () => {
  test('development by default: sign-in offers CONSOLE_DEV_USERS, the gateway on GATEWAY_PORT', () => {
    const options = consoleOptionsFromEnv({ CONSOLE_DEV_USERS: 'owner, operator', GATEWAY_PORT: '4100' });
    expect(options.port).toBe(3000);
    expect(options.graphqlUrl).toBe('http://localhost:4100/graphql');
    expect(options.auth).toMatchObject({ mode: 'development', users: ['owner', 'operator'] });
    expect(consoleOptionsFromEnv({ PUBLIC_APP_URL: 'http://localhost:3300' }).port).toBe(3300);
  });

  test('production never offers development sign-in: it needs OpenID Connect settings', () => {
    expect(() => consoleOptionsFromEnv({ NODE_ENV: 'production' })).toThrow(/CONSOLE_OIDC_CLIENT_ID/);
    expect(() => consoleOptionsFromEnv({ AUTH_JWKS_URL: 'https://login.example.test/keys' })).toThrow(
      /CONSOLE_OIDC_CLIENT_ID/,
    );
    expect(() => consoleOptionsFromEnv({ NODE_ENV: 'production', CONSOLE_OIDC_CLIENT_ID: 'console' })).toThrow(
      /CONSOLE_OIDC_ISSUER/,
    );
    const options = consoleOptionsFromEnv({
      NODE_ENV: 'production',
      AUTH_ISSUER: 'https://login.example.test/tenant',
      AUTH_AUDIENCE: 'api://msp',
      CONSOLE_OIDC_CLIENT_ID: 'console',
    });
    expect(options.auth).toEqual({
      mode: 'oidc',
      authority: 'https://login.example.test/tenant',
      clientId: 'console',
      scope: 'openid profile email offline_access',
      resource: 'api://msp',
    });
  });
});
