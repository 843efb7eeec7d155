import type { GraphCloud } from '@msp/microsoft-graph';
import { type Environment, encryptionSettings, host, poolSize, port, readSettings } from '@msp/settings';
import { subgraphSettings } from '@msp/subgraph-kit';
import { z } from 'zod';

/**
 * The provider-connection subgraph's settings: the ones every subgraph shares (subgraph-kit) plus its own.
 * Defaults are the development machine's, so `npm start` on a fresh checkout needs none.
 */
export const providerConnectionEnvSchema = z.object({
  ...subgraphSettings,
  /** 4002 is the provider-connection slot of the fixed development ports (subgraphs use 4001-4005). */
  PROVIDER_CONNECTION_PORT: port(4002),
  /** Loopback: a subgraph answers the gateway only (`0.0.0.0` where the gateway runs elsewhere). */
  PROVIDER_CONNECTION_HOST: host('127.0.0.1'),
  PROVIDER_CONNECTION_DB_POOL: poolSize(10),
  /** Encrypts (and, for the gate's checks, never decrypts) client secrets at rest. */
  ...encryptionSettings,
  // GRAPH_CLOUD (where admin-consent links point) is one of the shared subgraph settings.
});

export type ProviderConnectionEnv = z.output<typeof providerConnectionEnvSchema> & { graphCloud: GraphCloud };

/** Reads and validates the environment; throws one line naming every bad variable. */
export function loadProviderConnectionEnv(env?: Environment): ProviderConnectionEnv {
  const settings = readSettings(providerConnectionEnvSchema, { what: 'the provider-connection subgraph', env });
  return { ...settings, graphCloud: settings.GRAPH_CLOUD };
}
