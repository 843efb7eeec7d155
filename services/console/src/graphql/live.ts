/**
 * The state of the live connection (graphql-ws) that the "live / reconnecting" indicator shows:
 * `idle` until something subscribes.
 */
export type LiveState = 'idle' | 'connecting' | 'live' | 'reconnecting';

export class LiveStatus {
  #state: LiveState = 'idle';
  #reconnects = 0;
  #listeners = new Set<() => void>();

  get = (): LiveState => this.#state;

  /** How many times the socket came back after it was lost or re-opened (a renewed token). */
  reconnects = (): number => this.#reconnects;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  set(state: LiveState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#notify();
  }

  reconnected(): void {
    this.#reconnects += 1;
    this.#state = 'live';
    this.#notify();
  }

  #notify(): void {
    for (const l of [...this.#listeners]) l();
  }
}
