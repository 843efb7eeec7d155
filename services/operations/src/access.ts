/**
 * Live subscriptions re-check their callers: a member removed from a tenant (or whose tenant is
 * gone) stops receiving its runs. Membership is checked at subscribe time; after that, every
 * `intervalMs` one query (the capability registry's `authorizeTenantPairs`) re-decides every
 * (user, tenant) pair with a live subscription in this process, and each subscription whose pair
 * lost the action ends with that error (NOT_FOUND, as for a stranger). A process with no live
 * subscription runs no query and no timer; a subscription that ended on its own leaves the watch
 * at the next re-check (a few bytes until then, and no callback per subscription).
 */
import type { Database } from '@msp/db';
import { authorizeTenantPairs, type Result, type TenantAction } from '@msp/gate';
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
  /** Ends `stream` with an AccessLost item once `userId` can no longer do `action` on `tenantId`. */
  watch(userId: string, tenantId: string, action: TenantAction, stream: WatchedStream): void;
  /** Re-checks every watched pair now (the timer does this every `intervalMs`). */
  recheck(): Promise<void>;
  close(): void;
}

export interface AccessWatchOptions {
  db: Database;
  logger: Logger;
  /**
   * How often live subscriptions are re-checked: the longest a removed member keeps receiving.
   * @defaultValue 5000
   */
  intervalMs?: number;
}

interface Watcher {
  userId: string;
  tenantId: string;
  action: TenantAction;
  stream: WatchedStream;
}

export function createAccessWatch(options: AccessWatchOptions): AccessWatch {
  const intervalMs = options.intervalMs ?? 5000;
  const watchers = new Set<Watcher>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = () => {
    if (timer || watchers.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void recheck().finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  async function check(): Promise<void> {
    for (const w of watchers) if (w.stream.isDone()) watchers.delete(w);
    const current = [...watchers];
    // One question per distinct (user, tenant, action), however many subscriptions share it.
    const keys = new Map<string, Watcher>();
    for (const w of current) keys.set(`${w.userId}:${w.tenantId}:${w.action}`, w);
    const byAction = new Map<TenantAction, Watcher[]>();
    for (const w of keys.values()) byAction.set(w.action, [...(byAction.get(w.action) ?? []), w]);
    const lost = new Map<string, Result<never>>();
    for (const [action, ws] of byAction) {
      const results = await authorizeTenantPairs(options.db, ws, action);
      results.forEach((result, i) => {
        const w = ws[i]!;
        if (!result.ok) lost.set(`${w.userId}:${w.tenantId}:${action}`, result);
      });
    }
    for (const w of current) {
      const result = lost.get(`${w.userId}:${w.tenantId}:${w.action}`);
      if (result && watchers.delete(w)) w.stream.endWith(new AccessLost(result));
    }
  }

  function recheck(): Promise<void> {
    running ??= check()
      .catch((error: unknown) => {
        // A failed re-check keeps the streams (the next one decides); it never ends them.
        options.logger.warn({ err: error }, 'subscription access re-check failed');
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    watch(userId, tenantId, action, stream) {
      watchers.add({ userId, tenantId, action, stream });
      schedule();
    },
    recheck,
    close() {
      watchers.clear();
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
