/**
 * The console server's settings, read once by main.ts; everything else receives options. The
 * defaults are the development machine's, so `npm start` on a fresh checkout needs none.
 */
import {
  authSettings,
  DEVELOPMENT_DEFAULTS,
  duration,
  type Environment,
  host,
  linkSettings,
  list,
  optionalPort,
  optionalSecret,
  optionalString,
  optionalUrl,
  port,
  processSettings,
  readSettings,
  SettingsError,
  text,
} from '@msp/settings';
import { z } from 'zod';
import type { ConsoleServerOptions } from './server';

export const consoleEnvSchema = z.object({
  ...processSettings,
  ...authSettings,
  /**
   * Signs development sign-in tokens only: unset, the public development secret (in development;
   * production has no development sign-in, so the console never needs it there).
   */
  AUTH_JWT_SECRET: optionalSecret(16),
  /** Where operators open the console; the API's links point here. */
  ...linkSettings,
  /** The port to listen on; PUBLIC_APP_URL's port when unset (3000 when it has none: behind a proxy). */
  CONSOLE_PORT: optionalPort(),
  /** All interfaces: operators' browsers and load balancers live elsewhere. */
  CONSOLE_HOST: host('0.0.0.0'),
  /** The gateway as browsers reach it; graphql-ws on the same path. */
  CONSOLE_GRAPHQL_URL: optionalUrl(),
  GATEWAY_PORT: port(4000),
  /** Development sign-in offers these subjects, comma-separated (npm start passes the seeded users). */
  CONSOLE_DEV_USERS: list(),
  /**
   * Lifetime of a development sign-in token (`1h`, `90m`, seconds); the console renews it a minute
   * before it ends. At most AUTH_MAX_TOKEN_LIFETIME, or the API would refuse the tokens.
   */
  CONSOLE_DEV_TOKEN_TTL: duration('1h'),
  /** OpenID Connect: the issuer (AUTH_ISSUER when unset) and the console's public client id. */
  CONSOLE_OIDC_ISSUER: optionalString(),
  CONSOLE_OIDC_CLIENT_ID: optionalString(),
  /** offline_access: a refresh token renews the access token without a round trip through the browser. */
  CONSOLE_OIDC_SCOPE: text('openid profile email offline_access'),
  /** The resource indicator (RFC 8707) the access token is asked for; AUTH_AUDIENCE when unset. */
  CONSOLE_OIDC_RESOURCE: optionalString(),
});

export type ConsoleEnv = z.output<typeof consoleEnvSchema>;

/** Parses the environment into server options; throws one readable Error listing what is wrong. */
export function consoleOptionsFromEnv(
  env?: Environment,
): Omit<ConsoleServerOptions, 'logger' | 'distDir'> & { logLevel: ConsoleEnv['LOG_LEVEL'] } {
  const e = readSettings(consoleEnvSchema, { what: 'the console', env });
  const publicUrl = new URL(e.PUBLIC_APP_URL);
  const port = e.CONSOLE_PORT ?? (publicUrl.port ? Number(publicUrl.port) : 3000);
  const production = e.NODE_ENV === 'production';
  const issuer = e.CONSOLE_OIDC_ISSUER ?? e.AUTH_ISSUER;

  let auth: ConsoleServerOptions['auth'];
  if (e.CONSOLE_OIDC_CLIENT_ID) {
    if (!issuer) {
      throw new SettingsError(
        'Invalid environment for the console: CONSOLE_OIDC_CLIENT_ID needs CONSOLE_OIDC_ISSUER (or AUTH_ISSUER)',
      );
    }
    auth = {
      mode: 'oidc',
      authority: issuer,
      clientId: e.CONSOLE_OIDC_CLIENT_ID,
      scope: e.CONSOLE_OIDC_SCOPE,
      resource: e.CONSOLE_OIDC_RESOURCE ?? e.AUTH_AUDIENCE ?? null,
    };
  } else if (!production && !e.AUTH_JWKS_URL) {
    if (e.CONSOLE_DEV_TOKEN_TTL > e.AUTH_MAX_TOKEN_LIFETIME) {
      throw new SettingsError(
        'Invalid environment for the console: CONSOLE_DEV_TOKEN_TTL is longer than AUTH_MAX_TOKEN_LIFETIME (the API would refuse its tokens)',
      );
    }
    auth = {
      mode: 'development',
      secret: e.AUTH_JWT_SECRET ?? DEVELOPMENT_DEFAULTS.AUTH_JWT_SECRET,
      users: e.CONSOLE_DEV_USERS,
      tokenTtl: `${e.CONSOLE_DEV_TOKEN_TTL}s`,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
    };
  } else {
    throw new SettingsError(
      `Invalid environment for the console: ${production ? 'NODE_ENV=production' : 'AUTH_JWKS_URL'} turns development sign-in off: set CONSOLE_OIDC_ISSUER (or AUTH_ISSUER) and CONSOLE_OIDC_CLIENT_ID`,
    );
  }
  return {
    port,
    host: e.CONSOLE_HOST,
    graphqlUrl: e.CONSOLE_GRAPHQL_URL ?? `http://localhost:${e.GATEWAY_PORT}/graphql`,
    auth,
    logLevel: e.LOG_LEVEL,
  };
}
