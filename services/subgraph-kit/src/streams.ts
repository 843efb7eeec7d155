/**
 * Ending a live stream when the caller's access ends: at the token's expiry (the kit, for every
 * subscription) or when a re-check finds the caller no longer allowed (a subgraph, per field).
 * The stream then yields one last item (an error result or a marker the resolver turns into an
 * error) and completes, so a client reads why its subscription stopped instead of hanging on.
 */

/** Something that happens at most once, and the way to stop waiting for it. */
export interface Stop<L> {
  /** Settles with the last item to yield, when the stream must end. */
  promise: Promise<L>;
  /** Releases what waiting holds (timers, registrations); called once the stream is over. */
  cancel(): void;
}

const ENDED = Symbol('ended');

/**
 * Passes `source` through until `stop` fires; then returns the source (which releases its
 * listener), yields the stop's value as the last item and is done. A source that ends first, or
 * a consumer's `return()`, cancels the stop.
 */
export function endWhen<T, L>(source: AsyncIterable<T>, stop: Stop<L>): AsyncIterableIterator<T | L> {
  const iterator = source[Symbol.asyncIterator]();
  let over = false;
  let last: { value: L } | undefined;
  const fired: Promise<typeof ENDED> = stop.promise.then((value) => {
    last = { value };
    return ENDED;
  });
  const finish = async () => {
    if (over) return;
    over = true;
    stop.cancel();
    await iterator.return?.()?.catch(() => {});
  };
  const stream: AsyncIterableIterator<T | L> = {
    async next(): Promise<IteratorResult<T | L, undefined>> {
      if (over) return { value: undefined, done: true };
      const next = await Promise.race([iterator.next(), fired]);
      if (next === ENDED || last) {
        const value = (last as { value: L }).value;
        await finish();
        return { value, done: false };
      }
      if (next.done) {
        over = true;
        stop.cancel();
        return { value: undefined, done: true };
      }
      return next;
    },
    async return() {
      await finish();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

/** Longest delay `setTimeout` honours (about 24.8 days); longer waits are re-armed. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Fires `value()` at `at` (at once when `at` is past). Its timer never keeps the process alive. */
export function stopAt<L>(at: Date, value: () => L): Stop<L> {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const promise = new Promise<L>((resolve) => {
    const arm = () => {
      if (cancelled) return;
      const wait = at.getTime() - Date.now();
      if (wait <= 0) {
        resolve(value());
        return;
      }
      timer = setTimeout(arm, Math.min(wait, MAX_TIMEOUT_MS));
      timer.unref();
    };
    arm();
  });
  return {
    promise,
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
