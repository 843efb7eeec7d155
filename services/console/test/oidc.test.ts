// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results and stored OIDC users are untyped JSON
/**
 * Production sign-in against a real OpenID Connect provider started here (`oidc-provider`, not a
 * mock): authorization code + PKCE from a deep link in a fresh browser, back to the same URL; the
 * API verifies the provider's JWT access tokens through its JWKS (AUTH_JWKS_URL, AUTH_ISSUER,
 * AUTH_AUDIENCE). Access tokens live ACCESS_TTL_S seconds: the console renews them (refresh token)
 * before they expire and re-opens graphql-ws with the fresh one, so a run page opened with the
 * first token still updates live after that token expired (the API ends a subscription at its
 * token's expiry).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import {
  test as base,
  type ConsoleStack,
  expect,
  expectAccessible,
  launchChromium,
  startConsoleStack,
} from './support';

/** Long enough for a sign-in under load, short enough to expire during the test (renewal: 60 s before). */
const ACCESS_TTL_S = 75;
const AUDIENCE = 'api://msp-console-test';

interface OidcWorld {
  app: ConsoleStack;
  issuer: string;
}

const test = base.extend<{ oidc: OidcWorld }>({
  oidc: [
    async ({ database }, use) => {
      // The provider's address first: the console's configuration and the API's both name it.
      let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
      const http = createServer((req, res) => handler(req, res));
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const app = await startConsoleStack(database.connect(10), {
        stack: { auth: { jwksUrl: `${issuer}/jwks`, issuer, audience: AUDIENCE } },
        consoleAuth: {
          mode: 'oidc',
          authority: issuer,
          clientId: 'msp-console',
          scope: 'openid profile email offline_access',
          resource: AUDIENCE,
        },
      });
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: 'msp-console',
            token_endpoint_auth_method: 'none',
            application_type: 'web',
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            redirect_uris: [`${app.url}/auth/callback`],
            post_logout_redirect_uris: [`${app.url}/`],
          },
        ],
        jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
        cookies: { keys: ['oidc-test-cookie-key'] },
        scopes: ['openid', 'offline_access', 'profile', 'email', 'api'],
        claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
        // The seeded users: the login is the subject the API provisions (owner, readonly, …).
        findAccount: (_ctx: unknown, id: string) => ({
          accountId: id,
          claims: () => ({ sub: id, name: id[0]!.toUpperCase() + id.slice(1), email: `${id}@contoso.example` }),
        }),
        features: {
          devInteractions: { enabled: true },
          resourceIndicators: {
            enabled: true,
            defaultResource: () => AUDIENCE,
            useGrantedResource: () => true,
            getResourceServerInfo: () => ({
              audience: AUDIENCE,
              scope: 'api',
              accessTokenTTL: ACCESS_TTL_S,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'RS256' } },
            }),
          },
        },
        // Refresh tokens for the console (a public client) without a consent prompt on every sign-in,
        // as Entra ID does for single-page apps; oidc-provider's default wants offline_access with prompt=consent.
        issueRefreshToken: (_ctx: unknown, client: any) => client.grantTypeAllowed('refresh_token'),
        ttl: { AccessToken: ACCESS_TTL_S, RefreshToken: 3600, Grant: 3600, Session: 3600, Interaction: 600 },
      } as any);
      handler = provider.callback() as typeof handler;
      await use({ app, issuer });
      await app.stack.close();
      await app.console.close();
      await new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      });
    },
    { scope: 'file' },
  ],
});

/** The signed-in user oidc-client-ts keeps in sessionStorage. */
async function storedUser(page: Page): Promise<{ access_token: string; refresh_token?: string; expires_at: number }> {
  return page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
    return key ? JSON.parse(sessionStorage.getItem(key)!) : null;
  });
}

describe('OpenID Connect sign-in', () => {
  test('a deep link signs in with code + PKCE and stays live across token renewals and expiry', {
    timeout: 240_000,
  }, async ({ oidc }) => {
    const { app } = oidc;
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      // Every graphql-ws connection_init, with the token it carried.
      const inits: string[] = [];
      page.on('websocket', (ws) =>
        ws.on('framesent', (frame) => {
          const message = JSON.parse(String(frame.payload)) as any;
          if (message.type === 'connection_init') inits.push(message.payload.Authorization);
        }),
      );
      const authorizationRequests: URL[] = [];
      page.on('request', (req) => {
        if (req.url().startsWith(`${oidc.issuer}/auth`)) authorizationRequests.push(new URL(req.url()));
      });

      // Sign in first on a deep link (a fresh browser: the provider's login, then back).
      const target = `/monitoring/operations/${app.world.runs.dedupe}`;
      await page.goto(`${app.url}${target}`);
      await page.waitForURL((url) => url.href.startsWith(oidc.issuer));
      await page.locator('input[name="login"]').fill('owner');
      await page.locator('input[name="password"]').fill('anything');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${app.url}${target}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/running/i);
      const request = authorizationRequests[0]!;
      expect(request.searchParams.get('response_type')).toBe('code');
      expect(request.searchParams.get('code_challenge_method')).toBe('S256');
      expect(request.searchParams.get('resource')).toBe(AUDIENCE);
      await expectAccessible(page);

      // A run the owner starts with the browser's own token, held QUEUED until the end.
      const first = await storedUser(page);
      expect(first.refresh_token).toBeTruthy();
      await app.stack.queue.pause();
      const res = await fetch(app.api, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${first.access_token}` },
        body: JSON.stringify({
          query: `mutation($t: ID!) { startRoleDefinitionsSync(tenantId: $t) { ... on ProviderOperationAccepted { run { id } } } }`,
          variables: { t: app.world.tenants.usable },
        }),
      });
      const runId = ((await res.json()) as any).data.startRoleDefinitionsSync.run.id;
      await page.goto(`${app.url}/monitoring/operations/${runId}`);
      const badge = page.locator('.run-headline [data-status]');
      await expect.poll(() => badge.getAttribute('data-status')).toBe('QUEUED');
      await page.getByText('Live', { exact: true }).waitFor();

      // Renewed before expiry, and the socket re-opened with the fresh token.
      await expect
        .poll(async () => (await storedUser(page)).access_token, { timeout: ACCESS_TTL_S * 1000 })
        .not.toBe(first.access_token);
      const renewed = (await storedUser(page)).access_token;
      await expect.poll(() => inits.at(-1), { timeout: 15_000 }).toBe(`Bearer ${renewed}`);

      // Past the first token's expiry: the page is still live.
      const wait = first.expires_at * 1000 + 2000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await page.evaluate(() => {
        (window as any).__sameDocument = true;
      });
      await app.stack.queue.resume();
      await expect.poll(() => badge.getAttribute('data-status'), { timeout: 30_000 }).toBe('COMPLETED');
      expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
      expect(inits.at(-1)).not.toBe(`Bearer ${first.access_token}`);
    } finally {
      await browser.close();
    }
  });
});
