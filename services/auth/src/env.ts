import type { AuthSettings } from '@msp/settings';
import type { AuthOptions } from './authenticator';

/** Verification options from the auth settings (`authSettings` of @msp/settings). */
export function authOptionsFromEnv(env: AuthSettings): AuthOptions {
  return {
    jwtSecret: env.AUTH_JWT_SECRET,
    jwksUrl: env.AUTH_JWKS_URL,
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    maxLifetimeSeconds: env.AUTH_MAX_TOKEN_LIFETIME,
  };
}
