import { dbEnvSchema, parseEnv } from '@msp/db';
import { type GraphCloud, graphConfigFromEnv } from '@msp/microsoft-graph';
import { hostSetting, poolSetting, portSetting, subgraphEnvSchema } from '@msp/subgraph-kit';
import type { z } from 'zod';

/**
 * The provider-connection subgraph's settings: the ones every subgraph shares (subgraph-kit) plus its own.
 * Defaults are the development machine's, so `npm start` on a fresh checkout needs none.
 */
export const providerConnectionEnvSchema = subgraphEnvSchema.extend({
  /** 4002 is the provider-connection slot of the fixed development ports (subgraphs use 4001-4005). */
  PROVIDER_CONNECTION_PORT: portSetting(4002),
  PROVIDER_CONNECTION_HOST: hostSetting(),
  PROVIDER_CONNECTION_DB_POOL: poolSetting(10),
  /** Encrypts (and, for the gate's checks, never decrypts) client secrets at rest. */
  SECRET_ENCRYPTION_KEY: dbEnvSchema.shape.SECRET_ENCRYPTION_KEY,
});

/** Plus the national cloud (`GRAPH_CLOUD`, as the worker reads it): where admin-consent links point. */
export type ProviderConnectionEnv = z.infer<typeof providerConnectionEnvSchema> & { graphCloud: GraphCloud };

/** Reads and validates the environment; throws a readable message listing every bad variable. */
export function loadProviderConnectionEnv(env: NodeJS.ProcessEnv = process.env): ProviderConnectionEnv {
  return { ...parseEnv(providerConnectionEnvSchema, env), graphCloud: graphConfigFromEnv(env).cloud ?? 'global' };
}
