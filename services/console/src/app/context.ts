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
