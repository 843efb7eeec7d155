/**
 * API clients' access tokens: issued by the gateway's token endpoint (OAuth 2.0 client
 * credentials), verified by the same authenticator as people's tokens, and checked against the
 * client's row on every request (`createApiClientCheck`), so that a revocation or a rotation
 * takes effect on the very next request, on every replica, although verified tokens are
 * remembered until their `exp`.
 */
import { createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Database, schema } from '@msp/db';
import { eq, sql } from 'drizzle-orm';
import { SignJWT } from 'jose';

/** `iss` of the access tokens the token endpoint issues: no identity provider uses it. */
export const API_CLIENT_TOKEN_ISSUER = 'urn:msp-provider-gate:api-clients';

/**
 * Subject of an API client's principal (`users.subject`): `api-client:<client id>`. A person's
 * token (from the identity provider, or a development token) with such a `sub` is refused, so
 * nobody can sign in as a client's principal.
 */
export const API_CLIENT_SUBJECT_PREFIX = 'api-client:';

/**
 * Subject prefix of the system principals (`SYSTEM_PRINCIPALS` in @msp/gate's registry, e.g.
 * `system:connection-health`, the built-in health check): built-in work, which no token may sign
 * in as. Declared once in @msp/db's vocabulary, which the registry builds the subjects from.
 */
export { SYSTEM_SUBJECT_PREFIX } from '@msp/db';

/** The client secret's visible prefix: secret scanners and our log scrubbing recognise it. */
export const API_CLIENT_SECRET_PREFIX = 'mspcs_';

/**
 * Access tokens live 15 minutes: long enough for a script's run, short enough that a leaked token
 * is worth little (and revocation does not wait for it anyway).
 */
export const API_CLIENT_TOKEN_TTL_SECONDS = 900;

/**
 * The key access tokens are signed with, derived (HKDF-SHA256, its own label) from the gateway's
 * subgraph key: the gateway signs, the subgraphs verify, and both already hold that key, which
 * production refuses to leave at its development default. Domain separation keeps a client
 * token from ever being a gateway credential, and the reverse.
 */
export function apiClientTokenKey(gatewayKey: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', gatewayKey, 'msp-provider-gate', 'api-client access tokens v1', 32));
}

/** A new client secret: 256 random bits, base64url, behind the visible prefix. */
export function newClientSecret(): string {
  return `${API_CLIENT_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** What is stored of a secret (hex SHA-256). */
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function clientSecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashClientSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export interface ApiClientTokenClaims {
  clientId: string;
  /** The client's `secret_generation` when the token was issued. */
  generation: number;
  trustedDocumentsOnly: boolean;
}

/** Signs an access token (HS256 with `apiClientTokenKey`). */
export async function signApiClientToken(
  key: Uint8Array,
  claims: ApiClientTokenClaims,
  ttlSeconds: number = API_CLIENT_TOKEN_TTL_SECONDS,
): Promise<string> {
  return new SignJWT({ client_id: claims.clientId, gen: claims.generation, tdo: claims.trustedDocumentsOnly })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setIssuer(API_CLIENT_TOKEN_ISSUER)
    .setSubject(`${API_CLIENT_SUBJECT_PREFIX}${claims.clientId}`)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setJti(randomBytes(12).toString('base64url'))
    .sign(key);
}

export type ApiClientCheck = { ok: true; userId: string; workspaceId: string } | { ok: false; message: string };

export interface ApiClientCheckOptions {
  /**
   * How often one process records a client's `last_used_at` (at most once per interval per
   * client; the token endpoint records every token it issues).
   * @defaultValue 60000
   */
  lastUsedIntervalMs?: number;
}

/**
 * Decides, per request, whether a verified access token's client may still act: one primary-key
 * read (no cache, so that a revocation or rotation committed by any replica is seen at once), and
 * `last_used_at` refreshed at most once a minute per process.
 */
export function createApiClientCheck(db: Database, options: ApiClientCheckOptions = {}) {
  const interval = options.lastUsedIntervalMs ?? 60_000;
  const touched = new Map<string, number>();
  const a = schema.apiClients;
  return async function check(claims: ApiClientTokenClaims): Promise<ApiClientCheck> {
    const [row] = await db
      .select({
        userId: a.userId,
        workspaceId: a.workspaceId,
        generation: a.secretGeneration,
        revokedAt: a.revokedAt,
      })
      .from(a)
      .where(eq(a.id, claims.clientId));
    if (!row || row.revokedAt) return { ok: false, message: 'This API client was revoked.' };
    if (row.generation !== claims.generation) {
      return { ok: false, message: "The token was issued before the client's secret was rotated." };
    }
    const now = Date.now();
    if ((touched.get(claims.clientId) ?? 0) + interval <= now) {
      if (touched.size >= 10_000) touched.clear();
      touched.set(claims.clientId, now);
      await db.update(a).set({ lastUsedAt: sql`now()` }).where(eq(a.id, claims.clientId));
    }
    return { ok: true, userId: row.userId, workspaceId: row.workspaceId };
  };
}
