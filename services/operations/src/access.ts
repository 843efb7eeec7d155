/**
 * Live subscriptions re-check their callers: a member removed from a tenant (or whose tenant is
 * gone) stops receiving its runs. Membership is checked at subscribe time; after that two things
 * re-decide it with one query (the capability registry's `authorizeTenantPairs`), and each
 * subscription whose pair lost the action ends with that error (NOT_FOUND, as for a stranger):
 *
 * - an access-changed event (the gate's `accessChangedChannel`, published by the tenant subgraph
 *   after a removal commits) re-checks the (user, tenant) pair it names at once, if this process
 *   serves it;
 * - every `intervalMs` every pair with a live subscription in this process is re-checked: the
 *   safety net for an event lost while Redis was unreachable, or a change nobody published.
 *
 * Re-checks run one at a time. Requests that arrive while one runs are coalesced into the single
 * next one (a burst of events is one query, not one per event), and that next one starts after
 * the running one, so it reads what committed before its events were published.
 *
 * A process with no live subscription runs no query and no timer; a subscription that ended on
 * its own leaves the watch at the next re-check of its pair (a few bytes until then, and no
 * callback per subscription).
 */
import type { Database } from '@msp/db';
import {
  type AccessChangedEvent,
  accessChangedChannel,
  accessChangedEventSchema,
  authorizeTenantPairs,
  type Result,
  type TenantAction,
} from '@msp/gate';
import type { Fanout, Listener } from '@msp/subgraph-kit';
import type { Logger } from 'pino';

/** The last item of a stream whose caller lost access: the resolver turns it into the error. */
export class AccessLost {
  constructor(readonly result: Result<never>) {}
}

/** The stream a watch ends: the kit's fan-out listener. */
export interface WatchedStream {
  /** Ends the stream with this last item. */
  endWith(last: AccessLost): void;
  /** A stream that ended on its own is dropped from the watch at the next re-check. */
  isDone(): boolean;
}

export interface AccessWatch {
  /**
   * Ends `stream` with an AccessLost item once `userId` can no longer do `action` on `tenantId`.
   * `since` is a `checkpoint()` taken before the subscription's own access check: an access change
   * heard after it re-checks the new subscription at once (the event may have arrived between
   * that check and this call, when there was nothing yet to end).
   */
  watch(userId: string, tenantId: string, action: TenantAction, stream: WatchedStream, since?: number): void;
  /** A mark for `watch`: how many access changes this process has heard so far. */
  checkpoint(): number;
  /** Re-checks every watched pair in a re-check that starts after this call (the timer does this every `intervalMs`). */
  recheck(): Promise<void>;
  /** Resolves when no re-check is running or waiting (a benchmark measures memory then). */
  idle(): Promise<void>;
  /**
   * Resolves once access-changed events are heard (Redis confirmed the channel); at once without
   * a fan-out. Never rejects: a failure is logged, and the periodic re-check still applies.
   */
  listening: Promise<void>;
  close(): void;
}

export interface AccessWatchOptions {
  db: Database;
  logger: Logger;
  /**
   * How often every live subscription is re-checked: the longest a removed member keeps receiving
   * when the access-changed event is lost (or without a fan-out).
   * @defaultValue 5000
   */
  intervalMs?: number;
  /**
   * The process's fan-out (its one Redis subscriber connection): access-changed events arrive
   * through it and re-check the pairs they name at once. Without it only the periodic re-check
   * ends streams (in-process tests).
   */
  fanout?: Fanout;
}

interface Watcher {
  userId: string;
  tenantId: string;
  action: TenantAction;
  stream: WatchedStream;
}

/** Decodes an access-changed message (one function per channel, as the fan-out requires). */
export function decodeAccessChanged(raw: string): AccessChangedEvent {
  return accessChangedEventSchema.parse(JSON.parse(raw));
}

const pairKey = (userId: string, tenantId: string) => `${userId}:${tenantId}`;

/** Pairs asked about in one statement by a re-check. */
const RECHECK_SLICE = 5000;

