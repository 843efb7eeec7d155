/**
 * Redis pub/sub fan-out for subscriptions: ONE subscriber connection per process, however many
 * GraphQL subscriptions it serves. A Redis channel is subscribed while at least one listener
 * wants it; each message is decoded once and handed to every listener of its channel (listeners
 * share the decoded value, so treat it as immutable). Because every replica subscribes to the
 * channels its own clients need, any replica delivers any event published once.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Turns a raw message into a value; returns null (or throws) to drop a malformed message. */
export type Decoder<T> = (raw: string) => T | null;

export interface FanoutOptions {
  /** A dedicated ioredis connection; the fan-out puts it in subscriber mode. */
  subscriber: Redis;
  logger?: Logger;
  /**
   * Events buffered per listener that its consumer has not taken yet. Past it the oldest are
   * dropped: a subscriber stuck on a slow socket must not grow the process without bound.
   * @defaultValue 256
   */
  maxBuffered?: number;
}

export interface Listener<T> extends AsyncIterableIterator<T> {
  /** Stops listening; pending `next()` calls resolve as done. */
  return(): Promise<IteratorResult<T, undefined>>;
  /**
   * Stops listening with a last item: buffered events are dropped, `last` is the next (and
   * final) item, then the stream is done. For a subscriber who lost access (the resolver turns
   * the item into the error).
   */
  endWith(last: T): void;
  /** True once the listener has ended (returned, ended with a last item, or the fan-out closed). */
  isDone(): boolean;
}

export interface Fanout {
  /**
   * Listens on a channel. Resolves once Redis has confirmed the subscription, so an event
   * published after this resolves is delivered. Every listener of a channel must pass the same
   * `decode` function (it runs once per message, not once per listener).
   */
  listen<T>(channel: string, decode: Decoder<T>, filter?: (value: T) => boolean): Promise<Listener<T>>;
  /**
   * Live listeners in this process (Redis has confirmed their channel), on one channel or in
   * total. Tests and benchmarks wait on it before publishing.
   */
  listenerCount(channel?: string): number;
  /** Ends every listener and detaches from the connection (which the caller closes). */
  close(): Promise<void>;
}

class ChannelListener<T> implements Listener<T> {
  private readonly queue: T[] = [];
  private waiting: ((result: IteratorResult<T, undefined>) => void) | null = null;
  private done = false;
  /** Set once Redis confirmed the channel subscription. */
  live = false;
  dropped = 0;

  constructor(
    private readonly filter: ((value: T) => boolean) | undefined,
    private readonly maxBuffered: number,
    private readonly onClose: (listener: ChannelListener<T>) => void,
  ) {}

  push(value: T): void {
    if (this.done || (this.filter && !this.filter(value))) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting({ value, done: false });
      return;
    }
    this.queue.push(value);
    if (this.queue.length > this.maxBuffered) {
      this.queue.shift();
      this.dropped++;
    }
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift() as T, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  isDone(): boolean {
    return this.done;
  }

  endWith(last: T): void {
    if (this.done) return;
    this.queue.length = 0;
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting({ value: last, done: false });
    else this.queue.push(last);
    this.done = true;
    this.onClose(this);
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    this.queue.length = 0;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.({ value: undefined, done: true });
  }

  return(): Promise<IteratorResult<T, undefined>> {
    if (!this.done) {
      this.end();
      this.onClose(this);
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T, undefined>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

interface ChannelState {
  decode: Decoder<unknown>;
  listeners: Set<ChannelListener<unknown>>;
  ready: Promise<unknown>;
}

export function createFanout(options: FanoutOptions): Fanout {
  const { subscriber, logger } = options;
  const maxBuffered = options.maxBuffered ?? 256;
  const channels = new Map<string, ChannelState>();
  let total = 0;
  let closed = false;

  const onMessage = (channel: string, raw: string) => {
    const state = channels.get(channel);
    if (!state || state.listeners.size === 0) return;
    let value: unknown;
    try {
      value = state.decode(raw);
    } catch (error) {
      logger?.warn({ channel, err: error }, 'dropped a malformed pub/sub message');
      return;
    }
    if (value === null || value === undefined) return;
    for (const listener of state.listeners) listener.push(value);
  };
  subscriber.on('message', onMessage);

  const release = (channel: string, listener: ChannelListener<unknown>) => {
    const state = channels.get(channel);
    if (!state?.listeners.delete(listener)) return;
    if (listener.live) total--;
    if (state.listeners.size === 0) {
      channels.delete(channel);
      if (!closed) {
        subscriber.unsubscribe(channel).catch((error: unknown) => {
          logger?.warn({ channel, err: error }, 'unsubscribe failed');
        });
      }
    }
  };

  return {
    async listen<T>(channel: string, decode: Decoder<T>, filter?: (value: T) => boolean): Promise<Listener<T>> {
      if (closed) throw new Error('the fan-out is closed');
      let state = channels.get(channel);
      if (!state) {
        state = { decode: decode as Decoder<unknown>, listeners: new Set(), ready: subscriber.subscribe(channel) };
        channels.set(channel, state);
      } else if (state.decode !== decode) {
        throw new Error(`channel ${channel} is already decoded by another function`);
      }
      const listener = new ChannelListener<T>(filter, maxBuffered, (l) =>
        release(channel, l as ChannelListener<unknown>),
      );
      state.listeners.add(listener as ChannelListener<unknown>);
      try {
        await state.ready;
      } catch (error) {
        await listener.return();
        throw error;
      }
      if (!listener.isDone()) {
        listener.live = true;
        total++;
      }
      return listener;
    },
    listenerCount(channel?: string) {
      if (channel === undefined) return total;
      let live = 0;
      for (const listener of channels.get(channel)?.listeners ?? []) if (listener.live) live++;
      return live;
    },
    async close() {
      closed = true;
      subscriber.off('message', onMessage);
      for (const state of channels.values()) for (const listener of state.listeners) listener.end();
      channels.clear();
      total = 0;
    },
  };
}
