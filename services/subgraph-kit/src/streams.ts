/**
 * Ending a live stream when the caller's access ends: at the token's expiry (the kit, for every
 * subscription) or when a re-check finds the caller no longer allowed (a subgraph, per field).
 * The stream then yields one last item (an error result, or a marker the resolver turns into an
 * error) and completes, so a client reads why its subscription stopped instead of hanging on.
 *
 * Built to stay small per subscription (one object and no promise held between events; expiries
 * share one timer), since a process holds thousands of them.
 */

/** Something that happens at most once, and the way to stop waiting for it. */
export interface Stop<L> {
  /** Registers the one callback to call, with the stream's last item, when the stream must end. */
  listen(fire: (last: L) => void): void;
  /** Releases what waiting holds (timers, registrations); called once the stream is over. */
  cancel(): void;
}

/**
 * Passes `source` through until `stop` fires; then returns the source (which releases its
 * listener), yields the stop's item as the last one and is done. A source that ends first, or a
 * consumer's `return()`, cancels the stop.
 */
export function endWhen<T, L>(source: AsyncIterable<T>, stop: Stop<L>): AsyncIterableIterator<T | L> {
  return new EndWhen(source[Symbol.asyncIterator](), stop);
}

class EndWhen<T, L> implements AsyncIterableIterator<T | L> {
  private over = false;
  private last: { value: L } | undefined;
  /** Resolves the `next()` in flight; the stop's firing answers it in place of the source. */
  private pending: ((result: IteratorResult<T | L, undefined>) => void) | undefined;

  constructor(
    private readonly iterator: AsyncIterator<T>,
    private readonly stop: Stop<L>,
  ) {
    stop.listen((value) => {
      if (this.over) return;
      this.last = { value };
      const pending = this.pending;
      if (pending) {
        this.pending = undefined;
        void this.finish().then(() => pending({ value, done: false }));
      }
    });
  }

  next(): Promise<IteratorResult<T | L, undefined>> {
    if (this.over) return Promise.resolve({ value: undefined, done: true });
    if (this.last) {
      const { value } = this.last;
      return this.finish().then(() => ({ value, done: false }));
    }
    return new Promise((resolve, reject) => {
      this.pending = resolve;
      this.iterator.next().then(
        (result) => {
          if (this.pending !== resolve) return; // the stop answered this call
          this.pending = undefined;
          if (result.done) {
            this.over = true;
            this.stop.cancel();
            resolve({ value: undefined, done: true });
          } else resolve(result);
        },
        (error: unknown) => {
          if (this.pending !== resolve) return;
          this.pending = undefined;
          void this.finish().then(() => reject(error));
        },
      );
    });
  }

  async return(): Promise<IteratorResult<T | L, undefined>> {
    await this.finish();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T | L, undefined>> {
    await this.finish();
    throw error;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private async finish() {
    if (this.over) return;
    this.over = true;
    this.stop.cancel();
    await this.iterator.return?.()?.catch(() => {});
  }
}

/** Fires with `value()` at `at` (at once when `at` is past). Never keeps the process alive. */
export function stopAt<L>(at: Date, value: () => L): Stop<L> {
  let remove: (() => void) | undefined;
  return {
    listen(fire) {
      remove = deadlines.add(at.getTime(), () => fire(value()));
    },
    cancel() {
      remove?.();
      remove = undefined;
    },
  };
}

/** Longest delay `setTimeout` honours (about 24.8 days); longer waits are re-armed. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Every pending `stopAt` of the process, by whole second (token expiries are whole seconds), on
 * one timer armed for the earliest.
 */
class Deadlines {
  private readonly buckets = new Map<number, Set<() => void>>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  add(atMs: number, fire: () => void): () => void {
    const second = Math.ceil(atMs / 1000) * 1000;
    if (second <= Date.now()) {
      queueMicrotask(fire);
      return () => {};
    }
    let bucket = this.buckets.get(second);
    if (!bucket) {
      bucket = new Set();
      this.buckets.set(second, bucket);
    }
    bucket.add(fire);
    if (second < this.armedFor) this.arm(second);
    return () => {
      const b = this.buckets.get(second);
      if (b?.delete(fire) && b.size === 0) this.buckets.delete(second);
    };
  }

  private arm(second: number) {
    clearTimeout(this.timer);
    this.armedFor = second;
    this.timer = setTimeout(() => this.tick(), Math.min(Math.max(second - Date.now(), 0), MAX_TIMEOUT_MS));
    this.timer.unref();
  }

  private tick() {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [second, bucket] of this.buckets) {
      if (second <= now) {
        this.buckets.delete(second);
        for (const fire of bucket) fire();
      } else if (second < next) next = second;
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
  }
}

const deadlines = new Deadlines();
