import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { Session } from '../auth/session';
import type { ConsoleConfig } from '../config';
import type { LiveStatus } from '../graphql/live';

export interface ConsoleContextValue {
  config: ConsoleConfig;
  session: Session;
  live: LiveStatus;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside <ConsoleContext>');
  return value;
}

/** The current access token; re-renders on sign-in, renewal and sign-out. */
export function useToken(): string | null {
  const { session } = useConsole();
  return useSyncExternalStore(
    (l) => session.subscribe(l),
    () => session.token(),
  );
}

/**
 * Calls `refetch` after every reconnection: events published while the socket was down are not
 * replayed, so a page that shows live data reads it again.
 */
export function useRefetchOnReconnect(refetch: () => void): void {
  const { live } = useConsole();
  const reconnects = useSyncExternalStore(live.subscribe, live.reconnects);
  const seen = useRef(reconnects);
  const latest = useRef(refetch);
  latest.current = refetch;
  useEffect(() => {
    if (reconnects === seen.current) return;
    seen.current = reconnects;
    latest.current();
  }, [reconnects]);
}

/** When a page reads its data again after subscribing (see useRereadAfterSubscribing). */
export const REREAD_AFTER_MS = [1000, 5000] as const;

/**
 * A page that reads its data and subscribes to its changes misses a change made between the read
 * and the moment the API listens for it: events are not replayed, and graphql-ws does not say when
 * the server is listening (a subscription is not acknowledged). So the page reads again shortly
 * after the live connection is up for `key` (the subscription's identity; null while there is
 * nothing to watch, e.g. a finished run): by then the subscription listens, and a change that fell
 * in the gap shows. Two reads: one soon, one late for a slow set-up on a loaded gateway. Once the
 * subscription has delivered an event (`heard`) it evidently listens, and no read is left to make.
 */
export function useRereadAfterSubscribing(key: string | null, heard: boolean, reread: () => void): void {
  const { live } = useConsole();
  const up = useSyncExternalStore(live.subscribe, live.get) === 'live';
  const latest = useRef(reread);
  latest.current = reread;
  useEffect(() => {
    if (!key || !up || heard) return;
    const timers = REREAD_AFTER_MS.map((ms) => setTimeout(() => latest.current(), ms));
    return () => {
      for (const timer of timers) clearTimeout(timer);
    };
  }, [key, up, heard]);
}
