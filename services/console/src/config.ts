/**
 * What the console's server tells the browser at start (GET /config.json, server/config.ts): the
 * gateway to talk to and how to sign in. Nothing here is a secret.
 */
export type AuthConfig =
  /** Development: the console's server signs in as one of the seeded users (dev tokens). */
  | { mode: 'development' }
  /** Production: OpenID Connect authorization code + PKCE against the issuer. */
  | { mode: 'oidc'; authority: string; clientId: string; scope: string; resource: string | null };

export interface ConsoleConfig {
  /** The gateway's GraphQL endpoint over HTTP; graphql-ws on the same path. */
  graphqlUrl: string;
  auth: AuthConfig;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`The console's configuration did not load (HTTP ${res.status}).`);
  return (await res.json()) as ConsoleConfig;
}
