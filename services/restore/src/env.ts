import { authEnvSchema } from '@msp/auth';
import { dbEnvSchema, parseEnv } from '@msp/db';
import { type GraphClientOptions, graphConfigFromEnv } from '@msp/microsoft-graph';
import { z } from 'zod';

/**
 * The restore subgraph's settings. Defaults are the development machine's, so `npm start` on a
 * fresh checkout needs no configuration. The Graph adapter is configured by the same `GRAPH_*`
 * variables as the worker (services/microsoft-graph/README.md): the preview reads through it.
 */
export const restoreEnvSchema = z
  .object({
    /** 4003 is the restore slot of the fixed development ports (subgraphs use 4001-4005). */
    RESTORE_PORT: z.coerce.number().int().min(0).max(65_535).default(4003),
    /** All interfaces: the gateway may run in another container. */
    RESTORE_HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: dbEnvSchema.shape.DATABASE_URL,
    /** Decrypts the provider connection's client secret for the preview's Graph read. */
    SECRET_ENCRYPTION_KEY: dbEnvSchema.shape.SECRET_ENCRYPTION_KEY,
    REDIS_URL: z.string().url().default('redis://localhost:6379'),
    /** Must match the worker's, or admitted runs land in a queue nobody reads. */
    BULLMQ_PREFIX: z.string().min(1).default('bull'),
    /** Where links in messages point (`${PUBLIC_APP_URL}/monitoring/operations/<runId>`). */
    PUBLIC_APP_URL: z
      .string()
      .url()
      .default('http://localhost:3000')
      .transform((u) => u.replace(/\/+$/, '')),
    /**
     * How long a preview waits for Graph. 20 s: listing a few hundred policies and reading the
     * matched ones takes a few seconds; longer than this and the operator is better told to retry.
     */
    RESTORE_PREVIEW_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
    /** Restore traffic is low (operator clicks); a small pool is plenty. */
    RESTORE_DB_POOL: z.coerce.number().int().min(1).max(100).default(5),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .extend(authEnvSchema.shape);

export type RestoreEnv = z.infer<typeof restoreEnvSchema> & { graph: GraphClientOptions };

/** Reads and validates the environment; throws a readable message listing every bad variable. */
export function loadRestoreEnv(env: NodeJS.ProcessEnv = process.env): RestoreEnv {
  return { ...parseEnv(restoreEnvSchema, env), graph: graphConfigFromEnv(env) };
}
