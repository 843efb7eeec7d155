/**
 * One way for a long-running process (a subgraph, the worker, the gateway, the Graph simulator, a
 * benchmark child) to stop: on SIGINT or SIGTERM it closes what it opened, once, then exits.
 */

/** What the shutdown logs through: a pino logger, or `console` for a script. */
export interface ShutdownLogger {
  info(details: object, message: string): void;
  warn(message: string): void;
  error(details: object, message: string): void;
}

export interface StopOnSignalsOptions {
  logger: ShutdownLogger;
  /**
   * How long `close` may take before the process exits with 1 anyway. Unset: as long as it takes
   * (a supervisor's SIGKILL is the limit).
   */
  graceMs?: number;
  /** Logged when `graceMs` runs out: what happens to the work left running. */
  graceExceeded?: string;
}

/**
 * Runs `close` once on SIGINT or SIGTERM (a repeated signal while stopping changes nothing), then
 * exits: 0 when it resolved, 1 when it failed or outran `graceMs`. Returns the same stop, for
 * other triggers (an IPC message, the parent going away).
 */
export function stopOnSignals(close: () => Promise<unknown>, options: StopOnSignalsOptions): (reason: string) => void {
  const { logger } = options;
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping');
    if (options.graceMs !== undefined) {
      setTimeout(() => {
        logger.warn(options.graceExceeded ?? `not closed after ${options.graceMs} ms; exiting anyway`);
        process.exit(1);
      }, options.graceMs).unref();
    }
    close().then(
      () => {
        logger.info({ reason }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));
  return stop;
}
