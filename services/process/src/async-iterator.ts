type Maybe<T> = T | Promise<T>;

/** True for anything `for await` takes (a subscription's stream; not a single result). */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/**
 * Each value of `iterable` through `fn`, like graphql-js' internal mapAsyncIterator: `return()`
 * reaches the source at once, even while a `next()` waits for its next value (an async generator
 * would hold the return until then, keeping an abandoned subscription's source open).
 */
export function mapAsyncIterator<T, U>(
  iterable: AsyncIterable<T>,
  fn: (value: T) => Maybe<U>,
): AsyncIterableIterator<U> {
  const iterator = iterable[Symbol.asyncIterator]();
  async function map(result: IteratorResult<T>): Promise<IteratorResult<U, void>> {
    if (result.done) return { value: undefined, done: true };
    try {
      return { value: await fn(result.value), done: false };
    } catch (error) {
      await iterator.return?.().catch(() => {});
      throw error;
    }
  }
  const mapped: AsyncIterableIterator<U> = {
    async next() {
      return map(await iterator.next());
    },
    async return() {
      await iterator.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      if (iterator.throw) return map(await iterator.throw(error));
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}
