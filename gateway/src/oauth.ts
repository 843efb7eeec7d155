/**
 * The token endpoint: `POST /oauth/token`, OAuth 2.0 client credentials (RFC 6749 §4.4) for API
 * clients. The client authenticates with `client_secret_basic` (HTTP Basic, RFC 6749 §2.3.1) or
 * `client_secret_post` (`client_id` and `client_secret` in the form), never both; the answer is
 * a short-lived access token (a JWT signed with the API-client key, `@msp/auth` api-clients.ts)
 * that every subgraph verifies, and asks the client's row about on every request.
 *
 * Errors are RFC 6749 §5.2's JSON (`invalid_request`, `invalid_client`, `unsupported_grant_type`),
 * and nothing is written for them; an unknown, wrong-secret and revoked client are the same
 * `invalid_client`. The secret is never logged (the request body is never logged at all).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientSecretMatches, signApiClientToken } from '@msp/auth';
import { type Database, isDatabaseUnavailable, schema } from '@msp/db';
import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';

export const TOKEN_PATH = '/oauth/token';

export interface TokenEndpointOptions {
  db: Database;
  /** The API-client token key (`apiClientTokenKey(GATEWAY_SUBGRAPH_KEY)`). */
  key: Uint8Array;
  logger: Logger;
  /**
   * Access token lifetime.
   * @defaultValue 900 (`API_CLIENT_TOKEN_TTL_SECONDS`)
   */
  ttlSeconds?: number;
}

/** A form larger than this is not a token request. */
const MAX_BODY_BYTES = 4096;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'temporarily_unavailable';

class TokenRequestError extends Error {
  constructor(
    readonly error: OAuthError,
    readonly description: string,
    readonly status = 400,
    readonly basic = false,
  ) {
    super(description);
  }
}

const CLIENT_AUTH_FAILED = 'Client authentication failed.';

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    // RFC 6749 §5.1: token responses must not be cached.
    'cache-control': 'no-store',
    pragma: 'no-cache',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Answered at once; the rest is read and dropped, so that the answer reaches the client.
        req.removeAllListeners('data');
        req.resume();
        reject(new TokenRequestError('invalid_request', `The request body is larger than ${MAX_BODY_BYTES} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `application/x-www-form-urlencoded` decoding of one Basic credential part (RFC 6749 §2.3.1). */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

interface Credentials {
  clientId: string;
  clientSecret: string;
  basic: boolean;
}

function credentialsOf(authorization: string | undefined, form: URLSearchParams): Credentials {
  const postId = form.get('client_id');
  const postSecret = form.get('client_secret');
  if (authorization !== undefined) {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
    if (!match?.[1]) throw new TokenRequestError('invalid_client', CLIENT_AUTH_FAILED, 401, true);
    if (postSecret !== null) {
      throw new TokenRequestError('invalid_request', 'Use one client authentication method, not both.');
    }
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new TokenRequestError('invalid_client', CLIENT_AUTH_FAILED, 401, true);
    let clientId: string;
    let clientSecret: string;
    try {
      clientId = formDecode(decoded.slice(0, colon));
      clientSecret = formDecode(decoded.slice(colon + 1));
    } catch {
      throw new TokenRequestError('invalid_client', CLIENT_AUTH_FAILED, 401, true);
    }
    if (postId !== null && postId !== clientId) {
      throw new TokenRequestError('invalid_request', 'client_id differs from the authenticated client.');
    }
    return { clientId, clientSecret, basic: true };
  }
  if (postId === null || postSecret === null) {
    throw new TokenRequestError(
      'invalid_client',
      'Authenticate the client: HTTP Basic (client_secret_basic) or client_id and client_secret in the form.',
      401,
      true,
    );
  }
  return { clientId: postId, clientSecret: postSecret, basic: false };
}

/**
 * Serves `POST /oauth/token`; answers true when the request was for the token endpoint (whatever
 * the outcome), false to let the gateway serve it.
 */
export function createTokenEndpoint(options: TokenEndpointOptions) {
  const { db, key, logger } = options;
  const a = schema.apiClients;

  async function issue(req: IncomingMessage): Promise<{ body: Record<string, unknown>; clientId: string }> {
    if (req.method !== 'POST')
      throw new TokenRequestError('invalid_request', 'The token endpoint answers POST only.', 405);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      throw new TokenRequestError('invalid_request', 'Send the request as application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(await readBody(req));
    const names = [...form.keys()];
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated) throw new TokenRequestError('invalid_request', `The parameter ${repeated.slice(0, 40)} is repeated.`);
    const grantType = form.get('grant_type');
    if (!grantType) throw new TokenRequestError('invalid_request', 'grant_type is required.');
    if (grantType !== 'client_credentials') {
      throw new TokenRequestError('unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
    }
    const credentials = credentialsOf(req.headers.authorization, form);
    const failed = new TokenRequestError('invalid_client', CLIENT_AUTH_FAILED, 401, credentials.basic);
    if (!UUID.test(credentials.clientId) || credentials.clientSecret.length > 200) throw failed;
    const [client] = await db
      .select({
        id: a.id,
        secretHash: a.secretHash,
        generation: a.secretGeneration,
        trustedDocumentsOnly: a.trustedDocumentsOnly,
        revokedAt: a.revokedAt,
      })
      .from(a)
      .where(eq(a.id, credentials.clientId));
    if (!client || client.revokedAt || !clientSecretMatches(credentials.clientSecret, client.secretHash)) throw failed;
    const ttl = options.ttlSeconds ?? 900;
    const accessToken = await signApiClientToken(
      key,
      { clientId: client.id, generation: client.generation, trustedDocumentsOnly: client.trustedDocumentsOnly },
      ttl,
    );
    await db.update(a).set({ lastUsedAt: sql`now()` }).where(eq(a.id, client.id));
    return { body: { access_token: accessToken, token_type: 'Bearer', expires_in: ttl }, clientId: client.id };
  }

  return function serve(req: IncomingMessage, res: ServerResponse): boolean {
    if ((req.url ?? '/').split('?')[0] !== TOKEN_PATH) return false;
    issue(req).then(
      ({ body, clientId }) => {
        logger.info({ clientId }, 'access token issued');
        reply(res, 200, body);
      },
      (error: unknown) => {
        if (error instanceof TokenRequestError) {
          logger.info({ error: error.error }, 'token request refused');
          reply(
            res,
            error.status,
            { error: error.error, error_description: error.description },
            {
              ...(error.basic ? { 'www-authenticate': 'Basic realm="oauth", charset="UTF-8"' } : {}),
              ...(error.status === 405 ? { allow: 'POST' } : {}),
            },
          );
          return;
        }
        const unavailable = isDatabaseUnavailable(error);
        logger.error({ err: unavailable ? undefined : error, unavailable }, 'token request failed');
        reply(
          res,
          unavailable ? 503 : 500,
          unavailable
            ? { error: 'temporarily_unavailable', error_description: 'Try again in a moment.' }
            : { error: 'server_error', error_description: 'Internal server error.' },
        );
      },
    );
    return true;
  };
}
