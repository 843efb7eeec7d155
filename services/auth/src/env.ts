import type { AuthSettings } from '@msp/settings';
import { apiClientTokenKey } from './api-clients';
import type { AuthOptions } from './authenticator';

/**
 * Verification options from the auth settings (`authSettings` of @msp/settings), and the gateway
 * key that API clients' access tokens are signed with (derived from it) where the process has one.
 */
export function authOptionsFromEnv(env: AuthSettings & { GATEWAY_SUBGRAPH_KEY?: string }): AuthOptions {
  return {
    ...(env.GATEWAY_SUBGRAPH_KEY ? { apiClientTokenKey: apiClientTokenKey(env.GATEWAY_SUBGRAPH_KEY) } : {}),
    jwtSecret: env.AUTH_JWT_SECRET,
    jwksUrl: env.AUTH_JWKS_URL,
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    maxLifetimeSeconds: env.AUTH_MAX_TOKEN_LIFETIME,
  };
}
