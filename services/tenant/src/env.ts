import { authEnvSchema } from '@msp/auth';
import { dbEnvSchema, parseEnv } from '@msp/db';
import { z } from 'zod';

/**
 * The tenant subgraph's settings. Defaults are the development machine's, so `npm start` on a
 * fresh checkout needs no configuration.
 */
export const tenantEnvSchema = z
  .object({
    /** 4001 is the tenant slot of the fixed development ports (subgraphs use 4001-4005). */
    TENANT_PORT: z.coerce.number().int().min(0).max(65_535).default(4001),
    /** All interfaces: the gateway may run in another container. */
    TENANT_HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: dbEnvSchema.shape.DATABASE_URL,
    /** The start gate enqueues admitted runs here and publishes their QUEUED event. */
    REDIS_URL: z.string().url().default('redis://localhost:6379'),
    /** Where links in messages point (`${PUBLIC_APP_URL}/monitoring/operations/<runId>`). */
    PUBLIC_APP_URL: z
      .string()
      .url()
      .default('http://localhost:3000')
      .transform((u) => u.replace(/\/+$/, '')),
    /** Pool size per process: the HTTP concurrency one replica is expected to serve. */
    TENANT_DB_POOL: z.coerce.number().int().min(1).max(100).default(10),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .extend(authEnvSchema.shape);

export type TenantEnv = z.infer<typeof tenantEnvSchema>;

/** Reads and validates the environment; throws a readable message listing every bad variable. */
export function loadTenantEnv(env: NodeJS.ProcessEnv = process.env): TenantEnv {
  return parseEnv(tenantEnvSchema, env);
}
