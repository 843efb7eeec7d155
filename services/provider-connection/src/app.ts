/**
 * Wires the provider-connection subgraph from options (never from `process.env`): used by `server.ts` and by
 * the tests (real server on port 0).
 */
import type { SecretBox } from '@msp/db';
import type { GraphCloud } from '@msp/microsoft-graph';
import {
  type ActionHostOptions,
  gateFor,
  hostServerOptions,
  type SubgraphServer,
  startSubgraphServer,
} from '@msp/subgraph-kit';
import { createConnectionContext } from './context';
import { schema } from './schema/index';

export interface ProviderConnectionSubgraphOptions extends ActionHostOptions {
  /** Encrypts client secrets (`createSecretBox(SECRET_ENCRYPTION_KEY)`). */
  secretBox: SecretBox;
  /**
   * The national cloud the platform's connections live in (GRAPH_CLOUD): where the admin-consent
   * links point.
   * @defaultValue 'global'
   */
  graphCloud?: GraphCloud;
}

export async function startProviderConnectionSubgraph(
  options: ProviderConnectionSubgraphOptions,
): Promise<SubgraphServer> {
  const { db, links } = options;
  const gate = gateFor(options);
  return startSubgraphServer({
    name: 'provider-connection',
    schema,
    ...hostServerOptions(options),
    contextFactory: ({ actor, authorization }) =>
      createConnectionContext({
        actor,
        authorization,
        db: db.db,
        links,
        gate,
        secretBox: options.secretBox,
        graphCloud: options.graphCloud ?? 'global',
      }),
  });
}
