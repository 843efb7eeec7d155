/**
 * What the bench's child processes share: the JSON config the parent passes in `BENCH_CHILD`,
 * the `ready` message over IPC, and a shutdown that runs on SIGTERM/SIGINT, on an IPC `stop`,
 * or when the parent goes away (IPC disconnect), so no child outlives a failed bench.
 */
import { stopOnSignals } from '@msp/process';

export function childConfig<T>(): T {
  const raw = process.env.BENCH_CHILD;
  if (!raw) throw new Error('BENCH_CHILD is not set: this file is started by gateway/bench/gateway.bench.ts');
  return JSON.parse(raw) as T;
}

export function ready(payload: Record<string, unknown>): void {
  if (!process.send) throw new Error('no IPC channel: start this file from gateway/bench/gateway.bench.ts');
  process.send({ type: 'ready', ...payload });
}

/** Runs `close` once on any stop signal, then exits (which also writes a `--cpu-prof` profile). */
export function onStop(close: () => Promise<unknown>): void {
  const stop = stopOnSignals(close, { logger: quiet, graceMs: 10_000 });
  process.on('disconnect', () => stop('parent gone'));
  process.on('message', (m: unknown) => {
    if ((m as { type?: string } | null)?.type === 'stop') stop('stop message');
  });
}

/** Children report only failures: the parent prints the figures. */
const quiet = {
  info: () => {},
  warn: (message: string) => console.error(message),
  error: (details: object, message: string) => console.error(message, details),
};

/** Reports a startup failure to the parent and exits. */
export function failed(error: unknown): never {
  const message = String((error as Error)?.stack ?? error);
  console.error(message);
  process.send?.({ type: 'failed', message });
  process.exit(1);
}
