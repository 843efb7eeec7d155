/**
 * Subgraphs answer the gateway only (issue 10, item 1). The gateway adds a short-lived HS256
 * token to every subgraph request (the `x-gateway-credential` header over HTTP, the same key in
 * the graphql-ws `connection_init` payload), signed with a key only the gateway and the
 * subgraphs hold (`GATEWAY_SUBGRAPH_KEY`), issued by `msp-gateway` for one subgraph (`aud` is
 * the subgraph's name, so a credential taken from one subgraph's traffic opens no other).
 * Each subgraph verifies it before reading the body, authenticating the caller or parsing.
 *
 * The caller's own bearer token still decides who the caller is; the credential only says the
 * request came through the gateway, which applied the limits and the client-facing checks.
 *
 * One credential per subgraph is signed at a time and re-signed every quarter of its lifetime,
 * so signing costs nothing per request and upstream graphql-ws sockets (keyed by their
 * `connection_init` payload) are shared within that half-lifetime.
 */
import { errors, jwtVerify, SignJWT } from 'jose';

export const GATEWAY_CREDENTIAL_HEADER = 'x-gateway-credential';
/** The same, as a graphql-ws `connection_init` payload key. */
export const GATEWAY_CREDENTIAL_PARAM = 'X-Gateway-Credential';
export const GATEWAY_ISSUER = 'msp-gateway';

export interface CredentialOptions {
  /** The shared key (`GATEWAY_SUBGRAPH_KEY`), at least 32 characters. */
  key: string;
  /**
   * How long a credential is valid.
   * @defaultValue 60
   */
  lifetimeSeconds?: number;
}

const encode = (key: string) => {
  if (key.length < 32) throw new Error('The gateway-subgraph key must be at least 32 characters.');
  return new TextEncoder().encode(key);
};

export interface CredentialSigner {
  /** The current credential for `subgraph` (signed at `createCredentialSigner` and refreshed). */
  credentialFor(subgraph: string): string;
  /** Stops the refresh timer. */
  close(): void;
}

/** Signs one credential per subgraph now, and again every half lifetime. */
export async function createCredentialSigner(
  subgraphs: readonly string[],
  options: CredentialOptions,
): Promise<CredentialSigner> {
  const secret = encode(options.key);
  const lifetime = options.lifetimeSeconds ?? 60;
  const current = new Map<string, string>();
  const sign = (subgraph: string) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(GATEWAY_ISSUER)
      .setAudience(subgraph)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + lifetime)
      .sign(secret);
  const refresh = async () => {
    for (const subgraph of subgraphs) current.set(subgraph, await sign(subgraph));
  };
  await refresh();
  // Every quarter lifetime: a credential in use always has most of its lifetime left, even when a
  // busy event loop delays the timer.
  const timer = setInterval(() => void refresh(), (lifetime * 1000) / 4);
  timer.unref();
  return {
    credentialFor(subgraph) {
      const credential = current.get(subgraph);
      if (!credential) throw new Error(`No gateway credential for subgraph ${subgraph}`);
      return credential;
    },
    close: () => clearInterval(timer),
  };
}

export type CredentialCheck = { ok: true } | { ok: false; message: string };

export interface CredentialVerifier {
  verify(credential: string | null | undefined): Promise<CredentialCheck>;
}

/** Verifies credentials for one subgraph (`audience`: its name). */
export function createCredentialVerifier(options: CredentialOptions & { audience: string }): CredentialVerifier {
  const secret = encode(options.key);
  const maxLifetime = options.lifetimeSeconds ?? 60;
  // The gateway sends the same credential for half its lifetime: remember the last few verified.
  const verified = new Map<string, number>();
  return {
    async verify(credential) {
      if (!credential) return { ok: false, message: 'This subgraph answers the gateway only.' };
      const known = verified.get(credential);
      if (known !== undefined) {
        if (known > Date.now()) return { ok: true };
        verified.delete(credential);
      }
      try {
        const { payload } = await jwtVerify(credential, secret, {
          algorithms: ['HS256'],
          issuer: GATEWAY_ISSUER,
          audience: options.audience,
          requiredClaims: ['exp', 'iat'],
          maxTokenAge: `${maxLifetime + 5}s`,
        });
        if (verified.size >= 16) verified.delete(verified.keys().next().value as string);
        verified.set(credential, (payload.exp as number) * 1000);
        return { ok: true };
      } catch (error) {
        // By code, not `instanceof`: jose ships two builds, and a process may load both.
        const expired = (error as { code?: string }).code === errors.JWTExpired.code;
        return {
          ok: false,
          message: expired ? 'The gateway credential has expired.' : 'This subgraph answers the gateway only.',
        };
      }
    },
  };
}
