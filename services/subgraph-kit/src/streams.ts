/**
 * A subscription lives no longer than the token it was opened with: `endAt` passes a stream
 * through until a moment (the token's `exp`), then returns the source (which releases its
 * listener), yields one last item (the UNAUTHENTICATED error result) and completes, so a client
 * reads why its subscription stopped instead of hanging on.
 *
 * Built to stay small per subscription, since a process holds thousands of them: one object per
 * stream, no promise held between events, and one timer for every pending expiry.
 */

/** Passes `source` through until `at`, then yields `last()` and is done. */
export function endAt<T, L>(source: AsyncIterable<T>, at: Date, last: () => L): AsyncIterableIterator<T | L> {
  return new EndAt(source[Symbol.asyncIterator](), at.getTime(), last);
}

class EndAt<T, L> implements AsyncIterableIterator<T | L> {
  private over = false;
  private expired = false;
  /** Resolves the `next()` in flight; the expiry answers it in place of the source. */
  private pending: ((result: IteratorResult<T | L, undefined>) => void) | undefined;
  private readonly second: number;

  constructor(
    private readonly iterator: AsyncIterator<T>,
    atMs: number,
    private readonly last: () => L,
  ) {
    this.second = deadlines.add(atMs, this);
  }

  /** Called by the deadlines' timer. */
  expire(): void {
    if (this.over) return;
    this.expired = true;
    const pending = this.pending;
    if (pending) {
      this.pending = undefined;
      void this.finish().then(() => pending({ value: this.last(), done: false }));
    }
  }

  next(): Promise<IteratorResult<T | L, undefined>> {
    if (this.over) return Promise.resolve({ value: undefined, done: true });
    if (this.expired) return this.finish().then(() => ({ value: this.last(), done: false }));
    return new Promise((resolve, reject) => {
      this.pending = resolve;
      this.iterator.next().then(
        (result) => {
          if (this.pending !== resolve) return; // the expiry answered this call
          this.pending = undefined;
          if (result.done) {
            this.over = true;
            deadlines.remove(this.second, this);
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
    deadlines.remove(this.second, this);
    await this.iterator.return?.()?.catch(() => {});
  }
}

interface Expiring {
  expire(): void;
}

/** Longest delay `setTimeout` honours (about 24.8 days); longer waits are re-armed. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Every pending expiry of the process, by whole second (token expiries are whole seconds), on one
 * timer armed for the earliest. The timer never keeps the process alive.
 */
class Deadlines {
  private readonly buckets = new Map<number, Set<Expiring>>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  /** Registers `entry`; returns its bucket (for `remove`). A past moment expires it on the next tick. */
  add(atMs: number, entry: Expiring): number {
    const second = Math.ceil(atMs / 1000) * 1000;
    if (second <= Date.now()) {
      queueMicrotask(() => entry.expire());
      return second;
    }
    let bucket = this.buckets.get(second);
    if (!bucket) {
      bucket = new Set();
      this.buckets.set(second, bucket);
    }
    bucket.add(entry);
    if (second < this.armedFor) this.arm(second);
    return second;
  }

  remove(second: number, entry: Expiring): void {
    const bucket = this.buckets.get(second);
    if (bucket?.delete(entry) && bucket.size === 0) this.buckets.delete(second);
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
        for (const entry of bucket) entry.expire();
      } else if (second < next) next = second;
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
  }
}

const deadlines = new Deadlines();
