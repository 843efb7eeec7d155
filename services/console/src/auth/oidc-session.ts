import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { AuthConfig } from '../config';
import { Listeners, RENEW_BEFORE_EXPIRY_S, type Session, safeReturnTo } from './session';

type OidcConfig = Extract<AuthConfig, { mode: 'oidc' }>;

export const CALLBACK_PATH = '/auth/callback';

/**
 * Production sign-in: OpenID Connect authorization code + PKCE (oidc-client-ts) against the
 * configured issuer. The access token is what the API verifies (AUTH_JWKS_URL, AUTH_ISSUER,
 * AUTH_AUDIENCE); `resource` asks the issuer for a token meant for the API (RFC 8707). The token
 * is renewed RENEW_BEFORE_EXPIRY_S seconds before it expires (a refresh token when the issuer
 * gave one, otherwise a silent authorization request), and listeners hear about it.
 */
export class OidcSession implements Session {
  readonly manager: UserManager;
  #listeners = new Listeners();
  #user: User | null = null;

  constructor(config: OidcConfig) {
    const origin = window.location.origin;
    const resource = config.resource ? { resource: config.resource } : undefined;
    this.manager = new UserManager({
      authority: config.authority,
      client_id: config.clientId,
      redirect_uri: `${origin}${CALLBACK_PATH}`,
      silent_redirect_uri: `${origin}${CALLBACK_PATH}`,
      post_logout_redirect_uri: `${origin}/`,
      response_type: 'code',
      scope: config.scope,
      automaticSilentRenew: true,
      accessTokenExpiringNotificationTimeInSeconds: RENEW_BEFORE_EXPIRY_S,
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
      extraQueryParams: resource,
      extraTokenParams: resource,
    });
    const set = (user: User | null) => {
      this.#user = user && !user.expired ? user : null;
      this.#listeners.notify();
    };
    this.manager.events.addUserLoaded((user) => set(user));
    this.manager.events.addUserUnloaded(() => set(null));
    this.manager.events.addAccessTokenExpired(() => set(null));
  }

  /** Loads a stored user (a reload keeps the session); completes a redirect back from the issuer. */
  async start(): Promise<string | null> {
    if (window.location.pathname === CALLBACK_PATH) {
      const user = await this.manager.signinCallback(window.location.href);
      if (user) {
        this.#user = user;
        return safeReturnTo((user.state as { returnTo?: string } | undefined)?.returnTo);
      }
      return null;
    }
    const user = await this.manager.getUser();
    this.#user = user && !user.expired ? user : null;
    return null;
  }

  token(): string | null {
    return this.#user?.access_token ?? null;
  }

  subscribe(listener: () => void): () => void {
    return this.#listeners.add(listener);
  }

  signIn(returnTo: string): void {
    void this.manager.signinRedirect({ state: { returnTo: safeReturnTo(returnTo) } });
  }

  async signOut(): Promise<void> {
    try {
      await this.manager.signoutRedirect();
    } catch {
      await this.manager.removeUser();
      window.location.assign('/');
    }
  }

  refused(): void {
    this.manager.signinSilent().catch(() => this.manager.removeUser());
  }

  close(): void {
    this.manager.stopSilentRenew();
  }
}
