import { parseEnv } from '@msp/db';
import { hostSetting, poolSetting, portSetting, subgraphEnvSchema } from '@msp/subgraph-kit';
import { z } from 'zod';

/**
 * The operations subgraph's settings: the ones every subgraph shares (subgraph-kit) plus its own.
 * Defaults are the development machine's, so `npm start` on a fresh checkout needs none.
 */
export const operationsEnvSchema = subgraphEnvSchema.extend({
  /** 4005 is the operations slot of the fixed development ports (subgraphs use 4001-4005). */
  OPERATIONS_PORT: portSetting(4005),
  OPERATIONS_HOST: hostSetting(),
  OPERATIONS_DB_POOL: poolSetting(10),
  /** How often live run subscriptions re-check their callers' membership (ms). */
  SUBSCRIPTION_RECHECK_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
});

export type OperationsEnv = z.infer<typeof operationsEnvSchema>;

/** Reads and validates the environment; throws a readable message listing every bad variable. */
export function loadOperationsEnv(env: NodeJS.ProcessEnv = process.env): OperationsEnv {
  return parseEnv(operationsEnvSchema, env);
}
