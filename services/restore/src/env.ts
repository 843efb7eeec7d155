import { dbEnvSchema, parseEnv } from '@msp/db';
import { type GraphClientOptions, graphConfigFromEnv } from '@msp/microsoft-graph';
import { hostSetting, poolSetting, portSetting, subgraphEnvSchema } from '@msp/subgraph-kit';
import { z } from 'zod';

/**
 * The restore subgraph's settings: the ones every subgraph shares (subgraph-kit) plus its own.
 * The Graph adapter is configured by the same `GRAPH_*` variables as the worker
 * (services/microsoft-graph/README.md): the preview reads through it.
 */
export const restoreEnvSchema = subgraphEnvSchema.extend({
  /** 4003 is the restore slot of the fixed development ports (subgraphs use 4001-4005). */
  RESTORE_PORT: portSetting(4003),
  RESTORE_HOST: hostSetting(),
  /** Restore traffic is low (operator clicks); a small pool is plenty. */
  RESTORE_DB_POOL: poolSetting(5),
  /** Decrypts the provider connection's client secret for the preview's Graph read. */
  SECRET_ENCRYPTION_KEY: dbEnvSchema.shape.SECRET_ENCRYPTION_KEY,
  /**
   * How long a preview waits for Graph. 20 s: listing a few hundred policies and reading the
   * matched ones takes a few seconds; longer than this and the operator is better told to retry.
   */
  RESTORE_PREVIEW_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
});

export type RestoreEnv = z.infer<typeof restoreEnvSchema> & { graph: GraphClientOptions };

/** Reads and validates the environment; throws a readable message listing every bad variable. */
export function loadRestoreEnv(env: NodeJS.ProcessEnv = process.env): RestoreEnv {
  return { ...parseEnv(restoreEnvSchema, env), graph: graphConfigFromEnv(env) };
}
