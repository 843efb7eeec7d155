/**
 * Live subscriptions re-check their callers: a member removed from a tenant (or whose tenant is
 * gone) stops receiving its runs. Membership is checked at subscribe time; after that two things
 * re-decide it with one query (the capability registry's `authorizeTenantPairs`), and each
 * subscription whose pair lost the action ends with that error (NOT_FOUND, as for a stranger):
 *
 * - an access-changed event (the gate's `accessChangedChannel`, published by the tenant subgraph
 *   after a removal commits) re-checks the (user, tenant) pair it names at once, if this process
 *   serves it;
 * - every `intervalMs` every user with a live subscription in this process is looked at: the
 *   safety net for an event lost while Redis was unreachable, or a change nobody published. One
 *   query reads each user's access fingerprint (`tenantAccessFingerprints`); only the pairs of
 *   users whose fingerprint changed since the last look (or who were not looked at yet) are
 *   re-decided. 1,000 subscribers of 100 tenants each are 1,000 fingerprints every few seconds,
 *   not 100,000 pairs.
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
  tenantAccessFingerprints,
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

/** A stream of several tenants (a workspace or tenant-list stream): it narrows tenant by tenant. */
export interface WatchedTenantsStream {
  /**
   * The caller lost `tenantId` (already deleted from the watched set): stop passing its runs, and
   * end the stream if nothing is left.
   */
  lose(tenantId: string, last: AccessLost): void;
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
  /**
   * `watch` for several tenants at once, with one entry however many tenants: `tenants` is the
   * stream's own set (the watch deletes a lost tenant from it before `stream.lose`).
   */
  watchTenants(
    userId: string,
    tenants: Set<string>,
    action: TenantAction,
    stream: WatchedTenantsStream,
    since?: number,
  ): void;
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

/** One subscription's watch: its user, its tenants (the stream's own set) and its action. */
interface Watch {
  userId: string;
  tenants: Set<string>;
  action: TenantAction;
  stream: WatchedTenantsStream;
}

/** Decodes an access-changed message (one function per channel, as the fan-out requires). */
export function decodeAccessChanged(raw: string): AccessChangedEvent {
  return accessChangedEventSchema.parse(JSON.parse(raw));
}

const pairKey = (userId: string, tenantId: string) => `${userId}:${tenantId}`;

/** Pairs asked about in one statement by a re-check (and users in one fingerprint statement). */
const RECHECK_SLICE = 5000;

export function createAccessWatch(options: AccessWatchOptions): AccessWatch {
  const intervalMs = options.intervalMs ?? 5000;
  const { logger } = options;
  /** Live watches by user; a user without watches is not in the map. */
  const watches = new Map<string, Set<Watch>>();
  /** Each watched user's access fingerprint when last looked at (see the module comment). */
  const fingerprints = new Map<string, string>();
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
    if (timer || closed || watches.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void request('all').finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  function remove(w: Watch): void {
    const set = watches.get(w.userId);
    if (!set?.delete(w)) return;
    if (set.size === 0) {
      watches.delete(w.userId);
      fingerprints.delete(w.userId);
    }
  }

  /** The live watches of a user (a stream that ended on its own leaves here). */
  function liveWatches(userId: string): Watch[] {
    const live: Watch[] = [];
    for (const w of watches.get(userId) ?? []) {
      if (w.stream.isDone()) remove(w);
      else live.push(w);
    }
    return live;
  }

  /** Users whose fingerprint changed since they were last looked at (or who were never looked at). */
  async function changedUsers(): Promise<string[]> {
    const users = [...watches.keys()];
    const changed: string[] = [];
    for (let from = 0; from < users.length; from += RECHECK_SLICE) {
      const slice = users.slice(from, from + RECHECK_SLICE);
      const now = await tenantAccessFingerprints(options.db, slice);
      for (const userId of slice) {
        const fingerprint = now.get(userId) ?? 'none';
        if (fingerprints.get(userId) !== fingerprint) changed.push(userId);
        // Only users still watched keep a fingerprint (a watch may have ended meanwhile).
        if (watches.has(userId)) fingerprints.set(userId, fingerprint);
      }
    }
    return changed;
  }

  /** Re-decides the watched pairs (of changed users, or those in `pairs`) and ends what lost access. */
  async function check(pairs: ReadonlySet<string> | null): Promise<void> {
    // The watches to re-decide, and for each the tenants in question.
    const asked = new Map<Watch, string[]>();
    if (pairs === null) {
      for (const userId of await changedUsers()) {
        for (const w of liveWatches(userId)) asked.set(w, [...w.tenants]);
      }
    } else {
      for (const key of pairs) {
        const [userId, tenantId] = key.split(':') as [string, string];
        for (const w of liveWatches(userId)) {
          if (!w.tenants.has(tenantId)) continue;
          const list = asked.get(w);
          if (list) list.push(tenantId);
          else asked.set(w, [tenantId]);
        }
      }
    }
    if (asked.size === 0) return;
    // One question per distinct (user, tenant, action), however many subscriptions share it.
    const byAction = new Map<TenantAction, Map<string, { userId: string; tenantId: string }>>();
    for (const [w, tenants] of asked) {
      let questions = byAction.get(w.action);
      if (!questions) {
        questions = new Map();
        byAction.set(w.action, questions);
      }
      for (const tenantId of tenants) questions.set(pairKey(w.userId, tenantId), { userId: w.userId, tenantId });
    }
    const lost = new Map<string, Result<never>>();
    for (const [action, questions] of byAction) {
      const list = [...questions.values()];
      // In slices, so that one statement's parameters stay small however many streams are open.
      for (let from = 0; from < list.length; from += RECHECK_SLICE) {
        const slice = list.slice(from, from + RECHECK_SLICE);
        const results = await authorizeTenantPairs(options.db, slice, action);
        results.forEach((result, i) => {
          const p = slice[i]!;
          if (!result.ok) lost.set(`${p.userId}:${p.tenantId}:${action}`, result);
        });
      }
    }
    if (lost.size === 0) return;
    for (const [w, tenants] of asked) {
      for (const tenantId of tenants) {
        const result = lost.get(`${w.userId}:${tenantId}:${w.action}`);
        if (!result || !w.tenants.delete(tenantId)) continue;
        if (w.tenants.size === 0) remove(w);
        w.stream.lose(tenantId, new AccessLost(result));
      }
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
    for (const w of watches.get(event.userId) ?? []) {
      if (w.tenants.has(event.tenantId)) {
        void request(pairKey(event.userId, event.tenantId));
        return;
      }
    }
  }

  function watchTenants(
    userId: string,
    tenants: Set<string>,
    action: TenantAction,
    stream: WatchedTenantsStream,
    since?: number,
  ): void {
    if (closed || tenants.size === 0) return;
    let set = watches.get(userId);
    if (!set) {
      set = new Set();
      watches.set(userId, set);
    }
    set.add({ userId, tenants, action, stream });
    if (since !== undefined && heard > since) for (const tenantId of tenants) void request(pairKey(userId, tenantId));
    schedule();
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
      watchTenants(
        userId,
        new Set([tenantId]),
        action,
        { lose: (_, last) => stream.endWith(last), isDone: () => stream.isDone() },
        since,
      );
    },
    watchTenants,
    checkpoint: () => heard,
    recheck: () => request('all'),
    idle: () => tail,
    listening,
    close() {
      closed = true;
      watches.clear();
      fingerprints.clear();
      clearTimeout(timer);
      timer = undefined;
      void listener?.return();
    },
  };
}
