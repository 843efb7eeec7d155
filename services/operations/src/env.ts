import { type Environment, host, integer, poolSize, port, readSettings } from '@msp/settings';
import { subgraphSettings } from '@msp/subgraph-kit';
import { z } from 'zod';

/**
 * The operations subgraph's settings: the ones every subgraph shares (subgraph-kit) plus its own.
 * Defaults are the development machine's, so `npm start` on a fresh checkout needs none.
 */
export const operationsEnvSchema = z.object({
  ...subgraphSettings,
  /** 4005 is the operations slot of the fixed development ports (subgraphs use 4001-4005). */
  OPERATIONS_PORT: port(4005),
  /** Loopback: a subgraph answers the gateway only (`0.0.0.0` where the gateway runs elsewhere). */
  OPERATIONS_HOST: host('127.0.0.1'),
  OPERATIONS_DB_POOL: poolSize(10),
  /** How often live run subscriptions re-check their callers' membership (ms). */
  SUBSCRIPTION_RECHECK_MS: integer(100, 600_000, 5000),
  /**
   * The shortest interval of a schedule, and the shortest gap between two firings of its cron
   * expression (seconds). Five minutes: every firing is a start through the gate and a row of
   * history, and nothing an MSP schedules needs to run more often. Tests lower it to fire every
   * second or two.
   */
  SCHEDULE_MIN_INTERVAL_SECONDS: integer(1, 86_400, 300),
});

export type OperationsEnv = z.output<typeof operationsEnvSchema>;

/** Reads and validates the environment; throws one line naming every bad variable. */
export function loadOperationsEnv(env?: Environment): OperationsEnv {
  return readSettings(operationsEnvSchema, { what: 'the operations subgraph', env });
}
