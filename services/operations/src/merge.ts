/**
 * One stream from several fan-out listeners (a tenant-list subscription whose tenants are in
 * several workspaces listens on each workspace's channel). Ending it ends them all.
 */
import type { Listener } from '@msp/subgraph-kit';

export function mergeListeners<T>(sources: Listener<T>[]): Listener<T> {
  const queue: T[] = [];
  let waiting: ((result: IteratorResult<T, undefined>) => void) | null = null;
  let done = false;
  const deliver = (value: T) => {
    if (done) return;
    const w = waiting;
    if (w) {
      waiting = null;
      w({ value, done: false });
    } else queue.push(value);
  };
  const finish = () => {
    if (done) return;
    done = true;
    for (const source of sources) void source.return();
    const w = waiting;
    waiting = null;
    if (queue.length === 0) w?.({ value: undefined, done: true });
    else if (w) w({ value: queue.shift() as T, done: false });
  };
  for (const source of sources) {
    void (async () => {
      for await (const value of source) deliver(value);
      // One source ending (its channel closed) ends the whole stream, as for a single listener.
      finish();
    })();
  }
  const merged: Listener<T> = {
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      queue.length = 0;
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown) {
      void merged.return();
      return Promise.reject(error);
    },
    endWith(last: T) {
      if (done) return;
      queue.length = 0;
      const w = waiting;
      waiting = null;
      if (w) w({ value: last, done: false });
      else queue.push(last);
      done = true;
      for (const source of sources) void source.return();
    },
    isDone: () => done,
    [Symbol.asyncIterator]() {
      return merged;
    },
  };
  return merged;
}
