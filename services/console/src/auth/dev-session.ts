import { expiresAtMs, Listeners, RENEW_BEFORE_EXPIRY_S, type Session } from './session';

/**
 * Development sign-in: the console's server (server/dev-sign-in.ts, off in production) signs a
 * token for one of the seeded users. The subject and token live in sessionStorage, so a fresh
 * browser signs in again; the token is fetched anew before it expires.
 */
const STORAGE_KEY = 'msp.console.dev-session';

export interface DevUser {
  subject: string;
}

export async function listDevUsers(): Promise<DevUser[]> {
  const res = await fetch('/api/dev-sign-in');
  if (!res.ok) throw new Error(`Development sign-in is not available (HTTP ${res.status}).`);
  return ((await res.json()) as { users: DevUser[] }).users;
}

async function fetchToken(subject: string): Promise<string> {
  const res = await fetch('/api/dev-sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ subject }),
  });
  const body = (await res.json()) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new Error(body.error ?? `Sign-in failed (HTTP ${res.status}).`);
  return body.token;
}

export class DevSession implements Session {
  #listeners = new Listeners();
  #state: { subject: string; token: string } | null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #navigate: (path: string) => void;

  constructor(navigate: (path: string) => void) {
    this.#navigate = navigate;
    const stored = sessionStorage.getItem(STORAGE_KEY);
    this.#state = stored ? (JSON.parse(stored) as { subject: string; token: string }) : null;
    if (this.#state && (expiresAtMs(this.#state.token) ?? 0) <= Date.now()) this.#set(null);
    this.#schedule();
  }

  token(): string | null {
    return this.#state?.token ?? null;
  }

  subscribe(listener: () => void): () => void {
    return this.#listeners.add(listener);
  }

  signIn(returnTo: string): void {
    this.#navigate(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  }

  /** Called by the sign-in page. */
  async signInAs(subject: string): Promise<void> {
    this.#set({ subject, token: await fetchToken(subject) });
  }

  async signOut(): Promise<void> {
    this.#set(null);
  }

  refused(): void {
    this.#set(null);
  }

  close(): void {
    clearTimeout(this.#timer);
  }

  #set(state: { subject: string; token: string } | null): void {
    this.#state = state;
    if (state) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    else sessionStorage.removeItem(STORAGE_KEY);
    this.#schedule();
    this.#listeners.notify();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    const state = this.#state;
    const exp = state ? expiresAtMs(state.token) : null;
    if (!state || exp === null) return;
    const delay = Math.max(0, exp - RENEW_BEFORE_EXPIRY_S * 1000 - Date.now());
    this.#timer = setTimeout(() => {
      fetchToken(state.subject).then(
        (token) => this.#set({ subject: state.subject, token }),
        () => this.#set(null),
      );
    }, delay);
  }
}
