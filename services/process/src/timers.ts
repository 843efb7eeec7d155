/**
 * Timing helpers every long-running process uses: a bounded wait, and a periodic pass that never
 * overlaps itself. The dispatcher, the reaper, the gate's Redis calls after commit, the tenant's
 * access-change publish and the subgraph kit's readiness checks share them instead of each
 * writing its own timer.
 */

/**
 * `promise`, or a rejection `timed out after <ms> ms` once `ms` passed, whichever comes first.
 * The timer is cleared either way; the promise itself is not cancelled (what it does goes on,
 * its answer is ignored).
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A pass run every so often: `start` arms it, `stop` disarms it and waits for a pass under way. */
export interface Periodic {
  start(): void;
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs` once started. A pass still running when the next is due is not
 * doubled (that turn is skipped); a failed pass goes to `onError` and the next turn runs as
 * usual. The timer never keeps the process alive.
 */
export function every(intervalMs: number, pass: () => Promise<unknown>, onError: (error: unknown) => void): Periodic {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  return {
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = pass()
          .then(
            () => undefined,
            (error: unknown) => onError(error),
          )
          .finally(() => {
            running = null;
          });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
