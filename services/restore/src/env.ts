import { type GraphClientOptions, graphEndpointsTogether, graphOptions, graphSettings } from '@msp/microsoft-graph';
import { type Environment, encryptionSettings, host, integer, poolSize, port, readSettings } from '@msp/settings';
import { subgraphSettings } from '@msp/subgraph-kit';
import { z } from 'zod';

/**
 * The restore subgraph's settings: the ones every subgraph shares (subgraph-kit) plus its own.
 * The Graph adapter is configured by the same `GRAPH_*` variables as the worker
 * (services/microsoft-graph/README.md): the preview reads through it.
 */
export const restoreEnvSchema = z
  .object({
    ...subgraphSettings,
    /** 4003 is the restore slot of the fixed development ports (subgraphs use 4001-4005). */
    RESTORE_PORT: port(4003),
    /** Loopback: a subgraph answers the gateway only (`0.0.0.0` where the gateway runs elsewhere). */
    RESTORE_HOST: host('127.0.0.1'),
    /** Restore traffic is low (operator clicks); a small pool is plenty. */
    RESTORE_DB_POOL: poolSize(5),
    /** Decrypts the provider connection's client secret for the preview's Graph read. */
    ...encryptionSettings,
    /**
     * How long a preview waits for Graph. 20 s: listing a few hundred policies and reading the
     * matched ones takes a few seconds; longer than this and the operator is better told to retry.
     */
    RESTORE_PREVIEW_TIMEOUT_MS: integer(1000, 120_000, 20_000),
    ...graphSettings,
  })
  .superRefine(graphEndpointsTogether);

export type RestoreEnv = z.output<typeof restoreEnvSchema> & { graph: GraphClientOptions };

/** Reads and validates the environment; throws one line naming every bad variable. */
export function loadRestoreEnv(env?: Environment): RestoreEnv {
  const settings = readSettings(restoreEnvSchema, { what: 'the restore subgraph', env });
  return { ...settings, graph: graphOptions(settings) };
}
