/**
 * The console server's settings, read once by main.ts; everything else receives options. The
 * defaults are the development machine's, so `npm start` on a fresh checkout needs none.
 */
import { authEnvSchema } from '@msp/auth';
import { z } from 'zod';
import type { ConsoleServerOptions } from './server';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = z.preprocess(emptyAsUndefined, z.string().optional());

export const consoleEnvSchema = authEnvSchema.extend({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.string().default('development')),
  /** Where operators open the console; the API's links point here. */
  PUBLIC_APP_URL: z.preprocess(emptyAsUndefined, z.string().url().default('http://localhost:3000')),
  /** The port to listen on; PUBLIC_APP_URL's port when unset (3000 when it has none: behind a proxy). */
  CONSOLE_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65_535).optional()),
  /** All interfaces: operators' browsers and load balancers live elsewhere. */
  CONSOLE_HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
  /** The gateway as browsers reach it; graphql-ws on the same path. */
  CONSOLE_GRAPHQL_URL: optional.pipe(z.string().url().optional()),
  GATEWAY_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65_535).default(4000)),
  /** Development sign-in offers these subjects, comma-separated (npm start passes the seeded users). */
  CONSOLE_DEV_USERS: z.preprocess(emptyAsUndefined, z.string().default('')),
  /** Lifetime of a development sign-in token; the console renews it a minute before it ends. */
  CONSOLE_DEV_TOKEN_TTL: z.preprocess(emptyAsUndefined, z.string().default('1h')),
  /** OpenID Connect: the issuer (AUTH_ISSUER when unset) and the console's public client id. */
  CONSOLE_OIDC_ISSUER: optional,
  CONSOLE_OIDC_CLIENT_ID: optional,
  /** offline_access: a refresh token renews the access token without a round trip through the browser. */
  CONSOLE_OIDC_SCOPE: z.preprocess(emptyAsUndefined, z.string().default('openid profile email offline_access')),
  /** The resource indicator (RFC 8707) the access token is asked for; AUTH_AUDIENCE when unset. */
  CONSOLE_OIDC_RESOURCE: optional,
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

export type ConsoleEnv = z.infer<typeof consoleEnvSchema>;

/** Parses the environment into server options; throws one readable Error listing what is wrong. */
export function consoleOptionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): Omit<ConsoleServerOptions, 'logger' | 'distDir'> & { logLevel: ConsoleEnv['LOG_LEVEL'] } {
  const parsed = consoleEnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid environment for the console:\n${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  const publicUrl = new URL(e.PUBLIC_APP_URL);
  const port = e.CONSOLE_PORT ?? (publicUrl.port ? Number(publicUrl.port) : 3000);
  const production = e.NODE_ENV === 'production';
  const issuer = e.CONSOLE_OIDC_ISSUER ?? e.AUTH_ISSUER;

  let auth: ConsoleServerOptions['auth'];
  if (e.CONSOLE_OIDC_CLIENT_ID) {
    if (!issuer) {
      throw new Error(
        'Invalid environment for the console:\nCONSOLE_OIDC_CLIENT_ID needs CONSOLE_OIDC_ISSUER (or AUTH_ISSUER)',
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
    auth = {
      mode: 'development',
      secret: e.AUTH_JWT_SECRET,
      users: e.CONSOLE_DEV_USERS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      tokenTtl: e.CONSOLE_DEV_TOKEN_TTL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
    };
  } else {
    throw new Error(
      `Invalid environment for the console:\n${production ? 'NODE_ENV=production' : 'AUTH_JWKS_URL'} turns development sign-in off: set CONSOLE_OIDC_ISSUER (or AUTH_ISSUER) and CONSOLE_OIDC_CLIENT_ID`,
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