export function createAccessWatch(options: AccessWatchOptions): AccessWatch {
  const intervalMs = options.intervalMs ?? 5000;
  const { logger } = options;
  /** Live watchers by (user, tenant) pair; a pair without watchers is not in the map. */
  const watchers = new Map<string, Set<Watcher>>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let heard = 0;
  let listener: Listener<AccessChangedEvent> | undefined;

  // What the next re-check covers, and the re-check chain: `queued` is the one that has not
  // started yet (new requests join it), `tail` the last one in the chain.
  let pendingAll = false;
  const pendingPairs = new Set<string>();
  let queued: Promise<void> | undefined;
  let tail: Promise<void> = Promise.resolve();

  const schedule = () => {
    if (timer || closed || watchers.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void request('all').finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  function remove(w: Watcher): boolean {
    const key = pairKey(w.userId, w.tenantId);
    const set = watchers.get(key);
    if (!set?.delete(w)) return false;
    if (set.size === 0) watchers.delete(key);
    return true;
  }

  /** Re-decides the watched pairs (all of them, or those in `pairs`) and ends what lost access. */
  async function check(pairs: ReadonlySet<string> | null): Promise<void> {
    const current: Watcher[] = [];
    for (const [key, set] of watchers) {
      if (pairs && !pairs.has(key)) continue;
      for (const w of set) {
        if (w.stream.isDone()) remove(w);
        else current.push(w);
      }
    }
    if (current.length === 0) return;
    // One question per distinct (user, tenant, action), however many subscriptions share it.
    const keys = new Map<string, Watcher>();
    for (const w of current) keys.set(`${w.userId}:${w.tenantId}:${w.action}`, w);
    const byAction = new Map<TenantAction, Watcher[]>();
    for (const w of keys.values()) {
      // Appended in place: copying the list per watcher was quadratic (1,000 workspace streams of
      // 100 tenants each are 100,000 pairs, and the re-check every few seconds never finished).
      const list = byAction.get(w.action);
      if (list) list.push(w);
      else byAction.set(w.action, [w]);
    }
    const lost = new Map<string, Result<never>>();
    for (const [action, ws] of byAction) {
      // In slices, so that one statement's parameters stay small however many streams are open.
      for (let from = 0; from < ws.length; from += RECHECK_SLICE) {
        const slice = ws.slice(from, from + RECHECK_SLICE);
        const results = await authorizeTenantPairs(options.db, slice, action);
        results.forEach((result, i) => {
          const w = slice[i]!;
          if (!result.ok) lost.set(`${w.userId}:${w.tenantId}:${action}`, result);
        });
      }
    }
    for (const w of current) {
      const result = lost.get(`${w.userId}:${w.tenantId}:${w.action}`);
      if (result && remove(w)) w.stream.endWith(new AccessLost(result));
    }
  }

  async function runQueued(): Promise<void> {
    queued = undefined;
    const pairs = pendingAll ? null : new Set(pendingPairs);
    pendingAll = false;
    pendingPairs.clear();
    if (closed) return;
    try {
      await check(pairs);
    } catch (error) {
      // A failed re-check keeps the streams (the next one decides); it never ends them.
      logger.warn({ err: error }, 'subscription access re-check failed');
    }
  }

  /** Asks for a re-check of every pair, or of one; resolves when a re-check covering it is done. */
  function request(scope: 'all' | string): Promise<void> {
    if (closed) return Promise.resolve();
    if (scope === 'all') pendingAll = true;
    else pendingPairs.add(scope);
    if (!queued) {
      queued = tail.then(runQueued);
      tail = queued;
    }
    return queued;
  }

  function heardAccessChange(event: AccessChangedEvent): void {
    heard++;
    const key = pairKey(event.userId, event.tenantId);
    if (watchers.has(key)) void request(key);
  }

  const listening: Promise<void> = options.fanout
    ? options.fanout
        .listen(accessChangedChannel, decodeAccessChanged)
        .then((l) => {
          if (closed) {
            void l.return();
            return;
          }
          listener = l;
          void (async () => {
            for await (const event of l) heardAccessChange(event);
          })();
        })
        .catch((error: unknown) => {
          logger.warn(
            { err: error },
            'not listening for access changes: live subscriptions rely on the periodic re-check',
          );
        })
    : Promise.resolve();

  return {
    watch(userId, tenantId, action, stream, since) {
      if (closed) return;
      const key = pairKey(userId, tenantId);
      let set = watchers.get(key);
      if (!set) {
        set = new Set();
        watchers.set(key, set);
      }
      set.add({ userId, tenantId, action, stream });
      if (since !== undefined && heard > since) void request(key);
      schedule();
    },
    checkpoint: () => heard,
    recheck: () => request('all'),
    idle: () => tail,
    listening,
    close() {
      closed = true;
      watchers.clear();
      clearTimeout(timer);
      timer = undefined;
      void listener?.return();
    },
  };
}
