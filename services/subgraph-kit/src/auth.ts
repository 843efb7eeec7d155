/**
 * From a bearer token to a provisioned actor: the same steps for HTTP requests and graphql-ws
 * connections, in every subgraph.
 */
import {
  type Actor,
  type Authenticator,
  type AuthOptions,
  createApiClientCheck,
  createAuthenticator,
  createUserProvisioner,
} from '@msp/auth';
import type { Database } from '@msp/db';
import { fail, ok, type Result } from '@msp/gate';

/** A verified, provisioned caller, and when its token stops being valid. */
export type AuthenticatedActor = Actor & { expiresAt: Date | null };

export interface RequestAuthenticator {
  /** Verifies `Bearer <jwt>` and provisions the user on first sight. */
  authenticate(authorization: string | null | undefined): Promise<Result<AuthenticatedActor>>;
}

export interface RequestAuthenticatorOptions {
  db: Database;
  /** Verification settings (`authOptionsFromEnv(env)`), or a ready authenticator. */
  auth: AuthOptions | Authenticator;
}

export function createRequestAuthenticator(options: RequestAuthenticatorOptions): RequestAuthenticator {
  const authenticator = 'authenticate' in options.auth ? options.auth : createAuthenticator(options.auth);
  const provision = createUserProvisioner(options.db);
  const checkClient = createApiClientCheck(options.db);
  return {
    async authenticate(authorization) {
      const verified = await authenticator.authenticate(authorization);
      if (!verified.ok) return fail('UNAUTHENTICATED', verified.message);
      const { identity } = verified;
      if (identity.apiClient) {
        // Every request (and every graphql-ws operation) asks the client's row: a revocation or
        // rotation committed by any replica is seen at once, whatever this process remembers.
        const client = await checkClient(identity.apiClient);
        if (!client.ok) return fail('UNAUTHENTICATED', client.message);
        return ok({
          userId: client.userId,
          subject: identity.subject,
          apiClientId: identity.apiClient.clientId,
          expiresAt: identity.expiresAt,
        });
      }
      return ok({ ...(await provision(identity)), expiresAt: identity.expiresAt });
    },
  };
}

/**
 * The `Authorization` value a graphql-ws client sent in its `connection_init` payload. The
 * architecture fixes `{ "Authorization": "Bearer <jwt>" }`; lowercase `authorization` is accepted
 * too because gateways and some clients normalise header names.
 */
export function authorizationFromConnectionParams(params: unknown): string | null {
  if (!params || typeof params !== 'object') return null;
  const p = params as Record<string, unknown>;
  const value = p.Authorization ?? p.authorization;
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * The caller's token of one graphql-ws operation, when its subscribe payload carries one: the
 * gateway sends each caller's `authorization` in the operation's `extensions.headers` (its
 * propagated headers), so that one upstream socket carries the operations of many callers.
 */
export function authorizationFromExtensions(extensions: unknown): string | null {
  if (!extensions || typeof extensions !== 'object') return null;
  const headers = (extensions as Record<string, unknown>).headers;
  return authorizationFromConnectionParams(headers);
}
