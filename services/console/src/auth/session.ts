/**
 * The signed-in user's access token, wherever it comes from: development sign-in (a token the
 * console's server signs for a seeded user) or OpenID Connect. Both renew the token before it
 * expires and tell listeners, so the GraphQL client sends the fresh one and re-opens its
 * graphql-ws connection with it (the API ends a subscription when its token expires).
 */
export interface Session {
  /** The current access token, or null when nobody is signed in. */
  token(): string | null;
  /** Called whenever the token changes (sign-in, renewal, sign-out). */
  subscribe(listener: () => void): () => void;
  /** Sends the browser to sign in; it comes back to `returnTo` (a path of this app). */
  signIn(returnTo: string): void;
  signOut(): Promise<void>;
  /** The API refused the token (UNAUTHENTICATED): renew it, or sign in again. */
  refused(): void;
  close(): void;
}

/** Seconds before `exp` at which a token is renewed. */
export const RENEW_BEFORE_EXPIRY_S = 60;

/** A JWT's `exp` in milliseconds (no verification: the API verifies). */
export function expiresAtMs(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

export class Listeners {
  #listeners = new Set<() => void>();
  add(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  notify(): void {
    for (const l of [...this.#listeners]) l();
  }
}

/** Where the browser goes back to after sign-in: only paths of this app, never another origin. */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//')) return '/monitoring/operations';
  return value;
}
