import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import {
  API_CLIENT_SUBJECT_PREFIX,
  API_CLIENT_TOKEN_ISSUER,
  type ApiClientTokenClaims,
  SYSTEM_SUBJECT_PREFIX,
} from './api-clients';

/**
 * Bearer-token verification shared by every service. Development uses an HS256 secret;
 * production points at an OIDC issuer's JWKS. `iss` and `aud` are checked only when configured.
 */
export interface AuthOptions {
  /** HS256 secret (development). Ignored when `jwksUrl` is set. */
  jwtSecret?: string;
  /** JWKS endpoint of the OIDC issuer (production). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /**
   * The longest accepted lifetime, `exp` − `iat` (− now when `iat` is missing or later): a token
   * valid for longer is refused (`AUTH_MAX_TOKEN_LIFETIME`). A token without `exp` is refused.
   * @defaultValue 86400 (24 h)
   */
  maxLifetimeSeconds?: number;
  /**
   * Verified tokens remembered (by their exact text) until their `exp`, so a client's repeated
   * requests with one token are verified once.
   * @defaultValue 10000
   */
  cacheSize?: number;
  /**
   * The key of API clients' access tokens (`apiClientTokenKey(GATEWAY_SUBGRAPH_KEY)`): tokens
   * whose `iss` is the token endpoint's are verified with it, and only with it. Unset: such
   * tokens are refused.
   */
  apiClientTokenKey?: Uint8Array;
}

export interface Identity {
  subject: string;
  email: string | null;
  /**
   * The identity provider vouches for `email` (the OIDC claim `email_verified: true`): only then
   * does a sign-in accept the tenant invitations sent to it.
   */
  emailVerified: boolean;
  displayName: string | null;
  /** When the token stops being valid (its `exp`: every accepted token has one). */
  expiresAt: Date | null;
  /**
   * Set for an API client's access token: which client, under which secret generation, and
   * whether it may send registered documents only. The caller still checks, per request, that
   * the client is neither revoked nor rotated since (`createApiClientCheck`).
   */
  apiClient?: ApiClientTokenClaims;
}

export type AuthResult = { ok: true; identity: Identity } | { ok: false; message: string };

export interface Authenticator {
  /** Verifies an `Authorization` header value (`Bearer <jwt>`). */
  authenticate(authorization: string | null | undefined): Promise<AuthResult>;
}

/** No NUL: PostgreSQL text cannot hold it (and a claim with one is not a name anyone chose). */
const noNul = (value: string) => !value.includes('\u0000');

/**
 * `sub` identifies the user: without a usable one the token is refused. `email` and `name` are
 * only shown: one that is not a string, too long or holding a NUL is ignored (the caller keeps
 * what was stored for them) rather than refusing an otherwise valid token.
 */
const optionalClaim = (max: number) =>
  z
    .unknown()
    .optional()
    .transform((value) => (typeof value === 'string' && value.length <= max && noNul(value) ? value : undefined));

const claimsSchema = z.object({
  sub: z.string().min(1).max(255).refine(noNul),
  email: optionalClaim(320),
  name: optionalClaim(255),
  // OIDC says boolean; some providers send the string "true".
  email_verified: z
    .unknown()
    .optional()
    .transform((value) => value === true || value === 'true'),
});

const clientClaimsSchema = z.object({
  sub: z.string(),
  client_id: z.string().uuid(),
  gen: z.number().int().positive(),
  tdo: z.boolean(),
});

/** The token's `iss` before verification (to pick the key), or null when it does not decode. */
function unverifiedIssuer(token: string): string | null {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : null;
  } catch {
    return null;
  }
}

