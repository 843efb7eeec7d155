import { useSyncExternalStore } from 'react';
import { useConsole } from '../app/context';

const TEXT = { idle: 'Connecting…', connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

/** Whether live updates are flowing (graphql-ws connected) or the console is reconnecting. */
export function LiveIndicator() {
  const { live } = useConsole();
  const state = useSyncExternalStore(live.subscribe, live.get);
  return (
    <output className={`live live-${state}`} aria-live="polite" data-state={state}>
      <span className="live-dot" aria-hidden="true" />
      {TEXT[state]}
    </output>
  );
}
