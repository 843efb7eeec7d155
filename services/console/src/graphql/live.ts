/**
 * The state of the live connection (graphql-ws) that the "live / reconnecting" indicator shows.
 * `idle` until a page subscribes to something.
 */
export type LiveState = 'idle' | 'connecting' | 'live' | 'reconnecting';

export class LiveStatus {
  #state: LiveState = 'idle';
  #listeners = new Set<() => void>();

  get = (): LiveState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  set(state: LiveState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const l of [...this.#listeners]) l();
  }
}