/** `86400` as `24 h`, `5400` as `90 min`, for messages. */
function formatSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export function createAuthenticator(options: AuthOptions): Authenticator {
  const key = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : options.jwtSecret
      ? new TextEncoder().encode(options.jwtSecret)
      : null;
  // With the API-client key alone, only API clients' tokens verify (the gateway's check of
  // clients restricted to trusted documents, where no people's verification is configured).
  if (!key && !options.apiClientTokenKey) throw new Error('Authentication needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
  const verifyOptions = {
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
    algorithms: options.jwksUrl ? undefined : ['HS256'],
  };

  const cacheSize = options.cacheSize ?? 10_000;
  const maxLifetime = options.maxLifetimeSeconds ?? 86_400;
  const verified = new Map<string, Identity>();

  return {
    async authenticate(authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!match?.[1]) return { ok: false, message: 'A bearer token is required.' };
      const remembered = verified.get(match[1]);
      if (remembered) {
        if ((remembered.expiresAt?.getTime() ?? 0) > Date.now()) return { ok: true, identity: remembered };
        verified.delete(match[1]);
      }
      let payload: JWTPayload;
      // An API client's access token is verified with the token endpoint's key only; a person's
      // token with the configured issuer or secret only (never the other way round).
      const clientToken = unverifiedIssuer(match[1]) === API_CLIENT_TOKEN_ISSUER;
      try {
        if (clientToken) {
          if (!options.apiClientTokenKey) throw new Error('no API client key');
          payload = (
            await jwtVerify(match[1], options.apiClientTokenKey, {
              issuer: API_CLIENT_TOKEN_ISSUER,
              algorithms: ['HS256'],
            })
          ).payload;
        } else {
          if (!key) throw new Error('no key for people');
          payload = (
            typeof key === 'function'
              ? await jwtVerify(match[1], key, verifyOptions)
              : await jwtVerify(match[1], key, verifyOptions)
          ).payload;
        }
      } catch {
        return { ok: false, message: 'The bearer token is invalid or expired.' };
      }
      // Tokens valid forever (or for years) cannot be taken back: an `exp` is required, and
      // the lifetime is bounded.
      if (typeof payload.exp !== 'number') return { ok: false, message: 'The bearer token has no expiry (exp).' };
      const now = Math.floor(Date.now() / 1000);
      const issuedAt = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
      if (payload.exp - issuedAt > maxLifetime) {
        return { ok: false, message: `The bearer token is valid for longer than ${formatSeconds(maxLifetime)}.` };
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return { ok: false, message: 'The bearer token has no usable subject.' };
      let apiClient: ApiClientTokenClaims | undefined;
      if (clientToken) {
        const client = clientClaimsSchema.safeParse(payload);
        if (!client.success || client.data.sub !== `${API_CLIENT_SUBJECT_PREFIX}${client.data.client_id}`) {
          return { ok: false, message: 'The bearer token has no usable subject.' };
        }
        apiClient = {
          clientId: client.data.client_id,
          generation: client.data.gen,
          trustedDocumentsOnly: client.data.tdo,
        };
      } else if (claims.data.sub.startsWith(API_CLIENT_SUBJECT_PREFIX)) {
        // An API client's principal: reachable by the client's own access tokens only.
        return { ok: false, message: 'The bearer token has no usable subject.' };
      }
      if (claims.data.sub.startsWith(SYSTEM_SUBJECT_PREFIX)) {
        // A system principal (built-in work): no token signs in as one.
        return { ok: false, message: 'The bearer token has no usable subject.' };
      }
      const identity: Identity = {
        subject: claims.data.sub,
        email: clientToken ? null : (claims.data.email ?? null),
        emailVerified: !clientToken && claims.data.email !== undefined && claims.data.email_verified,
        displayName: clientToken ? null : (claims.data.name ?? null),
        expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
        ...(apiClient ? { apiClient } : {}),
      };
      if (identity.expiresAt && cacheSize > 0) {
        // Oldest first out: a Map iterates in insertion order.
        if (verified.size >= cacheSize) verified.delete(verified.keys().next().value as string);
        verified.set(match[1], identity);
      }
      return { ok: true, identity };
    },
  };
}

/** Signs a development token (HS256). Never used with a JWKS configuration. */
export async function signDevelopmentToken(
  secret: string,
  subject: string,
  options: {
    email?: string;
    /** Sets `email_verified: true` (the identity provider vouches for the email). */
    emailVerified?: boolean;
    name?: string;
    expiresIn?: string;
    issuer?: string;
    audience?: string;
  } = {},
): Promise<string> {
  let jwt = new SignJWT({
    ...(options.email ? { email: options.email } : {}),
    ...(options.emailVerified ? { email_verified: true } : {}),
    ...(options.name ? { name: options.name } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
