/**
 * The load generator, seen from the bench: one long-lived child process (load.entry.ts) that
 * runs one load at a time on request. Its own process, so that its CPU is measured apart from
 * everything else and it never competes with the bench's bookkeeping.
 */
import { type Child, startChild } from './children';

/** What one response must contain to count as a success. */
export type Check = { kind: 'list'; edges: number; tenantName: boolean } | { kind: 'start'; outcome: string };

export interface LoadSpec {
  url: string;
  query: string;
  /** Variables of request i: variables[i % length]. */
  variables: Array<Record<string, unknown>>;
  /** Token of request i: tokens[i] (warm-up + measured, all distinct). */
  tokens: string[];
  warmup: number;
  total: number;
  concurrency: number;
  check: Check;
  deadlineMs: number;
  requestTimeoutMs: number;
}

export interface PhaseResult {
  seconds: number;
  latencies: number[];
  done: number;
  errors: number;
  errorSamples: Array<[string, number]>;
  timedOut: boolean;
}

export interface LoadResult extends PhaseResult {
  warmup: Pick<PhaseResult, 'errors' | 'errorSamples' | 'timedOut'>;
}

/** Parent → load child. */
export type LoadRequest = { type: 'run'; spec: LoadSpec };
/** Load child → parent: `measuring` once the warm-up is over, then `result` or `fatal`. */
export type LoadReply =
  | { type: 'measuring' }
  | { type: 'result'; result: LoadResult }
  | { type: 'fatal'; message: string };

export interface LoadGenerator {
  child: Child;
  /** Runs one load; `onMeasuring` is called when its warm-up is over. */
  run(spec: LoadSpec, onMeasuring?: () => void): Promise<LoadResult>;
}

export async function startLoadGenerator(nodeArgs: string[] = []): Promise<LoadGenerator> {
  const { child } = await startChild<{ type: 'ready' }>('load generator', './load.entry.ts', {}, nodeArgs);
  let busy = false;
  return {
    child,
    run(spec, onMeasuring = () => {}) {
      if (busy) return Promise.reject(new Error('the load generator runs one load at a time'));
      busy = true;
      const proc = child.process;
      return new Promise<LoadResult>((resolve, reject) => {
        const finish = (fn: () => void) => {
          busy = false;
          clearTimeout(guard);
          proc.off('message', onMessage);
          proc.off('exit', onExit);
          fn();
        };
        const guard = setTimeout(
          () => finish(() => reject(new Error(`load generator did not finish within ${spec.deadlineMs + 30_000} ms`))),
          spec.deadlineMs + 30_000,
        );
        const onMessage = (reply: LoadReply) => {
          if (reply.type === 'measuring') onMeasuring();
          else if (reply.type === 'result') finish(() => resolve(reply.result));
          else if (reply.type === 'fatal') finish(() => reject(new Error(reply.message)));
        };
        const onExit = (code: number | null, signal: string | null) =>
          finish(() => reject(new Error(`load generator exited (${signal ?? code})`)));
        proc.on('message', onMessage);
        proc.once('exit', onExit);
        proc.send({ type: 'run', spec } satisfies LoadRequest);
      });
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
