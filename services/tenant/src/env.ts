import { parseEnv } from '@msp/db';
import { hostSetting, poolSetting, portSetting, subgraphEnvSchema } from '@msp/subgraph-kit';
import type { z } from 'zod';

/**
 * The tenant subgraph's settings: the ones every subgraph shares (subgraph-kit) plus its own.
 * Defaults are the development machine's, so `npm start` on a fresh checkout needs none.
 */
export const tenantEnvSchema = subgraphEnvSchema.extend({
  /** 4001 is the tenant slot of the fixed development ports (subgraphs use 4001-4005). */
  TENANT_PORT: portSetting(4001),
  TENANT_HOST: hostSetting(),
  TENANT_DB_POOL: poolSetting(10),
});

export type TenantEnv = z.infer<typeof tenantEnvSchema>;

/** Reads and validates the environment; throws a readable message listing every bad variable. */
export function loadTenantEnv(env: NodeJS.ProcessEnv = process.env): TenantEnv {
  return parseEnv(tenantEnvSchema, env);
}
